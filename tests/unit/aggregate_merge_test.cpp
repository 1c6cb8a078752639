// Mergeable aggregation: the input split anywhere (at line ends), each part aggregated alone and
// merged in order, gives exactly the one-pass result — groups, numbers, response and bad-line
// counts, bad line numbers — for every grouping shape, directly (merge) and through the
// serialized state (state / merge_state). Mismatched groupings and malformed states are refused
// with a pointer.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "aggregate_fixtures.hpp"
#include "touchpoint/aggregate/aggregator.hpp"
#include "touchpoint/base/json_text.hpp"

using nlohmann::json;
using touchpoint::Aggregator;

using namespace aggregate_fixtures;

namespace {

using Groupings = std::vector<std::vector<std::string>>;

const Groupings kMergedGroupings = {{"touchpoint"}, {"stage", "month"}, {}, {"answer.role", "locale"}, {"segment.plan", "week"}};

// Varied lines (valid, fast-path-unusual and bad) plus a few lines that are not JSON at all.
std::vector<std::string> varied_lines(std::uint64_t seed, int count) {
    Lcg r{seed};
    std::vector<std::string> lines;
    for (int i = 0; i < count; ++i) lines.push_back(i % 97 == 13 ? std::string("{not json") : varied_line(r));
    return lines;
}

Aggregator one_pass(const std::vector<std::string>& lines) {
    Aggregator a = Aggregator::for_groupings(kMergedGroupings);
    for (const std::string& l : lines) a.add_ndjson(l + "\n");
    a.finish();
    return a;
}

// Lines [from, to) alone.
Aggregator part(const std::vector<std::string>& lines, std::size_t from, std::size_t to) {
    Aggregator a = Aggregator::for_groupings(kMergedGroupings);
    std::string chunk;
    for (std::size_t i = from; i < to; ++i) chunk += lines[i] + "\n";
    a.add_ndjson(chunk);
    a.finish();
    return a;
}

void require_same(const Aggregator& merged, const Aggregator& whole) {
    REQUIRE(merged.lines() == whole.lines());
    REQUIRE(merged.fallback_count() == whole.fallback_count());
    for (std::size_t g = 0; g < kMergedGroupings.size(); ++g) {
        INFO("grouping " << g);
        REQUIRE(merged.result_json(g) == whole.result_json(g));
        REQUIRE(merged.responses(g) == whole.responses(g));
        REQUIRE(merged.bad_line_count(g) == whole.bad_line_count(g));
        REQUIRE(merged.bad_lines(g).size() == whole.bad_lines(g).size());
        for (std::size_t i = 0; i < whole.bad_lines(g).size(); ++i) {
            REQUIRE(merged.bad_lines(g)[i].line == whole.bad_lines(g)[i].line);
            REQUIRE(merged.bad_lines(g)[i].message == whole.bad_lines(g)[i].message);
        }
    }
}

}  // namespace

TEST_CASE("merging the parts of a split input gives the one-pass aggregate", "[aggregate][merge]") {
    const std::vector<std::string> lines = varied_lines(20261202, 3000);
    const Aggregator whole = one_pass(lines);
    REQUIRE(whole.bad_line_count(0) > 0);  // the fixture has bad lines to renumber
    REQUIRE(whole.responses(0) > 2000);
    Lcg r{7};
    for (int round = 0; round < 12; ++round) {
        // 2..6 parts at random line boundaries (a part may be empty).
        std::vector<std::size_t> cuts = {0, lines.size()};
        for (int c = r.below(5) + 1; c > 0; --c) cuts.push_back(std::size_t(r.below(int(lines.size()))));
        std::sort(cuts.begin(), cuts.end());
        INFO("round " << round << ", " << cuts.size() - 1 << " parts");
        Aggregator merged = part(lines, cuts[0], cuts[1]);
        for (std::size_t i = 1; i + 1 < cuts.size(); ++i) REQUIRE(merged.merge(part(lines, cuts[i], cuts[i + 1])));
        require_same(merged, whole);
    }
}

TEST_CASE("an aggregate's state, serialized and merged elsewhere, gives the same result", "[aggregate][merge]") {
    const std::vector<std::string> lines = varied_lines(99, 1500);
    const Aggregator whole = one_pass(lines);
    Aggregator merged = Aggregator::for_groupings(kMergedGroupings);
    for (std::size_t from = 0; from < lines.size(); from += 400) {
        // Through text, as a worker or a store would pass it.
        const json state = json::parse(part(lines, from, std::min(lines.size(), from + 400)).state().dump());
        std::string error;
        REQUIRE(merged.merge_state(state, &error));
        REQUIRE(error.empty());
    }
    require_same(merged, whole);
    REQUIRE(merged.state()["touchpoint"] == "aggregate-state/1");
}

