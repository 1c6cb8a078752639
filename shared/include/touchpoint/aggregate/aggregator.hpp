// Streaming aggregation of response/1 payloads: n, NPS with its 95% margin of error, CSAT and
// CES, per group. Memory is constant per group however many responses pass (counters and sums
// only), so the journey viewer can aggregate millions in the browser.
//
// Group keys (`touchpoint score --by`): survey, version (the survey's version label), map, stage,
// touchpoint, locale, answer.<qid>, segment.<name>, day, week (ISO 8601, "2026-W48"), month;
// several keys group by their
// combination. A response whose answer is a list (multi-select) counts once in each chosen
// option's group; a missing value groups under null. answer.<qid>/<part> groups by one part of
// an answer: a matrix row by the column(s) chosen in it ("answer.ownership/ceo"), a ranking item by
// the position it was given ("answer.priorities/speed": "1" = ranked first).
//
// Several groupings in one pass: Aggregator::for_groupings({{"touchpoint"}, {"stage"}}) scans each
// line once and adds its facts to every grouping; each grouping's result, response count and bad
// lines are exactly those a separate Aggregator with its keys would give (a line can be bad for
// one grouping only: a segment.<name> key refuses a list there). The accessors below take the
// grouping's index, 0 by default, so a one-grouping aggregator reads as before.
//
// Input paths, with identical results (tests and a fuzz target compare them):
//  - add(json): a parsed payload;
//  - add_ndjson(bytes): NDJSON in one buffer or successive chunks. A single-pass scanner pulls out
//    only the members aggregation needs, without building a DOM or allocating per line; anything
//    unusual (escapes in a needed string, non-integer numbers, lists as answers) falls back to a
//    full parse of that line. Bad lines are counted and reported with their line number; they
//    never abort the stream.
//  - add_csv(bytes): the collector's CSV export (see response/csv.hpp), whole or in chunks, streamed
//    like NDJSON: only the record in progress is kept (records may span lines inside quotes; one
//    longer than 64 MiB is reported bad and skipped).
//
// Output ({"groups":[...]}), in a stable order (keys compared value by value, null last):
//   {"key":{"touchpoint":"demo-call"},"n":120,
//    "nps":{"value":12.5,"moe":8.1,"promoters":50,"passives":35,"detractors":35,"n":120},
//    "csat":{"value":81.2,"mean":4.1,"n":96},"ces":{"value":5.2,"easy":70.0,"n":80},
//    "small_sample":false}
// - nps.value = % promoters − % detractors; moe = 1.96·sqrt(var/n) of the +1/0/−1 coding, in
//   points. csat.value = % top-2-box, csat.mean on a 1..5 scale; ces.value = mean on 1..7,
//   ces.easy = % easy (see csat_top2 / ces_easy in response/derived.hpp). Other scales are rescaled
//   linearly. A score nobody answered in the group is null. Display numbers are rounded to 0.1.
// - small_sample: n < 30. Below that the normal approximation behind the margin of error is
//   unreliable and one response moves NPS by more than 3 points: show the group, flag it.
// - labels: with a survey (set_survey), groups keyed by answer.<qid> carry the choice label in the
//   survey's first locale: "labels":{"answer.role":"资助方"}.
//
// Filtering (`touchpoint score --from/--to/--where`, the collector's results API): set_filter keeps
// only the responses submitted on a UTC day in [from, to] whose value for every `where` key is one
// of the listed values (the key's group values as above: a multi-select matches when any chosen
// option does; the same key listed twice means either value) and, if `any` is given, that match
// at least one of its (key, value) pairs (the journey viewer's persona filter). Responses filtered
// out are neither counted nor bad; a bad line stays bad whatever the filter.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace touchpoint {

struct BadLine {
    std::size_t line;     // 1-based, counted over everything passed to add_ndjson / add_csv
    std::string message;  // "POINTER: message", e.g. "/scores/nps/value: expected a whole number from 0 to 10"
};

