// SQLite storage for the collector.
//
// Durability: the database runs in WAL mode with synchronous=FULL by default: the write-ahead log
// is fsynced before a commit's requests are acknowledged, so an acknowledged response survives a
// process crash AND a power loss. That fsync is taken out of COMMIT (sync_outside_commit): the
// writer commits with NORMAL and the group-commit writer's syncer threads (writer.cpp) fdatasync
// the WAL, then answer every group committed before the sync began, while the writer already
// commits the next group. The group commit amortises one fsync over every request that arrived
// while the previous one ran, which is what keeps throughput high. synchronous=NORMAL (--sync normal) survives process crashes (SIGKILL) but may lose
// the last commits on power loss; it is offered for disposable demo databases only.
//
// Checkpoints run off the commit path: by default SQLite folds the WAL back into the database file
// inside the COMMIT that pushes it past 1000 pages (a read of the WAL, writes and an fsync of the
// main file), so every few thousand responses one group of requests waited for that too — the
// collector's latency tail. Here the writer only appends to the WAL; a checkpointer thread with its
// own connection runs a PASSIVE checkpoint (never blocks the writer) whenever the WAL has grown
// past 1000 pages (or half the limit below, if smaller), and at stop the WAL is truncated.
//
// The WAL's bound (--wal-limit): SQLite writes the WAL from its beginning again only when a write
// transaction starts while every frame has been copied back and no reader still uses the WAL. A
// passive checkpoint racing a writer that never pauses is always a few commits behind, so under
// sustained ingest that moment never comes and the WAL grows without end (30-480 MiB in 10 s).
// So once a commit leaves the WAL past the limit, the writer, before its next group, runs a
// RESTART checkpoint on the checkpointer's connection: it copies what the passive ones have not
// (usually little), then waits until the readers still on the WAL are done (new readers read the
// database file meanwhile and are never held up) and returns; the next commit writes from the
// WAL's beginning and journal_size_limit cuts the file back to the limit. The WAL therefore
// stays under the limit plus one group commit's pages, or two when a reader that read the WAL's
// header just before the restart finished takes its read mark on the old WAL just after (SQLite
// then cannot start the WAL over, so the commit appends and the next group restarts). The wait
// for readers is capped (kRestartWaitMs): a reader that keeps its snapshot longer makes the writer give up and carry
// on, and try again once the WAL has grown by another eighth of the limit, so a slow reader can
// stretch the WAL but never hold up ingest for long. The group waiting meanwhile is acknowledged
// after its own commit as always.
//
// [SECTION] Schema
// [SECTION] SqliteStorage
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "collector/sqlite_conn.hpp"
#include "collector/storage.hpp"
#include "touchpoint/aggregate/aggregator.hpp"

