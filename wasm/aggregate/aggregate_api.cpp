// The journey viewer's aggregation worker module: the core's Aggregator alone (no ImGui, no GL), run
// in Web Workers by the <touchpoint-journey> element (web/src/journey/parallel.js). Each worker
// aggregates one part of a large NDJSON input and hands back its aggregate-state/1; the viewer
// merges the parts in input order (tp_viewer_stream_merge), which gives exactly one pass's result.
// Built twice (wasm/aggregate/CMakeLists.txt): with wasm SIMD for the NDJSON scan, and without.
#include <memory>
#include <string>
#include <vector>

#include "touchpoint/aggregate/aggregator.hpp"
#include "touchpoint/response/members.hpp"
#include "touchpoint_aggregate_exports.h"  // the C API's prototypes, from wasm/exports.json

namespace {
std::unique_ptr<touchpoint::Aggregator> g_aggregator;
std::string g_result;  // backing store of the last string returned to JS

const char* ret(std::string s) {
    g_result = std::move(s);
    return g_result.c_str();
}

// Sample response/1 lines for tp_aggregate_warm_up: the shape the collector's export and the
// widget send (nested survey, journey, scores and context objects, ids, a list, Chinese text,
// whole numbers), member names from the core's table, so the scan takes the paths real lines take.
std::string warm_up_sample() {
    namespace m = touchpoint::members;
    static const char* const kStages[] = {"awareness", "search", "decision", "purchase", "delivery", "repurchase"};
    std::string out;
    for (int i = 0; i < 64; ++i) {
        const int nps = i % 11;
        nlohmann::json p;
        p[m::payload::touchpoint] = "response/1";
        p[m::payload::id] = "00000000-0000-4000-8000-" + std::to_string(100000000000 + i);
        p[m::payload::survey] = {{m::survey::id, "warm-up"}, {m::survey::version, "1"},
                                 {m::survey::hash, "sha256:0123456789abcdef0123456789abcdef"}};
        p[m::payload::submitted] = "2026-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10) + "T08:00:00Z";
        p[m::payload::locale] = i % 2 ? "zh-CN" : "en";
        p[m::payload::partial] = false;
        p[m::payload::redactions] = 0;
        p[m::payload::answers] = {{"nps", nps}, {"criteria", {"price", "references"}}, {"comment", "结账很顺利, thanks"}};
        const char* category = nps >= 9 ? "promoter" : nps >= 7 ? "passive" : "detractor";
        p[m::payload::scores] = {
            {m::scores::nps, {{m::nps::value, nps}, {m::nps::category, category}, {m::nps::question, "nps"}}},
            {m::scores::csat, {{m::csat::value, 1 + i % 5}, {m::csat::scale, 5}, {m::csat::question, "csat"}}}};
        p[m::payload::journey] = {{m::journey::map, "warm-up"}, {m::journey::stage, kStages[i % 6]},
                                  {m::journey::touchpoint, "touchpoint-" + std::to_string(i % 12)}};
        p[m::payload::context] = {{m::context::page, "/support/ticket/" + std::to_string(i)},
                                  {m::context::segment, {{"plan", i % 3 ? "pro" : "free"}}}};
        out += p.dump();
        out += '\n';
    }
    return out;
}
}  // namespace

extern "C" {

const char* tp_aggregate_begin(const char* groupings_text) {
    g_aggregator.reset();
    const std::string text = groupings_text ? groupings_text : "";
    const nlohmann::json list = nlohmann::json::parse(text, nullptr, false);
    if (list.is_discarded() || !list.is_array() || list.empty()) return ret("groupings: expected [[key,...],...]");
    std::vector<std::vector<std::string>> groupings;
    for (const nlohmann::json& keys : list) {
        if (!keys.is_array()) return ret("groupings: expected [[key,...],...]");
        std::vector<std::string>& out = groupings.emplace_back();
        for (const nlohmann::json& key : keys) {
            if (!key.is_string()) return ret("groupings: keys are strings");
            out.push_back(key.get<std::string>());
        }
    }
    auto aggregator = std::make_unique<touchpoint::Aggregator>(touchpoint::Aggregator::for_groupings(groupings));
    if (!aggregator->ok()) return ret("groupings: " + aggregator->error());
    g_aggregator = std::move(aggregator);
    return ret("");
}

void tp_aggregate_chunk(const char* bytes, int length) {
    if (g_aggregator && bytes && length > 0) g_aggregator->add_ndjson(std::string_view(bytes, static_cast<std::size_t>(length)));
}

// A worker runs this once when it starts: engines run new wasm in a quick baseline tier and compile
// a function's optimised code only once it has run a while, so without it the first part of the
// first real input was scanned at the baseline tier's pace, and the optimising compile competed
// with the workers for the cores (web/src/journey/parallel.js, "Warm-up").
const char* tp_aggregate_warm_up(int bytes) {
    const std::string sample = warm_up_sample();
    auto a = touchpoint::Aggregator::for_groupings({{"touchpoint"}, {"stage"}, {"stage", "month"}});
    for (int done = 0; done < bytes; done += static_cast<int>(sample.size())) a.add_ndjson(sample);
    a.finish();
    return ret(nlohmann::json{{"lines", a.responses(0) + a.bad_line_count(0)}, {"fallbacks", a.fallback_count()},
                              {"bad_lines", a.bad_line_count(0)}}
                   .dump());
}

const char* tp_aggregate_end() {
    if (!g_aggregator) return ret("{}");
    g_aggregator->finish();
    std::string state = g_aggregator->state().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    g_aggregator.reset();
    return ret(std::move(state));
}

}  // extern "C"