TEST_CASE("an aggregate's state text is exactly the text of its state", "[aggregate][merge]") {
    // Bad lines with messages, CJK and escapes in group values (answer.why), null groups, signed
    // sums (csat/ces), several groupings: state_text() writes what write_json(state()) writes.
    const std::vector<std::string> lines = varied_lines(7, 600);
    Aggregator a = Aggregator::for_groupings({{"touchpoint"}, {}, {"answer.why", "locale"}, {"answer.role"}, {"segment.plan", "week"}});
    REQUIRE(a.state_text() == touchpoint::write_json(a.state()));  // empty
    for (const std::string& l : lines) a.add_ndjson(l + "\n");
    a.finish();
    REQUIRE(a.bad_line_count(0) > 0);
    REQUIRE(a.state_text().find("\\\"谢谢\\\"\\n") != std::string::npos);
    REQUIRE(a.state_text() == touchpoint::write_json(a.state()));
    REQUIRE(a.state_text() == a.state().dump());  // valid UTF-8: the library's own text too
    Aggregator back = Aggregator::for_groupings({{"touchpoint"}, {}, {"answer.why", "locale"}, {"answer.role"}, {"segment.plan", "week"}});
    REQUIRE(back.merge_state(json::parse(a.state_text())));
    REQUIRE(back.state_text() == a.state_text());
}

TEST_CASE("merging aggregates of different groupings, or a malformed state, is refused with a pointer", "[aggregate][merge]") {
    Aggregator a({"touchpoint"});
    Aggregator b({"stage"});
    std::string error;
    REQUIRE_FALSE(a.merge(b, &error));
    REQUIRE(error == "/groupings/0/by: the two aggregates group by different keys");

    a.add_line(line(9, "demo-call"));
    const json good = a.state();
    struct Case {
        const char* pointer;
        json state;
    };
    json wrong_kind = good;
    wrong_kind["touchpoint"] = "response/1";
    json short_counters = good;
    short_counters["groupings"][0]["groups"][0][1].erase(9);
    json negative = good;
    negative["groupings"][0]["groups"][0][1][0] = -1;
    json key_arity = good;
    key_arity["groupings"][0]["groups"][0][0].push_back("extra");
    json number_key = good;
    number_key["groupings"][0]["groups"][0][0][0] = 5;
    json no_lines = good;
    no_lines.erase("lines");
    json unknown_key = good;
    unknown_key["groupings"][0]["by"] = json::array({"colour"});
    for (const Case& c : {Case{"/touchpoint", wrong_kind}, Case{"/groupings/0/groups/0/1", short_counters},
                          Case{"/groupings/0/groups/0/1/0", negative}, Case{"/groupings/0/groups/0", key_arity},
                          Case{"/groupings/0/groups/0/0/0", number_key}, Case{"/lines", no_lines}, Case{"/groupings", unknown_key}}) {
        Aggregator into({"touchpoint"});
        std::string why;
        INFO(c.pointer);
        REQUIRE_FALSE(into.merge_state(c.state, &why));
        REQUIRE(why.rfind(std::string(c.pointer) + ":", 0) == 0);
        REQUIRE(into.responses() == 0);  // refused whole: nothing half-merged
    }
    Aggregator into({"touchpoint"});
    REQUIRE(into.merge_state(good));
    REQUIRE(into.result_json() == a.result_json());
}

