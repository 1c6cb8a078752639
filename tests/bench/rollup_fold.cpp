// The collector's rollup fold in a loop of its own (tests/bench/rollup_fold.sh runs it): what the
// rollups cost the collector's CPU per response, without the database, the HTTP server and the
// load generator that make tests/bench/collector_load.sh swing by ±10% from run to run. The
// payload is the load benchmark's (tests/bench/collector_ingest.lua), with and without its two
// segments. Prints, per batch size N (responses of one cell):
//   rollup_round_us_per_post_N          what PostgreSQL's compactor does with a round of N responses
//                                       from memory: a fresh RollupFold, add_all (one scan per payload
//                                       from 3 on), absorbed into the kept cells, rows written
//   rollup_fold_us_per_post_N           a fresh RollupFold per batch, add_all, rows written: what
//                                       PostgreSQL's writers did per commit until 6 December 2026
//   rollup_fold_one_by_one_us_per_post_N  RollupFold::add for each response (a scan per row)
// and, once per payload kind, what a reader of PostgreSQL's rollups (or the compactor reading
// back another collector's responses) does with 1000 stored payloads of the tail (stored as the
// collector stores them: canonical JSON, keys sorted):
//   rollup_tail_read_us_per_post        RollupFold::add_all_stored: each payload's rollup facts read
//                                       from its text, each scanned once for its cell's rows, rows written
// and the same with segments (_segments_). Each figure is the fastest of 5 rounds: CPU-bound,
// so the fastest round is the one the machine's other work disturbed least.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "collector/rollups.hpp"

using namespace touchpoint::collector;

namespace {

std::string payload(int i, bool segments) {
    const int nps = i % 11;
    const char* category = nps >= 9 ? "promoter" : nps >= 7 ? "passive" : "detractor";
    return std::string(R"({"touchpoint":"response/1","id":"00000001-0000-4000-8000-)") + std::to_string(100000000000 + i) +
           R"(","survey":{"id":"nps-support","version":"3","hash":"sha256:0123456789abcdef0123456789abcdef"},)"
           R"("submitted":"2026-11-23T05:00:00Z","partial":false,"locale":"zh-CN","answers":{"nps":)" + std::to_string(nps) +
           R"(,"comment":"结账很顺利"},"scores":{"nps":{"value":)" + std::to_string(nps) + R"(,"category":")" + category +
           R"(","question":"nps"}},"journey":{"map":"b2b-purchase","stage":"purchase","touchpoint":"checkout"},)" +
           (segments ? R"("context":{"page":"/checkout","segment":{"plan":"pro","role":"funder"}})" : R"("context":{"page":"/checkout"})") +
           R"(,"redactions":0})";
}

// Microseconds per response of folding `commits` commits of `n` responses each, fastest of 5.
template <class Fold>
double us_per_post(std::size_t n, Fold fold) {
    const std::size_t commits = std::max<std::size_t>(200, 40000 / n);
    double best = 1e18;
    std::size_t rows = 0;
    for (int round = 0; round < 5; ++round) {
        const auto start = std::chrono::steady_clock::now();
        for (std::size_t c = 0; c < commits; ++c) rows += fold();
        const double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
        best = std::min(best, us / double(commits * n));
    }
    if (rows == 0) std::fprintf(stderr, "rollup_fold: no rows written\n");
    return best;
}

}  // namespace

int main() {
    const std::string survey = "nps-support";
    for (bool segments : {false, true}) {
        std::vector<std::string> payloads;
        std::vector<RollupFacts> facts;
        for (int i = 0; i < 16; ++i) {
            payloads.push_back(payload(i, segments));
            facts.push_back(rollup_facts_of(nlohmann::json::parse(payloads.back())));
        }
        const char* infix = segments ? "_segments" : "";
        for (std::size_t n : {1, 3, 7, 16, 1000}) {
            RollupFold kept;
            const double round = us_per_post(n, [&] {
                std::vector<RollupFold::Response> responses;
                for (std::size_t i = 0; i < n; ++i) responses.push_back({&survey, &payloads[i % payloads.size()], &facts[i % facts.size()]});
                RollupFold fresh;
                fresh.add_all(responses);
                std::map<CellKey, RollupFold::StoredRows> touched;
                for (const CellKey& cell : fresh.cells()) touched[cell];
                std::string error;
                if (!kept.resume(touched, &error, true) || !kept.absorb(fresh, &error)) std::fprintf(stderr, "rollup_fold: %s\n", error.c_str());
                return kept.take_rows().size();
            });
            const double all = us_per_post(n, [&] {
                RollupFold delta;
                std::vector<RollupFold::Response> responses;
                for (std::size_t i = 0; i < n; ++i) responses.push_back({&survey, &payloads[i % payloads.size()], &facts[i % facts.size()]});
                delta.add_all(responses);
                return delta.rows().size();
            });
            const double one = us_per_post(n, [&] {
                RollupFold delta;
                for (std::size_t i = 0; i < n; ++i) delta.add(survey, payloads[i % payloads.size()], facts[i % facts.size()]);
                return delta.rows().size();
            });
            std::printf("rollup_round%s_us_per_post_%zu=%.2f\n", infix, n, round);
            std::printf("rollup_fold%s_us_per_post_%zu=%.2f\n", infix, n, all);
            std::printf("rollup_fold%s_one_by_one_us_per_post_%zu=%.2f\n", infix, n, one);
        }
        std::vector<std::string> canonical;  // as the collector stores a payload (ingest.cpp): keys sorted
        for (const std::string& text : payloads) canonical.push_back(nlohmann::json::parse(text).dump());
        const double tail = us_per_post(1000, [&] {
            std::vector<std::pair<std::string, std::string>> stored;  // as read from the database's rows
            for (std::size_t i = 0; i < 1000; ++i) stored.emplace_back(survey, canonical[i % canonical.size()]);
            RollupFold read;
            read.add_all_stored(stored);
            return read.rows().size();
        });
        std::printf("rollup_tail_read%s_us_per_post=%.2f\n", infix, tail);
    }
}
