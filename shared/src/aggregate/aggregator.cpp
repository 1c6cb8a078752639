// The streaming Aggregator: group keys are interned (one small open-addressing table per key),
// groups live in a flat table keyed by their tuple of value ids; each group holds counters and
// sums only. Per line: no allocation once the values of a key have been seen. Several groupings
// share one scan of each line (the facts are read once, then counted in each grouping), so a
// viewer wanting totals per touchpoint and per stage pays one pass, not two.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "aggregate/byte_scan.hpp"
#include "aggregate/csv_split.hpp"
#include "aggregate/facts.hpp"
#include "touchpoint/aggregate/aggregator.hpp"
#include "touchpoint/aggregate/significance.hpp"
#include "touchpoint/base/json_text.hpp"
#include "touchpoint/base/timefmt.hpp"
#include "touchpoint/response/csv.hpp"
#include "touchpoint/response/derived.hpp"
#include "touchpoint/response/members.hpp"
#include "touchpoint/survey/other_answer.hpp"

namespace touchpoint {

using agg::Facts;
using agg::FactsRequest;
using agg::Raw;
using json = nlohmann::json;

namespace {

enum class Dim { Survey, Version, Map, Stage, Touchpoint, Locale, Answer, Segment, Day, Week, Month };

struct KeySpec {
    Dim dim;
    std::string spec;   // as given: "answer.role"
    std::size_t index;  // into FactsRequest answers/segments
};

// Every line's group values go through these (Interner::intern), so they take 4 bytes at a time
// and stay inline: a byte loop here and the wasm C library's memcmp (a byte loop behind a call)
// were ~6% of a worker's scan. The hash only places values in the table (ids go by first sight).
std::uint32_t word_at(const char* p) {
    std::uint32_t w;
    std::memcpy(&w, p, 4);
    return w;
}

std::uint32_t hash_bytes(std::string_view s) {
    std::uint32_t h = 2166136261u;  // FNV-1a, over 4-byte words, then the last bytes one by one
    std::size_t i = 0;
    for (; i + 4 <= s.size(); i += 4) h = (h ^ word_at(s.data() + i)) * 16777619u;
    for (; i < s.size(); ++i) h = (h ^ static_cast<unsigned char>(s[i])) * 16777619u;
    return h;
}

bool same_text(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    std::size_t i = 0;
    for (; i + 4 <= a.size(); i += 4)
        if (word_at(a.data() + i) != word_at(b.data() + i)) return false;
    for (; i < a.size(); ++i)
        if (a[i] != b[i]) return false;
    return true;
}

// String -> id (1-based; 0 is "no value"), strings owned here.
class Interner {
public:
    std::uint32_t intern(std::string_view s) {
        if (slots_.empty()) slots_.assign(16, 0);  // taken at the first value: many are never used (a grouping's days)
        std::uint32_t h = hash_bytes(s);
        std::size_t mask = slots_.size() - 1;
        for (std::size_t i = h & mask;; i = (i + 1) & mask) {
            std::uint32_t id = slots_[i];
            if (id == 0) {
                values_.emplace_back(s);
                hashes_.push_back(h);
                slots_[i] = std::uint32_t(values_.size());
                if (values_.size() * 2 > slots_.size()) grow();
                return std::uint32_t(values_.size());
            }
            if (hashes_[id - 1] == h && same_text(values_[id - 1], s)) return id;
        }
    }
    const std::string& value(std::uint32_t id) const { return values_[id - 1]; }
    std::size_t size() const { return values_.size(); }

private:
    void grow() {
        std::vector<std::uint32_t> bigger(slots_.size() * 2, 0);
        std::size_t mask = bigger.size() - 1;
        for (std::uint32_t id = 1; id <= values_.size(); ++id) {
            std::size_t i = hashes_[id - 1] & mask;
            while (bigger[i]) i = (i + 1) & mask;
            bigger[i] = id;
        }
        slots_.swap(bigger);
    }
    std::vector<std::uint32_t> slots_;
    std::vector<std::string> values_;
    std::vector<std::uint32_t> hashes_;
};

struct Stats {
    std::uint64_t n = 0;
    std::uint64_t promoters = 0, passives = 0, detractors = 0;
    std::uint64_t csat_n = 0, csat_top2 = 0;
    // Sums of the rescaled values in billionths (fixed point): integer addition does not depend on
    // the order, so merged parts give exactly the one-pass mean (a double sum of values like 7/3
    // may differ in its last bit, enough to round a mean of x.x5 the other way).
    std::int64_t csat_sum = 0;  // on 1..5, in 1e-9
    std::uint64_t ces_n = 0, ces_easy = 0;
    std::int64_t ces_sum = 0;   // on 1..7, in 1e-9

    Stats& operator+=(const Stats& o) {
        n += o.n;
        promoters += o.promoters;
        passives += o.passives;
        detractors += o.detractors;
        csat_n += o.csat_n;
        csat_top2 += o.csat_top2;
        csat_sum += o.csat_sum;
        ces_n += o.ces_n;
        ces_easy += o.ces_easy;
        ces_sum += o.ces_sum;
        return *this;
    }
};

std::int64_t fixed9(double x) { return std::llround(x * 1e9); }

double round1(double x) {
    double r = std::round(x * 10.0) / 10.0;
    return r == 0 ? 0.0 : r;  // never "-0.0"
}

constexpr std::size_t kMaxBadLinesKept = 1000;
constexpr std::size_t kMaxLineBytes = std::size_t(64) << 20;
constexpr std::size_t kMaxCombinations = 4096;

// The syntax of an answer.<qid> or answer.<qid>/<part> group key (a qid cannot be empty or hold '/').
bool answer_key_ok(const std::string& k) { return k.rfind("answer.", 0) == 0 && k.size() > 7 && k[7] != '/' && k.back() != '/'; }

}  // namespace

// One grouping: its keys, their interned values, and the flat table of groups.
struct Grouping {
    std::vector<KeySpec> keys;      // KeySpec::index points into the shared FactsRequest
    std::vector<std::string> names; // the keys as given
    std::vector<Interner> interners;
    // Groups: tuple of ids (keys.size() per group) -> index into stats.
    std::vector<std::uint32_t> tuples;
    std::vector<Stats> stats;
    // Both sized by add_grouping (16, then doubled as groups arrive): an aggregator without a
    // filter never allocates its filter's. The collector builds small aggregators at every commit.
    std::vector<std::uint32_t> slots;  // group index + 1
    std::vector<std::uint32_t> slot_hash;
    // Period keys from the day: day string -> interned week/month ids, cached per distinct day.
    Interner days;
    std::vector<std::uint32_t> week_of_day, month_of_day;  // by day id
    // labels[key index]: choice value -> label (empty until set_survey)
    std::vector<std::vector<std::pair<std::string, std::string>>> labels;
    std::uint64_t responses = 0, bad_count = 0;
    std::vector<BadLine> bad;

    // The cold paths of the per-line code are kept out of line (noinline): inlined, they made the
    // per-line function V8 optimises during the first streamed aggregation larger and slower to compile.
    __attribute__((noinline)) void record_bad(std::size_t line, const std::string& message) {
        ++bad_count;
        if (bad.size() < kMaxBadLinesKept) bad.push_back(BadLine{line, message});
    }

