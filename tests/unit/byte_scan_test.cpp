// The NDJSON fast path's byte searches: the SIMD twins (wasm simd128 in the wasm suite, which builds
// this file with -msimd128; SSE2 natively) must find exactly what the scalar ones find, at every
// offset of a 16-byte block, at block edges and in the scalar tail, on every byte value.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "../../shared/src/aggregate/byte_scan.hpp"

#if defined(__EMSCRIPTEN__) && !defined(__wasm_simd128__)
#error "the wasm suite builds this file with -msimd128 (tests/CMakeLists.txt): the SIMD twin must be compared"
#endif

namespace bs = touchpoint::agg::byte_scan;

TEST_CASE("byte scan: the scalar searches find the run's end and the line end", "[aggregate][simd]") {
    const std::string s = "plain text\\n \"end";
    CHECK(bs::plain_run_end_scalar(s.data(), s.data() + s.size()) - s.data() == 10);
    const std::string t = "abc\x7f~";
    CHECK(bs::plain_run_end_scalar(t.data(), t.data() + t.size()) == t.data() + t.size());
    const std::string u = "ab\xc3\xa9";
    CHECK(bs::plain_run_end_scalar(u.data(), u.data() + u.size()) - u.data() == 2);
    const std::string l = "{}\n{}";
    CHECK(bs::newline_scalar(l.data(), l.data() + l.size()) - l.data() == 2);
    CHECK(bs::newline_scalar(l.data(), l.data() + 2) == nullptr);
}

#if TP_BYTE_SCAN_SIMD
namespace {
void compare_all_ranges(const std::string& s) {
    const char* b = s.data();
    for (std::size_t from = 0; from <= s.size(); ++from)
        for (std::size_t to = from; to <= s.size(); ++to) {
            INFO("bytes [" << from << ", " << to << ") of " << s.size());
            REQUIRE(bs::plain_run_end_simd(b + from, b + to) == bs::plain_run_end_scalar(b + from, b + to));
            REQUIRE(bs::newline_simd(b + from, b + to) == bs::newline_scalar(b + from, b + to));
        }
}
}  // namespace

TEST_CASE("byte scan: SIMD and scalar agree on every byte value at every position", "[aggregate][simd]") {
    // One stop byte in a plain run of 40, at each position; every one of the 256 byte values.
    std::size_t stops = 0;
    for (int value = 0; value < 256; ++value) {
        const char c = static_cast<char>(value);
        for (std::size_t at = 0; at < 40; ++at) {
            std::string s(40, 'a');
            s[at] = c;
            const char* b = s.data();
            const char* e = b + s.size();
            REQUIRE(bs::plain_run_end_simd(b, e) == bs::plain_run_end_scalar(b, e));
            REQUIRE(bs::newline_simd(b, e) == bs::newline_scalar(b, e));
            if (bs::plain_run_end_scalar(b, e) == b + at) ++stops;
        }
    }
    // The stop bytes: '"', '\\', 32 control bytes and 128 non-ASCII bytes, each at all 40 positions.
    CHECK(stops == (2 + 32 + 128) * 40);
}

TEST_CASE("byte scan: SIMD and scalar agree on random buffers, every sub-range", "[aggregate][simd]") {
    std::mt19937 rng(20261202);
    const char kBytes[] = {'a', 'Z', ' ', ':', ',', '{', '}', '"', '\\', '\n', '\x1f', '\x7f', '\x80', '\xe4', '\xff'};
    for (int round = 0; round < 40; ++round) {
        // Sparse stops (long plain runs, as in real payloads) and dense ones.
        const unsigned density = round % 2 ? 4u : 40u;
        std::string s(70, 'x');
        for (char& c : s)
            if (rng() % density == 0) c = kBytes[rng() % sizeof kBytes];
        compare_all_ranges(s);
    }
}
#else
TEST_CASE("byte scan: no SIMD on this target", "[aggregate][simd]") { WARN("built without SIMD: only the scalar search is used"); }
#endif
