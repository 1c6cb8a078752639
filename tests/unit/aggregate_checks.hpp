// Catch2 checks for the aggregation tests: two Aggregators fed the same lines by different routes
// (fast path or full parser, whole or in chunks, one pass or merged) must end in the same place.
#pragma once
#include <catch2/catch.hpp>

#include <cstddef>

#include "touchpoint/aggregate/aggregator.hpp"

namespace aggregate_checks {

// Same result, same number of responses, and the same bad lines (line numbers and messages).
inline void check_same_aggregation(const touchpoint::Aggregator& a, const touchpoint::Aggregator& b) {
    CHECK(a.result_json() == b.result_json());
    CHECK(a.responses() == b.responses());
    CHECK(a.bad_line_count() == b.bad_line_count());
    REQUIRE(a.bad_lines().size() == b.bad_lines().size());
    for (std::size_t i = 0; i < a.bad_lines().size(); ++i) {
        INFO("bad line " << i);
        CHECK(a.bad_lines()[i].line == b.bad_lines()[i].line);
        CHECK(a.bad_lines()[i].message == b.bad_lines()[i].message);
    }
}

}  // namespace aggregate_checks