    std::uint32_t group_for(const std::uint32_t* ids) {
        std::size_t k = keys.size();
        std::uint32_t h = 2166136261u;
        for (std::size_t i = 0; i < k; ++i) h = (h ^ ids[i]) * 16777619u;
        std::size_t mask = slots.size() - 1;
        for (std::size_t i = h & mask;; i = (i + 1) & mask) {
            std::uint32_t g = slots[i];
            if (g == 0) return new_group(ids, h, i);
            if (slot_hash[i] == h && std::equal(ids, ids + k, tuples.begin() + std::ptrdiff_t((g - 1) * k))) return g - 1;
        }
    }
    // A tuple seen for the first time, in the empty slot i.
    __attribute__((noinline)) std::uint32_t new_group(const std::uint32_t* ids, std::uint32_t h, std::size_t i) {
        tuples.insert(tuples.end(), ids, ids + keys.size());
        stats.emplace_back();
        slots[i] = std::uint32_t(stats.size());
        slot_hash[i] = h;
        if (stats.size() * 2 > slots.size()) grow_groups();
        return std::uint32_t(stats.size() - 1);
    }
    void grow_groups() {
        std::vector<std::uint32_t> s(slots.size() * 2, 0), sh(slots.size() * 2, 0);
        std::size_t mask = s.size() - 1;
        for (std::size_t i = 0; i < slots.size(); ++i) {
            if (!slots[i]) continue;
            std::size_t j = slot_hash[i] & mask;
            while (s[j]) j = (j + 1) & mask;
            s[j] = slots[i];
            sh[j] = slot_hash[i];
        }
        slots.swap(s);
        slot_hash.swap(sh);
    }
};

struct Aggregator::Impl {
    std::vector<Grouping> groupings;
    std::string error;
    FactsRequest request;  // the union of every grouping's answer/segment keys
    bool fast = true;
    Facts facts;
    std::string day_scratch;
    std::uint64_t fallbacks = 0;
    std::size_t line_no = 0;
    std::string carry;
    bool dropping_long_line = false;
    json dom;
    // CSV: bytes after the last complete record, where records end, header state.
    agg::CsvRecordEnds csv_ends;
    std::string csv_carry;
    bool csv_header_read = false, csv_refused = false, csv_dropping = false;
    std::vector<std::string> csv_field_ids;  // the export's hidden-field columns, from its header

    // Parses `keys` into a new grouping; false (and `error`) if one is refused.
    bool add_grouping(const std::vector<std::string>& keys) {
        Grouping g;
        if (keys.size() > 8) return fail("at most 8 --by keys");
        for (const std::string& k : keys) {
            KeySpec spec{Dim::Survey, k, 0};
            if (k == "survey") spec.dim = Dim::Survey;
            else if (k == "version") {
                spec.dim = Dim::Version;
                request.version = true;
            }
            else if (k == "map") spec.dim = Dim::Map;
            else if (k == "stage") spec.dim = Dim::Stage;
            else if (k == "touchpoint") spec.dim = Dim::Touchpoint;
            else if (k == "locale") spec.dim = Dim::Locale;
            else if (k == "day") spec.dim = Dim::Day;
            else if (k == "week") spec.dim = Dim::Week;
            else if (k == "month") spec.dim = Dim::Month;
            else if (answer_key_ok(k)) {
                spec.dim = Dim::Answer;
                spec.index = request_index(request.answers, k.substr(7));
            } else if (k.rfind("segment.", 0) == 0 && k.size() > 8) {
                spec.dim = Dim::Segment;
                spec.index = request_index(request.segments, k.substr(8));
            } else {
                return fail("unknown group key \"" + k +
                            "\" (use survey, version, map, stage, touchpoint, locale, answer.<question>, segment.<name>, day, week or month)");
            }
            if (spec.index >= agg::kMaxRequested) return fail("at most 16 different answer.<qid> or segment.<name> keys");
            for (const KeySpec& other : g.keys)
                if (other.spec == k) return fail("group key \"" + k + "\" given twice");
            g.keys.push_back(spec);
        }
        g.names = keys;
        g.interners.resize(g.keys.size());
        g.slots.assign(16, 0);
        g.slot_hash.assign(16, 0);
        groupings.push_back(std::move(g));
        return true;
    }
    bool fail(std::string message) {
        error = std::move(message);
        return false;
    }
    static std::size_t request_index(std::vector<std::string>& names, const std::string& name) {
        auto at = std::find(names.begin(), names.end(), name);
        if (at != names.end()) return std::size_t(at - names.begin());
        names.push_back(name);
        return names.size() - 1;
    }

    // The group values of key `k` of grouping `g` for the current facts.
    std::size_t values_of(Grouping& g, std::size_t k, std::uint32_t* out) {
        const KeySpec& key = g.keys[k];
        Interner& interner = g.interners[k];
        auto single = [&](const Raw& r) -> std::size_t {
            if (r.kind != Raw::String) return 0;
            out[0] = interner.intern(r.text);
            return 1;
        };
        switch (key.dim) {
            case Dim::Survey: return single(facts.survey_id);
            case Dim::Version: return single(facts.survey_version);
            case Dim::Map: return single(facts.map);
            case Dim::Stage: return single(facts.stage);
            case Dim::Touchpoint: return single(facts.touchpoint);
            case Dim::Locale: return single(facts.locale);
            case Dim::Answer:
            case Dim::Segment: {
                const agg::Values& v = key.dim == Dim::Answer ? facts.answer[key.index] : facts.segment_value[key.index];
                std::size_t n = 0;
                for (std::size_t i = 0; i < v.count; ++i) {
                    std::uint32_t id = interner.intern(v.items[i]);
                    if (std::find(out, out + n, id) == out + n) out[n++] = id;  // ["a","a"] counts once
                }
                return n;
            }
            case Dim::Day:
            case Dim::Week:
            case Dim::Month: {
                if (facts.submitted.kind != Raw::String) return 0;
                std::string_view s = facts.submitted.text;
                std::string_view day;
                if (s.size() == 20 && s[10] == 'T' && s[19] == 'Z') {
                    day = s.substr(0, 10);  // already UTC: the date is its first 10 characters
                } else {
                    auto ms = parse_iso_utc(s);
                    if (!ms) return 0;
                    day_scratch = day_key(*ms);
                    day = day_scratch;
                }
                if (key.dim == Dim::Day) {
                    out[0] = interner.intern(day);
                    return 1;
                }
                std::uint32_t d = g.days.intern(day);
                if (g.week_of_day.size() < d) {
                    g.week_of_day.resize(d, 0);
                    g.month_of_day.resize(d, 0);
                }
                std::vector<std::uint32_t>& cache = key.dim == Dim::Week ? g.week_of_day : g.month_of_day;
                if (cache[d - 1] == 0) {
                    CivilDate c{std::atoi(std::string(day.substr(0, 4)).c_str()), std::atoi(std::string(day.substr(5, 2)).c_str()),
                                std::atoi(std::string(day.substr(8, 2)).c_str())};
                    cache[d - 1] = interner.intern(key.dim == Dim::Week ? week_key(c) : std::string(day.substr(0, 7)));
                }
                out[0] = cache[d - 1];
                return 1;
            }
        }
        return 0;
    }