TEST_CASE("responses without an answer merge in as its null group (merge_state_as_missing)", "[aggregate][merge]") {
    // The collector's rollup cells start grouping by a question when its first answer arrives:
    // the responses counted before, which lacked it, join through their ungrouped total.
    const Groupings by_answer = {{"answer.role"}, {"answer.unasked", "answer.role"}};
    const std::vector<std::string> lines = varied_lines(4242, 2000);
    Aggregator whole = Aggregator::for_groupings(by_answer);
    Aggregator with_role = Aggregator::for_groupings(by_answer);
    Aggregator without_role = Aggregator::for_groupings({{"day"}, {}});  // the ungrouped one need not come first
    std::size_t lacking = 0;
    for (const std::string& l : lines) {
        whole.add_ndjson(l + "\n");
        const json p = json::parse(l, nullptr, false);
        const bool has = p.is_object() && p.contains("answers") && p["answers"].is_object() && p["answers"].contains("role");
        lacking += has ? 0 : 1;
        (has ? with_role : without_role).add_ndjson(l + "\n");
    }
    whole.finish();
    with_role.finish();
    without_role.finish();
    REQUIRE(lacking > 100);
    REQUIRE(without_role.bad_line_count(1) > 0);  // bad lines travel too
    std::string error;
    REQUIRE(with_role.merge_state_as_missing(json::parse(without_role.state().dump()), &error));
    REQUIRE(error.empty());
    for (std::size_t g = 0; g < by_answer.size(); ++g) {
        INFO("grouping " << g);
        REQUIRE(with_role.result_json(g) == whole.result_json(g));
        REQUIRE(with_role.responses(g) == whole.responses(g));
        REQUIRE(with_role.bad_line_count(g) == whole.bad_line_count(g));
    }
    REQUIRE(with_role.lines() == whole.lines());

    // Nothing counted adds no (empty) null group; a state without an ungrouped grouping is refused.
    Aggregator none({"answer.role"});
    REQUIRE(none.merge_state_as_missing(Aggregator().state()));
    REQUIRE(none.result_json() == "{\"groups\":[]}");
    Aggregator grouped({"touchpoint"});
    grouped.add_line(line(9, "demo-call"));
    REQUIRE_FALSE(none.merge_state_as_missing(grouped.state(), &error));
    REQUIRE(error.rfind("/groupings:", 0) == 0);
    json malformed = Aggregator().state();
    malformed["lines"] = "many";
    REQUIRE_FALSE(none.merge_state_as_missing(malformed, &error));
    REQUIRE(error.rfind("/lines:", 0) == 0);
}

TEST_CASE("a state by single-valued keys regroups into any of their groupings, filtered (merge_state_regrouped)", "[aggregate][merge]") {
    // The collector's journey rollups: one state per cell by these keys, regrouped into what
    // GET /v1/aggregates asks (the heat map's touchpoint, touchpoint x month, ...).
    const std::vector<std::string> cell_keys = {"survey", "version", "map", "stage", "touchpoint", "locale", "day"};
    const std::vector<std::string> lines = varied_lines(777, 3000);
    std::vector<json> states;  // cells of various sizes, as rows of a store
    for (std::size_t from = 0, size = 1; from < lines.size(); from += size, size = size * 3 % 401 + 1) {
        Aggregator cell(cell_keys);
        for (std::size_t i = from; i < std::min(lines.size(), from + size); ++i) cell.add_ndjson(lines[i] + "\n");
        cell.finish();
        states.push_back(json::parse(cell.state().dump()));
    }
    REQUIRE(states.size() > 10);
    const std::vector<std::string> pool = {"survey", "version", "map", "stage", "touchpoint", "locale", "day", "week", "month"};
    Lcg r{99};
    for (int round = 0; round < 60; ++round) {
        std::vector<std::string> keys;
        for (const std::string& k : pool)
            if (r.below(4) == 0) keys.push_back(k);
        touchpoint::AggregateFilter filter;
        if (r.below(3) == 0) filter.where.push_back({"touchpoint", r.below(2) ? "demo-call" : "onboarding"});
        if (r.below(4) == 0) filter.where.push_back({"locale", "en"});
        if (r.below(4) == 0) filter.where.push_back({"map", "b2b"});
        if (r.below(4) == 0) filter.from = "2026-03-01";
        if (r.below(4) == 0) filter.to = "2026-09-30";
        if (r.below(5) == 0) filter.any = {{"month", "2026-05"}, {"touchpoint", "support-chat"}};
        INFO("round " << round);
        Aggregator whole(keys), regrouped(keys);
        REQUIRE(whole.set_filter(filter));
        REQUIRE(regrouped.set_filter(filter));
        REQUIRE(regrouped.regroups_from(cell_keys));
        for (const std::string& l : lines) whole.add_ndjson(l + "\n");
        whole.finish();
        std::string error;
        for (const json& s : states) REQUIRE(regrouped.merge_state_regrouped(s, &error));
        REQUIRE(regrouped.result_json() == whole.result_json());
        REQUIRE(regrouped.responses() == whole.responses());
        REQUIRE(regrouped.bad_line_count() == whole.bad_line_count());
        REQUIRE(regrouped.lines() == whole.lines());
    }

    // Keys or filters the cell keys do not hold, or a state by a multi-valued key, are refused.
    REQUIRE_FALSE(Aggregator({"answer.role"}).regroups_from(cell_keys));
    REQUIRE_FALSE(Aggregator({"touchpoint", "segment.plan"}).regroups_from(cell_keys));
    REQUIRE_FALSE(Aggregator({"week"}).regroups_from({"survey", "touchpoint"}));
    Aggregator filtered({"touchpoint"});
    touchpoint::AggregateFilter by_role;
    by_role.where.push_back({"answer.role", "funder"});
    REQUIRE(filtered.set_filter(by_role));
    REQUIRE_FALSE(filtered.regroups_from(cell_keys));
    std::string error;
    REQUIRE_FALSE(filtered.merge_state_regrouped(states[0], &error));
    REQUIRE(error.rfind("/groupings/0/by:", 0) == 0);
    Aggregator by_answer({"answer.role"});
    by_answer.add_line(line(9, "demo-call"));
    REQUIRE_FALSE(Aggregator({"touchpoint"}).merge_state_regrouped(by_answer.state(), &error));
    REQUIRE(error.rfind("/groupings/0/by:", 0) == 0);
    json malformed = states[0];
    malformed["lines"] = "many";
    REQUIRE_FALSE(Aggregator({"touchpoint"}).merge_state_regrouped(malformed, &error));
    REQUIRE(error.rfind("/lines:", 0) == 0);
}

