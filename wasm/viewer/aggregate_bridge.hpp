// The one place the viewer calls the core's streaming aggregator (aggregate/aggregator.hpp): NDJSON bytes
// in, `touchpoint score`-shaped groups out.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace tpviewer {

using LineFilter = std::function<bool(const nlohmann::json& response)>;

struct AggregateResult {
    nlohmann::json groups;   // {"groups":[{"key":{...},"n":..,"nps":{..},"csat":{..},"ces":{..},"small_sample":..}]}
    long long total = 0;     // responses aggregated
    std::vector<std::string> warnings;  // e.g. "line 17: not valid JSON" (first few)
};

// keys: group keys as `touchpoint score --by` takes them ("touchpoint", "stage", "month" ...).
// filter: when set, only responses it accepts count (slower: each line is parsed first).
AggregateResult aggregate_ndjson(std::string_view ndjson, const std::vector<std::string>& keys, const LineFilter* filter);

// Several groupings (e.g. {{"touchpoint"}, {"stage"}}) in ONE pass over the bytes: each line is
// scanned (or, with a filter, parsed and filtered) once and counted in every grouping. One result
// per grouping, in order, each equal to what aggregate_ndjson gives for that grouping alone.
std::vector<AggregateResult> aggregate_ndjson(std::string_view ndjson, const std::vector<std::vector<std::string>>& groupings,
                                              const LineFilter* filter);

}  // namespace tpviewer