    void accumulate(Stats& s) {
        ++s.n;
        if (facts.nps.kind == Raw::Object) {
            switch (nps_category_of(int(facts.nps_value.number))) {
                case NpsCategory::Promoter: ++s.promoters; break;
                case NpsCategory::Passive: ++s.passives; break;
                case NpsCategory::Detractor: ++s.detractors; break;
            }
        }
        if (facts.csat.kind == Raw::Object) {
            double scale = facts.csat_scale.kind == Raw::Number ? facts.csat_scale.number : kCsatDefaultScale;
            double v = facts.csat_value.number;
            ++s.csat_n;
            if (csat_top2(v, scale)) ++s.csat_top2;
            s.csat_sum += fixed9(1 + (v - 1) * (kCsatDefaultScale - 1) / (scale - 1));  // on 1..5
        }
        if (facts.ces.kind == Raw::Object) {
            double scale = facts.ces_scale.kind == Raw::Number ? facts.ces_scale.number : kCesDefaultScale;
            double v = facts.ces_value.number;
            ++s.ces_n;
            if (ces_easy(v, scale)) ++s.ces_easy;
            s.ces_sum += fixed9(1 + (v - 1) * (kCesDefaultScale - 1) / (scale - 1));  // on 1..7
        }
    }

    // Why grouping `g` refuses the current facts ("" = it accepts them), given the common verdict.
    std::string refusal(const Grouping& g, const std::string& common) const {
        if (!common.empty()) return common;
        for (const KeySpec& key : g.keys) {
            if (key.dim != Dim::Segment) continue;
            std::string e = agg::check_segment(facts, key.index, request.segments[key.index]);
            if (!e.empty()) return e;
        }
        return std::string();
    }

    // Counts the facts in every group of grouping `g` they belong to.
    void count(Grouping& g) {
        std::size_t k = g.keys.size();
        std::uint32_t values[8][agg::kMaxValues];
        std::size_t counts[8];
        for (std::size_t i = 0; i < k; ++i) {
            counts[i] = values_of(g, i, values[i]);
            if (counts[i] == 0) {  // the null group
                values[i][0] = 0;
                counts[i] = 1;
            }
        }
        std::size_t pos[8] = {};
        std::uint32_t ids[8];
        for (std::size_t combos = 0; combos < kMaxCombinations; ++combos) {
            for (std::size_t i = 0; i < k; ++i) ids[i] = values[i][pos[i]];
            accumulate(g.stats[g.group_for(ids)]);
            std::size_t i = 0;
            for (; i < k; ++i) {
                if (++pos[i] < counts[i]) break;
                pos[i] = 0;
            }
            if (i == k) break;
        }
        ++g.responses;
    }

    // The filter (set_filter): its keys as one grouping that is never counted, the accepted value
    // ids per key (empty = any value), the day range.
    bool filtering = false;
    Grouping filter;
    std::vector<std::vector<std::uint32_t>> accepted;      // per filter key: `where` values
    std::vector<std::vector<std::uint32_t>> accepted_any;  // per filter key: `any` values
    bool needs_any = false;
    std::string from_day, to_day;

    __attribute__((noinline)) bool matches_filter() {
        std::uint32_t ids[agg::kMaxValues];
        bool any_hit = !needs_any;
        auto hit = [&](const std::vector<std::uint32_t>& want, std::size_t n) {
            for (std::size_t i = 0; i < n; ++i)
                if (std::find(want.begin(), want.end(), ids[i]) != want.end()) return true;
            return false;
        };
        for (std::size_t k = 0; k < filter.keys.size(); ++k) {
            const KeySpec& key = filter.keys[k];
            if (key.dim == Dim::Segment && !agg::check_segment(facts, key.index, request.segments[key.index]).empty()) {
                if (!accepted[k].empty()) return false;
                continue;  // a segment that is a list names nothing an `any` pair could match
            }
            const std::size_t n = values_of(filter, k, ids);
            if (key.dim == Dim::Day && (!from_day.empty() || !to_day.empty())) {
                if (n == 0) return false;
                const std::string& day = filter.interners[k].value(ids[0]);
                if ((!from_day.empty() && day < from_day) || (!to_day.empty() && day > to_day)) return false;
            }
            if (!accepted[k].empty() && !hit(accepted[k], n)) return false;
            if (!any_hit && !accepted_any[k].empty()) any_hit = hit(accepted_any[k], n);
        }
        return any_hit;
    }

    // The facts are filled: check them, then count them in every grouping that accepts them.
    // `line` (1-based, 0 = not from a stream) is where refusals are recorded.
    bool aggregate(std::size_t line, std::string* err) {
        const std::string common = agg::check_facts(facts);
        if (filtering && common.empty() && !matches_filter()) return true;  // filtered out: neither counted nor bad
        bool all = true;
        for (Grouping& g : groupings) {
            std::string e = refusal(g, common);
            if (e.empty()) {
                count(g);
                continue;
            }
            if (line) g.record_bad(line, e);
            if (all && err) *err = e;
            all = false;
        }
        return all;
    }

    // A line every grouping refuses, whatever it holds.
    bool refuse(std::size_t line, const std::string& message, std::string* err) {
        if (line) record_bad_all(line, message);
        if (err) *err = message;
        return false;
    }
    void record_bad_all(std::size_t line, const std::string& message) {
        for (Grouping& g : groupings) g.record_bad(line, message);
    }

    bool add_json(const json& payload, std::size_t line, std::string* err) {
        agg::facts_from_json(payload, request, facts);
        return aggregate(line, err);
    }

    // A line read into a DOM (the slow path) nests at most this deep: the fact readers walk it recursively.
    static constexpr int kMaxLineNesting = 512;

    bool add_line(std::string_view text, std::size_t line, std::string* err) {
        std::size_t i = 0;
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r')) ++i;
        if (i == text.size()) return true;  // blank line
        if (fast && agg::scan_line(text, request, facts)) return aggregate(line, err);
        ++fallbacks;
        if (json_nesting_over(text, kMaxLineNesting) != std::string_view::npos)
            return refuse(line, ": nesting deeper than " + std::to_string(kMaxLineNesting) + " levels", err);
        JsonSyntaxError syntax;
        if (!parse_json(text, dom, &syntax))  // the line number is the caller's: give the column
            return refuse(line, ": not valid JSON at column " + std::to_string(syntax.column) + ": " + syntax.reason, err);
        return add_json(dom, line, err);
    }

    void csv_records(std::string_view piece);  // complete CSV records; defined with add_csv

