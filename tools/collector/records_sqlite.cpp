// Records (surveys, maps) and Studio sessions in the collector's SQLite file (see records.hpp). One
// connection of their own, serialized by a mutex: Studio traffic is a few requests a minute, and
// the responses' writer keeps its own connection (WAL lets both work; the busy timeout covers the
// moments one waits for the other's write lock).
#include <mutex>

#include "collector/sqlite_conn.hpp"
#include "collector/records.hpp"

namespace touchpoint::collector {
namespace {

using sqlite::exec;
using sqlite::Statement;

const char* const kRecordsSqliteSchema = R"sql(
CREATE TABLE IF NOT EXISTS {head}(
  id        TEXT PRIMARY KEY,
  latest    INTEGER NOT NULL,
  published INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS {versions}(
  {key}       TEXT NOT NULL,
  number       INTEGER NOT NULL,
  hash         TEXT NOT NULL,
  author       TEXT NOT NULL,
  created_ms   INTEGER NOT NULL,
  published_ms INTEGER NOT NULL DEFAULT 0,
  body         TEXT NOT NULL,
  PRIMARY KEY({key}, number)
);
CREATE TABLE IF NOT EXISTS alert_keys(
  key       TEXT PRIMARY KEY,
  queued_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS studio_sessions(
  id_hash    TEXT PRIMARY KEY,
  csrf       TEXT NOT NULL,
  author     TEXT NOT NULL,
  expires_ms INTEGER NOT NULL
);
)sql";

class SqliteRecords final : public Records {
public:
    SqliteRecords(sqlite3* db, RecordKind kind) : db_(db), kind_(kind) {}
    ~SqliteRecords() override { sqlite3_close(db_); }

    bool save(RecordVersion& v, bool publish, bool* created, std::string* error) override {
        std::lock_guard<std::mutex> lock(mu_);
        *created = false;
        if (!exec(db_, "BEGIN IMMEDIATE", error)) return false;
        const bool ok = save_locked(v, publish, created);
        if (!ok) {
            if (error) *error = sqlite3_errmsg(db_);
            exec(db_, "ROLLBACK", nullptr);
            return false;
        }
        return exec(db_, "COMMIT", error) || (exec(db_, "ROLLBACK", nullptr), false);
    }

    bool publish(const std::string& id, std::int64_t number, std::int64_t now_ms, bool* found, std::string* error) override {
        std::lock_guard<std::mutex> lock(mu_);
        *found = false;
        if (!exec(db_, "BEGIN IMMEDIATE", error)) return false;
        Statement mark = prepare("UPDATE {versions} SET published_ms=? WHERE {key}=? AND number=?");
        Statement head = prepare("UPDATE {head} SET published=? WHERE id=?");
        bool ok = mark.ok() && head.ok();
        if (ok) {
            mark.bind(1, now_ms);
            mark.bind(2, id);
            mark.bind(3, number);
            ok = mark.step() == SQLITE_DONE;
            *found = ok && sqlite3_changes(db_) == 1;
        }
        if (ok && *found) {
            head.bind(1, number);
            head.bind(2, id);
            ok = head.step() == SQLITE_DONE;
        }
        if (!ok) {
            if (error) *error = sqlite3_errmsg(db_);
            exec(db_, "ROLLBACK", nullptr);
            return false;
        }
        return exec(db_, "COMMIT", error);
    }

    bool list(std::vector<RecordSummary>* out, std::string* error) override {
        std::lock_guard<std::mutex> lock(mu_);
        Statement st = prepare("SELECT s.id, s.latest, s.published, l.hash, COALESCE(p.hash,''), l.author, l.created_ms FROM {head} s "
                     "JOIN {versions} l ON l.{key}=s.id AND l.number=s.latest "
                     "LEFT JOIN {versions} p ON p.{key}=s.id AND p.number=s.published ORDER BY s.id");
        if (!st.ok()) return fail(error);
        int rc;
        while ((rc = st.step()) == SQLITE_ROW) {
            out->push_back({st.text(0), st.int64(1), st.int64(2), st.text(3), st.text(4), st.text(5), st.int64(6)});
        }
        return rc == SQLITE_DONE || fail(error);
    }

    bool history(const std::string& id, std::vector<RecordVersion>* out, std::string* error) override {
        std::lock_guard<std::mutex> lock(mu_);
        Statement st = prepare("SELECT number, hash, author, created_ms, published_ms FROM {versions} WHERE {key}=? ORDER BY number DESC");
        if (!st.ok()) return fail(error);
        st.bind(1, id);
        int rc;
        while ((rc = st.step()) == SQLITE_ROW) out->push_back({id, st.int64(0), st.text(1), st.text(2), st.int64(3), st.int64(4), ""});
        return rc == SQLITE_DONE || fail(error);
    }

    bool get(const std::string& id, std::int64_t number, RecordVersion* out, bool* found, std::string* error) override {
        std::lock_guard<std::mutex> lock(mu_);
        *found = false;
        Statement st = prepare(number > 0 ? "SELECT number, hash, author, created_ms, published_ms, body FROM {versions} WHERE {key}=?1 AND number=?2"
                                     : "SELECT v.number, v.hash, v.author, v.created_ms, v.published_ms, v.body FROM {head} s "
                                       "JOIN {versions} v ON v.{key}=s.id AND v.number=s.published WHERE s.id=?1");
        if (!st.ok()) return fail(error);
        st.bind(1, id);
        if (number > 0) st.bind(2, number);
        const int rc = st.step();
        if (rc == SQLITE_ROW) {
            *out = {id, st.int64(0), st.text(1), st.text(2), st.int64(3), st.int64(4), st.text(5)};
            *found = true;
            return true;
        }
        return rc == SQLITE_DONE || fail(error);
    }

    bool published_number(const std::string& id, std::int64_t* number, std::string* error) override {
        std::lock_guard<std::mutex> lock(mu_);
        *number = 0;
        Statement st = prepare("SELECT published FROM {head} WHERE id=?");
        if (!st.ok()) return fail(error);
        st.bind(1, id);
        const int rc = st.step();
        if (rc == SQLITE_ROW) *number = st.int64(0);
        return rc == SQLITE_ROW || rc == SQLITE_DONE || fail(error);
    }

    bool put_session(const StudioSession& s, std::string* error) override {
        std::lock_guard<std::mutex> lock(mu_);
        Statement st = prepare("INSERT OR REPLACE INTO studio_sessions(id_hash, csrf, author, expires_ms) VALUES(?,?,?,?)");
        if (!st.ok()) return fail(error);
        st.bind(1, s.id_hash);
        st.bind(2, s.csrf);
        st.bind(3, s.author);
        st.bind(4, s.expires_ms);
        return st.step() == SQLITE_DONE || fail(error);
    }

    bool get_session(const std::string& id_hash, std::int64_t now_ms, StudioSession* out, bool* found, std::string* error) override {
        std::lock_guard<std::mutex> lock(mu_);
        *found = false;
        Statement purge = prepare("DELETE FROM studio_sessions WHERE expires_ms<=?");
        if (!purge.ok()) return fail(error);
        purge.bind(1, now_ms);
        if (purge.step() != SQLITE_DONE) return fail(error);
        Statement st = prepare("SELECT csrf, author, expires_ms FROM studio_sessions WHERE id_hash=?");
        if (!st.ok()) return fail(error);
        st.bind(1, id_hash);
        const int rc = st.step();
        if (rc == SQLITE_ROW) {
            *out = {id_hash, st.text(0), st.text(1), st.int64(2)};
            *found = true;
        }
        return rc == SQLITE_ROW || rc == SQLITE_DONE || fail(error);
    }

    bool delete_session(const std::string& id_hash, std::string* error) override {
        std::lock_guard<std::mutex> lock(mu_);
        Statement st = prepare("DELETE FROM studio_sessions WHERE id_hash=?");
        if (!st.ok()) return fail(error);
        st.bind(1, id_hash);
        return st.step() == SQLITE_DONE || fail(error);
    }

    bool queue_alert_once(const std::string& key, const std::string& body, bool* queued, std::string* error) override {
        std::lock_guard<std::mutex> lock(mu_);
        *queued = false;
        if (!exec(db_, "BEGIN IMMEDIATE", error)) return false;
        Statement claim = prepare("INSERT OR IGNORE INTO alert_keys(key, queued_ms) VALUES(?, CAST(strftime('%s','now') AS INTEGER)*1000)");
        Statement outbox = prepare("INSERT INTO alert_outbox(response_id, body, next_at_ms) VALUES(?,?,0)");
        bool ok = claim.ok() && outbox.ok();
        if (ok) {
            claim.bind(1, key);
            ok = claim.step() == SQLITE_DONE;
            *queued = ok && sqlite3_changes(db_) == 1;
        }
        if (ok && *queued) {
            outbox.bind(1, key);
            outbox.bind(2, body);
            ok = outbox.step() == SQLITE_DONE;
        }
        if (!ok) {
            fail(error);
            exec(db_, "ROLLBACK", nullptr);
            *queued = false;
            return false;
        }
        return exec(db_, "COMMIT", error) || (*queued = false);
    }

private:
    // The statement with the kind's table names (SQLite copies the text while preparing).
    Statement prepare(const char* sql_template) { return Statement(db_, record_sql(kind_, sql_template).c_str()); }

    bool fail(std::string* error) {
        if (error) *error = sqlite3_errmsg(db_);
        return false;
    }

    bool save_locked(RecordVersion& v, bool publish, bool* created) {
        Statement latest = prepare("SELECT s.latest, v.hash FROM {head} s JOIN {versions} v ON v.{key}=s.id AND v.number=s.latest WHERE s.id=?");
        if (!latest.ok()) return false;
        latest.bind(1, v.id);
        std::int64_t number = 0;
        const int rc = latest.step();
        if (rc == SQLITE_ROW) {
            number = latest.int64(0);
            if (latest.text(1) == v.hash) {  // unchanged: no new version (publishing it still may be asked)
                v.number = number;
                if (!publish) return true;
                Statement mark = prepare("UPDATE {versions} SET published_ms=? WHERE {key}=? AND number=?");
                Statement head = prepare("UPDATE {head} SET published=? WHERE id=?");
                if (!mark.ok() || !head.ok()) return false;
                mark.bind(1, v.created_ms);
                mark.bind(2, v.id);
                mark.bind(3, number);
                head.bind(1, number);
                head.bind(2, v.id);
                return mark.step() == SQLITE_DONE && head.step() == SQLITE_DONE;
            }
        } else if (rc != SQLITE_DONE) {
            return false;
        }
        v.number = number + 1;
        v.published_ms = publish ? v.created_ms : 0;
        Statement insert = prepare("INSERT INTO {versions}({key}, number, hash, author, created_ms, published_ms, body) VALUES(?,?,?,?,?,?,?)");
        Statement head = prepare("INSERT INTO {head}(id, latest, published) VALUES(?1, ?2, ?3) "
                            "ON CONFLICT(id) DO UPDATE SET latest=?2, published=CASE WHEN ?3>0 THEN ?3 ELSE published END");
        if (!insert.ok() || !head.ok()) return false;
        insert.bind(1, v.id);
        insert.bind(2, v.number);
        insert.bind(3, v.hash);
        insert.bind(4, v.author);
        insert.bind(5, v.created_ms);
        insert.bind(6, v.published_ms);
        insert.bind(7, v.body);
        head.bind(1, v.id);
        head.bind(2, v.number);
        head.bind(3, publish ? v.number : std::int64_t{0});
        if (insert.step() != SQLITE_DONE || head.step() != SQLITE_DONE) return false;
        *created = true;
        return true;
    }

    sqlite3* db_;
    RecordKind kind_;
    std::mutex mu_;
};

}  // namespace

std::unique_ptr<Records> open_sqlite_records(const std::string& path, RecordKind kind, std::string* error) {
    sqlite3* db = sqlite::open_with_tables(path, record_sql(kind, kRecordsSqliteSchema), error);
    if (!db) return nullptr;
    return std::make_unique<SqliteRecords>(db, kind);
}

}  // namespace touchpoint::collector
