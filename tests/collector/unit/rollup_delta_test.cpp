// The collector's reused commit fold (tools/collector/rollup_delta.hpp) against a fresh RollupFold:
// for commits of random responses (several cells, answers, matrix parts, segments, more rows than
// one aggregator takes, a question id the core refuses), a delta cleared and reused writes,
// byte for byte, the rows a fresh fold writes; deltas absorbed into one and turned into a fold
// count what the folds absorbed one by one count; and a long-running writer keeps a bounded
// number of aggregators.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "collector/rollup_delta.hpp"

using nlohmann::json;
using namespace touchpoint::collector;

namespace {

struct Lcg {
    std::uint64_t s;
    std::uint32_t operator()() {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        return std::uint32_t(s >> 33);
    }
};

// One commit's responses, with everything RollupFold::Response points to.
struct Commit {
    std::vector<std::string> surveys, payloads;
    std::vector<RollupFacts> facts;
    std::vector<RollupFold::Response> responses() const {
        std::vector<RollupFold::Response> out;
        for (std::size_t i = 0; i < payloads.size(); ++i) out.push_back({&surveys[i], &payloads[i], &facts[i]});
        return out;
    }
};

Commit random_commit(Lcg& r, std::size_t n, const std::string& day = "") {
    Commit c;
    for (std::size_t i = 0; i < n; ++i) {
        json p = {{"touchpoint", "response/1"}, {"id", "r" + std::to_string(r())},
                  {"survey", {{"id", r() % 2 ? "nps-support" : "b2b-role"}, {"version", "3"}}},
                  {"submitted", day.empty() ? (r() % 2 ? "2026-11-23T05:00:00Z" : "2026-11-24T23:59:59Z") : day + "T08:00:00Z"},
                  {"partial", false}, {"locale", r() % 2 ? "zh-CN" : "en"},
                  {"scores", {{"nps", {{"value", int(r() % 11)}, {"category", "promoter"}, {"question", "nps"}}}}},
                  {"journey", {{"map", "b2b-purchase"}, {"stage", "purchase"}, {"touchpoint", "t" + std::to_string(r() % 3)}}},
                  {"redactions", 0}};
        json answers = json::object();
        if (r() % 2) answers["nps"] = int(r() % 11);
        if (r() % 3 == 0) answers["comment"] = "结账很顺利" + std::to_string(r() % 4);
        if (r() % 4 == 0) answers["ownership"] = {{"row" + std::to_string(r() % 3), "ceo"}};  // a matrix: part rows
        if (r() % 3 == 0) answers["q" + std::to_string(r() % 24)] = "v";  // many questions: past one aggregator
        if (r() % 40 == 0) answers[""] = "refused";  // "answer." is no key the core groups by
        p["answers"] = answers;
        if (r() % 2) p["context"] = {{"segment", {{"plan", r() % 2 ? "pro" : "free"}}}};
        if (r() % 4 == 0) p["context"]["segment"]["s" + std::to_string(r() % 8)] = "v";
        c.surveys.push_back(p["survey"]["id"]);
        c.payloads.push_back(p.dump());
        c.facts.push_back(rollup_facts_of(p));
    }
    return c;
}

std::string text(const std::vector<RollupRow>& rows) {
    std::string out;
    for (const RollupRow& row : rows) out += row.cell.survey + "|" + row.cell.day + "|" + row.cell.locale + "|" + row.grouping + "|" + row.state + "\n";
    return out;
}

// A row's counts, whatever order its groups arrived in (merging in another order lists them in another).
json counts(const std::string& state) {
    json s = json::parse(state);
    s.erase("lines");
    s.erase("fallbacks");
    for (json& grouping : s["groupings"]) std::sort(grouping["groups"].begin(), grouping["groups"].end());
    return s;
}

}  // namespace

TEST_CASE("a reused commit fold writes exactly the rows of a fresh one, and its deltas add up", "[collector][rollups]") {
    Lcg r{20261206};
    RollupDelta delta, remembered;
    RollupFold remembered_folds;
    std::size_t past_one_aggregator = 0;
    for (int commit = 0; commit < 1500; ++commit) {
        const Commit c = random_commit(r, 1 + r() % 14);
        RollupFold fresh;
        fresh.add_all(c.responses());
        delta.clear();
        delta.add_all(c.responses());
        INFO("commit " << commit);
        REQUIRE(text(delta.rows()) == text(fresh.rows()));
        std::string delta_cells, fresh_cells;
        for (const CellKey& cell : delta.cells()) delta_cells += cell.survey + "|" + cell.day + "|" + cell.locale + "\n";
        for (const CellKey& cell : fresh.cells()) fresh_cells += cell.survey + "|" + cell.day + "|" + cell.locale + "\n";
        REQUIRE(delta_cells == fresh_cells);
        for (const RollupRow& row : fresh.rows()) past_one_aggregator += row.grouping.rfind("answer.q", 0) == 0;
        std::string error;
        REQUIRE(remembered.absorb(delta, &error));
        REQUIRE(remembered_folds.absorb(fresh, &error));
    }
    REQUIRE(past_one_aggregator > 0);
    RollupFold folded;
    std::string error;
    REQUIRE(remembered.fold_into(folded, &error));
    const std::vector<RollupRow> want = remembered_folds.rows(), got = folded.rows();
    REQUIRE(got.size() == want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
        INFO(want[i].cell.survey << " " << want[i].cell.day << " " << want[i].cell.locale << " " << want[i].grouping);
        REQUIRE(got[i].grouping == want[i].grouping);
        REQUIRE(counts(got[i].state) == counts(want[i].state));
    }
}

TEST_CASE("a reused commit fold keeps a bounded number of aggregators, and reuses them", "[collector][rollups]") {
    Lcg r{7};
    RollupDelta delta;
    // A new day every commit, so no cell (and no row set) comes back: the kept ones stay bounded.
    for (int day = 0; day < 3 * int(RollupDelta::kKeptRowSets); ++day) {
        const Commit c = random_commit(r, 6, "2026-" + std::string(day / 28 < 9 ? "0" : "") + std::to_string(1 + day / 28) + "-" +
                                                 std::string(day % 28 < 9 ? "0" : "") + std::to_string(1 + day % 28));
        delta.clear();
        delta.add_all(c.responses());
        REQUIRE(!delta.empty());
        // At most 4 cells a commit (2 surveys, 2 locales), one row set each.
        REQUIRE(delta.kept_row_sets() <= RollupDelta::kKeptRowSets + 4);
    }
    // Commits of one shape (one cell, the same answers) use one aggregator, commit after commit.
    RollupDelta same;
    Commit c;
    c.surveys = {"nps-support"};
    c.payloads = {R"({"touchpoint":"response/1","id":"a","survey":{"id":"nps-support","version":"3"},"submitted":"2026-11-23T05:00:00Z",)"
                  R"("partial":false,"locale":"zh-CN","answers":{"nps":9},"scores":{"nps":{"value":9,"category":"promoter","question":"nps"}},)"
                  R"("journey":{"map":"m","stage":"s","touchpoint":"t"},"redactions":0})"};
    c.facts = {rollup_facts_of(json::parse(c.payloads[0]))};
    for (int commit = 0; commit < 5; ++commit) {
        same.clear();
        same.add_all(c.responses());
        REQUIRE(same.kept_row_sets() == 1);
        REQUIRE(json::parse(same.rows()[0].state)["groupings"][0]["responses"] == 1);
    }
    same.clear();
    REQUIRE(same.empty());
    REQUIRE(same.rows().empty());
}