TEST_CASE("a segment's rollup starts mid-cell: earlier responses regroup as its null group (merge_state_regrouped, absent)", "[aggregate][merge]") {
    // The collector's segment rollups: a cell's row by the journey keys and segment.plan starts
    // with the first response that has the segment; the cell's journey state so far joins it with
    // the segment read as null. A cell where no response has it keeps its journey row alone, read
    // the same way. Any grouping by the segment (and journey keys) then equals one pass.
    const std::vector<std::string> cell_keys = {"survey", "version", "map", "stage", "touchpoint", "locale", "day"};
    std::vector<std::string> segment_keys = cell_keys;
    segment_keys.push_back("segment.plan");
    const std::vector<std::string> absent = {"segment.plan"};
    auto has_plan = [](const std::string& l) {
        const json p = json::parse(l, nullptr, false);
        return p.is_object() && p.contains("context") && p["context"].is_object() && p["context"].contains("segment") &&
               p["context"]["segment"].is_object() && p["context"]["segment"].contains("plan");
    };
    const std::vector<std::string> varied = varied_lines(4242, 3000);
    std::vector<std::string> lines;  // every third cell without the segment
    struct Cell { json journey, segment; };
    std::vector<Cell> cells;
    std::size_t without = 0, with = 0;
    for (std::size_t cut = 0, size = 1; cut < varied.size(); cut += size, size = size * 5 % 211 + 1) {
        const std::size_t from = lines.size();
        for (std::size_t i = cut; i < std::min(varied.size(), cut + size); ++i)
            if (cells.size() % 3 || !has_plan(varied[i])) lines.push_back(varied[i]);
        const std::size_t to = lines.size();
        Aggregator journey(cell_keys), segment(segment_keys);
        bool started = false;
        for (std::size_t i = from; i < to; ++i) {
            if (!started && has_plan(lines[i])) {
                std::string error;
                REQUIRE(segment.merge_state_regrouped(journey.state(), &error, absent));
                started = true;
            }
            journey.add_ndjson(lines[i] + "\n");
            if (started) segment.add_ndjson(lines[i] + "\n");
        }
        journey.finish();
        segment.finish();
        cells.push_back({journey.state(), started ? segment.state() : json()});
        ++(started ? with : without);
    }
    REQUIRE(with > 5);
    REQUIRE(without > 5);
    const std::vector<std::string> pool = {"version", "map", "stage", "touchpoint", "locale", "week", "month"};
    Lcg r{31};
    for (int round = 0; round < 30; ++round) {
        std::vector<std::string> keys;
        for (const std::string& k : pool)
            if (r.below(3) == 0) keys.push_back(k);
        keys.insert(keys.begin() + r.below(int(keys.size()) + 1), "segment.plan");
        INFO("round " << round);
        Aggregator whole(keys), regrouped(keys);
        REQUIRE(regrouped.regroups_from(segment_keys));
        REQUIRE(regrouped.regroups_from(cell_keys, absent));
        for (const std::string& l : lines) whole.add_ndjson(l + "\n");
        whole.finish();
        std::string error;
        for (const Cell& c : cells) {
            const bool merged = c.segment.is_null() ? regrouped.merge_state_regrouped(c.journey, &error, absent)
                                                    : regrouped.merge_state_regrouped(c.segment, &error);
            REQUIRE(merged);
        }
        REQUIRE(regrouped.result_json() == whole.result_json());
        REQUIRE(regrouped.responses() == whole.responses());
        REQUIRE(regrouped.bad_line_count() == whole.bad_line_count());
    }
    // Without the segment named absent, a state lacking it is refused; a state by a segment does not
    // regroup into a grouping without it (its bad lines are that grouping's alone).
    REQUIRE_FALSE(Aggregator({"touchpoint", "segment.plan"}).regroups_from(cell_keys));
    REQUIRE_FALSE(Aggregator({"touchpoint"}).regroups_from(segment_keys));
    REQUIRE_FALSE(Aggregator({"touchpoint", "segment.seats"}).regroups_from(segment_keys, {"segment.seats"}));
    std::string error;
    REQUIRE_FALSE(Aggregator({"touchpoint"}).merge_state_regrouped(cells.back().segment.is_null() ? cells.front().segment : cells.back().segment, &error));
    REQUIRE(error.rfind("/groupings/0/by:", 0) == 0);
}

