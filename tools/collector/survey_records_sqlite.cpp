// Survey records and Studio sessions in the collector's SQLite file (see survey_records.hpp). One
// connection of their own, serialized by a mutex: Studio traffic is a few requests a minute, and
// the responses' writer keeps its own connection (WAL lets both work; the busy timeout covers the
// moments one waits for the other's write lock).
#include <mutex>

#include "collector/sqlite_conn.hpp"
#include "collector/survey_records.hpp"

namespace touchpoint::collector {
namespace {

using sqlite::exec;
using sqlite::Statement;

const char* const kSchema = R"sql(
CREATE TABLE IF NOT EXISTS surveys(
  id        TEXT PRIMARY KEY,
  latest    INTEGER NOT NULL,
  published INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS survey_versions(
  survey       TEXT NOT NULL,
  number       INTEGER NOT NULL,
  hash         TEXT NOT NULL,
  author       TEXT NOT NULL,
  created_ms   INTEGER NOT NULL,
  published_ms INTEGER NOT NULL DEFAULT 0,
  body         TEXT NOT NULL,
  PRIMARY KEY(survey, number)
);
CREATE TABLE IF NOT EXISTS studio_sessions(
  id_hash    TEXT PRIMARY KEY,
  csrf       TEXT NOT NULL,
  author     TEXT NOT NULL,
  expires_ms INTEGER NOT NULL
);
)sql";

class SqliteSurveyRecords final : public SurveyRecords {
public:
    explicit SqliteSurveyRecords(sqlite3* db) : db_(db) {}
    ~SqliteSurveyRecords() override { sqlite3_close(db_); }

