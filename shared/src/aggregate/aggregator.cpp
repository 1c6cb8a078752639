// The streaming Aggregator: group keys are interned (one small open-addressing table per key),
// groups live in a flat table keyed by their tuple of value ids; each group holds counters and
// sums only. Per line: no allocation once the values of a key have been seen.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "facts.hpp"
#include "touchpoint/aggregate.hpp"
#include "touchpoint/response.hpp"
#include "touchpoint/timefmt.hpp"

namespace touchpoint {

using agg::Facts;
using agg::FactsRequest;
using agg::Raw;
using json = nlohmann::json;

namespace {

enum class Dim { Survey, Map, Stage, Touchpoint, Locale, Answer, Segment, Day, Week, Month };

struct KeySpec {
    Dim dim;
    std::string spec;   // as given: "answer.role"
    std::size_t index;  // into FactsRequest answers/segments
};

std::uint32_t hash_bytes(std::string_view s) {
    std::uint32_t h = 2166136261u;  // FNV-1a
    for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
    return h;
}

// String -> id (1-based; 0 is "no value"), strings owned here.
class Interner {
public:
    Interner() : slots_(64, 0) {}
    std::uint32_t intern(std::string_view s) {
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
            if (hashes_[id - 1] == h && values_[id - 1] == s) return id;
        }
    }
    const std::string& value(std::uint32_t id) const { return values_[id - 1]; }

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
    double csat_sum = 0;  // on 1..5
    std::uint64_t ces_n = 0, ces_easy = 0;
    double ces_sum = 0;   // on 1..7
};

double round1(double x) {
    double r = std::round(x * 10.0) / 10.0;
    return r == 0 ? 0.0 : r;  // never "-0.0"
}

constexpr std::size_t kMaxBadLinesKept = 1000;
constexpr std::size_t kMaxLineBytes = std::size_t(64) << 20;
constexpr std::size_t kMaxCombinations = 4096;

}  // namespace

struct Aggregator::Impl {
    std::vector<KeySpec> keys;
    std::string error;
    FactsRequest request;
    bool fast = true;
    Facts facts;
    std::vector<Interner> interners;
    // Groups: tuple of ids (keys.size() per group) -> index into stats.
    std::vector<std::uint32_t> tuples;
    std::vector<Stats> stats;
    std::vector<std::uint32_t> slots = std::vector<std::uint32_t>(256, 0);  // group index + 1
    std::vector<std::uint32_t> slot_hash = std::vector<std::uint32_t>(256, 0);
    // Period keys from the day: day string -> interned week/month ids, cached per distinct day.
    Interner days;
    std::vector<std::uint32_t> week_of_day, month_of_day;  // by day id
    std::string day_scratch;
    // labels[key index]: choice value -> label
    std::vector<std::vector<std::pair<std::string, std::string>>> labels;
    std::uint64_t responses = 0, bad_count = 0, fallbacks = 0;
    std::vector<BadLine> bad;
    std::size_t line_no = 0;
    std::string carry;
    bool dropping_long_line = false;
    std::string line_error;
    json dom;