struct AggregateFilter {
    std::string from, to;  // UTC days "YYYY-MM-DD", inclusive; "" = open
    std::vector<std::pair<std::string, std::string>> where;  // (group key, value)
    // And at least one of these (group key, value) pairs, if any are given: one value that may
    // stand under several keys, e.g. a persona named in answer.role or in segment.role.
    std::vector<std::pair<std::string, std::string>> any;
    bool empty() const { return from.empty() && to.empty() && where.empty() && any.empty(); }
};

class Aggregator {
public:
    // `keys` as given to --by; an unknown key leaves the aggregator invalid (see error()).
    explicit Aggregator(const std::vector<std::string>& keys = {});
    // Several groupings (each a list of keys, like `keys` above) computed in one pass; at most
    // kMaxGroupings, with at most 16 different answer.<qid> and segment.<name> keys among them.
    static constexpr std::size_t kMaxGroupings = 16;
    static Aggregator for_groupings(const std::vector<std::vector<std::string>>& groupings);
    ~Aggregator();
    Aggregator(Aggregator&&) noexcept;
    Aggregator& operator=(Aggregator&&) noexcept;

    bool ok() const;
    const std::string& error() const;          // why the keys were refused
    static bool valid_key(std::string_view key);

    void set_survey(const nlohmann::json& survey);  // labels for answer.<qid> groups
    void set_fast_path(bool enabled);               // default on; off = full parse of every line
    // Keeps only matching responses (see above); false (and error(): why) for an unknown key or a
    // day not written YYYY-MM-DD. Call before adding anything.
    bool set_filter(const AggregateFilter& filter);
    // Whether the filter keeps this payload (always, without one); a payload the aggregation
    // would refuse is not kept. For callers that need more of a kept payload than its scores.
    bool accepts(const nlohmann::json& payload);

    // One parsed payload; false (and `error`, "POINTER: message") if it cannot be aggregated.
    bool add(const nlohmann::json& payload, std::string* error = nullptr);
    // One NDJSON line (no newline); empty/blank lines are ignored and return true.
    bool add_line(std::string_view line, std::string* error = nullptr);
    // NDJSON bytes, whole or in chunks (a line split across chunks is carried over); call
    // finish() after the last chunk.
    void add_ndjson(std::string_view chunk);
    // The collector's CSV export (ONE export: header first), whole or in successive chunks;
    // call finish() after the last chunk.
    void add_csv(std::string_view chunk);
    void finish();

    // One-line add()/add_line() return false if any grouping refuses the payload (`error` = the
    // first refusal); add_ndjson/add_csv record bad lines per grouping.
    std::size_t grouping_count() const;
    const std::vector<std::string>& grouping_keys(std::size_t grouping = 0) const;
    std::uint64_t responses(std::size_t grouping = 0) const;       // aggregated
    std::uint64_t bad_line_count(std::size_t grouping = 0) const;  // all bad lines, also those beyond the kept list
    const std::vector<BadLine>& bad_lines(std::size_t grouping = 0) const;  // the first 1000
    std::uint64_t fallback_count() const;      // lines the fast path handed to the full parser

