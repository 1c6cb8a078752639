// The collector's storage interface: what the HTTP layer needs from a database, nothing more.
// SQLite (sqlite_store.cpp: one collector, one file) and PostgreSQL (pg_store.cpp: several
// collectors sharing one database) implement it.
//
// [SECTION] Records and outcomes
// [SECTION] Storage
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "collector/rollups.hpp"

namespace touchpoint::collector {

// [SECTION] Records and outcomes ---------------------------------------------------------------

// One validated response ready to store. Nothing here comes from the HTTP request itself (no
// address, no user agent, no receipt time): only the anonymized payload and fields derived from it.
struct Record {
    std::string id;          // the payload's UUID: the idempotency key
    std::string hash;        // sha256 hex of `payload` (canonical JSON): same id + same hash = retry
    std::string survey;      // survey.id, for filtering
    std::string map;         // journey.map or "", for filtering
    std::string payload;     // canonical JSON text (sorted keys, compact)
    std::string alert_body;  // webhook body to queue in the outbox when stored, or "" for none
    RollupFacts rollup;      // the payload's rollup cell and answered questions (rollups.hpp)
};

// What happened to one request (a group of records stored all-or-nothing).
struct RequestOutcome {
    enum class Status { Stored, Conflict, Failed };
    Status status = Status::Failed;
    std::size_t stored = 0;      // new rows
    std::size_t duplicates = 0;  // ids already stored with the same body (idempotent retries)
    std::size_t conflict_index = 0;  // with Conflict: which record reused an id with another body
    std::string error;           // with Failed: the database's message (logged, not sent to clients)
};

// Marks every request of a group Failed with the database's message (nothing of it was committed,
// so nothing may be acknowledged); returns `out` for a one-line `return`.
inline std::vector<RequestOutcome>& all_failed(std::vector<RequestOutcome>& out, const std::string& error) {
    for (RequestOutcome& o : out) {
        o = RequestOutcome{};
        o.status = RequestOutcome::Status::Failed;
        o.error = error;
    }
    return out;
}

// A webhook delivery waiting in the outbox.
struct PendingAlert {
    std::int64_t id = 0;
    std::string response_id;
    std::string body;
    int attempts = 0;
};

// Rows to read, oldest first.
struct ScanQuery {
    std::int64_t after_seq = 0;  // exclusive cursor
    std::int64_t through_seq = -1;  // inclusive last seq, -1 = none (a part of a scan: scan_parts.hpp)
    std::string survey;          // "" = any
    std::string map;             // "" = any
    std::int64_t limit = -1;     // -1 = no limit
};

// [SECTION] Storage ----------------------------------------------------------------------------

class Storage {
public:
    virtual ~Storage() = default;

    // Stores every request of a group in ONE transaction (group commit) and returns one outcome
    // per request. Each request is all-or-nothing: a conflict rolls back that request only.
    // When this returns, Stored outcomes are durable (committed with the configured sync level).
    virtual std::vector<RequestOutcome> commit_group(const std::vector<const std::vector<Record>*>& requests) = 0;

    // Calls row(seq, payload) for matching rows in seq order until it returns false.
    // Safe to call from any thread, concurrently with commits.
    virtual bool scan(const ScanQuery& query,
                      const std::function<bool(std::int64_t seq, const std::string& payload)>& row,
                      std::string* error) = 0;
    virtual std::int64_t count() = 0;  // -1 when the database cannot be read
    // The first and last seq of the rows scan(query) would give (query.limit aside; both 0 when
    // none), for cutting a scan into parts read side by side (scan_parts.hpp). False when this
    // storage cannot: then it is scanned in one pass. The parts' union must be exactly what one
    // scan started at this call sees. SQLite gives that: one writer, so the rows up to the last seq
    // read here are all committed, and no row is ever removed. PostgreSQL does not say (the
    // default): several writers commit out of seq order, so each part's own snapshot could hold
    // rows another part's did not.
    virtual bool seq_span(const ScanQuery& /*query*/, std::int64_t* /*first*/, std::int64_t* /*last*/, std::string* /*error*/) {
        return false;
    }

