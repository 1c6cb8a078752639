// Results rollups: the core's mergeable aggregate state (Aggregator::state, "aggregate-state/1"),
// kept per cell = (survey, UTC day, locale) and updated in the same transaction as the responses,
// so the results page merges a few hundred small states instead of scanning every payload.
//
// A cell holds one row per grouping: "" (the base: the total, by day, by locale: the results
// page's default view), "journey" (by survey, version, map, stage, touchpoint, locale and day: what
// GET /v1/aggregates regroups into the heat map's groupings, Aggregator::merge_state_regrouped)
// "answer.<qid>" for every question answered in the cell so far, and "answer.<qid>/<part>" for
// every part of an answer seen in it (a matrix row, a ranking item: Aggregator::part_keys; the
// results page shows those questions part by part). A question's (or part's) row starts when its
// first answer arrives in the cell; the responses counted before lacked it, so they join its null
// group (Aggregator::merge_state_as_missing), and a cell with no row for a question or part
// contributes its base the same way when read. "segment.<name>" (the journey keys and that
// segment) for every segment of the payloads' context.segment seen in the cell: it starts with the
// first response that has it, the cell's journey row so far joining it as its null group
// (Aggregator::merge_state_regrouped with the segment absent), and a cell without it contributes
// its journey row the same way; GET /v1/aggregates answers groupings by one segment from these.
// A cell keeps at most kMaxSegmentRows segment rows (segment names come from the page, unchecked):
// past them it holds the row kMoreSegments instead, and groupings by a segment of that survey scan.
// Every number is the core's: the
// collector only decides which states to merge (tools/collector/README.md, "Results rollups").
//
// [SECTION] Keys
// [SECTION] Folding responses into cells
// [SECTION] Reading
#pragma once
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "collector/rollup_facts.hpp"
#include "touchpoint/aggregate/aggregator.hpp"