    // [SECTION] Merging: split the input anywhere (threads, workers, stored rollups), aggregate the
    // parts separately, merge them in input order: the result is exactly that of one pass (counts
    // add; a group's sums are of whole numbers on the usual scales, so their order does not change
    // them). Bad lines of a merged part are renumbered after the lines this one has seen. Both sides
    // must have the same groupings (the same keys in the same order); false and `error` otherwise.
    bool merge(const Aggregator& other, std::string* error = nullptr);
    std::uint64_t lines() const;  // lines (NDJSON) or physical lines (CSV) seen so far
    // The same state as JSON text, for another process or a store ("aggregate-state/1", see
    // docs/scoring.md); merge_state adds such a state as merge() adds an aggregator. A malformed
    // state is refused whole, with "POINTER: message" in `error`.
    nlohmann::json state() const;
    bool merge_state(const nlohmann::json& state, std::string* error = nullptr);
    // state() as text, byte for byte write_json(state()), written straight from the counters
    // (no DOM): what a store that rewrites its states on every commit calls (the collector's rollups).
    std::string state_text() const;
    // The state of groupings [first, first + count) alone: byte for byte what the part of split()
    // holding just those groupings writes, without splitting (the aggregator stays whole).
    std::string state_text(std::size_t first, std::size_t count) const;
    // Adds the responses counted by a state's ungrouped grouping (its first with "by": []) as
    // responses with no value for any key of this aggregator: every grouping here counts them in
    // its all-null group (a state with no response adds no group). Exact when the caller knows
    // those responses lack every answer.<qid>/segment.<name> grouped here, e.g. a rollup cell
    // that starts grouping by a question after responses without it were counted.
    bool merge_state_as_missing(const nlohmann::json& state, std::string* error = nullptr);
    // Regrouping: adds a state whose first grouping is by single-valued keys (survey, version, map,
    // stage, touchpoint, locale, day, segment.<name>) as if its responses were added here: each of its
    // groups goes whole into this aggregator's group of the same values (week and month read from
    // day), and this aggregator's filter keeps or drops whole groups. Exact, because each response
    // of such a state is in exactly one of its groups. A state by a segment regroups only into
    // groupings by that segment (a response whose value there is not a scalar is a bad line of
    // those groupings alone). regroups_from says whether every key of this
    // aggregator's groupings and filter can be read from `state_keys`; merge_state_regrouped
    // refuses (false, `error`) a state that does not allow it. Keys named in `absent` may be
    // missing from the state: they read as null, exact when the caller knows the state's responses
    // lack them (a rollup cell that starts grouping by a segment once the first response with it
    // arrives). The collector's /v1/aggregates answers from its journey and segment rollups this way.
    bool regroups_from(const std::vector<std::string>& state_keys, const std::vector<std::string>& absent = {}) const;
    bool merge_state_regrouped(const nlohmann::json& state, std::string* error = nullptr,
                               const std::vector<std::string>& absent = {});

    // The answer.<qid>/<part> keys (see the top) under which a payload's answers have a value: each
    // member of an answer that is an object (a matrix: its rows) and each string of an answer that
    // is a list (a ranking: its items; a multi-select's picks too, the payload does not say which),
    // in payload order, only keys an Aggregator accepts. An object with a "value" member is a choice
    // with "other", not a matrix: none of its members are listed (so a matrix row named "value"
    // never is). For a store that starts a part's grouping when its first value arrives: the
    // responses it counted before lacked that part (merge_state_as_missing).
    static std::vector<std::string> part_keys(const nlohmann::json& payload);

    // Splits an aggregator of several groupings into aggregators of counts[0], counts[1], ...
    // consecutive groupings: each holds exactly what its groupings hold here (groups, responses, bad
    // lines), and lines() and fallback_count() of the whole scan. So a caller that keeps several
    // aggregators of the same responses scans each response once (the collector's rollup rows).
    // Empty if the counts do not add up to grouping_count(), or with a filter (set_filter).
    std::vector<Aggregator> split(const std::vector<std::size_t>& counts) &&;

    // The groups of one grouping ({"groups": [...]}, docs/scoring.md): the same document three ways.
    nlohmann::json result(std::size_t grouping = 0) const;
    nlohmann::ordered_json result_ordered(std::size_t grouping = 0) const;  // members in the documented order
    std::string result_json(std::size_t grouping = 0) const;  // result_ordered().dump(), the text `touchpoint score` prints

    struct Impl;  // public name so the result writer can see it; the layout stays private

private:
    explicit Aggregator(std::unique_ptr<Impl> impl);  // split's parts
    std::unique_ptr<Impl> impl_;
};

}  // namespace touchpoint
