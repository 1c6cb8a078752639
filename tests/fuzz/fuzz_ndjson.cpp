// libFuzzer target: the aggregator's NDJSON fast path must agree with the full parser on any
// input — same aggregate, same bad lines with the same messages — and never crash or hang.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "touchpoint/aggregate.hpp"

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
    for (std::size_t i = 0; i < fast.bad_lines().size(); ++i)
        if (fast.bad_lines()[i].line != full.bad_lines()[i].line || fast.bad_lines()[i].message != full.bad_lines()[i].message)
            std::abort();
    return 0;
}
