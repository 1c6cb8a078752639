// Grouping by one part of an answer (answer.<qid>/<part>): a matrix row by its column, a ranking
// item by its position. Hand-counted, the fast path (which hands such lines to the full parser)
// against the full parser, filters on a part, labels from the matrix's columns, refused keys, the
// parts a payload has (part_keys), and a part's grouping started late in a store's cell.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "aggregate_fixtures.hpp"
#include "touchpoint/aggregate/aggregator.hpp"

using nlohmann::json;
using touchpoint::Aggregator;

using namespace aggregate_fixtures;

namespace {

// Three responses: a matrix "ownership" (rows ceo, cfo) and a ranking "priorities".
std::string parts_ndjson() {
    const json answers[] = {
        {{"ownership", {{"ceo", "fully"}, {"cfo", "partly"}}}, {"priorities", {"speed", "price", "docs"}}},
        {{"ownership", {{"ceo", "fully"}, {"cfo", "not"}}}, {"priorities", {"price", "speed"}}},
        {{"ownership", {{"ceo", "partly"}}}, {"priorities", {"docs", "price", "speed"}}},
    };
    std::string out;
    int nps = 9;
    for (const json& a : answers) {
        json p = json::parse(line(nps--, "t"));
        p["answers"] = a;
        out += p.dump() + "\n";
    }
    return out;
}

json run(const std::vector<std::string>& by, bool fast, const touchpoint::AggregateFilter* filter = nullptr,
         const json* survey = nullptr) {
    Aggregator a(by);
    REQUIRE(a.ok());
    a.set_fast_path(fast);
    if (survey) a.set_survey(*survey);
    if (filter) REQUIRE(a.set_filter(*filter));
    a.add_ndjson(parts_ndjson());
    a.finish();
    CHECK(a.bad_line_count() == 0);
    return json::parse(a.result_json());
}

// n per group value of `key`, in the result's order ("" for the null group).
std::vector<std::pair<std::string, int>> counts(const json& result, const std::string& key) {
    std::vector<std::pair<std::string, int>> out;
    for (const json& g : result["groups"])
        out.emplace_back(g["key"][key].is_null() ? "" : g["key"][key].get<std::string>(), g["n"].get<int>());
    return out;
}

}  // namespace

TEST_CASE("a matrix row groups by the column chosen in it", "[aggregate]") {
    for (bool fast : {true, false}) {
        INFO("fast path " << fast);
        CHECK(counts(run({"answer.ownership/ceo"}, fast), "answer.ownership/ceo") ==
              std::vector<std::pair<std::string, int>>{{"fully", 2}, {"partly", 1}});
        // a row left unanswered groups under null
        CHECK(counts(run({"answer.ownership/cfo"}, fast), "answer.ownership/cfo") ==
              std::vector<std::pair<std::string, int>>{{"not", 1}, {"partly", 1}, {"", 1}});
    }
}

TEST_CASE("a ranking item groups by the position it was given", "[aggregate]") {
    for (bool fast : {true, false}) {
        INFO("fast path " << fast);
        CHECK(counts(run({"answer.priorities/speed"}, fast), "answer.priorities/speed") ==
              std::vector<std::pair<std::string, int>>{{"1", 1}, {"2", 1}, {"3", 1}});
        // ranked by two of three respondents only
        CHECK(counts(run({"answer.priorities/docs"}, fast), "answer.priorities/docs") ==
              std::vector<std::pair<std::string, int>>{{"1", 1}, {"3", 1}, {"", 1}});
    }
}

TEST_CASE("the whole answer and its parts in one grouping, and a filter on a part", "[aggregate]") {
    const json both = run({"answer.ownership/ceo", "answer.priorities/price"}, true);
    CHECK(both == run({"answer.ownership/ceo", "answer.priorities/price"}, false));
    REQUIRE(both["groups"].size() == 3);

    touchpoint::AggregateFilter f;
    f.where = {{"answer.ownership/ceo", "fully"}};
    for (bool fast : {true, false}) {
        const json r = run({"answer.priorities/speed"}, fast, &f);
        CHECK(counts(r, "answer.priorities/speed") == std::vector<std::pair<std::string, int>>{{"1", 1}, {"2", 1}});
    }
}

TEST_CASE("a matrix row's groups carry the column's label", "[aggregate]") {
    const json survey = {{"locales", {"zh-CN", "en"}},
                         {"questions",
                          {{{"id", "ownership"},
                            {"type", "matrix"},
                            {"rows", {{{"value", "ceo"}, {"label", "CEO"}}}},
                            {"columns",
                             {{{"value", "fully"}, {"label", {{"zh-CN", "明确负责"}, {"en", "Explicitly"}}}},
                              {{"value", "partly"}, {"label", {{"zh-CN", "部分负责"}}}}}}}}}};
    const json r = run({"answer.ownership/ceo"}, true, nullptr, &survey);
    REQUIRE(r["groups"].size() == 2);
    CHECK(r["groups"][0]["labels"]["answer.ownership/ceo"] == "明确负责");
    CHECK(r["groups"][1]["labels"]["answer.ownership/ceo"] == "部分负责");
}