TEST_CASE("an aggregator split into parts of its groupings: each part is what an aggregator of its groupings gives", "[aggregate][merge]") {
    const std::vector<std::string> lines = varied_lines(20261204, 1500);
    // Parts of 2, 2 and 1 groupings: answer.role and segment.plan come second in the whole
    // aggregator's answers and segments, first in their parts'.
    const Groupings groupings = {{"answer.why"}, {"segment.seats"}, {"touchpoint", "answer.role"}, {"segment.plan", "week"}, {"version"}};
    Aggregator whole = Aggregator::for_groupings(groupings);
    for (const std::string& l : lines) whole.add_ndjson(l + "\n");
    whole.finish();
    const std::uint64_t lines_seen = whole.lines(), fallbacks = whole.fallback_count();
    REQUIRE(fallbacks > 0);  // the fixture sends some lines to the full parser
    REQUIRE(whole.bad_line_count(3) > whole.bad_line_count(0));  // lists as segment.plan: bad there alone
    // state_text(first, count) writes, without splitting, the text of the part that will hold them.
    const std::vector<std::string> range_texts = {whole.state_text(0, 2), whole.state_text(2, 2), whole.state_text(4, 1)};
    std::vector<Aggregator> parts = std::move(whole).split({2, 2, 1});
    REQUIRE(parts.size() == 3);
    for (std::size_t p = 0; p < parts.size(); ++p) REQUIRE(parts[p].state_text() == range_texts[p]);
    std::size_t first = 0;
    for (std::size_t p = 0; p < parts.size(); ++p) {
        const Groupings mine(groupings.begin() + std::ptrdiff_t(first), groupings.begin() + std::ptrdiff_t(first + parts[p].grouping_count()));
        Aggregator alone = Aggregator::for_groupings(mine);
        for (const std::string& l : lines) alone.add_ndjson(l + "\n");
        alone.finish();
        INFO("part " << p);
        REQUIRE(parts[p].grouping_count() == mine.size());
        REQUIRE(parts[p].lines() == lines_seen);
        REQUIRE(parts[p].fallback_count() == fallbacks);
        for (std::size_t g = 0; g < mine.size(); ++g) {
            INFO("grouping " << g);
            REQUIRE(parts[p].grouping_keys(g) == mine[g]);
            REQUIRE(parts[p].result_json(g) == alone.result_json(g));
            REQUIRE(parts[p].responses(g) == alone.responses(g));
            REQUIRE(parts[p].bad_line_count(g) == alone.bad_line_count(g));
        }
        // A part goes on counting with its own keys, and merges with an aggregator of them.
        for (const std::string& l : varied_lines(5, 200)) {
            parts[p].add_line(l);
            alone.add_line(l);
        }
        for (std::size_t g = 0; g < mine.size(); ++g) REQUIRE(parts[p].result_json(g) == alone.result_json(g));
        const std::uint64_t counted = alone.responses(0);
        REQUIRE(parts[p].merge(alone));
        REQUIRE(parts[p].responses(0) == 2 * counted);
        first += mine.size();
    }
}

TEST_CASE("splitting into counts that do not add up, or a filtered aggregator, gives nothing", "[aggregate][merge]") {
    REQUIRE(one_pass({line(9, "demo-call")}).split({2, 2}).empty());
    REQUIRE(one_pass({line(9, "demo-call")}).split({6}).empty());
    Aggregator filtered = Aggregator::for_groupings(kMergedGroupings);
    touchpoint::AggregateFilter keep;
    keep.where = {{"locale", "zh-CN"}};
    REQUIRE(filtered.set_filter(keep));
    REQUIRE(std::move(filtered).split({5}).empty());
    REQUIRE(one_pass({line(9, "demo-call")}).split({5}).size() == 1);
}