namespace touchpoint::collector {
namespace {

using sqlite::exec;
using sqlite::open_connection;
using sqlite::Statement;

// [SECTION] Schema -----------------------------------------------------------------------------

// responses.seq is the feed cursor: AUTOINCREMENT so a seq is never reused.
// rollups: one aggregate state per (survey, day, locale, grouping), see rollups.hpp; rollup_meta
// says they were built (a database from before rollups gets them built once when opened).
// No column holds anything about the HTTP request (address, user agent, receipt time).

const char* const kResponsesSqliteSchema = R"sql(
CREATE TABLE IF NOT EXISTS responses(
  seq     INTEGER PRIMARY KEY AUTOINCREMENT,
  id      TEXT NOT NULL UNIQUE,
  hash    TEXT NOT NULL,
  survey  TEXT NOT NULL,
  map     TEXT,
  payload TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS responses_by_survey ON responses(survey, seq);
CREATE INDEX IF NOT EXISTS responses_by_map ON responses(map, seq);
CREATE TABLE IF NOT EXISTS alert_outbox(
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  response_id TEXT NOT NULL,
  body        TEXT NOT NULL,
  attempts    INTEGER NOT NULL DEFAULT 0,
  next_at_ms  INTEGER NOT NULL,
  last_error  TEXT
);
CREATE INDEX IF NOT EXISTS alert_outbox_due ON alert_outbox(next_at_ms);
CREATE TABLE IF NOT EXISTS rollups(
  survey   TEXT NOT NULL,
  day      TEXT NOT NULL,
  locale   TEXT NOT NULL,
  grouping TEXT NOT NULL,
  state    TEXT NOT NULL,
  PRIMARY KEY(survey, day, locale, grouping)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rollup_meta(name TEXT PRIMARY KEY, value TEXT NOT NULL);
PRAGMA user_version = 1;
)sql";

// [SECTION] SqliteStorage ----------------------------------------------------------------------

class SqliteStorage final : public Storage {
public:
    SqliteStorage(std::string path, std::string synchronous, std::uint64_t wal_limit, sqlite3* writer)
        : path_(std::move(path)), synchronous_(std::move(synchronous)), db_(writer) {
        // Without a connection of its own the checkpointer cannot run: SQLite's automatic
        // checkpoint (in the commit, by the writer itself, so it completes and the WAL restarts)
        // is then kept.
        stmts_ = std::make_unique<WriterStatements>(db_);
        if (wal_limit > 0) {
            // A WAL file is a 32-byte header, then one frame (24-byte header + page) per page written.
            Statement page_size(db_, "PRAGMA page_size");
            const std::int64_t frame = 24 + (page_size.ok() && page_size.step() == SQLITE_ROW ? page_size.int64(0) : 0);
            const std::int64_t limit = static_cast<std::int64_t>(wal_limit);
            restart_frames_ = frame > 24 ? std::max<std::int64_t>(1, (limit - 32) / frame) : 0;
            next_restart_frames_ = restart_frames_;
            passive_frames_ = std::min<std::int64_t>(kCheckpointPages, std::max<std::int64_t>(1, restart_frames_ / 2));
            next_passive_frames_ = passive_frames_;
            exec(db_, ("PRAGMA journal_size_limit=" + std::to_string(limit)).c_str(), nullptr);
        }
        checkpoint_db_ = open_connection(path_, false, nullptr);
        // A connection learns that the file is in WAL mode when it first reads it: until then
        // a checkpoint on it does nothing and reports success (SQLite 3.40; log size -1), and
        // the WAL would only ever grow.
        if (checkpoint_db_ && !exec(checkpoint_db_, "SELECT 1 FROM sqlite_master LIMIT 1", nullptr)) {
            sqlite3_close(checkpoint_db_);
            checkpoint_db_ = nullptr;
        }
        if (!checkpoint_db_) return;
        sqlite3_busy_timeout(checkpoint_db_, kRestartWaitMs);  // used by RESTART only (PASSIVE never waits)
        sqlite3_wal_hook(db_, &SqliteStorage::on_wal_commit, this);  // replaces the automatic checkpoint
        checkpointer_ = std::thread([this] { checkpoint_loop(); });
    }
    ~SqliteStorage() override {
        if (checkpointer_.joinable()) {
            {
                std::lock_guard<std::mutex> lock(checkpoint_mu_);
                checkpoint_stop_ = true;
            }
            checkpoint_cv_.notify_one();
            checkpointer_.join();
        }
        sqlite3_close(checkpoint_db_);
        {
            std::lock_guard<std::mutex> lock(readers_mu_);
            for (sqlite3* r : readers_) sqlite3_close(r);
        }
        // Fold the WAL into the main file so a stopped collector leaves one self-contained file.
        sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
        sqlite3_close(db_);
        if (wal_fd_ >= 0) ::close(wal_fd_);
    }

    // synchronous=FULL with the WAL's fsync taken out of COMMIT (see Storage::separate_sync): the
    // writer's connection commits with NORMAL (the WAL written, not synced) and sync() fdatasyncs
    // the WAL before the groups committed so far are acknowledged. The same bytes are on disk
    // before the same acknowledgements; what changes is that the next group commits meanwhile.
    // Checkpoints sync the WAL before copying it whatever the level, so nothing unsynced reaches
    // the database file. Only the writer's connection writes responses, and it stays open (SQLite
    // deletes a WAL only when its last connection closes), so the file opened here stays the
    // WAL. False, and COMMIT keeps its own fsync, if the WAL cannot be opened.
    bool sync_outside_commit() {
        const char* wal = sqlite3_filename_wal(sqlite3_db_filename(db_, "main"));
        if (!wal || !*wal) return false;
        const int fd = ::open(wal, O_RDONLY | O_CLOEXEC);
        if (fd < 0) return false;
        // The WAL's directory entry must be durable too (SQLite's first sync of a new WAL does this).
        std::string folder = std::filesystem::path(wal).parent_path().string();
        const int dir = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        const bool dir_synced = dir >= 0 && ::fsync(dir) == 0;
        if (dir >= 0) ::close(dir);
        const std::int64_t last = single_int("SELECT COALESCE(MAX(seq),0) FROM responses");
        if (!dir_synced || last < 0 || !exec(db_, "PRAGMA synchronous=NORMAL", nullptr)) {
            ::close(fd);
            return false;
        }
        committed_seq_ = durable_seq_ = last;
        wal_fd_ = fd;
        return true;
    }
    bool separate_sync() const override { return wal_fd_ >= 0; }
    // Reads (scan, the feed's head) show rows up to durable_seq_ only: with FULL in COMMIT a row
    // became visible once on disk, and a feed or export cursor that went past a row a power loss
    // then took back would skip the different response given that seq after the restart.
    bool sync(std::string* error) override {
        const std::int64_t horizon = committed_seq_.load();  // committed before the fdatasync begins
        if (::fdatasync(wal_fd_) != 0) {
            if (error) *error = std::string("fdatasync of the WAL: ") + std::strerror(errno);
            return false;
        }
        std::int64_t seen = durable_seq_.load();
        while (horizon > seen && !durable_seq_.compare_exchange_weak(seen, horizon)) {
        }
        return true;
    }

    std::vector<RequestOutcome> commit_group(const std::vector<const std::vector<Record>*>& requests) override {
        std::lock_guard<std::mutex> lock(write_mu_);
        if (restart_due_) restart_wal();
        std::vector<RequestOutcome> out(requests.size());
        std::string error;
        if (!stmts_->ok()) return all_failed(out, stmts_->error);
        Statement& insert = stmts_->insert;
        Statement& existing = stmts_->existing;
        Statement& outbox = stmts_->outbox;
        if (!run(stmts_->begin, &error)) return all_failed(out, error);
        std::vector<const Record*> stored;  // new rows of the requests kept, for the rollups
        std::int64_t last_seq = 0;          // the largest seq the group stores (for sync())
        for (std::size_t r = 0; r < requests.size(); ++r) {
            if (!run(stmts_->savepoint, &error)) break;
            const std::size_t stored_before = stored.size();
            const std::int64_t last_seq_before = last_seq;
            RequestOutcome& o = out[r];
            o.status = RequestOutcome::Status::Stored;
            const std::vector<Record>& records = *requests[r];
            for (std::size_t i = 0; i < records.size() && o.status == RequestOutcome::Status::Stored; ++i) {
                const Record& rec = records[i];
                insert.reset();
                insert.bind(1, rec.id);
                insert.bind(2, rec.hash);
                insert.bind(3, rec.survey);
                insert.bind_or_null(4, rec.map);
                insert.bind(5, rec.payload);
                if (insert.step() != SQLITE_DONE) {
                    o.status = RequestOutcome::Status::Failed;
                    o.error = sqlite3_errmsg(db_);
                } else if (sqlite3_changes(db_) == 1) {
                    ++o.stored;
                    stored.push_back(&rec);
                    last_seq = std::max<std::int64_t>(last_seq, sqlite3_last_insert_rowid(db_));
                    if (!rec.alert_body.empty()) {
                        outbox.reset();
                        outbox.bind(1, rec.id);
                        outbox.bind(2, rec.alert_body);
                        if (outbox.step() != SQLITE_DONE) {
                            o.status = RequestOutcome::Status::Failed;
                            o.error = sqlite3_errmsg(db_);
                        }
                    }
                } else {
                    existing.reset();
                    existing.bind(1, rec.id);
                    const bool same = existing.step() == SQLITE_ROW && existing.text(0) == rec.hash;
                    existing.reset();
                    if (same) {
                        ++o.duplicates;
                    } else {
                        o.status = RequestOutcome::Status::Conflict;
                        o.conflict_index = i;
                    }
                }
            }
            if (o.status != RequestOutcome::Status::Stored) {
                o.stored = o.duplicates = 0;
                stored.resize(stored_before);
                last_seq = last_seq_before;  // rolled back: those seqs will be handed out again
                run(stmts_->rollback_to, nullptr);
            }
            run(stmts_->release, nullptr);
        }
        insert.reset();
        existing.reset();
        outbox.reset();
        const std::int64_t folded_version = fold_version_;
        fold_version_ = -1;  // until this commit is known to have stored what the fold now holds
        if (rollups_on_ && !stored.empty() && !fold_into_rollups(stored, folded_version, &error)) {
            exec(db_, "ROLLBACK", nullptr);
            return all_failed(out, "rollups: " + error);
        }
        if (!run(stmts_->commit, &error)) {
            exec(db_, "ROLLBACK", nullptr);
            return all_failed(out, error);
        }
        fold_version_ = rollups_on_ ? data_version_ : -1;
        if (last_seq > committed_seq_.load()) committed_seq_.store(last_seq);
        return out;
    }

    bool scan(const ScanQuery& q, const std::function<bool(std::int64_t, const std::string&)>& row,
              std::string* error) override {
        Reader reader(*this);
        if (!reader.db) {
            if (error) *error = "cannot open a read connection";
            return false;
        }
        Statement st(reader.db, ("SELECT seq,payload FROM responses" + scan_where(q) + " ORDER BY seq LIMIT ?4").c_str());
        if (!st.ok()) {
            if (error) *error = sqlite3_errmsg(reader.db);
            return false;
        }
        bind_scan(st, q);
        st.bind(4, q.limit);
        int rc;
        while ((rc = st.step()) == SQLITE_ROW) {
            if (!row(st.int64(0), st.text(1))) return true;
        }
        if (rc != SQLITE_DONE) {
            if (error) *error = sqlite3_errmsg(reader.db);
            return false;
        }
        return true;
    }

    bool seq_span(const ScanQuery& q, std::int64_t* first, std::int64_t* last, std::string* error) override {
        Reader reader(*this);
        if (!reader.db) {
            if (error) *error = "cannot open a read connection";
            return false;
        }
        // The same filters as scan(), so the same index: its two ends, each one step down it (min()
        // and max() in one query read every row between them: 0.3 s at a million).
        const std::string rows = "SELECT seq FROM responses" + scan_where(q) + " ORDER BY seq";
        Statement st(reader.db, ("SELECT coalesce((" + rows + " LIMIT 1),0),coalesce((" + rows + " DESC LIMIT 1),0)").c_str());
        if (st.ok()) bind_scan(st, q);
        if (!st.ok() || st.step() != SQLITE_ROW) {
            if (error) *error = sqlite3_errmsg(reader.db);
            return false;
        }
        *first = st.int64(0);
        *last = st.int64(1);
        return true;
    }

    bool rollups(const std::string& survey, const std::string& from, const std::string& to, std::vector<RollupRow>* out,
                 std::string* error) override {
        Reader reader(*this);
        if (!reader.db) {
            if (error) *error = "cannot open a read connection";
            return false;
        }
        Statement st(reader.db, "SELECT day,locale,grouping,state FROM rollups WHERE survey=?1 AND (?2='' OR day>=?2) AND (?3='' OR day<=?3) "
                                "AND grouping<>'journey' AND grouping NOT LIKE 'segment.%'");
        if (!st.ok()) {
            if (error) *error = sqlite3_errmsg(reader.db);
            return false;
        }
        st.bind(1, survey);
        st.bind(2, from);
        st.bind(3, to);
        int rc;
        while ((rc = st.step()) == SQLITE_ROW) out->push_back({{survey, st.text(0), st.text(1), 0}, st.text(2), st.text(3)});
        if (rc != SQLITE_DONE) {
            if (error) *error = sqlite3_errmsg(reader.db);
            return false;
        }
        return true;
    }

    bool rollup_states(const std::string& survey, const std::string& grouping, const std::string& fallback,
                       std::vector<std::pair<std::string, std::string>>* out, std::string* error) override {
        Reader reader(*this);
        if (!reader.db) {
            if (error) *error = "cannot open a read connection";
            return false;
        }
        Statement st(reader.db,
                     "SELECT grouping, state FROM rollups r WHERE (?2='' OR survey=?2) AND (grouping=?1 OR "
                     "(?3<>'' AND grouping=?3 AND NOT EXISTS (SELECT 1 FROM rollups s WHERE s.survey=r.survey "
                     "AND s.day=r.day AND s.locale=r.locale AND s.grouping=?1)))");
        if (!st.ok()) {
            if (error) *error = sqlite3_errmsg(reader.db);
            return false;
        }
        st.bind(1, grouping);
        st.bind(2, survey);
        st.bind(3, fallback);
        int rc;
        while ((rc = st.step()) == SQLITE_ROW) out->emplace_back(st.text(0), st.text(1));
        if (rc != SQLITE_DONE) {
            if (error) *error = sqlite3_errmsg(reader.db);
            return false;
        }
        return true;
    }

    // Every cell from the stored payloads, in one transaction (ingest waits meanwhile).
    bool rebuild_rollups(std::string* error) override {
        std::lock_guard<std::mutex> lock(write_mu_);
        fold_version_ = -1;  // the writer's kept cells are read again after this
        if (!exec(db_, "BEGIN IMMEDIATE", error)) return false;
        RollupFold fold;
        bool good = exec(db_, "DELETE FROM rollups", error);
        if (good) {
            Statement all(db_, "SELECT survey,payload FROM responses ORDER BY seq");
            int rc = SQLITE_DONE;
            while (all.ok() && (rc = all.step()) == SQLITE_ROW) {
                fold.add_stored(all.text(0), all.text(1));
            }
            good = all.ok() && rc == SQLITE_DONE;
            if (!good && error) *error = sqlite3_errmsg(db_);
        }
        good = good && write_rollups(fold.rows(), error);
        if (good) {
            Statement mark(db_, "INSERT OR REPLACE INTO rollup_meta(name,value) VALUES('built',?)");
            mark.bind(1, std::string(kRollupsBuilt));
            good = mark.step() == SQLITE_DONE;
            if (!good && error) *error = sqlite3_errmsg(db_);
        }
        good = good && exec(db_, "COMMIT", error);
        if (!good) exec(db_, "ROLLBACK", nullptr);
        return good;
    }

    // --no-rollups: commits leave them alone, and they are marked unbuilt (the next opening with
    // rollups rebuilds them from the payloads).
    bool without_rollups(std::string* error) {
        rollups_on_ = false;
        return exec(db_, "DELETE FROM rollup_meta WHERE name='built'", error);
    }

    // True if this database's rollups were built (by this collector's schema or a rebuild).
    bool rollups_built() {
        Statement st(db_, "SELECT value FROM rollup_meta WHERE name='built'");
        return st.ok() && st.step() == SQLITE_ROW && st.text(0) == kRollupsBuilt;
    }

    // One writer (this process) commits in seq order, so the feed cursor is simply the last seq.
    bool feed(const std::string& cursor, const ScanQuery& query, const std::function<bool(const std::string&)>& row,
              std::string* next, std::string* error) override {
        ScanQuery q = query;
        q.after_seq = std::stoll(cursor);  // valid_cursor() was checked by the caller
        std::int64_t last = q.after_seq;
        const bool ok = scan(q, [&](std::int64_t seq, const std::string& payload) {
            last = seq;
            return row(payload);
        }, error);
        *next = std::to_string(last);
        return ok;
    }
    bool feed_head(std::string* cursor, std::string* error) override {
        const std::int64_t last = single_int("SELECT COALESCE(MAX(seq),0) FROM responses");
        if (last < 0) {
            if (error) *error = "cannot read the database";
            return false;
        }
        *cursor = std::to_string(wal_fd_ >= 0 ? std::min(last, durable_seq_.load()) : last);
        return true;
    }
    bool valid_cursor(const std::string& cursor) const override {
        return !cursor.empty() && cursor.size() <= 18 && cursor.find_first_not_of("0123456789") == std::string::npos;
    }
    int feed_recheck_ms() const override { return 0; }
    std::string describe() const override { return path_ + " (SQLite, WAL, synchronous=" + synchronous_ + ")"; }
    std::int64_t count() override { return single_int("SELECT COUNT(*) FROM responses"); }
    std::int64_t alerts_pending() override { return single_int("SELECT COUNT(*) FROM alert_outbox"); }

    std::vector<PendingAlert> due_alerts(std::int64_t now_ms, int limit) override {
        std::vector<PendingAlert> out;
        Reader reader(*this);
        if (!reader.db) return out;
        Statement st(reader.db, "SELECT id,response_id,body,attempts FROM alert_outbox WHERE next_at_ms<=? ORDER BY next_at_ms,id LIMIT ?");
        if (!st.ok()) return out;
        st.bind(1, now_ms);
        st.bind(2, static_cast<std::int64_t>(limit));
        while (st.step() == SQLITE_ROW) out.push_back({st.int64(0), st.text(1), st.text(2), static_cast<int>(st.int64(3))});
        return out;
    }

    void alert_delivered(std::int64_t id) override {
        std::lock_guard<std::mutex> lock(write_mu_);
        Statement st(db_, "DELETE FROM alert_outbox WHERE id=?");
        st.bind(1, id);
        st.step();
    }

    void alert_failed(std::int64_t id, std::int64_t next_attempt_ms, const std::string& error) override {
        std::lock_guard<std::mutex> lock(write_mu_);
        Statement st(db_, "UPDATE alert_outbox SET attempts=attempts+1, next_at_ms=?, last_error=? WHERE id=?");
        st.bind(1, next_attempt_ms);
        st.bind(2, error);
        st.bind(3, id);
        st.step();
    }

private:
    // The group's new rows into their cells, inside the group's transaction: the stored rows of
    // the touched cells are read (the writer's kept fold carries on where they are what it last
    // wrote, rollups.hpp), the rows added in commit order, the states written back.
    // PRAGMA data_version changes when another connection (another collector, a rebuild from the
    // CLI, the checkpointer restarting the WAL) committed since: unchanged since this writer's last
    // commit, the kept cells are exactly what it wrote and are not read again (`folded_version`:
    // the version after the last commit whose rollups the fold holds, -1 if unknown).
    bool fold_into_rollups(const std::vector<const Record*>& stored, std::int64_t folded_version, std::string* error) {
        Statement& version = stmts_->data_version;
        data_version_ = version.step() == SQLITE_ROW ? version.int64(0) : -2;
        version.reset();
        const bool trust = folded_version >= 0 && data_version_ == folded_version;
        std::map<CellKey, RollupFold::StoredRows> touched;
        for (const Record* rec : stored) touched[{rec->survey, rec->rollup.day, rec->rollup.locale, 0}];
        Statement& read = stmts_->rollup_read;
        for (auto& [key, rows] : touched) {
            if (trust && fold_.keeps(key)) continue;
            read.reset();
            read.bind(1, key.survey);
            read.bind(2, key.day);
            read.bind(3, key.locale);
            while (read.step() == SQLITE_ROW) rows.emplace_back(read.text(0), read.text(1));
        }
        read.reset();
        if (!fold_.resume(touched, error, trust)) return false;
        for (const Record* rec : stored) fold_.add(rec->survey, rec->payload, rec->rollup);
        return write_rollups(fold_.take_rows(), error);
    }

    bool write_rollups(const std::vector<RollupRow>& rows, std::string* error) {
        Statement& up = stmts_->rollup_write;
        for (const RollupRow& row : rows) {
            up.reset();
            up.bind(1, row.cell.survey);
            up.bind(2, row.cell.day);
            up.bind(3, row.cell.locale);
            up.bind(4, row.grouping);
            up.bind(5, row.state);
            if (!up.ok() || up.step() != SQLITE_DONE) {
                if (error) *error = sqlite3_errmsg(db_);
                up.reset();
                return false;
            }
        }
        up.reset();
        return true;
    }

    // The writer's statements, prepared once when the store opens: a commit used to prepare its
    // own, and every SAVEPOINT and RELEASE again (about a tenth of the writer's instructions at
    // single posts). Each is reset after use, so none keeps a read open between commits.
    struct WriterStatements {
        explicit WriterStatements(sqlite3* db)
            : begin(db, "BEGIN IMMEDIATE"),
              commit(db, "COMMIT"),
              savepoint(db, "SAVEPOINT request"),
              release(db, "RELEASE request"),
              rollback_to(db, "ROLLBACK TO request"),
              insert(db, "INSERT INTO responses(id,hash,survey,map,payload) VALUES(?,?,?,?,?) ON CONFLICT(id) DO NOTHING"),
              existing(db, "SELECT hash FROM responses WHERE id=?"),
              outbox(db, "INSERT INTO alert_outbox(response_id,body,next_at_ms) VALUES(?,?,0)"),
              rollup_read(db, "SELECT grouping,state FROM rollups WHERE survey=? AND day=? AND locale=?"),
              rollup_write(db, "INSERT INTO rollups(survey,day,locale,grouping,state) VALUES(?,?,?,?,?) "
                               "ON CONFLICT(survey,day,locale,grouping) DO UPDATE SET state=excluded.state"),
              data_version(db, "PRAGMA data_version") {
            for (Statement* st : {&begin, &commit, &savepoint, &release, &rollback_to, &insert, &existing, &outbox, &rollup_read, &rollup_write,
                                  &data_version})
                if (!st->ok() && error.empty()) error = sqlite3_errmsg(db);
        }
        bool ok() const { return error.empty(); }
        Statement begin, commit, savepoint, release, rollback_to, insert, existing, outbox, rollup_read, rollup_write, data_version;
        std::string error;  // why one could not be prepared
    };

    // Steps a statement that returns no row, then resets it.
    bool run(Statement& st, std::string* error) {
        const bool done = st.step() == SQLITE_DONE;
        if (!done && error) *error = sqlite3_errmsg(db_);
        st.reset();
        return done;
    }

    // The filters scan() and seq_span() share: the WHERE clause, one statement per filter shape
    // (which keeps the indexes usable), and its parameters.
    std::string scan_where(const ScanQuery& q) const {
        std::string where = " WHERE seq>?1";
        if (!q.survey.empty()) where += " AND survey=?2";
        if (!q.map.empty()) where += " AND map=?3";
        if (wal_fd_ >= 0) where += " AND seq<=?5";  // committed but not yet synced: not shown (see sync())
        if (q.through_seq >= 0) where += " AND seq<=?6";
        return where;
    }
    void bind_scan(Statement& st, const ScanQuery& q) {
        st.bind(1, q.after_seq);
        if (!q.survey.empty()) st.bind(2, q.survey);
        if (!q.map.empty()) st.bind(3, q.map);
        if (wal_fd_ >= 0) st.bind(5, durable_seq_.load());
        if (q.through_seq >= 0) st.bind(6, q.through_seq);
    }

    // A pooled read-only connection, returned to the pool on scope exit.
    struct Reader {
        explicit Reader(SqliteStorage& s) : store(s) {
            {
                std::lock_guard<std::mutex> lock(s.readers_mu_);
                if (!s.readers_.empty()) {
                    db = s.readers_.back();
                    s.readers_.pop_back();
                }
            }
            if (!db) db = open_connection(s.path_, true, nullptr);
        }
        ~Reader() {
            if (!db) return;
            std::lock_guard<std::mutex> lock(store.readers_mu_);
            store.readers_.push_back(db);
        }
        Reader(const Reader&) = delete;
        Reader& operator=(const Reader&) = delete;
        SqliteStorage& store;
        sqlite3* db = nullptr;
    };

    // Called by SQLite after each commit of the writer's connection (so under write_mu_), with
    // the WAL's size in frames.
    static int on_wal_commit(void* self, sqlite3*, const char*, int pages) {
        auto* s = static_cast<SqliteStorage*>(self);
        if (s->restart_frames_ > 0 && pages >= s->next_restart_frames_) s->restart_due_ = true;
        // One passive checkpoint per passive_frames_ of WAL written, not one per commit once the WAL
        // is past them: each copies the pages changed since the last one and fsyncs the database
        // file, and at one per commit the hot pages (indexes, rollups) were written again and again,
        // the two fsyncs per commit taking turns at the disk with the commits' own.
        if (pages < s->last_wal_pages_) s->next_passive_frames_ = s->passive_frames_;  // the WAL restarted from its beginning
        s->last_wal_pages_ = pages;
        if (pages >= s->next_passive_frames_) {
            s->next_passive_frames_ = pages + std::min<std::int64_t>(s->passive_frames_, kPassiveStepPages);
            {
                std::lock_guard<std::mutex> lock(s->checkpoint_mu_);
                s->checkpoint_due_ = true;
            }
            s->checkpoint_cv_.notify_one();
        }
        return SQLITE_OK;
    }

    void checkpoint_loop() {
        std::unique_lock<std::mutex> lock(checkpoint_mu_);
        for (;;) {
            checkpoint_cv_.wait(lock, [this] { return checkpoint_stop_ || checkpoint_due_; });
            if (checkpoint_stop_) return;
            checkpoint_due_ = false;
            lock.unlock();
            {
                std::lock_guard<std::mutex> run(checkpoint_run_mu_);
                sqlite3_wal_checkpoint_v2(checkpoint_db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
            }
            lock.lock();
        }
    }

    // The WAL has passed --wal-limit: see the file comment. Runs in the writer, between groups
    // (under write_mu_), after any passive checkpoint in progress.
    void restart_wal() {
        restart_due_ = false;
        int frames = 0;
        int copied = 0;
        int rc;
        {
            std::lock_guard<std::mutex> run(checkpoint_run_mu_);
            rc = sqlite3_wal_checkpoint_v2(checkpoint_db_, nullptr, SQLITE_CHECKPOINT_RESTART, &frames, &copied);
        }
        if (rc == SQLITE_OK) {
            next_restart_frames_ = restart_frames_;
            return;
        }
        // Busy: a reader kept the WAL (or another connection wrote) past kRestartWaitMs. Said on
        // stderr so an operator sees why the WAL is past the limit; at most once per eighth of it.
        next_restart_frames_ = frames + std::max<std::int64_t>(1, restart_frames_ / 8);
        std::fprintf(stderr,
                     "touchpoint serve: WAL restart gave up (%s): a reader kept the WAL past %d ms; ingest goes on, "
                     "next try at %lld frames\n",
                     sqlite3_errstr(rc), kRestartWaitMs, static_cast<long long>(next_restart_frames_));
    }

    std::int64_t single_int(const char* sql) {
        Reader reader(*this);
        if (!reader.db) return -1;
        Statement st(reader.db, sql);
        return st.ok() && st.step() == SQLITE_ROW ? st.int64(0) : -1;
    }

    std::string path_;
    std::string synchronous_;
    sqlite3* db_;
    std::mutex write_mu_;
    RollupFold fold_;  // the writer's cells, kept between commits (under write_mu_)
    std::int64_t data_version_ = -1;  // PRAGMA data_version in the current commit (under write_mu_)
    std::int64_t fold_version_ = -1;  // ... after the last commit fold_ is in step with; -1: unknown
    std::unique_ptr<WriterStatements> stmts_;  // under write_mu_
    std::mutex readers_mu_;
    std::vector<sqlite3*> readers_;
    static constexpr int kCheckpointPages = 1000;  // SQLite's own default threshold
    static constexpr int kPassiveStepPages = 256;  // then one per 1 MiB written: what a RESTART still has to copy stays small
    static constexpr int kRestartWaitMs = 250;     // longest wait of the writer for readers to leave the WAL
    std::int64_t passive_frames_ = kCheckpointPages;  // WAL frames written between two passive checkpoints
    std::int64_t next_passive_frames_ = kCheckpointPages;  // the next one is due from this WAL size on (under write_mu_)
    std::int64_t last_wal_pages_ = 0;                   // the WAL's size after the last commit (under write_mu_)
    std::int64_t restart_frames_ = 0;       // --wal-limit in frames (0 = no bound)
    std::int64_t next_restart_frames_ = 0;  // a restart is due from this size on (under write_mu_)
    bool restart_due_ = false;              // under write_mu_
    sqlite3* checkpoint_db_ = nullptr;
    int wal_fd_ = -1;  // the WAL, when sync() makes commits durable (sync_outside_commit)
    std::atomic<std::int64_t> committed_seq_{0};  // the largest seq committed (with wal_fd_)
    std::atomic<std::int64_t> durable_seq_{0};    // the largest seq synced: what reads show (with wal_fd_)
    std::mutex checkpoint_run_mu_;          // checkpoint_db_ is used by one thread at a time
    std::thread checkpointer_;
    std::mutex checkpoint_mu_;
    std::condition_variable checkpoint_cv_;
    bool checkpoint_due_ = false;
    bool checkpoint_stop_ = false;
};

}  // namespace

std::unique_ptr<Storage> open_sqlite_storage(const std::string& path, const std::string& synchronous, std::uint64_t wal_limit,
                                             bool rollups, std::string* error) {
    if (synchronous != "FULL" && synchronous != "NORMAL") {
        if (error) *error = "synchronous must be FULL or NORMAL";
        return nullptr;
    }
    sqlite3* db = open_connection(path, false, error);
    if (!db) return nullptr;
    std::string pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=" + synchronous + ";";
    if (!exec(db, pragmas.c_str(), error) || !exec(db, kResponsesSqliteSchema, error)) {
        sqlite3_close(db);
        return nullptr;
    }
    auto storage = std::make_unique<SqliteStorage>(path, synchronous, wal_limit, db);
    if (synchronous == "FULL") storage->sync_outside_commit();
    if (!rollups) {
        if (!storage->without_rollups(error)) return nullptr;
        return storage;
    }
    if (!storage->rollups_built() && !storage->rebuild_rollups(error)) {  // a database from before rollups
        if (error) *error = "cannot build the results rollups: " + *error;
        return nullptr;
    }
    return storage;
}

}  // namespace touchpoint::collector
