// NDJSON bytes through the core's Aggregator. Unfiltered data takes the aggregator's fast
// scanner over the whole buffer (what the 1M-response benchmark measures); a filter needs each
// response parsed, so filtered views go line by line through add(json). Either way each line is
// read once, however many groupings are asked for.
#include "aggregate_bridge.hpp"

#include <cstring>

#include "touchpoint/aggregate/aggregator.hpp"

namespace tpviewer {

std::vector<AggregateResult> aggregate_ndjson(std::string_view ndjson, const std::vector<std::vector<std::string>>& groupings,
                                              const LineFilter* filter) {
    std::vector<AggregateResult> out(groupings.size());
    touchpoint::Aggregator agg = touchpoint::Aggregator::for_groupings(groupings);
    if (!agg.ok()) {
        for (AggregateResult& r : out) {
            r.groups = {{"groups", nlohmann::json::array()}};
            r.warnings.push_back(agg.error());
        }
        return out;
    }
    if (!filter) {
        agg.add_ndjson(ndjson);
    } else {
        std::size_t pos = 0;
        while (pos < ndjson.size()) {
            const void* nl = std::memchr(ndjson.data() + pos, '\n', ndjson.size() - pos);
            const std::size_t end = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - ndjson.data()) : ndjson.size();
            const std::string_view line = ndjson.substr(pos, end - pos);
            pos = end + 1;
            nlohmann::json r = nlohmann::json::parse(line.begin(), line.end(), nullptr, false);
            if (!r.is_discarded() && (*filter)(r)) agg.add(r);
        }
    }
    agg.finish();
    for (std::size_t g = 0; g < out.size(); ++g) {
        AggregateResult& r = out[g];
        r.groups = agg.result(g);
        r.total = static_cast<long long>(agg.responses(g));
        for (const touchpoint::BadLine& b : agg.bad_lines(g)) {
            if (r.warnings.size() >= 5) break;
            r.warnings.push_back("line " + std::to_string(b.line) + ": " + b.message);
        }
        if (agg.bad_line_count(g) > r.warnings.size())
            r.warnings.push_back(std::to_string(agg.bad_line_count(g)) + " lines could not be read");
    }
    return out;
}

AggregateResult aggregate_ndjson(std::string_view ndjson, const std::vector<std::string>& keys, const LineFilter* filter) {
    return std::move(aggregate_ndjson(ndjson, std::vector<std::vector<std::string>>{keys}, filter).front());
}

}  // namespace tpviewer