TEST_CASE("a part key needs a question and a part", "[aggregate]") {
    for (const char* bad : {"answer./ceo", "answer.ownership/"}) {
        INFO(bad);
        Aggregator a({bad});
        CHECK_FALSE(a.ok());
        CHECK(a.error().find("unknown group key") != std::string::npos);
    }
}

TEST_CASE("part_keys lists the parts a payload's answers have a value for", "[aggregate]") {
    json p = json::parse(line(9, "t"));
    p["answers"] = {{"ownership", {{"ceo", "fully"}, {"cfo", nullptr}}},          // a matrix: its rows
                    {"priorities", {"speed", "price", 3, "speed"}},                // a list: its strings, once
                    {"role", {{"value", "other"}, {"text", "董事会"}}},            // a choice with "other": no parts
                    {"minutes", 12},                                              // one value: no parts
                    {"a/b", {"x"}},                                               // '/' in a qid would read as qid "a"
                    {"blank", {{"", "x"}, {"row/", "y"}, {"row/1", "z"}}}};       // a part must not be empty or end in '/'
    CHECK(Aggregator::part_keys(p) == std::vector<std::string>{"answer.blank/row/1", "answer.ownership/ceo", "answer.ownership/cfo",
                                                                "answer.priorities/speed", "answer.priorities/price"});
    for (const std::string& key : Aggregator::part_keys(p)) CHECK(Aggregator::valid_key(key));
    CHECK(Aggregator::part_keys(json::parse(line(9, "t"))).empty());
    CHECK(Aggregator::part_keys(json::array()).empty());
}

TEST_CASE("a part's grouping started at its first value, the responses before merged in as missing, gives the one-pass result",
          "[aggregate][merge]") {
    // The collector's rollup cells: a cell starts a row for answer.<qid>/<part> when a response
    // first has that part (part_keys), after merging in what the cell counted so far as lacking
    // it; a reader merges every cell's row, or the cell's base as missing where it has none.
    const char* rows[] = {"ceo", "cfo", "cmo", "row/1"};
    const char* columns[] = {"fully", "partly", "not"};
    const char* items[] = {"speed", "price", "docs", "support"};
    Lcg r{2026};
    std::vector<std::string> lines;
    for (int i = 0; i < 1500; ++i) {
        json p = json::parse(line(r.below(11), r.below(2) ? "t" : nullptr, "funder",
                                  r.below(2) ? "2026-11-23T05:00:00Z" : "2026-11-24T05:00:00Z"));
        json matrix = json::object();
        for (const char* row : rows)
            if (r.below(3)) matrix[row] = columns[r.below(3)];
        json ranking = json::array();
        for (const char* item : items)
            if (r.below(4)) ranking.insert(ranking.begin() + r.below(int(ranking.size()) + 1), item);
        if (r.below(5)) p["answers"]["ownership"] = matrix;
        if (r.below(5)) p["answers"]["priorities"] = ranking;
        lines.push_back(i % 89 == 7 ? std::string("{\"touchpoint\":\"response/1\",\"answers\":{\"ownership\":{\"ceo\":1}},\"scores\":7}")
                                    : p.dump());
    }
    struct Cell {
        Aggregator base = Aggregator::for_groupings({{}});
        std::map<std::string, Aggregator> parts;
    };
    std::vector<Cell> cells;
    std::size_t late_starts = 0, rows_lacking = 0;
    for (std::size_t from = 0, size = 1; from < lines.size(); from += size, size = size * 7 % 311 + 1) {
        Cell& cell = cells.emplace_back();
        for (std::size_t i = from; i < std::min(lines.size(), from + size); ++i) {
            const json p = json::parse(lines[i], nullptr, false);
            for (const std::string& key : Aggregator::part_keys(p)) {
                if (cell.parts.count(key)) continue;
                late_starts += cell.base.responses() > 0 ? 1 : 0;
                Aggregator first({key});
                REQUIRE(first.merge_state_as_missing(json::parse(cell.base.state().dump())));
                cell.parts.emplace(key, std::move(first));
            }
            cell.base.add_line(lines[i]);
            for (auto& [key, a] : cell.parts) a.add(p);
        }
    }
    REQUIRE(cells.size() > 10);
    REQUIRE(late_starts > 10);  // rows started after responses lacking the part were counted
    for (const char* wanted : {"answer.ownership/ceo", "answer.ownership/cmo", "answer.ownership/row/1", "answer.priorities/speed",
                               "answer.priorities/support"}) {
        INFO(wanted);
        Aggregator whole({wanted}), merged({wanted});
        std::size_t refused = 0;  // one line at a time, as the collector scans: a refused line is not counted
        for (const std::string& l : lines) refused += whole.add_line(l) ? 0 : 1;
        REQUIRE(refused > 10);
        for (const Cell& cell : cells) {
            const auto row = cell.parts.find(wanted);
            rows_lacking += row == cell.parts.end() ? 1 : 0;
            std::string error;
            REQUIRE((row == cell.parts.end() ? merged.merge_state_as_missing(json::parse(cell.base.state().dump()), &error)
                                             : merged.merge_state(json::parse(row->second.state().dump()), &error)));
        }
        CHECK(merged.result_json() == whole.result_json());
        CHECK(merged.responses() == whole.responses());
    }
    REQUIRE(rows_lacking > 0);  // some cells never had a part: their base joined as missing
}
