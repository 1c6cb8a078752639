// Display counts in the collector's SQLite file (see display_counts.hpp): one connection of its
// own, serialized by a mutex; a batch is one transaction (its id, then its rows added).
#include <map>
#include <mutex>

#include "collector/display_counts.hpp"
#include "collector/sqlite_conn.hpp"

namespace touchpoint::collector {
namespace {

using sqlite::exec;
using sqlite::Statement;

const char* const kDisplayCountsSqliteSchema = R"sql(
CREATE TABLE IF NOT EXISTS display_batches(
  id   TEXT PRIMARY KEY,
  hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS display_counts(
  survey    TEXT NOT NULL,
  version   TEXT NOT NULL,
  day       TEXT NOT NULL,
  shown     INTEGER NOT NULL,
  dismissed INTEGER NOT NULL,
  completed INTEGER NOT NULL,
  PRIMARY KEY(survey, version, day)
);
CREATE TABLE IF NOT EXISTS display_reached(
  survey   TEXT NOT NULL,
  version  TEXT NOT NULL,
  day      TEXT NOT NULL,
  question TEXT NOT NULL,
  n        INTEGER NOT NULL,
  PRIMARY KEY(survey, version, day, question)
);
)sql";

class SqliteDisplayCounts final : public DisplayCounts {
public:
    explicit SqliteDisplayCounts(sqlite3* db) : db_(db) {}
    ~SqliteDisplayCounts() override { sqlite3_close(db_); }

    DisplayAdd add(const DisplayBatch& batch, const std::string& hash, std::string* error) override {
        std::lock_guard<std::mutex> lock(mu_);
        if (!exec(db_, "BEGIN IMMEDIATE", error)) return DisplayAdd::Failed;
        const DisplayAdd outcome = add_in_transaction(batch, hash, error);
        if (outcome != DisplayAdd::Stored) {
            exec(db_, "ROLLBACK", nullptr);
            return outcome;
        }
        return exec(db_, "COMMIT", error) ? DisplayAdd::Stored : (exec(db_, "ROLLBACK", nullptr), DisplayAdd::Failed);
    }

    bool rows(const std::string& survey, const std::string& from, const std::string& to, std::vector<DisplayCount>* out,
              std::string* error) override {
        std::lock_guard<std::mutex> lock(mu_);
        const char* range = " WHERE survey = ?1 AND (?2 = '' OR day >= ?2) AND (?3 = '' OR day <= ?3)";
        Statement counts(db_, (std::string("SELECT version, day, shown, dismissed, completed FROM display_counts") + range).c_str());
        Statement reached(db_, (std::string("SELECT version, day, question, n FROM display_reached") + range + " ORDER BY rowid").c_str());
        if (!counts.ok() || !reached.ok()) return fail(error);
        for (Statement* st : {&counts, &reached}) {
            st->bind(1, survey);
            st->bind(2, from);
            st->bind(3, to);
        }
        std::map<std::pair<std::string, std::string>, std::size_t> index;
        int rc;
        while ((rc = counts.step()) == SQLITE_ROW) {
            index[{counts.text(0), counts.text(1)}] = out->size();
            out->push_back({survey, counts.text(0), counts.text(1), counts.int64(2), counts.int64(3), counts.int64(4), {}});
        }
        if (rc != SQLITE_DONE) return fail(error);
        while ((rc = reached.step()) == SQLITE_ROW) {
            auto it = index.find({reached.text(0), reached.text(1)});
            if (it != index.end()) (*out)[it->second].reached.emplace_back(reached.text(2), reached.int64(3));
        }
        return rc == SQLITE_DONE || fail(error);
    }

private:
    DisplayAdd add_in_transaction(const DisplayBatch& batch, const std::string& hash, std::string* error) {
        Statement seen(db_, "SELECT hash FROM display_batches WHERE id = ?");
        if (!seen.ok()) return failed(error);
        seen.bind(1, batch.id);
        const int rc = seen.step();
        if (rc == SQLITE_ROW) return seen.text(0) == hash ? DisplayAdd::Duplicate : DisplayAdd::Conflict;
        if (rc != SQLITE_DONE) return failed(error);
        Statement keep(db_, "INSERT INTO display_batches(id, hash) VALUES(?,?)");
        Statement count(db_, "INSERT INTO display_counts(survey, version, day, shown, dismissed, completed) VALUES(?1,?2,?3,?4,?5,?6) "
                             "ON CONFLICT(survey, version, day) DO UPDATE SET shown = shown + ?4, dismissed = dismissed + ?5, completed = completed + ?6");
        Statement reach(db_, "INSERT INTO display_reached(survey, version, day, question, n) VALUES(?1,?2,?3,?4,?5) "
                             "ON CONFLICT(survey, version, day, question) DO UPDATE SET n = n + ?5");
        if (!keep.ok() || !count.ok() || !reach.ok()) return failed(error);
        keep.bind(1, batch.id);
        keep.bind(2, hash);
        if (keep.step() != SQLITE_DONE) return failed(error);
        for (const DisplayCount& c : batch.counts) {
            count.reset();
            count.bind(1, c.survey);
            count.bind(2, c.version);
            count.bind(3, c.day);
            count.bind(4, c.shown);
            count.bind(5, c.dismissed);
            count.bind(6, c.completed);
            if (count.step() != SQLITE_DONE) return failed(error);
            for (const auto& [question, n] : c.reached) {
                reach.reset();
                reach.bind(1, c.survey);
                reach.bind(2, c.version);
                reach.bind(3, c.day);
                reach.bind(4, question);
                reach.bind(5, n);
                if (reach.step() != SQLITE_DONE) return failed(error);
            }
        }
        return DisplayAdd::Stored;
    }
    DisplayAdd failed(std::string* error) {
        fail(error);
        return DisplayAdd::Failed;
    }
    bool fail(std::string* error) {
        if (error) *error = sqlite3_errmsg(db_);
        return false;
    }
    sqlite3* db_;
    std::mutex mu_;
};

}  // namespace

std::unique_ptr<DisplayCounts> open_sqlite_display_counts(const std::string& path, std::string* error) {
    sqlite3* db = sqlite::open_with_tables(path, kDisplayCountsSqliteSchema, error);
    if (!db) return nullptr;
    return std::make_unique<SqliteDisplayCounts>(db);
}

}  // namespace touchpoint::collector
