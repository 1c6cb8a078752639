// Internal to the NDJSON fast path (ndjson_scan.cpp): the member names it has read, so that it can
// read the next one with a single compare. The lines of one input share a shape (the widget and the
// collector write a payload's members in one order), so after "answers" at the top level the next
// name is almost always "context". For each kind of object the scanner reads, the predictor keeps
// the exact bytes of each name it has read, from the opening quote through the ':' (at most 16),
// and which name came next the last time. At a member the scanner compares the 16 bytes ahead with
// the predicted name's under a mask (two 8-byte compares), in place of searching for the closing
// quote (16 bytes at a time), checking it, then the ':'. Over 200,000 generated B2B lines 96% of
// names hit, and the workers' wasm scan went 949 -> 1,192 MB per CPU-second with SIMD, 657 -> 847
// without (tools/bench.sh wasm_aggregate_scan).
//
// Why it is exact: a hit means the bytes ahead equal bytes that the full scan read and accepted
// earlier as a name without escapes followed by ':', so they are the same name here. Anything else
// (another name, an escape, a name too long, fewer than 16 bytes left before the end) misses and is
// read the usual way, which then teaches the predictor. A stale or replaced entry can only miss.
// The cost of a miss is bounded: one hashed lookup in a set of two entries, whatever the input.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

namespace touchpoint::agg {

class KeyPredictor {
public:
    static constexpr std::size_t kPattern = 16;  // bytes compared at once: '"', the name, '"', ':'
    static constexpr int kNone = -1;  // as `previous`: at an object's first member
    static constexpr int kLong = -2;  // as `previous`: after a name too long to hold

    // The entry predicted to come after `previous` in objects of kind `kind` (< kKinds), or kNone.
    int predict(unsigned kind, int previous) const {
        if (!table_) return kNone;
        return previous == kNone ? table_->first[kind] : previous == kLong ? table_->after_long[kind] : table_->entries[previous].next;
    }

    // The pattern's length if the kPattern bytes at p (all readable) start with `entry`'s pattern, else 0.
    std::size_t match(int entry, const char* p) const {
        const Entry& e = table_->entries[entry];
        std::uint64_t a, b;
        std::memcpy(&a, p, 8);
        std::memcpy(&b, p + 8, 8);
        return ((a ^ e.bytes[0]) & e.mask[0]) | ((b ^ e.bytes[1]) & e.mask[1]) ? 0 : e.size;
    }

    // The length of the name in `entry`'s pattern ('"' name '"' ':', maybe whitespace before ':').
    std::size_t name_size(int entry) const { return table_->entries[entry].name; }

    // What the scanner made of `entry`'s name in objects of kind `kind` (which member it is), so that
    // a predicted name is not compared with the names the scanner reads again; 0 until it says. An
    // entry is one name in one kind of object (replaced: a new entry, 0 again). But a prediction
    // can be an entry of another kind with the same bytes (a link left from an entry since
    // replaced: "nps" among the answers, predicted as the "nps" of the scores), whose meaning is
    // another member: so both give and take a meaning only for the entry's own kind.
    std::uint8_t meaning(int entry, unsigned kind) const {
        const Entry& e = table_->entries[entry];
        return e.kind == kind ? e.meaning : 0;
    }
    void set_meaning(int entry, unsigned kind, std::uint8_t meaning) {
        Entry& e = table_->entries[entry];
        if (e.kind == kind) e.meaning = meaning;
    }

    // After a name read the usual way: `pattern` = its bytes from the opening quote through the ':',
    // `name` = the name's length. Remembers it (if it fits) as the one after `previous` in objects
    // of kind `kind`; returns its entry (the `previous` of the next member), or kLong for a name
    // too long to hold (the name after one is remembered per kind of object: one long question id
    // among the answers costs one miss a line, not also the miss of the name after it).
    int learn(unsigned kind, int previous, std::string_view pattern, std::size_t name) {
        if (!table_) {
            if (++names_without_table_ < kNamesBeforeTable) return kNone;
            table_ = std::make_unique<Table>();
        }
        if (pattern.size() > kPattern) return kLong;
        Table& t = *table_;
        Entry fresh;
        std::memcpy(fresh.bytes, pattern.data(), pattern.size());
        std::memset(fresh.mask, 0xff, pattern.size());
        fresh.size = static_cast<std::uint8_t>(pattern.size());
        fresh.name = static_cast<std::uint8_t>(name);
        fresh.kind = static_cast<std::uint8_t>(kind);
        const std::uint64_t h = (fresh.bytes[0] ^ (fresh.bytes[1] * 0x9E3779B97F4A7C15ull) ^ kind) * 0xff51afd7ed558ccdull;
        const std::size_t set = static_cast<std::size_t>(h >> (64 - kSetBits));
        Entry* pair = &t.entries[2 * set];
        const auto same = [&](const Entry& e) {
            return e.size == fresh.size && e.kind == fresh.kind && e.bytes[0] == fresh.bytes[0] && e.bytes[1] == fresh.bytes[1];
        };
        int entry;
        if (same(pair[0])) {
            entry = static_cast<int>(2 * set);
        } else if (same(pair[1])) {
            entry = static_cast<int>(2 * set + 1);
        } else {  // an empty entry of the two, else the one not taken last time
            const std::size_t way = pair[0].size == 0 ? 0 : pair[1].size == 0 ? 1 : (t.replace[set] ^= 1);
            entry = static_cast<int>(2 * set + way);
            t.entries[entry] = fresh;
        }
        (previous == kNone ? t.first[kind] : previous == kLong ? t.after_long[kind] : t.entries[previous].next) = static_cast<std::int16_t>(entry);
        return entry;
    }

    static constexpr unsigned kKinds = 16;

private:
    static constexpr unsigned kSetBits = 7;  // 128 sets of two: 256 entries, ~10 KB
    struct Entry {
        std::uint64_t bytes[2] = {0, 0};
        std::uint64_t mask[2] = {0, 0};  // all ones over the pattern's bytes
        std::uint8_t size = 0;           // the pattern's length; 0 = an unused entry, which never matches
        std::uint8_t name = 0;
        std::uint8_t kind = 0;
        std::uint8_t meaning = 0;  // set_meaning's
        std::int16_t next = kNone;
    };
    struct Table {
        Entry entries[2u << kSetBits];
        std::uint8_t replace[1u << kSetBits] = {};
        std::int16_t first[kKinds] = {kNone, kNone, kNone, kNone, kNone, kNone, kNone, kNone,
                                      kNone, kNone, kNone, kNone, kNone, kNone, kNone, kNone};
        std::int16_t after_long[kKinds] = {kNone, kNone, kNone, kNone, kNone, kNone, kNone, kNone,
                                           kNone, kNone, kNone, kNone, kNone, kNone, kNone, kNone};
    };
    // Made once a scan has read kNamesBeforeTable names (~30 lines of the usual payloads). The
    // collector's rollups fold each commit's few responses in aggregators of their own: made at
    // the first name, the table and its misses cost a fresh fold of one response 8.5 -> 11.2 us
    // (tools/bench.sh rollup_fold), for lines it had no time to predict.
    static constexpr std::uint32_t kNamesBeforeTable = 1024;
    std::uint32_t names_without_table_ = 0;
    std::unique_ptr<Table> table_;
};

}  // namespace touchpoint::agg