    // Results rollups (rollups.hpp): commit_group folds every stored response into its cell in the
    // same transaction. rollups() reads a survey's rows whose day is in [from, to] ("" = open), those
    // the results page merges (the base and answer rows: not the journey and segment rows);
    // rebuild_rollups() recomputes every cell from the stored payloads (also done once when a
    // database without rollups is opened: the schema migration).
    virtual bool rollups(const std::string& survey, const std::string& from, const std::string& to, std::vector<RollupRow>* out,
                         std::string* error) = 0;
    virtual bool rebuild_rollups(std::string* error) = 0;
    // The states of every cell's row `grouping` (e.g. kJourneyGrouping) of a survey ("" = every
    // survey), in no particular order: GET /v1/aggregates merges them. With a `fallback` grouping,
    // a cell without a `grouping` row gives its `fallback` row instead (a segment row's cells
    // before the segment arrived give their journey row). Each as (its grouping, its state).
    virtual bool rollup_states(const std::string& survey, const std::string& grouping, const std::string& fallback,
                               std::vector<std::pair<std::string, std::string>>* out, std::string* error) = 0;
    // False when opened without rollups (--no-rollups): commits skip them and reads must scan.
    bool rollups_on() const { return rollups_on_; }

    // The live feed. A cursor is backend-defined text ("0" = the beginning for every backend):
    // rows come out oldest first, each exactly once across successive calls, even when several
    // writers commit out of order. Calls row(payload) for at most query.limit rows after `cursor`
    // (query.after_seq is ignored) and sets *next to the cursor to ask with next time.
    virtual bool feed(const std::string& cursor, const ScanQuery& query, const std::function<bool(const std::string& payload)>& row,
                      std::string* next, std::string* error) = 0;
    virtual bool feed_head(std::string* cursor, std::string* error) = 0;  // the cursor of "now"
    virtual bool valid_cursor(const std::string& cursor) const = 0;
    // Other processes may commit too (shared database): a long poll must re-read this often even
    // when this process's writer stayed idle. 0 = this process's commits are the only ones.
    virtual int feed_recheck_ms() const = 0;

    // Durability in two steps, where the backend can split them (SQLite with synchronous=FULL):
    // commit_group then returns once the group is committed but perhaps not yet on disk, and
    // sync() makes every group committed before it was called durable. The writer commits the
    // next group while the disk syncs the previous ones, and acknowledges a group only after a
    // sync() that began after its commit (writer.hpp). False: commit_group's groups are durable.
    virtual bool separate_sync() const { return false; }
    virtual bool sync(std::string* /*error*/) { return true; }

    // How many writer groups may commit at once (see writer.hpp): 1 for an embedded database.
    virtual std::size_t writer_threads() const { return 1; }

    // One line for the log: the kind of database and where it is (never a password).
    virtual std::string describe() const = 0;

    // Alert outbox: due deliveries (next attempt time <= now), then the result of each attempt.
    // due_alerts CLAIMS what it returns (a lease), so collectors sharing a database never deliver
    // the same alert concurrently; an unreported claim becomes due again when its lease ends.
    virtual std::vector<PendingAlert> due_alerts(std::int64_t now_ms, int limit) = 0;
    virtual void alert_delivered(std::int64_t id) = 0;
    virtual void alert_failed(std::int64_t id, std::int64_t next_attempt_ms, const std::string& error) = 0;
    // A claimed alert that will not be attempted after all (the collector is stopping): due again
    // at once for any collector, instead of when its lease ends. No-op where nothing is claimed.
    virtual void alert_released(std::int64_t /*id*/, std::int64_t /*now_ms*/) {}
    virtual std::int64_t alerts_pending() = 0;

protected:
    bool rollups_on_ = true;
};

// Opens (creating if needed) the SQLite database at `path` in WAL mode. `synchronous` is the
// SQLite PRAGMA value ("FULL" or "NORMAL"). `wal_limit`: bytes of WAL after which the writer
// restarts it between two group commits (0 = no bound; --wal-limit). `rollups` false
// (--no-rollups): commits do not update them and they are marked unbuilt, so the next opening
// with rollups rebuilds them. Returns null and sets *error on failure.
std::unique_ptr<Storage> open_sqlite_storage(const std::string& path, const std::string& synchronous, std::uint64_t wal_limit,
                                             bool rollups, std::string* error);

// True if --db names a PostgreSQL database: a postgres:// or postgresql:// URI, or a libpq
// key=value connection string ("host=/run/postgresql dbname=touchpoint").
bool is_postgres_conninfo(const std::string& db);

// Connects to PostgreSQL (libpq connection string or URI), creates the schema if missing (safe
// when several collectors start at once). Returns null and sets *error (never containing the
// password) when the string is invalid or the server cannot be reached.
// `rollups` as for SQLite.
std::unique_ptr<Storage> open_postgres_storage(const std::string& conninfo, bool rollups, std::string* error);

}  // namespace touchpoint::collector
