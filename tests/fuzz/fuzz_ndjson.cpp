// libFuzzer target: the aggregator's NDJSON fast path must agree with the full parser on any
// input — same aggregate, same bad lines with the same messages — and never crash or hang; and
// one aggregator computing several groupings in one pass must agree, grouping by grouping, with
// one aggregator per grouping (results, response counts, bad lines).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "touchpoint/aggregate/aggregator.hpp"

namespace {

bool same_bad_lines(const std::vector<touchpoint::BadLine>& a, const std::vector<touchpoint::BadLine>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].line != b[i].line || a[i].message != b[i].message) return false;
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::vector<std::string> by = {"touchpoint", "answer.role", "segment.plan", "week"};
    touchpoint::Aggregator fast(by), full(by);
    full.set_fast_path(false);
    fast.add_ndjson(input);
    full.add_ndjson(input);
    fast.finish();
    full.finish();
    if (fast.result_json() != full.result_json()) std::abort();
    if (fast.bad_line_count() != full.bad_line_count()) std::abort();
    if (!same_bad_lines(fast.bad_lines(), full.bad_lines())) std::abort();

    // Several groupings sharing answer/segment keys, fed in two chunks split mid-input.
    const std::vector<std::vector<std::string>> groupings = {by, {"stage"}, {"segment.plan"}, {"answer.role", "month"}, {}};
    touchpoint::Aggregator multi = touchpoint::Aggregator::for_groupings(groupings);
    const std::size_t half = size / 2;
    multi.add_ndjson(input.substr(0, half));
    multi.add_ndjson(input.substr(half));
    multi.finish();
    for (std::size_t g = 0; g < groupings.size(); ++g) {
        touchpoint::Aggregator one(groupings[g]);
        one.add_ndjson(input);
        one.finish();
        if (multi.result_json(g) != one.result_json() || multi.responses(g) != one.responses() ||
            multi.bad_line_count(g) != one.bad_line_count() || !same_bad_lines(multi.bad_lines(g), one.bad_lines()))
            std::abort();
    }
    return 0;
}
