// Records (surveys, maps) and Studio sessions in the collectors' shared PostgreSQL database (see
// records.hpp). Collectors sharing the database may save the same document at the same moment: a
// save takes a transaction-scoped advisory lock on the kind and id, so version numbers stay
// 1, 2, 3... with no gap or duplicate, whichever collector saves.
#include <cstdlib>

#include "collector/pg_conn.hpp"
#include "collector/storage.hpp"
#include "collector/records.hpp"

namespace touchpoint::collector {
namespace {

using pg::Lease;
using pg::Result;

const char* const kRecordsPgSchema = R"sql(
SELECT pg_advisory_xact_lock(7425110107);
CREATE TABLE IF NOT EXISTS {head}(
  id        text PRIMARY KEY,
  latest    bigint NOT NULL,
  published bigint NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS {versions}(
  {key}       text NOT NULL,
  number       bigint NOT NULL,
  hash         text NOT NULL,
  author       text NOT NULL,
  created_ms   bigint NOT NULL,
  published_ms bigint NOT NULL DEFAULT 0,
  body         text NOT NULL,
  PRIMARY KEY({key}, number)
);
CREATE TABLE IF NOT EXISTS alert_keys(
  key       text PRIMARY KEY,
  queued_ms bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS studio_sessions(
  id_hash    text PRIMARY KEY,
  csrf       text NOT NULL,
  author     text NOT NULL,
  expires_ms bigint NOT NULL
);
)sql";


class PgRecords final : public Records {
public:
    PgRecords(const std::string& conninfo, RecordKind kind) : pool_(conninfo, 4), kind_(kind) {}

    bool save(RecordVersion& v, bool publish, bool* created, std::string* error) override {
        *created = false;
        Lease conn(pool_, error);
        if (!conn) return false;
        if (!run(conn.get(), "BEGIN", {}, error)) return false;
        const bool ok = save_in_transaction(conn.get(), v, publish, created, error);
        if (!ok) {
            run(conn.get(), "ROLLBACK", {}, nullptr);
            *created = false;
            return false;
        }
        return run(conn.get(), "COMMIT", {}, error);
    }

    bool publish(const std::string& id, std::int64_t number, std::int64_t now_ms, bool* found, std::string* error) override {
        *found = false;
        Lease conn(pool_, error);
        if (!conn) return false;
        // One statement: the version is marked and the survey's head moved together, or neither.
        Result r = query(conn.get(),
                         "WITH v AS (UPDATE {versions} SET published_ms=$3 WHERE {key}=$1 AND number=$2 RETURNING number) "
                         "UPDATE {head} SET published=(SELECT number FROM v) WHERE id=$1 AND EXISTS (SELECT 1 FROM v) RETURNING published",
                         {id, std::to_string(number), std::to_string(now_ms)});
        if (!pg::ok(r, conn.get(), error)) return false;
        *found = PQntuples(r.get()) == 1;
        return true;
    }

    bool list(std::vector<RecordSummary>* out, std::string* error) override {
        Lease conn(pool_, error);
        if (!conn) return false;
        Result r = query(conn.get(),
                         "SELECT s.id, s.latest, s.published, l.hash, COALESCE(p.hash,''), l.author, l.created_ms FROM {head} s "
                         "JOIN {versions} l ON l.{key}=s.id AND l.number=s.latest "
                         "LEFT JOIN {versions} p ON p.{key}=s.id AND p.number=s.published ORDER BY s.id",
                         {});
        if (!pg::ok(r, conn.get(), error)) return false;
        for (int i = 0; i < PQntuples(r.get()); ++i) {
            out->push_back({pg::value(r, i, 0), pg::int_value(r, i, 1), pg::int_value(r, i, 2), pg::value(r, i, 3), pg::value(r, i, 4),
                            pg::value(r, i, 5), pg::int_value(r, i, 6)});
        }
        return true;
    }

    bool history(const std::string& id, std::vector<RecordVersion>* out, std::string* error) override {
        Lease conn(pool_, error);
        if (!conn) return false;
        Result r = query(conn.get(), "SELECT number, hash, author, created_ms, published_ms FROM {versions} WHERE {key}=$1 ORDER BY number DESC",
                         {id});
        if (!pg::ok(r, conn.get(), error)) return false;
        for (int i = 0; i < PQntuples(r.get()); ++i) {
            out->push_back({id, pg::int_value(r, i, 0), pg::value(r, i, 1), pg::value(r, i, 2), pg::int_value(r, i, 3),
                            pg::int_value(r, i, 4), ""});
        }
        return true;
    }

    bool get(const std::string& id, std::int64_t number, RecordVersion* out, bool* found, std::string* error) override {
        *found = false;
        Lease conn(pool_, error);
        if (!conn) return false;
        Result r = number > 0 ? query(conn.get(), "SELECT number, hash, author, created_ms, published_ms, body FROM {versions} WHERE {key}=$1 AND number=$2",
                                      {id, std::to_string(number)})
                              : query(conn.get(), "SELECT v.number, v.hash, v.author, v.created_ms, v.published_ms, v.body FROM {head} s "
                                                  "JOIN {versions} v ON v.{key}=s.id AND v.number=s.published WHERE s.id=$1",
                                      {id});
        if (!pg::ok(r, conn.get(), error)) return false;
        if (PQntuples(r.get()) == 1) {
            *out = {id, pg::int_value(r, 0, 0), pg::value(r, 0, 1), pg::value(r, 0, 2), pg::int_value(r, 0, 3),
                    pg::int_value(r, 0, 4), pg::value(r, 0, 5)};
            *found = true;
        }
        return true;
    }

    bool published_number(const std::string& id, std::int64_t* number, std::string* error) override {
        *number = 0;
        Lease conn(pool_, error);
        if (!conn) return false;
        Result r = query(conn.get(), "SELECT published FROM {head} WHERE id=$1", {id});
        if (!pg::ok(r, conn.get(), error)) return false;
        if (PQntuples(r.get()) == 1) *number = pg::int_value(r, 0, 0);
        return true;
    }

    bool put_session(const StudioSession& s, std::string* error) override {
        Lease conn(pool_, error);
        if (!conn) return false;
        return run(conn.get(),
                   "INSERT INTO studio_sessions(id_hash, csrf, author, expires_ms) VALUES($1,$2,$3,$4) "
                   "ON CONFLICT(id_hash) DO UPDATE SET csrf=$2, author=$3, expires_ms=$4",
                   {s.id_hash, s.csrf, s.author, std::to_string(s.expires_ms)}, error);
    }

    bool get_session(const std::string& id_hash, std::int64_t now_ms, StudioSession* out, bool* found, std::string* error) override {
        *found = false;
        Lease conn(pool_, error);
        if (!conn) return false;
        if (!run(conn.get(), "DELETE FROM studio_sessions WHERE expires_ms<=$1", {std::to_string(now_ms)}, error)) return false;
        Result r = query(conn.get(), "SELECT csrf, author, expires_ms FROM studio_sessions WHERE id_hash=$1", {id_hash});
        if (!pg::ok(r, conn.get(), error)) return false;
        if (PQntuples(r.get()) == 1) {
            *out = {id_hash, pg::value(r, 0, 0), pg::value(r, 0, 1), pg::int_value(r, 0, 2)};
            *found = true;
        }
        return true;
    }

    bool delete_session(const std::string& id_hash, std::string* error) override {
        Lease conn(pool_, error);
        if (!conn) return false;
        return run(conn.get(), "DELETE FROM studio_sessions WHERE id_hash=$1", {id_hash}, error);
    }

    bool queue_alert_once(const std::string& key, const std::string& body, bool* queued, std::string* error) override {
        *queued = false;
        Lease conn(pool_, error);
        if (!conn) return false;
        // One statement: the key is claimed and the alert queued together, or neither.
        Result r = query(conn.get(),
                         "WITH k AS (INSERT INTO alert_keys(key, queued_ms) VALUES($1, (extract(epoch FROM now())*1000)::bigint) "
                         "ON CONFLICT(key) DO NOTHING RETURNING key) "
                         "INSERT INTO alert_outbox(response_id, body, next_at_ms) SELECT key, $2, 0 FROM k RETURNING id",
                         {key, body});
        if (!pg::ok(r, conn.get(), error)) return false;
        *queued = PQntuples(r.get()) == 1;
        return true;
    }

private:

    // Runs the statement with the kind's table names.
    Result query(PGconn* conn, const char* sql_template, const std::vector<std::string>& params) const {
        return pg::exec_params(conn, record_sql(kind_, sql_template).c_str(), params);
    }

    bool run(PGconn* conn, const char* sql, const std::vector<std::string>& params, std::string* error) {
        Result r = query(conn, sql, params);
        return pg::ok(r, conn, error);
    }

    bool save_in_transaction(PGconn* conn, RecordVersion& ver, bool publish, bool* created, std::string* error) {
        if (!run(conn, "SELECT pg_advisory_xact_lock(hashtext('touchpoint {key} ' || $1))", {ver.id}, error)) return false;
        Result latest = query(conn, "SELECT s.latest, v.hash FROM {head} s JOIN {versions} v ON v.{key}=s.id AND v.number=s.latest WHERE s.id=$1",
                              {ver.id});
        if (!pg::ok(latest, conn, error)) return false;
        std::int64_t number = 0;
        if (PQntuples(latest.get()) == 1) {
            number = pg::int_value(latest, 0, 0);
            if (pg::value(latest, 0, 1) == ver.hash) {  // unchanged: no new version
                ver.number = number;
                if (!publish) return true;
                return run(conn, "UPDATE {versions} SET published_ms=$3 WHERE {key}=$1 AND number=$2",
                           {ver.id, std::to_string(number), std::to_string(ver.created_ms)}, error) &&
                       run(conn, "UPDATE {head} SET published=$2 WHERE id=$1", {ver.id, std::to_string(number)}, error);
            }
        }
        ver.number = number + 1;
        ver.published_ms = publish ? ver.created_ms : 0;
        if (!run(conn, "INSERT INTO {versions}({key}, number, hash, author, created_ms, published_ms, body) VALUES($1,$2,$3,$4,$5,$6,$7)",
                 {ver.id, std::to_string(ver.number), ver.hash, ver.author, std::to_string(ver.created_ms), std::to_string(ver.published_ms), ver.body},
                 error)) {
            return false;
        }
        if (!run(conn,
                 "INSERT INTO {head}(id, latest, published) VALUES($1, $2, $3) "
                 "ON CONFLICT(id) DO UPDATE SET latest=$2, published=CASE WHEN $3::bigint>0 THEN $3::bigint ELSE {head}.published END",
                 {ver.id, std::to_string(ver.number), std::to_string(publish ? ver.number : 0)}, error)) {
            return false;
        }
        *created = true;
        return true;
    }

    pg::Pool pool_;
    RecordKind kind_;
};

}  // namespace

std::unique_ptr<Records> open_pg_records(const std::string& conninfo, RecordKind kind, std::string* error) {
    if (!pg::create_tables(conninfo, record_sql(kind, kRecordsPgSchema), record_sql(kind, "{key}"), error)) return nullptr;
    return std::make_unique<PgRecords>(conninfo, kind);
}


}  // namespace touchpoint::collector
