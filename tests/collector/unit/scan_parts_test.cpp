// Scans of stored payloads in parts read side by side (tools/collector/scan_parts.hpp): the cut
// of a seq span covers it exactly, and random rows (bad ones too, with gaps in their seqs, on
// several aggregators with a filter) aggregated over random cuts, on threads, give byte for byte
// the state of one pass. The collector's HTTP tests check the same through SQLite
// (tests/collector/rollups.test.mjs runs its collectors with --scan-threads 3 --scan-part-rows 7).
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "../../unit/aggregate_fixtures.hpp"  // Lcg, varied_line
#include "collector/scan_parts.hpp"

using namespace touchpoint;
using namespace touchpoint::collector;

namespace {

using aggregate_fixtures::Lcg;

// A stored table: (seq, payload), in seq order, with gaps.
using Rows = std::vector<std::pair<std::int64_t, std::string>>;

Rows random_rows(Lcg& r, std::size_t n) {
    Rows rows;
    std::int64_t seq = 1 + r.below(5);
    for (std::size_t i = 0; i < n; ++i) {
        rows.emplace_back(seq, aggregate_fixtures::varied_line(r));
        seq += 1 + (r.below(4) == 0 ? r.below(30) : 0);  // removed rows, other surveys' rows
    }
    return rows;
}

// Storage::scan over `rows`, for one range.
ScanRange scan_of(const Rows& rows) {
    return [&rows](const SeqRange& range, const ScanRow& row, std::string*) {
        for (const auto& [seq, payload] : rows)
            if (seq > range.after && (range.through < 0 || seq <= range.through) && !row(seq, payload)) break;
        return true;
    };
}

std::vector<Aggregator> make_aggregators() {
    std::vector<Aggregator> made;
    made.push_back(Aggregator::for_groupings({{"touchpoint"}, {"day"}, {"answer.role"}}));
    made.push_back(Aggregator::for_groupings({{"locale", "segment.plan"}, {}}));
    AggregateFilter filter;
    filter.where = {{"locale", "zh-CN"}};
    made.back().set_filter(filter);
    return made;
}

// Every aggregator's state (counts, sums, histograms of every group), as text.
std::string fingerprint(const std::vector<Aggregator>& aggregators) {
    std::string out;
    for (const Aggregator& a : aggregators) out += a.state_text() + "\n";
    return out;
}

}  // namespace

TEST_CASE("scan parts: a seq span is cut into contiguous ranges that cover it exactly", "[collector][scan]") {
    Lcg r{11};
    CHECK(cut_seq_span(0, 0, 4, 10).empty());
    for (int round = 0; round < 2000; ++round) {
        const std::int64_t first = 1 + r.below(1000), last = first + r.below(round % 3 ? 5000 : 20);
        const unsigned max_parts = 1 + r.below(6);
        const std::int64_t min_rows = 1 + r.below(round % 2 ? 50 : 3000);
        const std::vector<SeqRange> ranges = cut_seq_span(first, last, max_parts, min_rows);
        INFO(first << ".." << last << " in at most " << max_parts << " of at least " << min_rows);
        REQUIRE(!ranges.empty());
        CHECK(ranges.size() <= max_parts);
        CHECK(ranges.front().after == first - 1);
        CHECK(ranges.back().through == last);
        for (std::size_t i = 0; i < ranges.size(); ++i) {
            CHECK(ranges[i].through > ranges[i].after);
            if (i) CHECK(ranges[i].after == ranges[i - 1].through);
            if (ranges.size() > 1) CHECK(ranges[i].through - ranges[i].after >= min_rows);
        }
        // As many parts as the span allows.
        const std::int64_t span = last - first + 1;
        CHECK(static_cast<std::int64_t>(ranges.size()) == std::min<std::int64_t>(max_parts, std::max<std::int64_t>(1, span / min_rows)));
    }
}

TEST_CASE("scan parts: random rows over random cuts merge into exactly one pass", "[collector][scan]") {
    Lcg r{29};
    for (int round = 0; round < 40; ++round) {
        const Rows rows = random_rows(r, 50 + r.below(400));
        std::vector<Aggregator> one_pass;
        REQUIRE(aggregate_ranges({{0, -1}}, scan_of(rows), make_aggregators, &one_pass, nullptr));
        REQUIRE(one_pass.front().responses() > 0);
        std::size_t refused = 0;  // the fixture's bad lines: refused by add_line, in no part's state
        for (const auto& row : rows) refused += Aggregator({"touchpoint"}).add_line(row.second) ? 0 : 1;
        REQUIRE(refused > 0);
        const std::string expected = fingerprint(one_pass);
        const std::int64_t first = rows.front().first, last = rows.back().first;
        const std::vector<SeqRange> ranges = cut_seq_span(first, last, 1 + r.below(5), 1 + r.below(120));
        std::vector<Aggregator> parts;
        REQUIRE(aggregate_ranges(ranges, scan_of(rows), make_aggregators, &parts, nullptr));
        INFO(ranges.size() << " parts");
        CHECK(fingerprint(parts) == expected);
    }
}

TEST_CASE("scan parts: a part that cannot be read fails the whole scan with its error", "[collector][scan]") {
    Lcg r{5};
    const Rows rows = random_rows(r, 300);
    const ScanRange failing_second = [&rows](const SeqRange& range, const ScanRow& row, std::string* error) {
        if (range.after > rows.front().first) {
            *error = "disk I/O error";
            return false;
        }
        return scan_of(rows)(range, row, error);
    };
    std::vector<Aggregator> out;
    std::string error;
    CHECK_FALSE(aggregate_ranges(cut_seq_span(rows.front().first, rows.back().first, 3, 10), failing_second, make_aggregators, &out, &error));
    CHECK(error == "disk I/O error");
    // No range (nothing stored): nothing counted, not an error.
    REQUIRE(aggregate_ranges({}, scan_of(rows), make_aggregators, &out, nullptr));
    CHECK(out.size() == 2);
    CHECK(out.front().responses() == 0);
}
