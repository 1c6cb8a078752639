// The collector's rollup fold (tools/collector/rollups.hpp) as PostgreSQL's compactor uses it
// (tools/collector/pg_rollups.cpp): for rounds of random responses (several cells, answers, matrix
// parts, segments, more rows than one aggregator takes, a question id the core refuses), each
// round's responses folded apart (RollupFold::add_all: one scan per payload) and absorbed into
// the kept cells, resumed from what they last wrote (or, now and then, by a new compactor from
// the stored text alone), count what one fold adding every response one by one counts (what a
// rebuild does).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "../../unit/aggregate_fixtures.hpp"  // Lcg
#include "collector/rollups.hpp"

using nlohmann::json;
using namespace touchpoint::collector;

namespace {

using aggregate_fixtures::Lcg;

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

// A row's counts, whatever order its groups arrived in (merging in another order lists them in another).
json counts(const std::string& state) {
    json s = json::parse(state);
    s.erase("lines");
    s.erase("fallbacks");
    for (json& grouping : s["groupings"]) std::sort(grouping["groups"].begin(), grouping["groups"].end());
    return s;
}

}  // namespace

TEST_CASE("the compactor's rounds count what one fold of every response counts", "[collector][rollups]") {
    Lcg r{20261207};
    std::map<CellKey, std::map<std::string, std::string>> store;  // what the rounds wrote: (cell, grouping) -> state
    RollupFold kept, one_by_one;
    std::size_t past_one_aggregator = 0, reloaded = 0;
    for (int round = 0; round < 400; ++round) {
        INFO("round " << round);
        std::vector<Commit> commits;
        for (std::size_t n = 1 + r() % 4; n > 0; --n) commits.push_back(random_commit(r, 1 + r() % 14));
        RollupFold fresh;
        for (const Commit& c : commits) {
            fresh.add_all(c.responses());
            for (const RollupFold::Response& response : c.responses()) one_by_one.add(*response.survey, *response.payload, *response.facts);
        }
        if (round % 50 == 49) {  // another compactor's turn: it knows the cells only from what is stored
            kept = RollupFold();
            ++reloaded;
        }
        std::map<CellKey, RollupFold::StoredRows> touched;
        for (const CellKey& cell : fresh.cells()) {
            RollupFold::StoredRows& rows = touched[cell];
            for (const auto& [grouping, state] : store[cell]) rows.emplace_back(grouping, state);
        }
        std::string error;
        REQUIRE(kept.resume(touched, &error));
        REQUIRE(kept.absorb(fresh, &error));
        for (RollupRow& row : kept.take_rows()) {
            past_one_aggregator += row.grouping.rfind("answer.q", 0) == 0;
            store[row.cell][row.grouping] = std::move(row.state);
        }
    }
    REQUIRE(past_one_aggregator > 0);
    REQUIRE(reloaded > 0);
    std::size_t stored_rows = 0;
    for (const auto& entry : store) stored_rows += entry.second.size();
    const std::vector<RollupRow> want = one_by_one.rows();
    REQUIRE(stored_rows == want.size());
    for (const RollupRow& row : want) {
        INFO(row.cell.survey << " " << row.cell.day << " " << row.cell.locale << " " << row.grouping);
        const auto cell = store.find(row.cell);
        REQUIRE(cell != store.end());
        const auto got = cell->second.find(row.grouping);
        REQUIRE(got != cell->second.end());
        REQUIRE(counts(got->second) == counts(row.state));
    }
}
