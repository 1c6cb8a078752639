// The collector's storage interface: what the HTTP layer needs from a database, nothing more.
// SQLite (sqlite_store.cpp) implements it; a PostgreSQL backend would implement the same calls.
//
// [SECTION] Records and outcomes
// [SECTION] Storage
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

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
    virtual std::int64_t last_seq() = 0;
    virtual std::int64_t count() = 0;

    // Alert outbox: due deliveries (next attempt time <= now), then the result of each attempt.
    virtual std::vector<PendingAlert> due_alerts(std::int64_t now_ms, int limit) = 0;
    virtual void alert_delivered(std::int64_t id) = 0;
    virtual void alert_failed(std::int64_t id, std::int64_t next_attempt_ms, const std::string& error) = 0;
    virtual std::int64_t alerts_pending() = 0;
};

// Opens (creating if needed) the SQLite database at `path` in WAL mode. `synchronous` is the
// SQLite PRAGMA value ("FULL" or "NORMAL"). Returns null and sets *error on failure.
std::unique_ptr<Storage> open_sqlite_storage(const std::string& path, const std::string& synchronous,
                                             std::string* error);

}  // namespace touchpoint::collector
