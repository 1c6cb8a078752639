// The results rollups on PostgreSQL (rollups.hpp for what a cell holds): the rollups hold every
// response a recorded snapshot sees; the responses committed since (the tail) are folded by
// readers as they read and, once a second or every 2,000 responses, into the rollups by a
// compactor in every collector. pg_store.cpp uses this; tools/collector/README.md, "The tail on
// PostgreSQL", says why.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "collector/pg_conn.hpp"
#include "collector/remembered_tail.hpp"
#include "collector/rollups.hpp"

namespace touchpoint::collector::pg {

// The rollup tables (run with the storage's schema). Drops the deltas of collectors from before
// the afternoon of 6 December 2026 (a database of theirs is rebuilt once: rollups_built() needs the snapshot).
extern const char* const kRollupSchema;

// Statements every connection of the storage's pool prepares (see the .cpp for each).
extern const PreparedStatement kRollupCompactLock;
extern const PreparedStatement kRollupTail;
extern const PreparedStatement kRollupTailPayloads;
extern const PreparedStatement kRollupRead;
extern const PreparedStatement kRollupWrite;  // rollup_params' five arrays, into shard 0
extern const PreparedStatement kRollupFoldedWrite;

// Readers: a survey's rows but its journey and segment rows ($1 survey, $2/$3 first and last day
// or ""); every cell's row of one grouping ($1), of one survey ($2, "" for all), or its fallback
// row ($3) where the cell has none of $1; the tail's responses of one survey ($1, "" for all).
// Run in one REPEATABLE READ transaction (kReadSnapshot): the rollups and the tail of one snapshot.
extern const PreparedStatement kReadSnapshot;
extern const PreparedStatement kRollupRows;
extern const PreparedStatement kRollupStates;
extern const PreparedStatement kReadTail;

// A rebuild: the compactors' lock, waited for (a round under way ends first, none starts until
// the rebuild ends); and, once responses are locked against inserts and every stored payload is
// folded, the statement that records the snapshot the rebuilt rollups hold.
extern const char* const kRollupRebuildLock;
extern const char* const kRollupFoldedNow;
// Rollups are built on PostgreSQL when rollup_meta holds kRollupsBuilt and the snapshot.
extern const char* const kRollupsBuiltCheck;  // $1 kRollupsBuilt: one row if built

// Rows as kRollupWrite's parameters.
void rollup_params(const std::vector<RollupRow>& rows, Params* p);
// A result's (survey, payload) rows, the tail a reader reads or the compactor reads back, folded
// as RollupFold::add_all_stored folds them.
void fold_stored_rows(RollupFold& fold, const Result& rows);

// The tail a reader folds, as rows of one more shard (kTailShard): its cells merge only with
// themselves, as the rollups' shards do.
constexpr int kTailShard = 1;

// The compactor of one collector: a thread that, once a second (or as soon as its writers have
// committed RememberedTail::kDefaultRoundAt responses since its last round, but at most about ten
// times a second), folds the tail into the rollups (shard 0) and records the snapshot it saw, in one
// transaction. The responses this process committed it takes from memory (remember); others' it
// reads back. Closing it runs a last round.
class RollupCompactor {
public:
    explicit RollupCompactor(Pool& pool);
    ~RollupCompactor();
    RollupCompactor(const RollupCompactor&) = delete;
    RollupCompactor& operator=(const RollupCompactor&) = delete;

    void start();
    // A transaction this process committed (its id, pg_current_xact_id) and its new responses, in
    // the writer's thread: kept for the next round (within RememberedTail's limit), which folds
    // them from memory instead of reading their payloads back and parsing them.
    void remember(std::int64_t tx, const std::vector<RollupFold::Response>& responses);
    // One round; false (and `error`) if it failed: the tail stays, still read, for the next.
    bool compact(std::string* error);

private:
    enum class Round { Compacted, Empty, Busy, Failed };
    Round fold_tail(PGconn* db, const RememberedTail::ByTransaction& mine, std::string* error);
    void loop();

    Pool& pool_;
    RollupFold compacted_;  // the kept cells of shard 0 (the compacting thread alone uses it)
    RememberedTail remembered_;
    std::mutex mu_;
    std::condition_variable wake_;
    bool closing_ = false;
    bool due_ = false;  // a round before its time (RememberedTail::round_due)
    std::thread thread_;
};

}  // namespace touchpoint::collector::pg