    bool save(SurveyVersion& v, bool publish, bool* created, std::string* error) override {
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

    bool publish(const std::string& survey, std::int64_t number, std::int64_t now_ms, bool* found, std::string* error) override {
        std::lock_guard<std::mutex> lock(mu_);
        *found = false;
        if (!exec(db_, "BEGIN IMMEDIATE", error)) return false;
        Statement mark(db_, "UPDATE survey_versions SET published_ms=? WHERE survey=? AND number=?");
        Statement head(db_, "UPDATE surveys SET published=? WHERE id=?");
        bool ok = mark.ok() && head.ok();
        if (ok) {
            mark.bind(1, now_ms);
            mark.bind(2, survey);
            mark.bind(3, number);
            ok = mark.step() == SQLITE_DONE;
            *found = ok && sqlite3_changes(db_) == 1;
        }
        if (ok && *found) {
            head.bind(1, number);
            head.bind(2, survey);
            ok = head.step() == SQLITE_DONE;
        }
        if (!ok) {
            if (error) *error = sqlite3_errmsg(db_);
            exec(db_, "ROLLBACK", nullptr);
            return false;
        }
        return exec(db_, "COMMIT", error);
    }

    bool list(std::vector<SurveySummary>* out, std::string* error) override {
        std::lock_guard<std::mutex> lock(mu_);
        Statement st(db_,
                     "SELECT s.id, s.latest, s.published, l.hash, COALESCE(p.hash,''), l.author, l.created_ms FROM surveys s "
                     "JOIN survey_versions l ON l.survey=s.id AND l.number=s.latest "
                     "LEFT JOIN survey_versions p ON p.survey=s.id AND p.number=s.published ORDER BY s.id");
        if (!st.ok()) return fail(error);
        int rc;
        while ((rc = st.step()) == SQLITE_ROW) {
            out->push_back({st.text(0), st.int64(1), st.int64(2), st.text(3), st.text(4), st.text(5), st.int64(6)});
        }
        return rc == SQLITE_DONE || fail(error);
    }

    bool history(const std::string& survey, std::vector<SurveyVersion>* out, std::string* error) override {
        std::lock_guard<std::mutex> lock(mu_);
        Statement st(db_, "SELECT number, hash, author, created_ms, published_ms FROM survey_versions WHERE survey=? ORDER BY number DESC");
        if (!st.ok()) return fail(error);
        st.bind(1, survey);
        int rc;
        while ((rc = st.step()) == SQLITE_ROW) out->push_back({survey, st.int64(0), st.text(1), st.text(2), st.int64(3), st.int64(4), ""});
        return rc == SQLITE_DONE || fail(error);
    }

    bool get(const std::string& survey, std::int64_t number, SurveyVersion* out, bool* found, std::string* error) override {
        std::lock_guard<std::mutex> lock(mu_);
        *found = false;
        Statement st(db_, number > 0 ? "SELECT number, hash, author, created_ms, published_ms, body FROM survey_versions WHERE survey=?1 AND number=?2"
                                     : "SELECT v.number, v.hash, v.author, v.created_ms, v.published_ms, v.body FROM surveys s "
                                       "JOIN survey_versions v ON v.survey=s.id AND v.number=s.published WHERE s.id=?1");
        if (!st.ok()) return fail(error);
        st.bind(1, survey);
        if (number > 0) st.bind(2, number);
        const int rc = st.step();
        if (rc == SQLITE_ROW) {
            *out = {survey, st.int64(0), st.text(1), st.text(2), st.int64(3), st.int64(4), st.text(5)};
            *found = true;
            return true;
        }
        return rc == SQLITE_DONE || fail(error);
    }

    bool published_number(const std::string& survey, std::int64_t* number, std::string* error) override {
        std::lock_guard<std::mutex> lock(mu_);
        *number = 0;
        Statement st(db_, "SELECT published FROM surveys WHERE id=?");
        if (!st.ok()) return fail(error);
        st.bind(1, survey);
        const int rc = st.step();
        if (rc == SQLITE_ROW) *number = st.int64(0);
        return rc == SQLITE_ROW || rc == SQLITE_DONE || fail(error);
    }

    bool put_session(const StudioSession& s, std::string* error) override {
        std::lock_guard<std::mutex> lock(mu_);
        Statement st(db_, "INSERT OR REPLACE INTO studio_sessions(id_hash, csrf, author, expires_ms) VALUES(?,?,?,?)");
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
        Statement purge(db_, "DELETE FROM studio_sessions WHERE expires_ms<=?");
        if (!purge.ok()) return fail(error);
        purge.bind(1, now_ms);
        if (purge.step() != SQLITE_DONE) return fail(error);
        Statement st(db_, "SELECT csrf, author, expires_ms FROM studio_sessions WHERE id_hash=?");
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
        Statement st(db_, "DELETE FROM studio_sessions WHERE id_hash=?");
        if (!st.ok()) return fail(error);
        st.bind(1, id_hash);
        return st.step() == SQLITE_DONE || fail(error);
    }

private:
    bool fail(std::string* error) {
        if (error) *error = sqlite3_errmsg(db_);
        return false;
    }

    bool save_locked(SurveyVersion& v, bool publish, bool* created) {
        Statement latest(db_, "SELECT s.latest, v.hash FROM surveys s JOIN survey_versions v ON v.survey=s.id AND v.number=s.latest WHERE s.id=?");
        if (!latest.ok()) return false;
        latest.bind(1, v.survey);
        std::int64_t number = 0;
        const int rc = latest.step();
        if (rc == SQLITE_ROW) {
            number = latest.int64(0);
            if (latest.text(1) == v.hash) {  // unchanged: no new version (publishing it still may be asked)
                v.number = number;
                if (!publish) return true;
                Statement mark(db_, "UPDATE survey_versions SET published_ms=? WHERE survey=? AND number=?");
                Statement head(db_, "UPDATE surveys SET published=? WHERE id=?");
                if (!mark.ok() || !head.ok()) return false;
                mark.bind(1, v.created_ms);
                mark.bind(2, v.survey);
                mark.bind(3, number);
                head.bind(1, number);
                head.bind(2, v.survey);
                return mark.step() == SQLITE_DONE && head.step() == SQLITE_DONE;
            }
        } else if (rc != SQLITE_DONE) {
            return false;
        }
        v.number = number + 1;
        v.published_ms = publish ? v.created_ms : 0;
        Statement insert(db_, "INSERT INTO survey_versions(survey, number, hash, author, created_ms, published_ms, body) VALUES(?,?,?,?,?,?,?)");
        Statement head(db_, "INSERT INTO surveys(id, latest, published) VALUES(?1, ?2, ?3) "
                            "ON CONFLICT(id) DO UPDATE SET latest=?2, published=CASE WHEN ?3>0 THEN ?3 ELSE published END");
        if (!insert.ok() || !head.ok()) return false;
        insert.bind(1, v.survey);
        insert.bind(2, v.number);
        insert.bind(3, v.hash);
        insert.bind(4, v.author);
        insert.bind(5, v.created_ms);
        insert.bind(6, v.published_ms);
        insert.bind(7, v.body);
        head.bind(1, v.survey);
        head.bind(2, v.number);
        head.bind(3, publish ? v.number : std::int64_t{0});
        if (insert.step() != SQLITE_DONE || head.step() != SQLITE_DONE) return false;
        *created = true;
        return true;
    }

    sqlite3* db_;
    std::mutex mu_;
};

}  // namespace

std::unique_ptr<SurveyRecords> open_sqlite_survey_records(const std::string& path, std::string* error) {
    sqlite3* db = sqlite::open_connection(path, false, error);
    if (!db) return nullptr;
    if (!exec(db, kSchema, error)) {
        sqlite3_close(db);
        return nullptr;
    }
    return std::make_unique<SqliteSurveyRecords>(db);
}

}  // namespace touchpoint::collector