    void process_line(std::string_view text) {
        ++line_no;
        add_line(text, line_no, nullptr);
    }
};

Aggregator::Aggregator(const std::vector<std::string>& keys) : impl_(new Impl) {
    if (!impl_->add_grouping(keys)) impl_->add_grouping({});  // refused: error() says why; accessors stay usable
}

Aggregator Aggregator::for_groupings(const std::vector<std::vector<std::string>>& groupings) {
    Aggregator a(std::vector<std::string>{});
    Impl& m = *a.impl_;
    m.groupings.clear();
    if (groupings.empty()) m.error = "no grouping given";
    if (groupings.size() > kMaxGroupings) m.error = "at most " + std::to_string(kMaxGroupings) + " groupings";
    for (std::size_t i = 0; m.error.empty() && i < groupings.size(); ++i)
        if (!m.add_grouping(groupings[i]) && groupings.size() > 1) m.error = "grouping " + std::to_string(i + 1) + ": " + m.error;
    if (!m.error.empty()) {  // refused: error() says why; accessors stay usable
        std::string why = std::move(m.error);
        m.groupings.clear();
        m.add_grouping({});
        m.error = std::move(why);
    }
    return a;
}

Aggregator::Aggregator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

std::vector<Aggregator> Aggregator::split(const std::vector<std::size_t>& counts) && {
    Impl& m = *impl_;
    std::size_t total = 0;
    for (std::size_t n : counts) total += n;
    if (total != m.groupings.size() || m.filtering) return {};
    std::vector<Aggregator> parts;
    parts.reserve(counts.size());
    std::size_t next = 0;
    for (std::size_t n : counts) {
        auto part = std::make_unique<Impl>();
        part->error = m.error;
        part->fast = m.fast;
        part->fallbacks = m.fallbacks;
        part->line_no = m.line_no;
        part->groupings.reserve(n);
        for (std::size_t i = 0; i < n; ++i, ++next) {
            Grouping& g = m.groupings[next];
            for (KeySpec& key : g.keys) {  // indexes into the part's own request
                if (key.dim == Dim::Version) part->request.version = true;
                if (key.dim == Dim::Answer) key.index = Impl::request_index(part->request.answers, m.request.answers[key.index]);
                if (key.dim == Dim::Segment) key.index = Impl::request_index(part->request.segments, m.request.segments[key.index]);
            }
            part->groupings.push_back(std::move(g));
        }
        parts.push_back(Aggregator(std::move(part)));
    }
    m.groupings.clear();
    m.add_grouping({});  // what is left: an aggregator of nothing, still usable
    return parts;
}

Aggregator::~Aggregator() = default;
Aggregator::Aggregator(Aggregator&&) noexcept = default;
Aggregator& Aggregator::operator=(Aggregator&&) noexcept = default;

bool Aggregator::ok() const { return impl_->error.empty(); }
const std::string& Aggregator::error() const { return impl_->error; }

std::vector<std::string> Aggregator::part_keys(const nlohmann::json& payload) {
    std::vector<std::string> out;
    const auto answers = payload.is_object() ? payload.find(members::payload::answers) : payload.end();
    if (answers == payload.end() || !answers->is_object()) return out;
    std::vector<std::string_view> parts;
    for (auto q = answers->begin(); q != answers->end(); ++q) {
        // The parts answer_values reads: an object's members (unless it is a choice with "other",
        // whose members are not parts), a list's strings (their positions).
        parts.clear();
        const bool members = q->is_object();
        if (members && !q->contains(other_answer::value)) {
            for (auto part = q->begin(); part != q->end(); ++part) parts.push_back(part.key());
        } else if (q->is_array()) {
            for (const nlohmann::json& item : *q)
                if (item.is_string()) parts.push_back(item.get_ref<const std::string&>());
        }
        if (!parts.empty()) agg::append_part_keys(q.key(), parts, members, out);
    }
    return out;
}

namespace agg {

void append_part_keys(std::string_view question, std::vector<std::string_view> parts, bool members, std::vector<std::string>& out) {
    if (question.find('/') != std::string_view::npos) return;
    if (members) std::sort(parts.begin(), parts.end());
    for (std::string_view part : parts) {
        std::string key = "answer.";
        key.append(question).append("/").append(part);
        if (answer_key_ok(key) && std::find(out.begin(), out.end(), key) == out.end()) out.push_back(std::move(key));
    }
}

}  // namespace agg

bool Aggregator::valid_key(std::string_view key) {
    Aggregator a({std::string(key)});
    return a.ok();
}

void Aggregator::set_fast_path(bool enabled) { impl_->fast = enabled; }

bool Aggregator::set_filter(const AggregateFilter& f) {
    Impl& m = *impl_;
    auto is_day = [](const std::string& d) {
        if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
        for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
            if (d[std::size_t(i)] < '0' || d[std::size_t(i)] > '9') return false;
        return true;
    };
    if (!f.from.empty() && !is_day(f.from)) return m.fail("from: expected a day YYYY-MM-DD, not \"" + f.from + "\"");
    if (!f.to.empty() && !is_day(f.to)) return m.fail("to: expected a day YYYY-MM-DD, not \"" + f.to + "\"");
    std::vector<std::string> keys;
    if (!f.from.empty() || !f.to.empty()) keys.push_back("day");
    for (const auto* list : {&f.where, &f.any})
        for (const auto& [key, value] : *list)
            if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
    if (keys.empty()) return true;
    if (!m.add_grouping(keys)) {
        m.error = "filter: " + m.error;
        return false;
    }
    m.filter = std::move(m.groupings.back());
    m.groupings.pop_back();
    m.accepted.assign(keys.size(), {});
    m.accepted_any.assign(keys.size(), {});
    auto accept = [&](const std::vector<std::pair<std::string, std::string>>& list, std::vector<std::vector<std::uint32_t>>& into) {
        for (const auto& [key, value] : list) {
            const std::size_t k = std::size_t(std::find(keys.begin(), keys.end(), key) - keys.begin());
            into[k].push_back(m.filter.interners[k].intern(value));
        }
    };
    accept(f.where, m.accepted);
    accept(f.any, m.accepted_any);
    m.needs_any = !f.any.empty();
    m.from_day = f.from;
    m.to_day = f.to;
    m.filtering = true;
    return true;
}

void Aggregator::set_survey(const nlohmann::json& survey) {
    if (!survey.is_object()) return;
    std::string locale;
    auto locales = survey.find("locales");
    if (locales != survey.end() && locales->is_array() && !locales->empty() && (*locales)[0].is_string())
        locale = (*locales)[0].get<std::string>();
    auto text_of = [&](const json& label) -> std::string {
        if (label.is_string()) return label.get<std::string>();
        if (!label.is_object() || label.empty()) return std::string();
        auto it = label.find(locale);
        if (it == label.end()) it = label.find("en");
        if (it == label.end()) it = label.begin();
        return it->is_string() ? it->get<std::string>() : std::string();
    };
    auto questions = survey.find("questions");
    if (questions == survey.end() || !questions->is_array()) return;
    for (Grouping& g : impl_->groupings)
        for (std::size_t k = 0; k < g.keys.size(); ++k) {
            const KeySpec& key = g.keys[k];
            if (key.dim != Dim::Answer) continue;
            // "q/row" groups a matrix row by its columns; a ranked item's positions have no labels
            const std::string& requested = impl_->request.answers[key.index];
            const bool part = requested.find('/') != std::string::npos;
            const std::string qid = requested.substr(0, requested.find('/'));
            const char* options = part ? "columns" : "choices";
            for (const json& q : *questions) {
                if (!q.is_object() || !q.contains("id") || !q["id"].is_string() || q["id"].get<std::string>() != qid) continue;
                if (!q.contains(options) || !q[options].is_array()) continue;
                for (const json& c : q[options]) {
                    if (!c.is_object() || !c.contains("value") || !c["value"].is_string() || !c.contains("label")) continue;
                    std::string label = text_of(c["label"]);
                    if (label.empty()) continue;
                    g.labels.resize(g.keys.size());
                    g.labels[k].emplace_back(c["value"].get<std::string>(), label);
                }
            }
        }
}

bool Aggregator::add(const nlohmann::json& payload, std::string* error) { return impl_->add_json(payload, 0, error); }

bool Aggregator::accepts(const nlohmann::json& payload) {
    Impl& m = *impl_;
    agg::facts_from_json(payload, m.request, m.facts);
    return agg::check_facts(m.facts).empty() && (!m.filtering || m.matches_filter());
}

bool Aggregator::add_line(std::string_view line, std::string* error) { return impl_->add_line(line, 0, error); }

void Aggregator::add_ndjson(std::string_view chunk) {
    Impl& m = *impl_;
    std::size_t start = 0;
    while (start < chunk.size()) {
        // Most lines: the fast scan reads the line and finds its end in one pass (no search for
        // the '\n' first). Anything else (a carried or overlong line, one the scan is not sure of,
        // the chunk's unfinished last line) takes the way below, exactly as before.
        if (m.fast && m.carry.empty() && !m.dropping_long_line) {
            const char* from = chunk.data() + start;
            const char* nl = agg::scan_line_to_newline(from, chunk.data() + chunk.size(), m.request, m.facts);
            if (nl && std::size_t(nl - from) <= kMaxLineBytes) {
                m.aggregate(++m.line_no, nullptr);
                start = std::size_t(nl - chunk.data()) + 1;
                continue;
            }
        }
        const char* nl = agg::byte_scan::newline(chunk.data() + start, chunk.data() + chunk.size());
        std::size_t end = nl ? std::size_t(nl - chunk.data()) : chunk.size();
        std::string_view piece = chunk.substr(start, end - start);
        if (!nl) {  // an unfinished line: keep it for the next chunk (up to the size limit)
            if (!m.dropping_long_line) {
                m.carry.append(piece.data(), piece.size());
                if (m.carry.size() > kMaxLineBytes) {
                    m.dropping_long_line = true;
                    m.carry.clear();
                    m.carry.shrink_to_fit();
                }
            }
            return;
        }
        if (m.dropping_long_line) {
            ++m.line_no;
            m.record_bad_all(m.line_no, ": line longer than 64 MiB");
            m.dropping_long_line = false;
        } else if (!m.carry.empty()) {
            m.carry.append(piece.data(), piece.size());
            m.process_line(m.carry);
            m.carry.clear();
        } else if (piece.size() > kMaxLineBytes) {
            ++m.line_no;
            m.record_bad_all(m.line_no, ": line longer than 64 MiB");
        } else {
            m.process_line(piece);
        }
        start = end + 1;
    }
}

// Complete CSV records (the piece ends just past a record's LF, or is the export's last bytes).
void Aggregator::Impl::csv_records(std::string_view piece) {
    CsvReader reader(piece);
    std::vector<std::string> fields;
    std::string problem;
    const std::size_t base = line_no;
    while (reader.next(fields, problem)) {
        const std::size_t line = base + reader.record_line();
        if (!csv_header_read) {
            csv_header_read = true;
            if (!csv_header_matches(fields, &csv_field_ids)) {
                record_bad_all(line, ": not the response CSV header (" + response_csv_header().substr(0, 40) + "...)");
                csv_refused = true;
                return;
            }
            continue;
        }
        if (!problem.empty()) {
            record_bad_all(line, ": " + problem);
            continue;
        }
        if (fields.size() == 1 && fields[0].empty()) continue;  // blank line
        auto payload = response_from_csv(fields, problem, csv_field_ids);
        if (!payload) {
            record_bad_all(line, problem);
            continue;
        }
        add_json(*payload, line, nullptr);
    }
    line_no = base + reader.line() - 1;
}

void Aggregator::add_csv(std::string_view chunk) {
    Impl& m = *impl_;
    if (m.csv_refused) return;
    const agg::CsvRecordEnds::Ends ends = m.csv_ends.feed(chunk);
    std::size_t from = 0;
    if (m.csv_dropping) {  // the rest of a record too long to keep: skip to its end
        const std::size_t upto = std::min(ends.first, chunk.size());
        m.line_no += std::size_t(std::count(chunk.begin(), chunk.begin() + std::ptrdiff_t(upto), '\n'));
        if (ends.first == std::string_view::npos) return;
        m.csv_dropping = false;
        from = ends.first;
    }
    if (ends.last == std::string_view::npos || ends.last <= from) {  // no record ends here
        m.csv_carry.append(chunk.data() + from, chunk.size() - from);
        if (m.csv_carry.size() > kMaxLineBytes) {
            m.record_bad_all(m.line_no + 1, ": record longer than 64 MiB");
            m.line_no += std::size_t(std::count(m.csv_carry.begin(), m.csv_carry.end(), '\n'));
            m.csv_carry.clear();
            m.csv_carry.shrink_to_fit();
            m.csv_dropping = true;
        }
        return;
    }
    const std::string_view complete = chunk.substr(from, ends.last - from);
    if (m.csv_carry.empty()) {
        m.csv_records(complete);
    } else {
        m.csv_carry.append(complete.data(), complete.size());
        m.csv_records(m.csv_carry);
    }
    if (m.csv_refused) return;
    m.csv_carry.assign(chunk.data() + ends.last, chunk.size() - ends.last);
}

void Aggregator::finish() {
    Impl& m = *impl_;
    if (!m.csv_carry.empty() && !m.csv_refused) m.csv_records(m.csv_carry);  // the last record, without a final LF
    m.csv_carry.clear();
    m.csv_dropping = false;
    if (m.dropping_long_line) {
        ++m.line_no;
        m.record_bad_all(m.line_no, ": line longer than 64 MiB");
        m.dropping_long_line = false;
    } else if (!m.carry.empty()) {
        m.process_line(m.carry);
        m.carry.clear();
    }
}

// An index past the last grouping reads the last one (the accessors never fail).
static std::size_t clamp(const Aggregator::Impl& m, std::size_t grouping) { return std::min(grouping, m.groupings.size() - 1); }

std::size_t Aggregator::grouping_count() const { return impl_->groupings.size(); }
const std::vector<std::string>& Aggregator::grouping_keys(std::size_t g) const { return impl_->groupings[clamp(*impl_, g)].names; }
std::uint64_t Aggregator::responses(std::size_t g) const { return impl_->groupings[clamp(*impl_, g)].responses; }
std::uint64_t Aggregator::bad_line_count(std::size_t g) const { return impl_->groupings[clamp(*impl_, g)].bad_count; }
const std::vector<BadLine>& Aggregator::bad_lines(std::size_t g) const { return impl_->groupings[clamp(*impl_, g)].bad; }
std::uint64_t Aggregator::fallback_count() const { return impl_->fallbacks; }

// [SECTION] Merging and state -----------------------------------------------------------------

std::uint64_t Aggregator::lines() const { return impl_->line_no; }

static bool refuse_merge(std::string* error, std::string message) {
    if (error) *error = std::move(message);
    return false;
}

static bool same_groupings(const Aggregator::Impl& a, const Aggregator::Impl& b, std::string* error) {
    if (a.groupings.size() != b.groupings.size()) return refuse_merge(error, ": the two aggregates have different groupings");
    for (std::size_t g = 0; g < a.groupings.size(); ++g)
        if (a.groupings[g].names != b.groupings[g].names)
            return refuse_merge(error, "/groupings/" + std::to_string(g) + "/by: the two aggregates group by different keys");
    return true;
}

bool Aggregator::merge(const Aggregator& other, std::string* error) {
    Impl& m = *impl_;
    const Impl& o = *other.impl_;
    if (!same_groupings(m, o, error)) return false;
    for (std::size_t gi = 0; gi < m.groupings.size(); ++gi) {
        Grouping& a = m.groupings[gi];
        const Grouping& b = o.groupings[gi];
        const std::size_t k = a.keys.size();
        // The other side's value ids, as ids of this side's interners (0, "no value", stays 0).
        std::vector<std::vector<std::uint32_t>> ids_here(k);
        for (std::size_t i = 0; i < k; ++i) {
            ids_here[i].resize(b.interners[i].size() + 1, 0);
            for (std::uint32_t id = 1; id <= b.interners[i].size(); ++id) ids_here[i][id] = a.interners[i].intern(b.interners[i].value(id));
        }
        std::uint32_t ids[8];
        for (std::size_t j = 0; j < b.stats.size(); ++j) {
            for (std::size_t i = 0; i < k; ++i) ids[i] = ids_here[i][b.tuples[j * k + i]];
            a.stats[a.group_for(ids)] += b.stats[j];
        }
        a.responses += b.responses;
        a.bad_count += b.bad_count;
        for (const BadLine& bad : b.bad)
            if (a.bad.size() < kMaxBadLinesKept) a.bad.push_back(BadLine{bad.line + m.line_no, bad.message});
    }
    m.fallbacks += o.fallbacks;
    m.line_no += o.line_no;
    return true;
}

nlohmann::json Aggregator::state() const {
    const Impl& m = *impl_;
    json groupings = json::array();
    for (const Grouping& g : m.groupings) {
        const std::size_t k = g.keys.size();
        json groups = json::array();
        for (std::size_t j = 0; j < g.stats.size(); ++j) {
            json key = json::array();
            for (std::size_t i = 0; i < k; ++i) {
                const std::uint32_t id = g.tuples[j * k + i];
                key.push_back(id ? json(g.interners[i].value(id)) : json(nullptr));
            }
            const Stats& s = g.stats[j];
            groups.push_back(json::array({std::move(key), json::array({s.n, s.promoters, s.passives, s.detractors, s.csat_n,
                                                                       s.csat_top2, s.csat_sum, s.ces_n, s.ces_easy, s.ces_sum})}));
        }
        json bad = json::array();
        for (const BadLine& b : g.bad) bad.push_back(json::array({b.line, b.message}));
        groupings.push_back(json{{"by", g.names}, {"responses", g.responses}, {"bad_count", g.bad_count}, {"bad", std::move(bad)},
                                 {"groups", std::move(groups)}});
    }
    return json{{"touchpoint", "aggregate-state/1"}, {"lines", m.line_no}, {"fallbacks", m.fallbacks}, {"groupings", std::move(groupings)}};
}

namespace {

void write_count(std::string& out, std::uint64_t n) {
    char digits[20];
    char* p = digits + sizeof digits;
    do *--p = static_cast<char>('0' + n % 10);
    while (n /= 10);
    out.append(p, static_cast<std::size_t>(digits + sizeof digits - p));
}

void write_signed(std::string& out, std::int64_t n) {
    if (n < 0) out += '-';
    write_count(out, n < 0 ? 0 - static_cast<std::uint64_t>(n) : static_cast<std::uint64_t>(n));
}

}  // namespace

// The members in the order write_json gives state()'s objects (std::map: sorted by name).
std::string Aggregator::state_text() const { return state_text(0, impl_->groupings.size()); }

std::string Aggregator::state_text(std::size_t first, std::size_t count) const {
    const Impl& m = *impl_;
    std::string out;
    out.reserve(160);
    out += "{\"fallbacks\":";
    write_count(out, m.fallbacks);
    out += ",\"groupings\":[";
    const std::size_t end = std::min(m.groupings.size(), first + count);
    for (std::size_t gi = first; gi < end; ++gi) {
        const Grouping& g = m.groupings[gi];
        if (gi > first) out += ',';
        out += "{\"bad\":[";
        for (std::size_t b = 0; b < g.bad.size(); ++b) {
            out += b ? ",[" : "[";
            write_count(out, g.bad[b].line);
            out += ',';
            write_json_string(out, g.bad[b].message);
            out += ']';
        }
        out += "],\"bad_count\":";
        write_count(out, g.bad_count);
        out += ",\"by\":[";
        for (std::size_t i = 0; i < g.names.size(); ++i) {
            if (i) out += ',';
            write_json_string(out, g.names[i]);
        }
        out += "],\"groups\":[";
        const std::size_t k = g.keys.size();
        for (std::size_t j = 0; j < g.stats.size(); ++j) {
            out += j ? ",[[" : "[[";
            for (std::size_t i = 0; i < k; ++i) {
                if (i) out += ',';
                const std::uint32_t id = g.tuples[j * k + i];
                if (id) write_json_string(out, g.interners[i].value(id));
                else out += "null";
            }
            const Stats& s = g.stats[j];
            out += "],[";
            write_count(out, s.n);
            for (std::uint64_t c : {s.promoters, s.passives, s.detractors, s.csat_n, s.csat_top2}) {
                out += ',';
                write_count(out, c);
            }
            out += ',';
            write_signed(out, s.csat_sum);
            for (std::uint64_t c : {s.ces_n, s.ces_easy}) {
                out += ',';
                write_count(out, c);
            }
            out += ',';
            write_signed(out, s.ces_sum);
            out += "]]";
        }
        out += "],\"responses\":";
        write_count(out, g.responses);
        out += '}';
    }
    out += "],\"lines\":";
    write_count(out, m.line_no);
    out += ",\"touchpoint\":\"aggregate-state/1\"}";
    return out;
}

namespace {

bool whole(const json& v) { return v.is_number_unsigned() || (v.is_number_integer() && v.get<std::int64_t>() >= 0); }

}  // namespace

bool Aggregator::merge_state(const json& state, std::string* error) {
    auto bad = [&](const std::string& pointer, const char* message) { return refuse_merge(error, pointer + ": " + message); };
    if (!state.is_object() || !state.contains("touchpoint") || state["touchpoint"] != "aggregate-state/1")
        return bad("/touchpoint", "expected \"aggregate-state/1\"");
    const json* lines = state.contains("lines") ? &state["lines"] : nullptr;
    if (!lines || !whole(*lines)) return bad("/lines", "expected a whole number");
    if (!state.contains("groupings") || !state["groupings"].is_array()) return bad("/groupings", "expected an array");
    std::vector<std::vector<std::string>> by;
    const json& list = state["groupings"];
    for (std::size_t g = 0; g < list.size(); ++g) {
        const std::string at = "/groupings/" + std::to_string(g);
        const json& one = list[g];
        if (!one.is_object() || !one.contains("by") || !one["by"].is_array()) return bad(at + "/by", "expected an array of group keys");
        std::vector<std::string> keys;
        for (const json& key : one["by"]) {
            if (!key.is_string()) return bad(at + "/by", "expected an array of group keys");
            keys.push_back(key.get<std::string>());
        }
        by.push_back(std::move(keys));
        for (const char* member : {"responses", "bad_count"})
            if (!one.contains(member) || !whole(one[member])) return bad(at + "/" + member, "expected a whole number");
        if (!one.contains("groups") || !one["groups"].is_array()) return bad(at + "/groups", "expected an array");
        if (!one.contains("bad") || !one["bad"].is_array()) return bad(at + "/bad", "expected an array");
    }
    if (by.empty()) return bad("/groupings", "expected at least one grouping");
    Aggregator part = Aggregator::for_groupings(by);
    if (!part.ok()) return refuse_merge(error, "/groupings: " + part.error());
    Impl& p = *part.impl_;
    for (std::size_t g = 0; g < list.size(); ++g) {
        const std::string at = "/groupings/" + std::to_string(g);
        Grouping& into = p.groupings[g];
        const std::size_t k = into.keys.size();
        const json& groups = list[g]["groups"];
        std::uint32_t ids[8];
        for (std::size_t j = 0; j < groups.size(); ++j) {
            const std::string here = at + "/groups/" + std::to_string(j);
            const json& group = groups[j];
            if (!group.is_array() || group.size() != 2 || !group[0].is_array() || group[0].size() != k)
                return bad(here, "expected [key values, counters] with one value per group key");
            for (std::size_t i = 0; i < k; ++i) {
                const json& v = group[0][i];
                if (!v.is_null() && !v.is_string()) return bad(here + "/0/" + std::to_string(i), "expected a string or null");
                ids[i] = v.is_null() ? 0 : into.interners[i].intern(v.get_ref<const std::string&>());
            }
            const json& c = group[1];
            if (!c.is_array() || c.size() != 10) return bad(here + "/1", "expected the 10 counters of a group");
            for (std::size_t i = 0; i < 10; ++i)
                if (!whole(c[i])) return bad(here + "/1/" + std::to_string(i), "expected a whole number");
            Stats s;
            s.n = c[0].get<std::uint64_t>();
            s.promoters = c[1].get<std::uint64_t>();
            s.passives = c[2].get<std::uint64_t>();
            s.detractors = c[3].get<std::uint64_t>();
            s.csat_n = c[4].get<std::uint64_t>();
            s.csat_top2 = c[5].get<std::uint64_t>();
            s.csat_sum = c[6].get<std::int64_t>();
            s.ces_n = c[7].get<std::uint64_t>();
            s.ces_easy = c[8].get<std::uint64_t>();
            s.ces_sum = c[9].get<std::int64_t>();
            into.stats[into.group_for(ids)] += s;
        }
        into.responses = list[g]["responses"].get<std::uint64_t>();
        into.bad_count = list[g]["bad_count"].get<std::uint64_t>();
        const json& bad_lines = list[g]["bad"];
        for (std::size_t j = 0; j < bad_lines.size(); ++j) {
            const json& b = bad_lines[j];
            if (!b.is_array() || b.size() != 2 || !whole(b[0]) || !b[1].is_string())
                return bad(at + "/bad/" + std::to_string(j), "expected [line, message]");
            if (into.bad.size() < kMaxBadLinesKept) into.bad.push_back(BadLine{b[0].get<std::size_t>(), b[1].get<std::string>()});
        }
    }
    p.line_no = lines->get<std::size_t>();
    if (state.contains("fallbacks") && whole(state["fallbacks"])) p.fallbacks = state["fallbacks"].get<std::uint64_t>();
    return merge(part, error);
}

namespace {

// The keys of each grouping a state names, as given (merge_state checks them and names a problem).
std::vector<std::vector<std::string>> groupings_named(const json& state) {
    std::vector<std::vector<std::string>> by;
    if (state.is_object() && state.contains("groupings") && state["groupings"].is_array())
        for (const json& one : state["groupings"]) {
            std::vector<std::string> keys;
            if (one.is_object() && one.contains("by") && one["by"].is_array())
                for (const json& key : one["by"]) keys.push_back(key.is_string() ? key.get<std::string>() : std::string("?"));
            by.push_back(std::move(keys));
        }
    return by;
}

}  // namespace

bool Aggregator::merge_state_as_missing(const json& state, std::string* error) {
    // Read (and check) the state through merge_state, then take its ungrouped grouping.
    const std::vector<std::vector<std::string>> by = groupings_named(state);
    if (by.empty()) return refuse_merge(error, "/groupings: expected an array with a grouping by []");
    Aggregator part = Aggregator::for_groupings(by);
    if (!part.ok()) return refuse_merge(error, "/groupings: " + part.error());
    if (!part.merge_state(state, error)) return false;
    const Impl& p = *part.impl_;
    const Grouping* all = nullptr;
    for (const Grouping& g : p.groupings)
        if (g.keys.empty()) {
            all = &g;
            break;
        }
    if (!all) return refuse_merge(error, "/groupings: expected a grouping by [] (every response in one group)");
    Impl& m = *impl_;
    const std::uint32_t nulls[8] = {};
    for (Grouping& g : m.groupings) {
        if (!all->stats.empty()) g.stats[g.group_for(nulls)] += all->stats[0];
        g.responses += all->responses;
        g.bad_count += all->bad_count;
        for (const BadLine& bad : all->bad)
            if (g.bad.size() < kMaxBadLinesKept) g.bad.push_back(BadLine{bad.line + m.line_no, bad.message});
    }
    m.fallbacks += p.fallbacks;
    m.line_no += p.line_no;
    return true;
}

// [SECTION] Regrouping a state by single-valued keys (see the header).

namespace {

// One value (or none) per response: a response is in exactly one group of a grouping by these.
// (An answer may be a list, grouped under each of its values: not single-valued.)
bool single_valued(const std::string& key) {
    for (const char* k : {"survey", "version", "map", "stage", "touchpoint", "locale", "day", "week", "month"})
        if (key == k) return true;
    return key.rfind("segment.", 0) == 0;  // a scalar, or the response is a bad line of that grouping
}

bool named(const std::vector<std::string>& names, const std::string& key) {
    return std::find(names.begin(), names.end(), key) != names.end();
}

// Where key `key` is read in a source grouping by `from`: its own position, or day's for week and
// month; npos when it cannot be read there.
std::size_t source_of(const KeySpec& key, const std::vector<std::string>& from) {
    const std::string& wanted = key.dim == Dim::Week || key.dim == Dim::Month ? std::string("day") : key.spec;
    const auto at = std::find(from.begin(), from.end(), wanted);
    return at == from.end() ? std::string::npos : std::size_t(at - from.begin());
}

// Key `key`'s value for a source group whose value at source_of(key) is `value` (nullptr = null).
const std::string* derived_value(const KeySpec& key, const std::string* value, std::string& scratch) {
    if (!value || (key.dim != Dim::Week && key.dim != Dim::Month)) return value;
    const std::string& day = *value;
    if (key.dim == Dim::Month) {
        scratch = day.substr(0, 7);
    } else {
        CivilDate c{std::atoi(day.substr(0, 4).c_str()), std::atoi(day.substr(5, 2).c_str()), std::atoi(day.substr(8, 2).c_str())};
        scratch = week_key(c);
    }
    return &scratch;
}

}  // namespace

bool Aggregator::regroups_from(const std::vector<std::string>& state_keys, const std::vector<std::string>& absent) const {
    const Impl& m = *impl_;
    if (!std::all_of(state_keys.begin(), state_keys.end(), single_valued)) return false;
    auto readable = [&](const KeySpec& key) { return source_of(key, state_keys) != std::string::npos || named(absent, key.spec); };
    for (const Grouping& g : m.groupings) {
        for (const KeySpec& key : g.keys)
            if (!readable(key)) return false;
        // A response whose value of a segment is not a scalar is a bad line of a grouping by that
        // segment only: such a state regroups only into groupings by each of its segments.
        for (const std::string& from : state_keys)
            if (from.rfind("segment.", 0) == 0 &&
                std::none_of(g.keys.begin(), g.keys.end(), [&](const KeySpec& key) { return key.spec == from; }))
                return false;
    }
    if (m.filtering)
        for (const KeySpec& key : m.filter.keys)
            if (!readable(key)) return false;
    return true;
}

bool Aggregator::merge_state_regrouped(const json& state, std::string* error, const std::vector<std::string>& absent) {
    // Read (and check) the state through merge_state, then take its first grouping.
    const std::vector<std::vector<std::string>> by = groupings_named(state);
    if (by.empty()) return refuse_merge(error, "/groupings: expected at least one grouping");
    Aggregator part = Aggregator::for_groupings(by);
    if (!part.ok()) return refuse_merge(error, "/groupings: " + part.error());
    if (!part.merge_state(state, error)) return false;
    if (!regroups_from(by[0], absent)) return refuse_merge(error, "/groupings/0/by: these keys cannot be regrouped into this aggregator's keys");
    const Grouping& src = part.impl_->groupings[0];
    Impl& m = *impl_;
    const std::size_t sk = src.keys.size();
    std::vector<const std::string*> values(sk);
    std::string scratch;
    auto value_of = [&](const KeySpec& key) -> const std::string* {
        const std::size_t at = source_of(key, by[0]);
        return at == std::string::npos ? nullptr : derived_value(key, values[at], scratch);  // absent: null
    };
    for (std::size_t j = 0; j < src.stats.size(); ++j) {
        for (std::size_t i = 0; i < sk; ++i) {
            const std::uint32_t id = src.tuples[j * sk + i];
            values[i] = id ? &src.interners[i].value(id) : nullptr;
        }
        if (m.filtering) {  // the filter's rules (matches_filter), on the group's values
            bool keep = true, any_hit = !m.needs_any;
            for (std::size_t k = 0; k < m.filter.keys.size() && keep; ++k) {
                const KeySpec& key = m.filter.keys[k];
                const std::string* v = value_of(key);
                if (key.dim == Dim::Day && (!m.from_day.empty() || !m.to_day.empty()))
                    keep = v && (m.from_day.empty() || *v >= m.from_day) && (m.to_day.empty() || *v <= m.to_day);
                const std::uint32_t id = v ? m.filter.interners[k].intern(*v) : 0;
                auto hit = [&](const std::vector<std::uint32_t>& want) { return id && std::find(want.begin(), want.end(), id) != want.end(); };
                if (keep && !m.accepted[k].empty()) keep = hit(m.accepted[k]);
                if (!any_hit && !m.accepted_any[k].empty()) any_hit = hit(m.accepted_any[k]);
            }
            if (!keep || !any_hit) continue;
        }
        for (Grouping& g : m.groupings) {
            std::uint32_t ids[8];
            for (std::size_t i = 0; i < g.keys.size(); ++i) {
                const std::string* v = value_of(g.keys[i]);
                ids[i] = v ? g.interners[i].intern(*v) : 0;
            }
            g.stats[g.group_for(ids)] += src.stats[j];
            g.responses += src.stats[j].n;
        }
    }
    for (Grouping& g : m.groupings) {  // a bad line stays bad whatever the filter
        g.bad_count += src.bad_count;
        for (const BadLine& bad : src.bad)
            if (g.bad.size() < kMaxBadLinesKept) g.bad.push_back(BadLine{bad.line + m.line_no, bad.message});
    }
    m.fallbacks += part.impl_->fallbacks;
    m.line_no += part.impl_->line_no;
    return true;
}

// One writer for both documents: ordered_json (the text, in the documented member order: key, n,
// nps, csat, ...) and json (what callers read). json was the text parsed back, until that showed in
// the viewer's first load: serializing and parsing 4 groupings of 4,500 responses ran hot enough
// that the browser compiled both again with its optimizing tier, on the one other core of a
// 2-core machine (tests/bench/viewer_first_frame.mjs).
template <class Document>
static Document result_document(const Grouping& m);

nlohmann::json Aggregator::result(std::size_t g) const { return result_document<json>(impl_->groupings[clamp(*impl_, g)]); }

nlohmann::ordered_json Aggregator::result_ordered(std::size_t g) const {
    return result_document<nlohmann::ordered_json>(impl_->groupings[clamp(*impl_, g)]);
}

std::string Aggregator::result_json(std::size_t g) const { return result_ordered(g).dump(); }

template <class Document>
static Document result_document(const Grouping& m) {
    std::size_t k = m.keys.size();
    std::vector<std::size_t> order(m.stats.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        for (std::size_t i = 0; i < k; ++i) {
            std::uint32_t x = m.tuples[a * k + i], y = m.tuples[b * k + i];
            if (x == y) continue;
            if (x == 0 || y == 0) return y == 0;  // null last
            int c = m.interners[i].value(x).compare(m.interners[i].value(y));
            if (c != 0) return c < 0;
        }
        return false;
    });
    Document groups = Document::array();
    for (std::size_t g : order) {
        const Stats& s = m.stats[g];
        Document key = Document::object();
        Document labels = Document::object();
        for (std::size_t i = 0; i < k; ++i) {
            std::uint32_t id = m.tuples[g * k + i];
            if (id == 0) {
                key[m.keys[i].spec] = nullptr;
                continue;
            }
            const std::string& v = m.interners[i].value(id);
            key[m.keys[i].spec] = v;
            if (i < m.labels.size())
                for (const auto& l : m.labels[i])
                    if (l.first == v) labels[m.keys[i].spec] = l.second;
        }
        Document group = Document::object();
        group["key"] = key;
        if (!labels.empty()) group["labels"] = labels;
        group["n"] = s.n;
        std::uint64_t nps_n = s.promoters + s.passives + s.detractors;
        if (nps_n > 0) {
            double n = double(nps_n);
            double pp = double(s.promoters) / n, pd = double(s.detractors) / n;
            double nps = pp - pd;
            double var = stats::nps_coding_variance(pp, pd);
            double moe = 1.96 * std::sqrt(std::max(0.0, var) / n) * 100.0;
            group["nps"] = Document{{"value", round1(nps * 100.0)}, {"moe", round1(moe)}, {"promoters", s.promoters},
                               {"passives", s.passives}, {"detractors", s.detractors}, {"n", nps_n}};
        } else {
            group["nps"] = nullptr;
        }
        if (s.csat_n > 0)
            group["csat"] = Document{{"value", round1(100.0 * double(s.csat_top2) / double(s.csat_n))},
                                {"mean", round1(double(s.csat_sum) / 1e9 / double(s.csat_n))}, {"n", s.csat_n}};
        else
            group["csat"] = nullptr;
        if (s.ces_n > 0)
            group["ces"] = Document{{"value", round1(double(s.ces_sum) / 1e9 / double(s.ces_n))},
                               {"easy", round1(100.0 * double(s.ces_easy) / double(s.ces_n))}, {"n", s.ces_n}};
        else
            group["ces"] = nullptr;
        group["small_sample"] = s.n < static_cast<std::uint64_t>(stats::kSmallSample);
        groups.push_back(std::move(group));
    }
    return Document{{"groups", std::move(groups)}};
}


}  // namespace touchpoint
