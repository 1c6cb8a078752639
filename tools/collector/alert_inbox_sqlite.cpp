// The alert inbox's state in the collector's SQLite file (see alert_inbox.hpp): one connection of
// its own, serialized by a mutex (a few requests a minute); the outbox table is the responses
// store's (sqlite_store.cpp, opened first), read here for the delivery status.
#include <mutex>

#include "collector/alert_inbox.hpp"
#include "collector/sqlite_conn.hpp"

namespace touchpoint::collector {
namespace {

using sqlite::exec;
using sqlite::Statement;

const char* const kAlertInboxSqliteSchema = R"sql(
CREATE TABLE IF NOT EXISTS alert_handling(
  response_id TEXT PRIMARY KEY,
  assignee    TEXT NOT NULL DEFAULT '',
  note        TEXT NOT NULL DEFAULT '',
  updated_by  TEXT NOT NULL DEFAULT '',
  handled_ms  INTEGER NOT NULL DEFAULT 0,
  updated_ms  INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS alert_delivered(
  response_id  TEXT PRIMARY KEY,
  attempts     INTEGER NOT NULL,
  delivered_ms INTEGER NOT NULL
);
)sql";

class SqliteAlertInbox final : public AlertInbox {
public:
    explicit SqliteAlertInbox(sqlite3* db) : db_(db) {}
    ~SqliteAlertInbox() override { sqlite3_close(db_); }

    bool handling(std::vector<AlertHandling>* out, std::string* error) override {
        std::lock_guard<std::mutex> lock(mu_);
        Statement st(db_, "SELECT response_id, assignee, note, updated_by, handled_ms, updated_ms FROM alert_handling");
        if (!st.ok()) return fail(error);
        int rc;
        while ((rc = st.step()) == SQLITE_ROW) out->push_back({st.text(0), st.text(1), st.text(2), st.text(3), st.int64(4), st.int64(5)});
        return rc == SQLITE_DONE || fail(error);
    }

    bool set_handling(const AlertHandling& h, std::string* error) override {
        std::lock_guard<std::mutex> lock(mu_);
        Statement st(db_, "INSERT OR REPLACE INTO alert_handling(response_id, assignee, note, updated_by, handled_ms, updated_ms) VALUES(?,?,?,?,?,?)");
        if (!st.ok()) return fail(error);
        st.bind(1, h.response_id);
        st.bind(2, h.assignee);
        st.bind(3, h.note);
        st.bind(4, h.updated_by);
        st.bind(5, h.handled_ms);
        st.bind(6, h.updated_ms);
        return st.step() == SQLITE_DONE || fail(error);
    }

    bool deliveries(std::vector<AlertDelivery>* out, std::string* error) override {
        std::lock_guard<std::mutex> lock(mu_);
        Statement st(db_, "SELECT response_id, 0, attempts, next_at_ms, 0, COALESCE(last_error,'') FROM alert_outbox "
                          "UNION ALL SELECT response_id, 1, attempts, 0, delivered_ms, '' FROM alert_delivered");
        if (!st.ok()) return fail(error);
        int rc;
        while ((rc = st.step()) == SQLITE_ROW)
            out->push_back({st.text(0), st.int64(1) != 0, static_cast<int>(st.int64(2)), st.int64(3), st.int64(4), st.text(5)});
        return rc == SQLITE_DONE || fail(error);
    }

    bool record_delivered(const std::string& response_id, int attempts, std::int64_t now_ms, std::string* error) override {
        std::lock_guard<std::mutex> lock(mu_);
        Statement st(db_, "INSERT OR REPLACE INTO alert_delivered(response_id, attempts, delivered_ms) VALUES(?,?,?)");
        if (!st.ok()) return fail(error);
        st.bind(1, response_id);
        st.bind(2, static_cast<std::int64_t>(attempts));
        st.bind(3, now_ms);
        return st.step() == SQLITE_DONE || fail(error);
    }

private:
    bool fail(std::string* error) {
        if (error) *error = sqlite3_errmsg(db_);
        return false;
    }
    sqlite3* db_;
    std::mutex mu_;
};

}  // namespace

std::unique_ptr<AlertInbox> open_sqlite_alert_inbox(const std::string& path, std::string* error) {
    sqlite3* db = sqlite::open_with_tables(path, kAlertInboxSqliteSchema, error);
    if (!db) return nullptr;
    return std::make_unique<SqliteAlertInbox>(db);
}

}  // namespace touchpoint::collector