namespace touchpoint::collector {

// [SECTION] Keys -------------------------------------------------------------------------------

// The journey row (see the top): its grouping's name and keys.
extern const char* const kJourneyGrouping;
const std::vector<std::string>& rollup_journey_keys();
// A segment row ("segment.<name>", see the top): its keys, the journey keys and that segment.
bool is_segment_grouping(const std::string& grouping);
std::vector<std::string> rollup_segment_keys(const std::string& grouping);
constexpr std::size_t kMaxSegmentRows = 16;
extern const char* const kMoreSegments;  // the marker row of a cell that saw more segments ("{}")
// Question ids and parts come from the payload, unchecked, too: a cell keeps at most
// kMaxAnswerRows answer and part rows, past them the row kMoreAnswers, and the results page of
// that survey scans.
constexpr std::size_t kMaxAnswerRows = 256;
extern const char* const kMoreAnswers;

// What both stores write in their rollup marker once the rollups are built; a database whose
// marker says anything else (older rollups, or none) gets them rebuilt when opened. Change it
// whenever the rows a cell holds change.
extern const char* const kRollupsBuilt;

// A cell. On PostgreSQL the rollups are shard 0 and a reader's fold of the tail, the responses
// committed since, is shard 1 (pg_rollups.hpp):
// each is a cell of its own, whose rows merge only with rows of the same shard. SQLite has one (0).
struct CellKey {
    std::string survey, day, locale;
    int shard = 0;
    bool operator<(const CellKey& o) const {
        return std::tie(survey, day, locale, shard) < std::tie(o.survey, o.day, o.locale, o.shard);
    }
};

// One stored row: a cell's grouping ("", "journey", "answer.<qid>", "answer.<qid>/<part>" or
// "segment.<name>") and
// its state as JSON text.
struct RollupRow {
    CellKey cell;
    std::string grouping;
    std::string state;
};

// [SECTION] Folding responses into cells -------------------------------------------------------

// A cell's rows in one aggregator, so each payload is scanned once for all of them (Aggregator::
// for_groupings; split or written row by row with state_text(first, count)): the base row's
// groupings, the journey row's, then one grouping per answer (or part) row and per segment row,
// in the order given. Only while they fit (Aggregator::kMaxGroupings).
bool rows_fit_one_aggregator(const std::vector<std::string>& answers, const std::vector<std::string>& segments);
std::vector<std::vector<std::string>> one_scan_groupings(const std::vector<std::string>& answers, const std::vector<std::string>& segments);

// The live aggregators of the cells a commit (or a rebuild) touches: load the stored rows of the
// cells, add the new responses in commit order, write back rows().
//
// A writer keeps its fold between commits (resume, take_rows), so a commit adds its responses to
// live aggregators instead of parsing every stored state of the cells it touches and merging it
// into fresh ones. A kept cell carries on only while its stored rows are exactly the text this
// fold last wrote for it, compared when the transaction reads them: a rolled-back commit, another
// writer (a second collector or PostgreSQL compactor) or a rebuild leave
// other text, and the cell is loaded again from what is stored.
class RollupFold {
public:
    // A stored row of a cell about to change; false (and `error`) if its state is refused.
    bool load(const RollupRow& row, std::string* error);
    void add(const std::string& survey, const std::string& payload, const RollupFacts& facts);
    // A stored payload, its rollup facts read from its text (rollup_facts_of_text): a rebuild.
    void add_stored(const std::string& survey, const std::string& payload);
    // Several responses, in order, as add() adds them one by one. For a cell this fold does not
    // hold yet (a round of PostgreSQL's compactor, folded apart and then absorbed) that gets at least kOneScanFrom of them,
    // and whose rows fit in one aggregator (Aggregator::kMaxGroupings: the base's 3, the journey's
    // and 12 answer, part or segment rows), each payload is scanned once for all the cell's rows
    // rather than once per row, and the aggregator split into the rows (Aggregator::split).
    struct Response {
        const std::string* survey;
        const std::string* payload;
        const RollupFacts* facts;
    };
    void add_all(const std::vector<Response>& responses);
    // Stored payloads, (survey, payload) in order, as add_all adds them, their facts read from
    // their text: a reader of PostgreSQL's tail, its compactor's read-backs.
    void add_all_stored(const std::vector<std::pair<std::string, std::string>>& stored);
    std::vector<RollupRow> rows() const;  // every touched cell's rows, as they now are
    bool empty() const { return cells_.empty(); }
    std::vector<CellKey> cells() const;

