// One commit's rollup cells, kept from commit to commit: see rollup_delta.hpp.
#include "collector/rollup_delta.hpp"

#include <algorithm>

namespace touchpoint::collector {

void RollupDelta::clear() {
    if (rows_.size() > kKeptRowSets) {
        for (auto it = rows_.begin(); it != rows_.end();) it = it->second.used ? std::next(it) : rows_.erase(it);
    }
    for (auto& entry : rows_) {
        if (entry.second.used) entry.second.all.clear();
        entry.second.used = false;
    }
    if (!rest_.empty()) rest_ = RollupFold();
}

RollupDelta::Rows& RollupDelta::rows_for(const RowSet& set) {
    auto at = rows_.find(set);
    if (at != rows_.end()) return at->second;
    const auto& answers = std::get<1>(set);
    Rows rows{Aggregator::for_groupings(one_scan_groupings(answers, std::get<2>(set))), false,
              std::any_of(answers.begin(), answers.end(), is_part_row)};
    return rows_.emplace(set, std::move(rows)).first->second;
}

void RollupDelta::add_all(const std::vector<RollupFold::Response>& responses) {
    if (responses.empty()) return;
    auto key_of = [](const RollupFold::Response& r) { return CellKey{*r.survey, r.facts->day, r.facts->locale, 0}; };
    std::vector<const RollupFold::Response*> list;
    const CellKey first = key_of(responses.front());
    for (const RollupFold::Response& r : responses) {
        if (*r.survey != first.survey || r.facts->day != first.day || r.facts->locale != first.locale) break;
        list.push_back(&r);
    }
    if (list.size() == responses.size()) return add_cell(first, list);  // one cell, the usual commit: no map
    std::map<CellKey, std::vector<const RollupFold::Response*>> by_cell;  // each cell's responses in order
    for (const RollupFold::Response& r : responses) by_cell[key_of(r)].push_back(&r);
    for (const auto& [key, cell_list] : by_cell) add_cell(key, cell_list);
}

void RollupDelta::add_cell(const CellKey& key, const std::vector<const RollupFold::Response*>& list) {
    std::vector<std::string> answers, segments;
    rows_needed(list, &answers, &segments);
    Rows* rows = nullptr;
    if (rows_fit_one_aggregator(answers, segments)) {
        std::sort(answers.begin(), answers.end());  // the rows' order in a cell (RollupFold::rows)
        std::sort(segments.begin(), segments.end());
        rows = &rows_for(RowSet{key, std::move(answers), std::move(segments)});
        if (!rows->all.ok()) rows = nullptr;  // a name the core cannot group by: row by row, which leaves it out
    }
    if (!rows) {
        std::vector<RollupFold::Response> own;
        for (const RollupFold::Response* r : list) own.push_back(*r);
        rest_.add_all(own);
        return;
    }
    rows->used = true;
    add_in_one_scan_to(rows->all, list, rows->has_parts);
}

std::vector<RollupRow> RollupDelta::rows() const {
    std::vector<RollupRow> out;
    out.reserve(8);
    for (const auto& [set, rows] : rows_) {
        if (!rows.used) continue;
        const CellKey& cell = std::get<0>(set);
        const std::size_t base = rollup_base_groupings().size();
        out.push_back({cell, "", rows.all.state_text(0, base)});
        out.push_back({cell, kJourneyGrouping, rows.all.state_text(base, 1)});
        std::size_t next = base + 1;
        for (const std::string& grouping : std::get<1>(set)) out.push_back({cell, grouping, rows.all.state_text(next++, 1)});
        for (const std::string& grouping : std::get<2>(set)) out.push_back({cell, grouping, rows.all.state_text(next++, 1)});
    }
    if (rest_.empty()) return out;  // rows_ is in cell order already
    std::vector<RollupRow> rest = rest_.rows();
    out.insert(out.end(), std::make_move_iterator(rest.begin()), std::make_move_iterator(rest.end()));
    std::stable_sort(out.begin(), out.end(), [](const RollupRow& a, const RollupRow& b) { return a.cell < b.cell; });
    return out;
}

bool RollupDelta::empty() const {
    return rest_.empty() && std::none_of(rows_.begin(), rows_.end(), [](const auto& entry) { return entry.second.used; });
}

std::vector<CellKey> RollupDelta::cells() const {
    std::vector<CellKey> out = rest_.cells();
    for (const auto& [set, rows] : rows_)
        if (rows.used) out.push_back(std::get<0>(set));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end(), [](const CellKey& a, const CellKey& b) { return !(a < b) && !(b < a); }), out.end());
    return out;
}

bool RollupDelta::absorb(const RollupDelta& other, std::string* error) {
    for (const auto& [set, rows] : other.rows_) {
        if (!rows.used) continue;
        Rows& mine = rows_for(set);
        if (!mine.all.merge(rows.all, error)) return false;
        mine.used = true;
    }
    return rest_.absorb(other.rest_, error);
}

bool RollupDelta::fold_into(RollupFold& fold, std::string* error) const {
    for (const auto& [set, rows] : rows_) {
        if (!rows.used) continue;
        const auto& [cell, answers, segments] = set;
        Aggregator copy = Aggregator::for_groupings(one_scan_groupings(answers, segments));  // split() takes its aggregator
        if (!copy.merge(rows.all, error)) return false;
        RollupFold one;
        one.adopt(cell, std::move(copy), answers, segments);
        if (!fold.absorb(one, error)) return false;
    }
    return fold.absorb(rest_, error);
}

}  // namespace touchpoint::collector
