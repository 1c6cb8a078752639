// Results rollups: see rollups.hpp.
#include "collector/rollups.hpp"

#include <algorithm>
#include <iterator>

namespace touchpoint::collector {

using nlohmann::json;

// [SECTION] Keys -------------------------------------------------------------------------------

const std::vector<std::vector<std::string>>& rollup_base_groupings() {
    static const std::vector<std::vector<std::string>> kBase = {{}, {"day"}, {"locale"}};
    return kBase;
}

const char* const kJourneyGrouping = "journey";
const char* const kRollupsBuilt = "aggregate-state/1 per survey, day, locale; journey rows with versions; answer parts; segment rows";

const std::vector<std::string>& rollup_journey_keys() {
    static const std::vector<std::string> kKeys = {"survey", "version", "map", "stage", "touchpoint", "locale", "day"};
    return kKeys;
}

bool is_segment_grouping(const std::string& grouping) { return grouping.rfind("segment.", 0) == 0; }

const char* const kMoreSegments = "more-segments";
const char* const kMoreAnswers = "more-answers";

std::vector<std::string> rollup_segment_keys(const std::string& grouping) {
    std::vector<std::string> keys = rollup_journey_keys();
    keys.push_back(grouping);
    return keys;
}

// [SECTION] Folding responses into cells -------------------------------------------------------

Aggregator RollupFold::base_aggregator() { return Aggregator::for_groupings(rollup_base_groupings()); }

namespace {

// A stored answer or segment row: into `rows` under its grouping, an aggregator by `keys`.
bool load_row(std::map<std::string, Aggregator>& rows, const std::string& grouping, std::vector<std::string> keys,
              const json& state, std::string* error) {
    auto at = rows.emplace(grouping, Aggregator(std::move(keys))).first;
    if (!at->second.ok()) {
        if (error) *error = at->second.error();
        return false;
    }
    return at->second.merge_state(state, error);
}

// Nothing added or merged yet: starting a row from its state (merge_state_as_missing, a regroup)
// would add nothing, so the state need not be built and read back.
bool counted_nothing(const Aggregator& a) { return a.responses(0) == 0 && a.bad_line_count(0) == 0 && a.fallback_count() == 0; }

// The rows a response needs beside the base and journey rows, by grouping name: answer(grouping)
// for each question and part it answers, segment(grouping) for each segment it has.
template <class Answer, class Segment>
void each_row_of(const RollupFacts& facts, Answer answer, Segment segment) {
    for (const std::string& qid : facts.answered) answer("answer." + qid);
    for (const std::string& part : facts.parts) answer(part);
    for (const std::string& name : facts.segments) segment("segment." + name);
}

}  // namespace

// Every row of a cell as it now is, in the order the stores write them: visit(grouping, text).
template <class Visit>
void RollupFold::each_row(const Cell& cell, Visit visit) {
    visit("", cell.base.state_text());
    visit(kJourneyGrouping, cell.journey.state_text());
    for (const auto& [grouping, a] : cell.answers) visit(grouping, a.state_text());
    for (const auto& [grouping, a] : cell.segments) visit(grouping, a.state_text());
    if (cell.more_segments) visit(kMoreSegments, "{}");
    if (cell.more_answers) visit(kMoreAnswers, "{}");
}

bool RollupFold::load(const RollupRow& row, std::string* error) {
    const json state = json::parse(row.state, nullptr, false);
    Cell& cell = cells_[row.cell];
    if (row.grouping.empty()) return cell.base.merge_state(state, error);
    if (row.grouping == kJourneyGrouping) return cell.journey.merge_state(state, error);
    if (row.grouping == kMoreSegments) return cell.more_segments = true;
    if (row.grouping == kMoreAnswers) return cell.more_answers = true;
    if (is_segment_grouping(row.grouping)) return load_row(cell.segments, row.grouping, rollup_segment_keys(row.grouping), state, error);
    return load_row(cell.answers, row.grouping, {row.grouping}, state, error);
}

Aggregator* RollupFold::answer_row(Cell& cell, const std::string& grouping) {
    const auto at = cell.answers.find(grouping);
    if (at != cell.answers.end()) return &at->second;
    if (cell.answers.size() >= kMaxAnswerRows) {
        cell.more_answers = true;
        return nullptr;
    }
    Aggregator first({grouping});
    if (!first.ok()) return nullptr;  // a question id the core cannot group by: the scan path shows it
    // Everything counted so far lacked it.
    if (!counted_nothing(cell.base) && !first.merge_state_as_missing(cell.base.state())) return nullptr;
    return &cell.answers.emplace(grouping, std::move(first)).first->second;
}

Aggregator* RollupFold::segment_row(Cell& cell, const std::string& grouping) {
    const auto at = cell.segments.find(grouping);
    if (at != cell.segments.end()) return &at->second;
    if (cell.segments.size() >= kMaxSegmentRows) {
        cell.more_segments = true;
        return nullptr;
    }
    Aggregator first(rollup_segment_keys(grouping));
    if (!first.ok()) return nullptr;  // a name the core cannot group by: the scan path shows it
    // Everything counted so far lacked it: the journey row so far, as its null group.
    if (!counted_nothing(cell.journey) && !first.merge_state_regrouped(cell.journey.state(), nullptr, {grouping})) return nullptr;
    return &cell.segments.emplace(grouping, std::move(first)).first->second;
}

void RollupFold::add(const std::string& survey, const std::string& payload, const RollupFacts& facts) {
    Cell& cell = cells_[CellKey{survey, facts.day, facts.locale, 0}];
    each_row_of(facts, [&](const std::string& grouping) { answer_row(cell, grouping); },
                [&](const std::string& grouping) { segment_row(cell, grouping); });
    // Stored payloads passed validation; one the core still refuses is counted bad, as a scan would.
    // Each row's aggregator scans the payload: the core's line scan reads a matrix's rows and a
    // ranking's items too. (Until 7 December 2026 it did not, and a cell with part rows parsed each
    // payload once for all its rows instead: 3,000 cx-maturity payloads in one cell took 867 million
    // instructions that way, 646 million scanned row by row.)
    cell.base.add_line(payload);
    cell.journey.add_line(payload);
    for (auto& entry : cell.answers) entry.second.add_line(payload);
    for (auto& entry : cell.segments) entry.second.add_line(payload);
}

void RollupFold::add_stored(const std::string& survey, const std::string& payload) { add(survey, payload, rollup_facts_of_text(payload)); }

void RollupFold::add_all_stored(const std::vector<std::pair<std::string, std::string>>& stored) {
    std::vector<RollupFacts> facts;
    facts.reserve(stored.size());
    for (const auto& [survey, payload] : stored) facts.push_back(rollup_facts_of_text(payload));
    std::vector<Response> responses;
    responses.reserve(stored.size());
    for (std::size_t i = 0; i < stored.size(); ++i) responses.push_back({&stored[i].first, &stored[i].second, &facts[i]});
    add_all(responses);
}

void RollupFold::add_all(const std::vector<Response>& responses) {
    std::map<CellKey, std::vector<const Response*>> by_cell;  // each cell's responses in order
    for (const Response& r : responses) by_cell[CellKey{*r.survey, r.facts->day, r.facts->locale, 0}].push_back(&r);
    for (const auto& [key, list] : by_cell) {
        if (cells_.count(key) || list.size() < kOneScanFrom || !add_in_one_scan(key, list))
            for (const Response* r : list) add(*r->survey, *r->payload, *r->facts);
    }
}

bool RollupFold::add_in_one_scan(const CellKey& key, const std::vector<const Response*>& responses) {
    // The rows add() would start, as it names them. Starting one late (merge_state_as_missing,
    // a regroup with the segment absent) counts the responses before it in its null group, which
    // is where one aggregator with every grouping from the start counts them.
    std::vector<std::string> answers, segments;
    rows_needed(responses, &answers, &segments);
    if (!rows_fit_one_aggregator(answers, segments)) return false;
    Aggregator all = Aggregator::for_groupings(one_scan_groupings(answers, segments));
    if (!all.ok()) return false;  // a name the core cannot group by, or more than it takes in one: add() row by row
    add_in_one_scan_to(all, responses);
    adopt(key, std::move(all), answers, segments);
    return true;
}

void rows_needed(const std::vector<const RollupFold::Response*>& responses, std::vector<std::string>* answers, std::vector<std::string>* segments) {
    auto note = [](std::vector<std::string>* names) {
        return [names](const std::string& name) {
            if (std::find(names->begin(), names->end(), name) == names->end()) names->push_back(name);
        };
    };
    for (const RollupFold::Response* r : responses) each_row_of(*r->facts, note(answers), note(segments));
}

void add_in_one_scan_to(Aggregator& all, const std::vector<const RollupFold::Response*>& responses) {
    for (const RollupFold::Response* r : responses) all.add_line(*r->payload);
}

bool rows_fit_one_aggregator(const std::vector<std::string>& answers, const std::vector<std::string>& segments) {
    return rollup_base_groupings().size() + 1 + answers.size() + segments.size() <= Aggregator::kMaxGroupings;
}

std::vector<std::vector<std::string>> one_scan_groupings(const std::vector<std::string>& answers, const std::vector<std::string>& segments) {
    std::vector<std::vector<std::string>> groupings = rollup_base_groupings();
    groupings.push_back(rollup_journey_keys());
    for (const std::string& grouping : answers) groupings.push_back({grouping});
    for (const std::string& grouping : segments) groupings.push_back(rollup_segment_keys(grouping));
    return groupings;
}

void RollupFold::adopt(const CellKey& key, Aggregator all, const std::vector<std::string>& answers, const std::vector<std::string>& segments) {
    std::vector<std::size_t> counts = {rollup_base_groupings().size(), 1};
    counts.resize(2 + answers.size() + segments.size(), 1);
    std::vector<Aggregator> rows = std::move(all).split(counts);
    Cell& cell = cells_.emplace(key, Cell(std::move(rows[0]), std::move(rows[1]))).first->second;  // not built twice
    for (std::size_t i = 0; i < answers.size(); ++i) cell.answers.emplace(answers[i], std::move(rows[2 + i]));
    for (std::size_t i = 0; i < segments.size(); ++i) cell.segments.emplace(segments[i], std::move(rows[2 + answers.size() + i]));
}

std::vector<RollupRow> RollupFold::rows() const {
    std::vector<RollupRow> out;
    for (const auto& [key, cell] : cells_)
        each_row(cell, [&, &key = key](const std::string& grouping, std::string text) { out.push_back({key, grouping, std::move(text)}); });
    return out;
}

bool RollupFold::absorb(const CellKey& into, const StoredRows& rows, std::string* error) {
    RollupFold other;  // the rows as a cell of their own, each state parsed and checked once
    const CellKey key{into.survey, into.day, into.locale, 0};
    bool base = false, journey = false;
    for (const auto& [grouping, state] : rows) {
        base = base || grouping.empty();
        journey = journey || grouping == kJourneyGrouping;
        if (!other.load({key, grouping, state}, error)) return false;
    }
    if (!base || !journey) {
        if (error) *error = "a rollup cell of " + into.survey + " on " + into.day + " has no base or journey row";
        return false;
    }
    return absorb_cell(cells_[into], other.cells_[key], error);
}

bool RollupFold::absorb(const RollupFold& other, std::string* error) {
    for (const auto& [key, from] : other.cells_)
        if (!absorb_cell(cells_[key], from, error)) return false;
    return true;
}

bool RollupFold::absorb_cell(Cell& cell, const Cell& from, std::string* error) {
    // Rows only this cell has: the other's responses lacked them (its states built only if needed).
    json from_base, from_journey;
    for (auto& [grouping, a] : cell.answers) {
        if (from.answers.count(grouping)) continue;
        if (from_base.is_null()) from_base = from.base.state();
        if (!a.merge_state_as_missing(from_base, error)) return false;
    }
    for (auto& [grouping, a] : cell.segments) {
        if (from.segments.count(grouping)) continue;
        if (from_journey.is_null()) from_journey = from.journey.state();
        if (!a.merge_state_regrouped(from_journey, error, {grouping})) return false;
    }
    // Rows only the other has start as add() starts them (before this cell's base and journey
    // rows take the other's).
    for (const auto& [grouping, a] : from.answers) {
        Aggregator* row = answer_row(cell, grouping);
        if (row && !row->merge(a, error)) return false;
    }
    for (const auto& [grouping, a] : from.segments) {
        Aggregator* row = segment_row(cell, grouping);
        if (row && !row->merge(a, error)) return false;
    }
    cell.more_answers = cell.more_answers || from.more_answers;
    cell.more_segments = cell.more_segments || from.more_segments;
    return cell.base.merge(from.base, error) && cell.journey.merge(from.journey, error);
}

bool RollupFold::keeps(const CellKey& cell) const {
    const auto kept = cells_.find(cell);
    return kept != cells_.end() && !kept->second.written.empty() && !kept->second.unchecked;
}

bool RollupFold::resume(const std::map<CellKey, StoredRows>& cells, std::string* error, bool trust_kept) {
    resumed_.clear();
    if (!trust_kept) {  // something else may have written any cell: each is compared when next touched
        for (auto& entry : cells_) entry.second.unchecked = true;
    }
    for (const auto& [key, stored] : cells) {
        resumed_.push_back(key);  // in key order: take_rows looks them up
        auto kept = cells_.find(key);
        if (kept != cells_.end()) {
            const auto& written = kept->second.written;
            if (trust_kept && !written.empty() && !kept->second.unchecked) continue;
            bool same = !written.empty() && written.size() == stored.size();
            for (std::size_t i = 0; same && i < stored.size(); ++i) {
                const auto found = written.find(stored[i].first);
                same = found != written.end() && found->second == stored[i].second;
            }
            if (same) {
                kept->second.unchecked = false;
                continue;
            }
            cells_.erase(kept);
        }
        cells_[key];  // a cell with no stored row starts empty
        for (const auto& [grouping, state] : stored) {
            if (!load({key, grouping, state}, error)) {
                cells_.erase(key);
                resumed_.clear();
                return false;
            }
        }
    }
    return true;
}

std::vector<RollupRow> RollupFold::take_rows() {
    std::vector<RollupRow> out;
    for (const CellKey& key : resumed_) {
        auto at = cells_.find(key);
        if (at == cells_.end()) continue;
        Cell& cell = at->second;
        each_row(cell, [&](const std::string& grouping, std::string text) {
            cell.written[grouping] = text;
            out.push_back({key, grouping, std::move(text)});
        });
    }
    if (cells_.size() > kKeptCells) {
        for (auto it = cells_.begin(); it != cells_.end();) {
            it = std::binary_search(resumed_.begin(), resumed_.end(), it->first) ? std::next(it) : cells_.erase(it);
        }
    }
    resumed_.clear();
    return out;
}

std::vector<CellKey> RollupFold::cells() const {
    std::vector<CellKey> out;
    for (const auto& entry : cells_) out.push_back(entry.first);
    return out;
}

// [SECTION] Reading ----------------------------------------------------------------------------

bool rollups_hold_every_answer(const std::vector<RollupRow>& rows) {
    return std::none_of(rows.begin(), rows.end(), [](const RollupRow& row) { return row.grouping == kMoreAnswers; });
}

bool rollups_answer(const AggregateFilter& filter, std::vector<std::string>* locales) {
    locales->clear();
    if (!filter.any.empty()) return false;  // "any of these keys": answers or segments, in the payloads
    for (const auto& [key, value] : filter.where) {
        if (key != "locale" || value.empty()) return false;
        locales->push_back(value);
    }
    return true;
}

bool merge_rollups(const std::vector<RollupRow>& rows, Aggregator& base, std::vector<Aggregator*>& answers, std::string* error) {
    // Rows come cell by cell; a cell's base comes with its answer rows (any order within the cell).
    std::map<CellKey, std::pair<const RollupRow*, std::map<std::string, const RollupRow*>>> cells;
    for (const RollupRow& row : rows) {
        auto& cell = cells[row.cell];
        if (row.grouping.empty()) cell.first = &row;
        else cell.second[row.grouping] = &row;
    }
    for (const auto& [key, cell] : cells) {
        if (!cell.first) {
            if (error) *error = "a rollup cell of " + key.survey + " on " + key.day + " has no base row";
            return false;
        }
        const json base_state = json::parse(cell.first->state, nullptr, false);
        if (!base.merge_state(base_state, error)) return false;
        for (Aggregator* a : answers) {
            const auto found = cell.second.find(a->grouping_keys(0).front());
            const bool ok = found == cell.second.end() ? a->merge_state_as_missing(base_state, error)
                                                       : a->merge_state(json::parse(found->second->state, nullptr, false), error);
            if (!ok) return false;
        }
    }
    return true;
}

}  // namespace touchpoint::collector
