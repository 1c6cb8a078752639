// The alert inbox's state in PostgreSQL (see alert_inbox.hpp), shared by every collector on the
// database; the outbox table is the responses store's (pg_store.cpp, opened first).
#include <cstdlib>

#include "collector/alert_inbox.hpp"
#include "collector/pg_conn.hpp"
#include "collector/storage.hpp"

namespace touchpoint::collector {
namespace {

using pg::Lease;
using pg::Result;

const char* const kSchema = R"sql(
SELECT pg_advisory_xact_lock(7425110108);
CREATE TABLE IF NOT EXISTS alert_handling(
  response_id text PRIMARY KEY,
  assignee    text NOT NULL DEFAULT '',
  note        text NOT NULL DEFAULT '',
  updated_by  text NOT NULL DEFAULT '',
  handled_ms  bigint NOT NULL DEFAULT 0,
  updated_ms  bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS alert_delivered(
  response_id  text PRIMARY KEY,
  attempts     integer NOT NULL,
  delivered_ms bigint NOT NULL
);
)sql";

std::int64_t to_i64(const char* s) { return std::strtoll(s, nullptr, 10); }

class PgAlertInbox final : public AlertInbox {
public:
    explicit PgAlertInbox(const std::string& conninfo) : pool_(conninfo, 2) {}

    bool handling(std::vector<AlertHandling>* out, std::string* error) override {
        Lease conn(pool_, error);
        if (!conn) return false;
        Result r = query(conn.get(), "SELECT response_id, assignee, note, updated_by, handled_ms, updated_ms FROM alert_handling", {});
        if (!pg::ok(r, conn.get(), error)) return false;
        for (int i = 0; i < PQntuples(r.get()); ++i)
            out->push_back({v(r, i, 0), v(r, i, 1), v(r, i, 2), v(r, i, 3), to_i64(PQgetvalue(r.get(), i, 4)), to_i64(PQgetvalue(r.get(), i, 5))});
        return true;
    }

    bool set_handling(const AlertHandling& h, std::string* error) override {
        Lease conn(pool_, error);
        if (!conn) return false;
        Result r = query(conn.get(),
                         "INSERT INTO alert_handling(response_id, assignee, note, updated_by, handled_ms, updated_ms) VALUES($1,$2,$3,$4,$5,$6) "
                         "ON CONFLICT(response_id) DO UPDATE SET assignee=$2, note=$3, updated_by=$4, handled_ms=$5, updated_ms=$6",
                         {h.response_id, h.assignee, h.note, h.updated_by, std::to_string(h.handled_ms), std::to_string(h.updated_ms)});
        return pg::ok(r, conn.get(), error);
    }

    bool deliveries(std::vector<AlertDelivery>* out, std::string* error) override {
        Lease conn(pool_, error);
        if (!conn) return false;
        Result r = query(conn.get(),
                         "SELECT response_id, 0, attempts, next_at_ms, 0, COALESCE(last_error,'') FROM alert_outbox "
                         "UNION ALL SELECT response_id, 1, attempts, 0, delivered_ms, '' FROM alert_delivered",
                         {});
        if (!pg::ok(r, conn.get(), error)) return false;
        for (int i = 0; i < PQntuples(r.get()); ++i)
            out->push_back({v(r, i, 0), to_i64(PQgetvalue(r.get(), i, 1)) != 0, static_cast<int>(to_i64(PQgetvalue(r.get(), i, 2))),
                            to_i64(PQgetvalue(r.get(), i, 3)), to_i64(PQgetvalue(r.get(), i, 4)), v(r, i, 5)});
        return true;
    }

    bool record_delivered(const std::string& response_id, int attempts, std::int64_t now_ms, std::string* error) override {
        Lease conn(pool_, error);
        if (!conn) return false;
        Result r = query(conn.get(),
                         "INSERT INTO alert_delivered(response_id, attempts, delivered_ms) VALUES($1,$2,$3) "
                         "ON CONFLICT(response_id) DO UPDATE SET attempts=$2, delivered_ms=$3",
                         {response_id, std::to_string(attempts), std::to_string(now_ms)});
        return pg::ok(r, conn.get(), error);
    }

private:
    static std::string v(const Result& r, int row, int col) {
        return std::string(PQgetvalue(r.get(), row, col), static_cast<std::size_t>(PQgetlength(r.get(), row, col)));
    }
    static Result query(PGconn* conn, const char* sql, const std::vector<std::string>& params) {
        std::vector<const char*> values;
        for (const std::string& p : params) values.push_back(p.c_str());
        return Result(PQexecParams(conn, sql, static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0));
    }
    pg::Pool pool_;
};

}  // namespace

std::unique_ptr<AlertInbox> open_pg_alert_inbox(const std::string& conninfo, std::string* error) {
    pg::Pool probe(conninfo, 1);
    PGconn* conn = probe.connect(error);
    if (!conn) return nullptr;
    Result begin(PQexec(conn, "BEGIN"));
    Result schema(PQexec(conn, kSchema));
    bool created = pg::ok(begin, conn, error) && pg::ok(schema, conn, error);
    Result end(PQexec(conn, created ? "COMMIT" : "ROLLBACK"));
    created = created && pg::ok(end, conn, error);
    PQfinish(conn);
    if (!created) {
        *error = "cannot create the alert inbox tables: " + pg::scrub_password(conninfo, *error);
        return nullptr;
    }
    return std::make_unique<PgAlertInbox>(conninfo);
}

std::unique_ptr<AlertInbox> open_alert_inbox(const std::string& db, std::string* error) {
    return is_postgres_conninfo(db) ? open_pg_alert_inbox(db, error) : open_sqlite_alert_inbox(db, error);
}

}  // namespace touchpoint::collector