    // Stored rows of a cell: (grouping, state text).
    using StoredRows = std::vector<std::pair<std::string, std::string>>;
    // The cells a commit will add to, each with every row stored for it (none for a new cell),
    // read in the commit's transaction: a kept cell carries on if they are what this fold last
    // wrote, any other is loaded from them. False (and `error`) if a stored state is refused.
    // `trust_kept`: the caller knows nothing but this fold's committed writes changed the store
    // since its last resume (SQLite: PRAGMA data_version): a kept cell carries on without its
    // stored rows, which the caller need not read (keeps()): a cell of several MB then costs no
    // read per commit. Without it, every kept cell is compared with what is stored when next touched.
    bool resume(const std::map<CellKey, StoredRows>& cells, std::string* error, bool trust_kept = false);
    bool keeps(const CellKey& cell) const;  // a cell this fold holds as it last wrote it
    // Adds another cell's stored rows (every row of one cell: PostgreSQL's commits store their
    // responses as such cells, compacted later, pg_rollups.hpp) to the cell `into`, as if its
    // responses were added here: a row only one side has counts the other side's responses in
    // its null group (merge_state_as_missing; a segment row regrouped from the journey row), and
    // the limits of add() hold. False (and `error`) if a state is refused or the base or journey
    // row is missing.
    bool absorb(const CellKey& into, const StoredRows& rows, std::string* error);
    // The same for every cell of another fold, into the cells of the same keys: what a commit
    // folded in memory, absorbed without writing and parsing its rows' text.
    bool absorb(const RollupFold& other, std::string* error);
    // The rows of the cells resumed, as they now are, remembered as written. Beyond kKeptCells,
    // cells this commit did not touch are dropped (older days stop changing).
    std::vector<RollupRow> take_rows();

private:
    static constexpr std::size_t kKeptCells = 1024;
    // Below this, building one aggregator of every row and splitting it costs more than the scans
    // it saves (measured: about even at 3 responses of the load benchmark's payload, 0.8 us less
    // per response at 7, half the cost at 16).
    static constexpr std::size_t kOneScanFrom = 3;
    struct Cell {
        Cell() = default;
        Cell(Aggregator base_row, Aggregator journey_row) : base(std::move(base_row)), journey(std::move(journey_row)) {}  // add_in_one_scan's
        Aggregator base = base_aggregator();
        Aggregator journey = Aggregator(rollup_journey_keys());
        std::map<std::string, Aggregator> answers;   // "answer.<qid>" or "answer.<qid>/<part>" -> its grouping
        std::map<std::string, Aggregator> segments;  // "segment.<name>" -> by the journey keys and it
        bool more_segments = false;                  // a segment beyond kMaxSegmentRows arrived
        bool more_answers = false;                   // a question or part beyond kMaxAnswerRows arrived
        std::map<std::string, std::string> written;  // grouping -> the state text last written
        bool unchecked = false;  // since resume() without trust_kept, not yet compared with what is stored
    };
    static Aggregator base_aggregator();
    // A new cell from one aggregator of its rows (one_scan_groupings(answers, segments)), split into them.
    void adopt(const CellKey& key, Aggregator all, const std::vector<std::string>& answers, const std::vector<std::string>& segments);
    // add_all's one scan for a new cell; false (nothing added) if its rows do not fit in one aggregator.
    bool add_in_one_scan(const CellKey& key, const std::vector<const Response*>& responses);
    static bool absorb_cell(Cell& cell, const Cell& from, std::string* error);
    // A cell's row for an answer (or part) or a segment grouping, started when first needed: the
    // responses counted before lacked it. Null past the cell's limit (then marked) or for a
    // grouping the core refuses.
    static Aggregator* answer_row(Cell& cell, const std::string& grouping);
    static Aggregator* segment_row(Cell& cell, const std::string& grouping);
    template <class Visit>
    static void each_row(const Cell& cell, Visit visit);
    std::map<CellKey, Cell> cells_;
    std::vector<CellKey> resumed_;  // in key order
};

// The answer (or part) and segment rows the responses of one cell need, each named once, in the
// order they first appear (what RollupFold::add starts for each): the rows of a cell that gets them all at once.
void rows_needed(const std::vector<const RollupFold::Response*>& responses, std::vector<std::string>* answers,
                 std::vector<std::string>* segments);
// Adds the responses, in order, to one aggregator of a cell's rows (one_scan_groupings): each payload
// scanned once.
void add_in_one_scan_to(Aggregator& all, const std::vector<const RollupFold::Response*>& responses);

// [SECTION] Reading ----------------------------------------------------------------------------

// Whether rows read for the results page hold every answer and part: false if a cell among them
// went past kMaxAnswerRows (the page then scans).
bool rollups_hold_every_answer(const std::vector<RollupRow>& rows);

// Whether a results filter can be answered from rollups: whole UTC days and the locale are cell
// keys; any other where= key (answers, segments, journey) needs the payloads. Fills the locales
// to keep (empty = all).
bool rollups_answer(const AggregateFilter& filter, std::vector<std::string>* locales);

// The rows of the cells to read, merged: `base` must group as the base rows ({}, {day}, {locale});
// answers[i] groups by {"answer.<qid>"} or {"answer.<qid>/<part>"} alone. False (and `error`) on a refused state.
bool merge_rollups(const std::vector<RollupRow>& rows, Aggregator& base, std::vector<Aggregator*>& answers, std::string* error);

// The groupings of the base row, in order.
const std::vector<std::vector<std::string>>& rollup_base_groupings();

}  // namespace touchpoint::collector
