// Scans in parts read side by side (scan_parts.hpp).
#include "collector/scan_parts.hpp"

#include <algorithm>
#include <thread>

namespace touchpoint::collector {

std::vector<SeqRange> cut_seq_span(std::int64_t first, std::int64_t last, unsigned max_parts, std::int64_t min_rows) {
    const std::int64_t span = last >= first && first > 0 ? last - first + 1 : 0;
    if (span == 0) return {};
    const std::int64_t by_size = std::max<std::int64_t>(1, span / std::max<std::int64_t>(1, min_rows));
    const std::int64_t parts = std::min<std::int64_t>(std::max(1u, max_parts), by_size);
    std::vector<SeqRange> out;
    std::int64_t after = first - 1;
    for (std::int64_t i = 1; i <= parts; ++i) {
        const std::int64_t through = first - 1 + span * i / parts;
        out.push_back({after, through});
        after = through;
    }
    return out;
}

bool aggregate_ranges(const std::vector<SeqRange>& ranges, const ScanRange& scan, const MakeAggregators& make,
                      std::vector<Aggregator>* out, std::string* error) {
    struct Part {
        std::vector<Aggregator> aggregators;
        bool ok = true;
        std::string error;
    };
    std::vector<Part> parts(ranges.size());
    const auto read = [&](std::size_t i) {
        Part& part = parts[i];
        part.aggregators = make();
        part.ok = scan(ranges[i], [&](std::int64_t, const std::string& payload) {
            for (Aggregator& a : part.aggregators) a.add_line(payload);  // stored rows were validated; a refusal is counted
            return true;
        }, &part.error);
        for (Aggregator& a : part.aggregators) a.finish();
    };
    std::vector<std::thread> others;
    for (std::size_t i = 1; i < ranges.size(); ++i) others.emplace_back(read, i);
    if (!ranges.empty()) read(0);
    for (std::thread& t : others) t.join();
    *out = make();
    for (Part& part : parts) {
        if (!part.ok) {
            if (error) *error = part.error;
            return false;
        }
        for (std::size_t j = 0; j < out->size(); ++j) (*out)[j].merge(part.aggregators[j]);  // same groupings by construction
    }
    for (Aggregator& a : *out) a.finish();
    return true;
}

bool aggregate_stored(Storage& storage, const ScanQuery& query, const ScanSplit& split, const MakeAggregators& make,
                      std::vector<Aggregator>* out, std::string* error) {
    std::int64_t first = 0, last = 0;
    std::vector<SeqRange> ranges;
    if (split.threads > 1 && query.limit < 0 && storage.seq_span(query, &first, &last, nullptr))
        ranges = cut_seq_span(first, last, split.threads, split.min_part_rows);
    else
        ranges = {{query.after_seq, query.through_seq}};  // one pass: the query as it is
    return aggregate_ranges(ranges, [&](const SeqRange& range, const ScanRow& row, std::string* part_error) {
        ScanQuery part = query;
        part.after_seq = range.after;
        part.through_seq = range.through;
        return storage.scan(part, row, part_error);
    }, make, out, error);
}

}  // namespace touchpoint::collector
