// Binned distributions of number, slider and date answers (the rule is in bins.hpp).
#include "touchpoint/aggregate/bins.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "touchpoint/base/diagnostics.hpp"
#include "touchpoint/base/timefmt.hpp"
#include "touchpoint/survey/expr.hpp"
#include "touchpoint/survey/question.hpp"
#include "touchpoint/survey/survey.hpp"

namespace touchpoint {
namespace {

using json = nlohmann::json;

constexpr double kMaxExactValues = 12;  // up to this many possible values: one bin each
constexpr double kTargetSteps = 10;     // otherwise the width covers the range in at most this many
// Edges are start + k·width in floating point: 0.1·3 is 0.30000000000000004. Rounding to nine
// decimals gives the edge as written; an index is floored with the same tolerance.
constexpr double kEpsilon = 1e-9;

double tidy(double x) {
    const double r = std::round(x * 1e9) / 1e9;
    return r == 0 ? 0 : r;  // no "-0"
}

// The shortest text that reads back as the tidied value ("0.3", "1000", "2.5").
std::string number_text(double x) { return expr::number_value(tidy(x)).dump(); }

// The smallest 1, 2 or 5 × 10^k at least `x` (x > 0).
double nice_at_least(double x) {
    double power = std::pow(10.0, std::floor(std::log10(x)));
    for (;;) {
        for (double m : {1.0, 2.0, 5.0})
            if (m * power >= x * (1 - kEpsilon)) return m * power;
        power *= 10;
    }
}

struct Counted {
    double value;
    std::int64_t n;
};

json number_bins(const std::vector<Counted>& values, const json& declared) {
    double lo = values.front().value, hi = lo;
    bool whole = true;
    for (const Counted& c : values) {
        lo = std::min(lo, c.value);
        hi = std::max(hi, c.value);
        whole = whole && c.value == std::floor(c.value);
    }
    double unit = 0;  // 0: values are not on steps
    if (declared.contains("step") && declared["step"].is_number() && declared["step"].get<double>() > 0)
        unit = declared["step"].get<double>();
    else if ((declared.contains("integer") && declared["integer"].is_boolean() && declared["integer"].get<bool>()) || whole)
        unit = 1;
    const double origin = declared.contains("min") && declared["min"].is_number() ? declared["min"].get<double>() : 0;

    double width;
    if (unit > 0 && (hi - lo) / unit + 1 <= kMaxExactValues + kEpsilon)
        width = unit;
    else if (unit > 0)
        width = unit * nice_at_least(std::max((hi - lo) / unit / kTargetSteps, 1.0));
    else if (hi > lo)
        width = nice_at_least((hi - lo) / kTargetSteps);
    else
        width = 0;  // one value, no unit: one bin holding exactly it

    json bins = json::array();
    auto index_of = [&](double start, double v) { return static_cast<std::int64_t>(std::floor((v - start) / width + kEpsilon)); };
    if (width == 0) {
        std::int64_t n = 0;
        for (const Counted& c : values) n += c.n;
        bins.push_back({{"from", expr::number_value(tidy(lo))}, {"to", expr::number_value(tidy(lo))}, {"label", number_text(lo)}, {"n", n}});
    } else {
        const double start = tidy(origin + std::floor((lo - origin) / width + kEpsilon) * width);
        const std::int64_t count = index_of(start, hi) + 1;
        std::vector<std::int64_t> n(static_cast<std::size_t>(count), 0);
        for (const Counted& c : values) n[static_cast<std::size_t>(std::clamp<std::int64_t>(index_of(start, c.value), 0, count - 1))] += c.n;
        for (std::int64_t k = 0; k < count; ++k) {
            const double from = tidy(start + static_cast<double>(k) * width), to = tidy(start + static_cast<double>(k + 1) * width);
            std::string label;
            if (unit == 0) label = "[" + number_text(from) + ", " + number_text(to) + ")";
            else if (width == unit) label = number_text(from);
            else label = number_text(from) + "\u2013" + number_text(to - unit);
            bins.push_back({{"from", expr::number_value(from)}, {"to", expr::number_value(to)}, {"label", label}, {"n", n[static_cast<std::size_t>(k)]}});
        }
    }
    return {{"by", "value"}, {"width", expr::number_value(tidy(width))}, {"bins", std::move(bins)}};
}

std::optional<std::int64_t> day_number(const std::string& s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    int parts[3] = {0, 0, 0};
    const std::size_t at[3] = {0, 5, 8}, len[3] = {4, 2, 2};
    for (int i = 0; i < 3; ++i)
        for (std::size_t k = at[i]; k < at[i] + len[i]; ++k) {
            if (s[k] < '0' || s[k] > '9') return std::nullopt;
            parts[i] = parts[i] * 10 + (s[k] - '0');
        }
    if (!valid_civil_date(parts[0], parts[1], parts[2])) return std::nullopt;
    return days_from_civil(parts[0], parts[1], parts[2]);
}

std::string date_text(std::int64_t day) { return day_key(day * 86400000); }

json date_bins(const std::vector<std::pair<std::int64_t, std::int64_t>>& days) {
    std::int64_t lo = days.front().first, hi = lo;
    for (const auto& d : days) {
        lo = std::min(lo, d.first);
        hi = std::max(hi, d.first);
    }
    const std::int64_t span = hi - lo;
    const char* by = span < 31 ? "day" : span < 182 ? "week" : span < 3 * 365 ? "month" : "year";
    const std::string unit = by;
    // The first day of the bin holding `day`, and the first day of the next bin.
    auto bin_start = [&](std::int64_t day) -> std::int64_t {
        if (unit == "day") return day;
        if (unit == "week") return day - ((day + 3) % 7 + 7) % 7;  // 1970-01-01 was a Thursday
        CivilDate c = civil_from_days(day);
        return days_from_civil(c.year, unit == "month" ? c.month : 1, 1);
    };
    auto next_start = [&](std::int64_t start) -> std::int64_t {
        if (unit == "day") return start + 1;
        if (unit == "week") return start + 7;
        CivilDate c = civil_from_days(start);
        if (unit == "year") return days_from_civil(c.year + 1, 1, 1);
        return c.month == 12 ? days_from_civil(c.year + 1, 1, 1) : days_from_civil(c.year, c.month + 1, 1);
    };
    auto label_of = [&](std::int64_t start) -> std::string {
        const std::string text = date_text(start);
        if (unit == "day") return text;
        if (unit == "week") return week_key(civil_from_days(start));
        return text.substr(0, unit == "month" ? 7 : 4);
    };
    std::vector<std::int64_t> starts;
    for (std::int64_t s = bin_start(lo); s <= hi; s = next_start(s)) starts.push_back(s);
    std::vector<std::int64_t> n(starts.size(), 0);
    for (const auto& d : days) {
        const auto it = std::upper_bound(starts.begin(), starts.end(), d.first) - 1;
        n[static_cast<std::size_t>(it - starts.begin())] += d.second;
    }
    json bins = json::array();
    for (std::size_t k = 0; k < starts.size(); ++k)
        bins.push_back({{"from", date_text(starts[k])}, {"to", date_text(next_start(starts[k]) - 1)}, {"label", label_of(starts[k])}, {"n", n[k]}});
    return {{"by", by}, {"bins", std::move(bins)}};
}

}  // namespace

std::optional<json> declared_value_range(const json& survey, std::string_view question_id) {
    register_builtin_question_types();
    Diagnostics diags;
    const std::unique_ptr<Survey> s = load_survey(survey, diags);
    const Question* q = s ? s->find(question_id) : nullptr;
    if (!q) return std::nullopt;
    json described = json::object();
    Localizer loc{s->locales.empty() ? std::string() : s->locales.front(), s->locales.empty() ? std::string() : s->locales.front(), nullptr};
    q->describe(described, loc);
    json out = json::object();
    for (const char* key : {"min", "max", "step", "integer"})
        if (described.contains(key)) out[key] = described[key];
    return out;
}

std::optional<json> answer_bins(const json& groups, std::string_view key, const json& declared, std::string* error) {
    const std::string k(key);
    std::vector<Counted> numbers;
    std::vector<std::pair<std::int64_t, std::int64_t>> days;
    std::int64_t answered = 0, unanswered = 0;
    auto refuse = [&](const std::string& why) -> std::optional<json> {
        if (error) *error = k + ": " + why;
        return std::nullopt;
    };
    if (!groups.is_array()) return refuse("no groups to bin");
    for (const json& g : groups) {
        if (!g.is_object() || !g.contains("key") || !g["key"].is_object() || !g.contains("n") || !g["n"].is_number_integer())
            return refuse("not a group of an aggregation result");
        const auto it = g["key"].find(k);
        if (it == g["key"].end()) return refuse("the groups are not grouped by this key");
        const std::int64_t n = g["n"].get<std::int64_t>();
        if (it->is_null()) {
            unanswered += n;
            continue;
        }
        answered += n;
        // Group values are the answers' text ("42", "2.5", "2026-03-01"); numbers may come as numbers.
        if (it->is_number()) {
            numbers.push_back({it->get<double>(), n});
            continue;
        }
        if (!it->is_string()) return refuse("an answer that is neither a number nor a date");
        const std::string& text = it->get_ref<const std::string&>();
        if (auto day = day_number(text)) {
            days.emplace_back(*day, n);
            continue;
        }
        const json parsed = json::parse(text, nullptr, false);
        if (parsed.is_discarded() || !parsed.is_number() || !std::isfinite(parsed.get<double>()))
            return refuse("the answer \"" + text + "\" is neither a number nor a YYYY-MM-DD date");
        numbers.push_back({parsed.get<double>(), n});
    }
    if (!numbers.empty() && !days.empty()) return refuse("answers mix numbers and dates");
    json out;
    if (!days.empty()) out = date_bins(days);
    else if (!numbers.empty()) out = number_bins(numbers, declared.is_object() ? declared : json::object());
    else out = {{"by", "value"}, {"bins", json::array()}};
    out["answered"] = answered;
    out["unanswered"] = unanswered;
    return out;
}

}  // namespace touchpoint
