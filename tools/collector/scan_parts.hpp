// Stored payloads aggregated in parts read side by side: a scan's seq span is cut into a few
// contiguous parts, each part read on a thread of its own (SQLite: a read connection each) into
// aggregators of its own, and the parts are merged in seq order (Aggregator::merge), which gives
// exactly the one-pass numbers. What GET /v1/aggregates, the results page and the map's period
// comparison do when the rollups cannot answer (an answer filter, a key the rollups do not keep).
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "collector/storage.hpp"
#include "touchpoint/aggregate/aggregator.hpp"

namespace touchpoint::collector {

// make() for one aggregator: a vector of move-only aggregators has no initializer list.
inline std::vector<Aggregator> one_aggregator(Aggregator a) {
    std::vector<Aggregator> v;
    v.push_back(std::move(a));
    return v;
}

// Rows with seq in (after, through].
struct SeqRange {
    std::int64_t after = 0, through = 0;
};

// [first, last] cut into at most `max_parts` ranges of equal seq span, each spanning at least
// `min_rows` seqs (fewer parts for a short span, at least one); none for first == last == 0 (no row).
std::vector<SeqRange> cut_seq_span(std::int64_t first, std::int64_t last, unsigned max_parts, std::int64_t min_rows);

using ScanRow = std::function<bool(std::int64_t seq, const std::string& payload)>;
// Reads one range's rows, oldest first (Storage::scan with after_seq and through_seq).
using ScanRange = std::function<bool(const SeqRange& range, const ScanRow& row, std::string* error)>;
// The aggregators one part fills (the same groupings, filter and survey every time).
using MakeAggregators = std::function<std::vector<Aggregator>()>;

// Each range read into make()'s aggregators, the first on the calling thread and each other on a
// thread of its own; then *out = make(), with every part merged into it in order, and finished
// (no range: nothing counted).
// False (and the first failing part's `error`) if a part could not be read.
bool aggregate_ranges(const std::vector<SeqRange>& ranges, const ScanRange& scan, const MakeAggregators& make,
                      std::vector<Aggregator>* out, std::string* error);

// How a collector cuts its scans (--scan-threads, --scan-part-rows; their defaults are ServeConfig's).
struct ScanSplit {
    unsigned threads;             // at most this many parts at once; 1 = one pass
    std::int64_t min_part_rows;   // seqs per part at least: a shorter scan is not worth a thread
};

// The rows of `query` (no limit) aggregated into *out = make(): in parts where the storage can cut
// its scans (Storage::seq_span) and the span is long enough, else in one pass.
bool aggregate_stored(Storage& storage, const ScanQuery& query, const ScanSplit& split, const MakeAggregators& make,
                      std::vector<Aggregator>* out, std::string* error);

}  // namespace touchpoint::collector
