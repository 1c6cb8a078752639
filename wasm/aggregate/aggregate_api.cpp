// The journey viewer's aggregation worker module: the core's Aggregator alone (no ImGui, no GL), run
// in Web Workers by the <touchpoint-journey> element (web/src/journey/parallel.js). Each worker
// aggregates one part of a large NDJSON input and hands back its aggregate-state/1; the viewer
// merges the parts in input order (tp_viewer_stream_merge), which gives exactly one pass's result.
// Built twice (wasm/aggregate/CMakeLists.txt): with wasm SIMD for the NDJSON scan, and without.
#include <memory>
#include <string>
#include <vector>

#include "touchpoint/aggregate/aggregator.hpp"
#include "touchpoint_aggregate_exports.h"  // the C API's prototypes, from wasm/exports.json

namespace {
std::unique_ptr<touchpoint::Aggregator> g_aggregator;
std::string g_result;  // backing store of the last string returned to JS

const char* ret(std::string s) {
    g_result = std::move(s);
    return g_result.c_str();
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

const char* tp_aggregate_end() {
    if (!g_aggregator) return ret("{}");
    g_aggregator->finish();
    std::string state = g_aggregator->state().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    g_aggregator.reset();
    return ret(std::move(state));
}

}  // extern "C"
