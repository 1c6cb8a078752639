// The results rollups on PostgreSQL (rollups.hpp for what a cell holds): commits store their own
// cells as deltas, one row each, and a compactor in every collector folds them into the rollups
// about once a second. pg_store.cpp uses this; tools/collector/README.md, "Deltas on
// PostgreSQL", says why.
#pragma once
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "collector/pg_conn.hpp"
#include "collector/rollup_delta.hpp"
#include "collector/rollups.hpp"

namespace touchpoint::collector::pg {

// The rollup tables, their sequence and the view readers read (run with the storage's schema).
extern const char* const kRollupSchema;

// Statements every connection of the storage's pool prepares (see the .cpp for each).
extern const PreparedStatement kRollupDeltaWrite;  // $1 the writer (RollupCompactor::writer_id), $2 delta_cells_text; RETURNING delta

// The statement that stores a group's responses and their delta at once: one statement a commit
// fewer than the INSERT and kRollupDeltaWrite apart (2-3% more single posts a second with rollups
// on, most of it the collector's: a statement fewer to send and results fewer to read). `insert`
// is an INSERT of the responses, RETURNING id, with the parameters $1 to $(writer_param - 1);
// $writer_param and the next are kRollupDeltaWrite's, the one after them how many responses the
// delta folded: the delta is written only if the INSERT returned that many rows (none was already
// stored; otherwise the caller folds the new ones again and writes them with kRollupDeltaWrite).
// Rows: id, and the delta's number (NULL if it was not written).
std::string with_delta_write(const std::string& insert, int writer_param);
extern const PreparedStatement kRollupCompactLock;
extern const PreparedStatement kRollupTakeDeltas;
extern const PreparedStatement kRollupRead;
extern const PreparedStatement kRollupWrite;  // rollup_params' five arrays, into shard 0

// Readers, through the view rollup_cells (the rollups and every delta's cells, one snapshot):
// a survey's rows but its journey and segment rows ($1 survey, $2/$3 first and last day or "");
// every cell's row of one grouping ($1), of one survey ($2, "" for all), or its fallback row ($3)
// where the cell has none of $1.
extern const char* const kRollupRows;
extern const char* const kRollupStates;

// Rows as kRollupWrite's parameters.
void rollup_params(const std::vector<RollupRow>& rows, Params* p);
// A delta's text (rollup_deltas.cells): a JSON array of its rows, each [survey, day, locale,
// grouping, state] with the state as a JSON value, so the view rollup_cells reads them apart.
std::string delta_cells_text(const std::vector<RollupRow>& rows);

// The compactor of one collector: a thread that, about once a second, takes this process's
// committed deltas (and any older than 10 s: a stopped collector's) and adds them to their cells
// in shard 0, in one transaction. Closing it compacts this process's last deltas.
class RollupCompactor {
public:
    explicit RollupCompactor(Pool& pool);
    ~RollupCompactor();
    RollupCompactor(const RollupCompactor&) = delete;
    RollupCompactor& operator=(const RollupCompactor&) = delete;

    void start();
    // This process's number in rollup_deltas.writer.
    const std::string& writer_id() const { return writer_id_; }
    // A delta this process committed, as its writer folded it: added, in the writer's thread, to
    // the counts of every delta not yet compacted (one RollupDelta), which the next round absorbs
    // from memory instead of parsing their text back.
    void remember(int delta, const RollupDelta& fold);
    // One round; false (and `error`) if it failed: the deltas stay, still read, for the next.
    bool compact(std::string* error);

private:
    // The deltas remembered since the last round: their counts together, and their numbers.
    struct Remembered {
        RollupDelta fold;
        std::vector<int> ids;
    };
    enum class Round { Compacted, Empty, Busy, Failed, Unlisted };
    Round take_and_compact(PGconn* db, const Remembered& mine, bool from_text, std::string* error);
    void vacuum_deltas(PGconn* db);
    void loop();

    Pool& pool_;
    const std::string writer_id_;
    RollupFold compacted_;  // the kept cells of shard 0 (the compacting thread alone uses it)
    std::mutex remembered_mu_;
    Remembered remembered_;
    std::mutex mu_;
    std::condition_variable wake_;
    bool closing_ = false;
    bool vacuum_failed_ = false;  // said once
    std::thread thread_;
};

}  // namespace touchpoint::collector::pg
