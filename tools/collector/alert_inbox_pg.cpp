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

const char* const kAlertInboxPgSchema = R"sql(
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


class PgAlertInbox final : public AlertInbox {
public:
    explicit PgAlertInbox(const std::string& conninfo) : pool_(conninfo, 2) {}

    bool handling(std::vector<AlertHandling>* out, std::string* error) override {
        Lease conn(pool_, error);
        if (!conn) return false;
        Result r = pg::exec_params(conn.get(), "SELECT response_id, assignee, note, updated_by, handled_ms, updated_ms FROM alert_handling", {});
        if (!pg::ok(r, conn.get(), error)) return false;
        for (int i = 0; i < PQntuples(r.get()); ++i)
            out->push_back({pg::value(r, i, 0), pg::value(r, i, 1), pg::value(r, i, 2), pg::value(r, i, 3), pg::int_value(r, i, 4), pg::int_value(r, i, 5)});
        return true;
    }

    bool set_handling(const AlertHandling& h, std::string* error) override {
        Lease conn(pool_, error);
        if (!conn) return false;
        Result r = pg::exec_params(conn.get(),
                         "INSERT INTO alert_handling(response_id, assignee, note, updated_by, handled_ms, updated_ms) VALUES($1,$2,$3,$4,$5,$6) "
                         "ON CONFLICT(response_id) DO UPDATE SET assignee=$2, note=$3, updated_by=$4, handled_ms=$5, updated_ms=$6",
                         {h.response_id, h.assignee, h.note, h.updated_by, std::to_string(h.handled_ms), std::to_string(h.updated_ms)});
        return pg::ok(r, conn.get(), error);
    }

    bool deliveries(std::vector<AlertDelivery>* out, std::string* error) override {
        Lease conn(pool_, error);
        if (!conn) return false;
        Result r = pg::exec_params(conn.get(),
                         "SELECT response_id, 0, attempts, next_at_ms, 0, COALESCE(last_error,'') FROM alert_outbox "
                         "UNION ALL SELECT response_id, 1, attempts, 0, delivered_ms, '' FROM alert_delivered",
                         {});
        if (!pg::ok(r, conn.get(), error)) return false;
        for (int i = 0; i < PQntuples(r.get()); ++i)
            out->push_back({pg::value(r, i, 0), pg::int_value(r, i, 1) != 0, static_cast<int>(pg::int_value(r, i, 2)),
                            pg::int_value(r, i, 3), pg::int_value(r, i, 4), pg::value(r, i, 5)});
        return true;
    }

    bool record_delivered(const std::string& response_id, int attempts, std::int64_t now_ms, std::string* error) override {
        Lease conn(pool_, error);
        if (!conn) return false;
        Result r = pg::exec_params(conn.get(),
                         "INSERT INTO alert_delivered(response_id, attempts, delivered_ms) VALUES($1,$2,$3) "
                         "ON CONFLICT(response_id) DO UPDATE SET attempts=$2, delivered_ms=$3",
                         {response_id, std::to_string(attempts), std::to_string(now_ms)});
        return pg::ok(r, conn.get(), error);
    }

private:
    pg::Pool pool_;
};

}  // namespace

std::unique_ptr<AlertInbox> open_pg_alert_inbox(const std::string& conninfo, std::string* error) {
    if (!pg::create_tables(conninfo, kAlertInboxPgSchema, "alert inbox", error)) return nullptr;
    return std::make_unique<PgAlertInbox>(conninfo);
}

std::unique_ptr<AlertInbox> open_alert_inbox(const std::string& db, std::string* error) {
    return is_postgres_conninfo(db) ? open_pg_alert_inbox(db, error) : open_sqlite_alert_inbox(db, error);
}

}  // namespace touchpoint::collector
