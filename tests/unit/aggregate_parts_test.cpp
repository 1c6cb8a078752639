// Grouping by one part of an answer (answer.<qid>/<part>): a matrix row by its column, a ranking
// item by its position. Hand-counted, the fast path (which hands such lines to the full parser)
// against the full parser, filters on a part, labels from the matrix's columns, and refused keys.
#include <catch2/catch.hpp>

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