    std::uint32_t group_for(const std::uint32_t* ids) {
        std::size_t k = keys.size();
        std::uint32_t h = 2166136261u;
        for (std::size_t i = 0; i < k; ++i) h = (h ^ ids[i]) * 16777619u;
        std::size_t mask = slots.size() - 1;
        for (std::size_t i = h & mask;; i = (i + 1) & mask) {
            std::uint32_t g = slots[i];
            if (g == 0) {
                tuples.insert(tuples.end(), ids, ids + k);
                stats.emplace_back();
                slots[i] = std::uint32_t(stats.size());
                slot_hash[i] = h;
                if (stats.size() * 2 > slots.size()) grow_groups();
                return std::uint32_t(stats.size() - 1);
            }
            if (slot_hash[i] == h && std::equal(ids, ids + k, tuples.begin() + std::ptrdiff_t((g - 1) * k))) return g - 1;
        }
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

    // The group values of key `k` for the current facts.
    std::size_t values_of(std::size_t k, std::uint32_t* out) {
        const KeySpec& key = keys[k];
        auto single = [&](const Raw& r) -> std::size_t {
            if (r.kind != Raw::String) return 0;
            out[0] = interners[k].intern(r.text);
            return 1;
        };
        switch (key.dim) {
            case Dim::Survey: return single(facts.survey_id);
            case Dim::Map: return single(facts.map);
            case Dim::Stage: return single(facts.stage);
            case Dim::Touchpoint: return single(facts.touchpoint);
            case Dim::Locale: return single(facts.locale);
            case Dim::Answer:
            case Dim::Segment: {
                const agg::Values& v = key.dim == Dim::Answer ? facts.answer[key.index] : facts.segment_value[key.index];
                std::size_t n = 0;
                for (std::size_t i = 0; i < v.count; ++i) {
                    std::uint32_t id = interners[k].intern(v.items[i]);
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
                    out[0] = interners[k].intern(day);
                    return 1;
                }
                std::uint32_t d = days.intern(day);
                if (week_of_day.size() < d) {
                    week_of_day.resize(d, 0);
                    month_of_day.resize(d, 0);
                }
                std::vector<std::uint32_t>& cache = key.dim == Dim::Week ? week_of_day : month_of_day;
                if (cache[d - 1] == 0) {
                    CivilDate c{std::atoi(std::string(day.substr(0, 4)).c_str()), std::atoi(std::string(day.substr(5, 2)).c_str()),
                                std::atoi(std::string(day.substr(8, 2)).c_str())};
                    cache[d - 1] = interners[k].intern(key.dim == Dim::Week ? week_key(c) : std::string(day.substr(0, 7)));
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
            int v = int(facts.nps_value.number);
            if (v >= 9) ++s.promoters;
            else if (v >= 7) ++s.passives;
            else ++s.detractors;
        }
        if (facts.csat.kind == Raw::Object) {
            double scale = facts.csat_scale.kind == Raw::Number ? facts.csat_scale.number : 5;
            double v = facts.csat_value.number;
            ++s.csat_n;
            if (csat_top2(v, scale)) ++s.csat_top2;
            s.csat_sum += 1 + (v - 1) * 4 / (scale - 1);
        }
        if (facts.ces.kind == Raw::Object) {
            double scale = facts.ces_scale.kind == Raw::Number ? facts.ces_scale.number : 7;
            double v = facts.ces_value.number;
            ++s.ces_n;
            if (ces_easy(v, scale)) ++s.ces_easy;
            s.ces_sum += 1 + (v - 1) * 6 / (scale - 1);
        }
    }

    // The facts are filled: check, then count in every group they belong to.
    bool aggregate(std::string* err) {
        std::string e = agg::check_facts(facts, request);
        if (!e.empty()) {
            if (err) *err = std::move(e);
            return false;
        }
        std::size_t k = keys.size();
        std::uint32_t values[16][agg::kMaxValues];
        std::size_t counts[16];
        for (std::size_t i = 0; i < k; ++i) {
            counts[i] = values_of(i, values[i]);
            if (counts[i] == 0) {  // the null group
                values[i][0] = 0;
                counts[i] = 1;
            }
        }
        std::size_t pos[16] = {};
        std::uint32_t ids[16];
        for (std::size_t combos = 0; combos < kMaxCombinations; ++combos) {
            for (std::size_t i = 0; i < k; ++i) ids[i] = values[i][pos[i]];
            accumulate(stats[group_for(ids)]);
            std::size_t i = 0;
            for (; i < k; ++i) {
                if (++pos[i] < counts[i]) break;
                pos[i] = 0;
            }
            if (i == k) break;
        }
        ++responses;
        return true;
    }

    bool add_json(const json& payload, std::string* err) {
        agg::facts_from_json(payload, request, facts);
        return aggregate(err);
    }

    static bool too_deep(std::string_view line) {
        int depth = 0;
        bool in_string = false;
        for (std::size_t i = 0; i < line.size(); ++i) {
            char c = line[i];
            if (in_string) {
                if (c == '\\') ++i;
                else if (c == '"') in_string = false;
            } else if (c == '"') {
                in_string = true;
            } else if (c == '{' || c == '[') {
                if (++depth > 512) return true;
            } else if (c == '}' || c == ']') {
                --depth;
            }
        }
        return false;
    }

    bool add_line(std::string_view line, std::string* err) {
        std::size_t i = 0;
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
        if (i == line.size()) return true;  // blank line
        if (fast && agg::scan_line(line, request, facts)) return aggregate(err);
        ++fallbacks;
        if (too_deep(line)) {
            if (err) *err = ": nesting deeper than 512 levels";
            return false;
        }
        dom = json::parse(line.begin(), line.end(), nullptr, false);
        if (dom.is_discarded()) {
            if (err) *err = ": not valid JSON";
            return false;
        }
        bool ok = add_json(dom, err);
        return ok;
    }

    void record_bad(std::size_t line, std::string message) {
        ++bad_count;
        if (bad.size() < kMaxBadLinesKept) bad.push_back(BadLine{line, std::move(message)});
    }

    void process_line(std::string_view line) {
        ++line_no;
        if (!add_line(line, &line_error)) record_bad(line_no, line_error);
    }
};

Aggregator::Aggregator(const std::vector<std::string>& keys) : impl_(new Impl) {
    Impl& m = *impl_;
    if (keys.size() > 8) m.error = "at most 8 --by keys";
    for (const std::string& k : keys) {
        if (!m.error.empty()) break;
        KeySpec spec{Dim::Survey, k, 0};
        if (k == "survey") spec.dim = Dim::Survey;
        else if (k == "map") spec.dim = Dim::Map;
        else if (k == "stage") spec.dim = Dim::Stage;
        else if (k == "touchpoint") spec.dim = Dim::Touchpoint;
        else if (k == "locale") spec.dim = Dim::Locale;
        else if (k == "day") spec.dim = Dim::Day;
        else if (k == "week") spec.dim = Dim::Week;
        else if (k == "month") spec.dim = Dim::Month;
        else if (k.rfind("answer.", 0) == 0 && k.size() > 7) {
            spec.dim = Dim::Answer;
            spec.index = m.request.answers.size();
            m.request.answers.push_back(k.substr(7));
        } else if (k.rfind("segment.", 0) == 0 && k.size() > 8) {
            spec.dim = Dim::Segment;
            spec.index = m.request.segments.size();
            m.request.segments.push_back(k.substr(8));
        } else {
            m.error = "unknown group key \"" + k +
                      "\" (use survey, map, stage, touchpoint, locale, answer.<question>, segment.<name>, day, week or month)";
            break;
        }
        for (const KeySpec& other : m.keys)
            if (other.spec == k) m.error = "group key \"" + k + "\" given twice";
        m.keys.push_back(spec);
    }
    m.interners.resize(m.keys.size());
    m.labels.resize(m.keys.size());
}

Aggregator::~Aggregator() = default;
Aggregator::Aggregator(Aggregator&&) noexcept = default;
Aggregator& Aggregator::operator=(Aggregator&&) noexcept = default;

bool Aggregator::ok() const { return impl_->error.empty(); }
const std::string& Aggregator::error() const { return impl_->error; }

bool Aggregator::valid_key(std::string_view key) {
    Aggregator a({std::string(key)});
    return a.ok();
}

void Aggregator::set_fast_path(bool enabled) { impl_->fast = enabled; }

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
    for (std::size_t k = 0; k < impl_->keys.size(); ++k) {
        const KeySpec& key = impl_->keys[k];
        if (key.dim != Dim::Answer) continue;
        const std::string& qid = impl_->request.answers[key.index];
        for (const json& q : *questions) {
            if (!q.is_object() || !q.contains("id") || !q["id"].is_string() || q["id"].get<std::string>() != qid) continue;
            if (!q.contains("choices") || !q["choices"].is_array()) continue;
            for (const json& c : q["choices"]) {
                if (!c.is_object() || !c.contains("value") || !c["value"].is_string() || !c.contains("label")) continue;
                std::string label = text_of(c["label"]);
                if (!label.empty()) impl_->labels[k].emplace_back(c["value"].get<std::string>(), label);
            }
        }
    }
}

bool Aggregator::add(const nlohmann::json& payload, std::string* error) { return impl_->add_json(payload, error); }

bool Aggregator::add_line(std::string_view line, std::string* error) { return impl_->add_line(line, error); }

void Aggregator::add_ndjson(std::string_view chunk) {
    Impl& m = *impl_;
    std::size_t start = 0;
    while (start < chunk.size()) {
        const void* nl = std::memchr(chunk.data() + start, '\n', chunk.size() - start);
        std::size_t end = nl ? std::size_t(static_cast<const char*>(nl) - chunk.data()) : chunk.size();
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
            m.record_bad(m.line_no, ": line longer than 64 MiB");
            m.dropping_long_line = false;
        } else if (!m.carry.empty()) {
            m.carry.append(piece.data(), piece.size());
            m.process_line(m.carry);
            m.carry.clear();
        } else if (piece.size() > kMaxLineBytes) {
            ++m.line_no;
            m.record_bad(m.line_no, ": line longer than 64 MiB");
        } else {
            m.process_line(piece);
        }
        start = end + 1;
    }
}

void Aggregator::add_csv(std::string_view data) {
    Impl& m = *impl_;
    CsvReader reader(data);
    std::vector<std::string> fields;
    std::string error;
    bool header = true;
    std::size_t base = m.line_no;
    while (reader.next(fields, error)) {
        std::size_t line = base + reader.record_line();
        if (header) {
            header = false;
            if (!csv_header_matches(fields)) {
                m.record_bad(line, ": not the response CSV header (" + response_csv_header().substr(0, 40) + "...)");
                return;
            }
            continue;
        }
        if (!error.empty()) {
            m.record_bad(line, ": " + error);
            continue;
        }
        if (fields.size() == 1 && fields[0].empty()) continue;  // blank line
        auto payload = response_from_csv(fields, error);
        if (!payload) {
            m.record_bad(line, error);
            continue;
        }
        if (!m.add_json(*payload, &error)) m.record_bad(line, error);
    }
    m.line_no = base + reader.line();
}

void Aggregator::finish() {
    Impl& m = *impl_;
    if (m.dropping_long_line) {
        ++m.line_no;
        m.record_bad(m.line_no, ": line longer than 64 MiB");
        m.dropping_long_line = false;
    } else if (!m.carry.empty()) {
        m.process_line(m.carry);
        m.carry.clear();
    }
}

std::uint64_t Aggregator::responses() const { return impl_->responses; }
std::uint64_t Aggregator::bad_line_count() const { return impl_->bad_count; }
const std::vector<BadLine>& Aggregator::bad_lines() const { return impl_->bad; }
std::uint64_t Aggregator::fallback_count() const { return impl_->fallbacks; }

// Built as ordered_json so the text reads in the documented member order (key, n, nps, csat, ...).
static nlohmann::ordered_json ordered_result(const Aggregator::Impl& m);

nlohmann::json Aggregator::result() const { return json::parse(result_json(), nullptr, false); }

std::string Aggregator::result_json() const { return ordered_result(*impl_).dump(); }

static nlohmann::ordered_json ordered_result(const Aggregator::Impl& m) {
    using ojson = nlohmann::ordered_json;
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
    ojson groups = ojson::array();
    for (std::size_t g : order) {
        const Stats& s = m.stats[g];
        ojson key = ojson::object();
        ojson labels = ojson::object();
        for (std::size_t i = 0; i < k; ++i) {
            std::uint32_t id = m.tuples[g * k + i];
            if (id == 0) {
                key[m.keys[i].spec] = nullptr;
                continue;
            }
            const std::string& v = m.interners[i].value(id);
            key[m.keys[i].spec] = v;
            for (const auto& l : m.labels[i])
                if (l.first == v) labels[m.keys[i].spec] = l.second;
        }
        ojson group = ojson::object();
        group["key"] = key;
        if (!labels.empty()) group["labels"] = labels;
        group["n"] = s.n;
        std::uint64_t nps_n = s.promoters + s.passives + s.detractors;
        if (nps_n > 0) {
            double n = double(nps_n);
            double pp = double(s.promoters) / n, pd = double(s.detractors) / n;
            double nps = pp - pd;
            double var = pp + pd - nps * nps;
            double moe = 1.96 * std::sqrt(std::max(0.0, var) / n) * 100.0;
            group["nps"] = ojson{{"value", round1(nps * 100.0)}, {"moe", round1(moe)}, {"promoters", s.promoters},
                            {"passives", s.passives}, {"detractors", s.detractors}, {"n", nps_n}};
        } else {
            group["nps"] = nullptr;
        }
        if (s.csat_n > 0)
            group["csat"] = ojson{{"value", round1(100.0 * double(s.csat_top2) / double(s.csat_n))},
                             {"mean", round1(s.csat_sum / double(s.csat_n))}, {"n", s.csat_n}};
        else
            group["csat"] = nullptr;
        if (s.ces_n > 0)
            group["ces"] = ojson{{"value", round1(s.ces_sum / double(s.ces_n))},
                            {"easy", round1(100.0 * double(s.ces_easy) / double(s.ces_n))}, {"n", s.ces_n}};
        else
            group["ces"] = nullptr;
        group["small_sample"] = s.n < 30;
        groups.push_back(std::move(group));
    }
    return ojson{{"groups", std::move(groups)}};
}


}  // namespace touchpoint
