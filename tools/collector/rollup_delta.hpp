// One PostgreSQL commit's own rollup cells (a delta, pg_rollups.hpp), folded by a writer that keeps
// this object from commit to commit.
//
// Why not a fresh RollupFold per commit: building and freeing its aggregators (their groupings,
// interners and group tables) was most of what rollups cost a commit — at a few responses per
// commit, more than scanning them. A delta keeps, per cell and set of rows, ONE aggregator of all
// the cell's rows (one_scan_groupings), cleared at the next commit (Aggregator::clear, which keeps
// its memory), so a commit in steady state allocates nothing to count: each payload is scanned
// once for all rows, and each row's text is written from its groupings (state_text(first, count)).
// The rows written are, byte for byte, those a fresh RollupFold given the same responses writes
// through its one scan (RollupFold::add_all), whatever the number of responses.
//
// The compactor adds the deltas its process committed into one such object (absorb: aggregators
// of the same rows merge), and turns it into a RollupFold once per round (fold_into).
#pragma once
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "collector/rollups.hpp"

namespace touchpoint::collector {

class RollupDelta {
public:
    // A new commit: forgets every count, keeping the aggregators (past kKeptRowSets of them, only
    // those the last commit used: a long-running writer does not grow as days go by).
    void clear();
    // The commit's new responses, in order.
    void add_all(const std::vector<RollupFold::Response>& responses);
    std::vector<RollupRow> rows() const;  // every touched cell's rows, as RollupFold::rows() orders them
    bool empty() const;
    std::vector<CellKey> cells() const;  // the touched cells, in key order

    // Adds another delta's counts to this one's (the compactor's deltas remembered since its last
    // round, kept as one). False (and `error`) if a state is refused.
    bool absorb(const RollupDelta& other, std::string* error);
    // Adds every touched cell to `fold`, as RollupFold::absorb adds another fold's cells.
    bool fold_into(RollupFold& fold, std::string* error) const;

    // Aggregators kept between commits: one per cell and set of rows, at most kKeptRowSets of them
    // plus those of the last commit (clear() drops the rest).
    static constexpr std::size_t kKeptRowSets = 64;
    std::size_t kept_row_sets() const { return rows_.size(); }

private:
    // One cell's rows beside the base and journey rows, by name (sorted): what keys its aggregator.
    using RowSet = std::tuple<CellKey, std::vector<std::string>, std::vector<std::string>>;
    struct Rows {
        Aggregator all;      // one_scan_groupings(answers, segments)
        bool used = false;   // counted in this commit (or, for the compactor's, ever)
        bool has_parts = false;
    };
    Rows& rows_for(const RowSet& set);
    void add_cell(const CellKey& key, const std::vector<const RollupFold::Response*>& responses);
    std::map<RowSet, Rows> rows_;
    RollupFold rest_;  // cells whose rows do not fit one aggregator (or are refused): row by row
};

}  // namespace touchpoint::collector
