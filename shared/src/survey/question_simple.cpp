// number (optional min/max, whole numbers only if `integer`), date (YYYY-MM-DD, optional min/max)
// and consent (a checkbox; when required it must be given, not merely answered).
#include <cmath>

#include "survey/fields.hpp"
#include "survey/question_types.hpp"
#include "touchpoint/base/json_text.hpp"

namespace touchpoint::questions {
namespace {

class NumberQuestion : public Question {
public:
    void load(const json& def, const std::string& ptr, const LoadContext& ctx, Diagnostics& d) override {
        fields::read_number(def, "min", min_, has_min_, ptr, d);
        fields::read_number(def, "max", max_, has_max_, ptr, d);
        fields::read_bool(def, "integer", integer_, ptr, d);
        fields::read_text(def, "placeholder", placeholder_, ptr, ctx, d);
        if (has_min_ && has_max_ && min_ > max_) d.error(pointer_join(ptr, "min"), "min is greater than max");
    }
    bool knows_field(std::string_view key) const override {
        return key == "min" || key == "max" || key == "integer" || key == "placeholder";
    }
    AnswerCheck normalize(const json& raw, json& out) const override {
        double v;
        if (!number_answer(raw, out, v)) return raw.is_null() ? AnswerCheck{} : AnswerCheck{AnswerError::Type, ""};
        if (integer_ && std::floor(v) != v) return {AnswerError::NotInteger, ""};
        if ((has_min_ && v < min_) || (has_max_ && v > max_)) return {AnswerError::Range, range()};
        return {};
    }
    void describe(json& out, const Localizer& loc) const override {
        if (has_min_) out["min"] = expr::number_value(min_);
        if (has_max_) out["max"] = expr::number_value(max_);
        out["integer"] = integer_;
        if (!placeholder_.is_null()) out["placeholder"] = loc.text(placeholder_);
    }

    // The range generated answers fall in: min..max, 1..101 when unbounded.
    double low() const { return has_min_ ? min_ : 1; }
    double high() const { return has_max_ ? max_ : low() + 100; }
    bool integer() const { return integer_; }

private:
    std::string range() const {
        std::string lo = has_min_ ? write_json(expr::number_value(min_)) : "";
        std::string hi = has_max_ ? write_json(expr::number_value(max_)) : "";
        return lo + "–" + hi;
    }
    double min_ = 0, max_ = 0;
    bool has_min_ = false, has_max_ = false, integer_ = false;
    json placeholder_;
};

bool valid_date(const std::string& s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (s[i] < '0' || s[i] > '9') return false;
    // The digits were checked above; std::stoi would link libc++'s error printing (fprintf and
    // stdio, ~4 KB of the widget's wasm) for failures that cannot happen here.
    auto number = [&s](std::size_t at, std::size_t n) {
        int v = 0;
        for (std::size_t i = at; i < at + n; ++i) v = v * 10 + (s[i] - '0');
        return v;
    };
    int y = number(0, 4), m = number(5, 2), d = number(8, 2);
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1) return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

class DateQuestion : public Question {
public:
    void load(const json& def, const std::string& ptr, const LoadContext&, Diagnostics& d) override {
        for (const char* key : {"min", "max"}) {
            std::string v;
            if (!fields::read_string(def, key, v, ptr, d) || v.empty()) continue;
            if (!valid_date(v)) {
                d.error(pointer_join(ptr, key), "expected a date as YYYY-MM-DD");
                continue;
            }
            (std::string(key) == "min" ? min_ : max_) = v;
        }
        if (!min_.empty() && !max_.empty() && min_ > max_) d.error(pointer_join(ptr, "min"), "min is after max");
    }
    bool knows_field(std::string_view key) const override { return key == "min" || key == "max"; }
    AnswerCheck normalize(const json& raw, json& out) const override {
        out = nullptr;
        if (raw.is_null()) return {};
        if (!raw.is_string()) return {AnswerError::Type, ""};
        const std::string& s = raw.get_ref<const std::string&>();
        if (s.empty()) return {};
        if (!valid_date(s)) return {AnswerError::Date, ""};
        out = s;
        // ISO dates order as strings.
        if ((!min_.empty() && s < min_) || (!max_.empty() && s > max_)) return {AnswerError::Range, min_ + "–" + max_};
        return {};
    }
    void describe(json& out, const Localizer&) const override {
        if (!min_.empty()) out["min"] = min_;
        if (!max_.empty()) out["max"] = max_;
    }
    bool numeric(const json&, double&) const override { return false; }

    const std::string& min() const { return min_; }
    const std::string& max() const { return max_; }

private:
    std::string min_, max_;
};

class ConsentQuestion : public Question {
public:
    void load(const json& def, const std::string& ptr, const LoadContext& ctx, Diagnostics& d) override {
        fields::read_text(def, "consentText", consent_text_, ptr, ctx, d, true);
    }
    bool knows_field(std::string_view key) const override { return key == "consentText"; }
    AnswerCheck normalize(const json& raw, json& out) const override {
        out = nullptr;
        if (raw.is_null()) return {};
        if (!raw.is_boolean()) return {AnswerError::Type, ""};
        out = raw;
        return {};
    }
    bool complete(const json& answer) const override { return answer.is_boolean() && answer.get<bool>(); }
    AnswerError incomplete_error() const override { return AnswerError::Consent; }
    void describe(json& out, const Localizer& loc) const override { out["consentText"] = loc.text(consent_text_); }
    bool numeric(const json& answer, double& out) const override {
        if (!answer.is_boolean()) return false;
        out = answer.get<bool>() ? 1 : 0;
        return true;
    }

private:
    json consent_text_;
};

// [SECTION] Sample answers.
const NumberQuestion& number(const Question& q) { return static_cast<const NumberQuestion&>(q); }
const DateQuestion& date(const Question& q) { return static_cast<const DateQuestion&>(q); }

std::string pad2(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

// A whole number in the range, uniformly.
json sample_number(const Question& q, AnswerSampler& s) {
    double lo = number(q).low(), hi = number(q).high();
    return int(std::lround(lo + s.uniform() * (hi - lo)));
}
// Both ends of the range, and a fraction when fractions are allowed.
std::vector<json> number_boundaries(const Question& q) {
    double lo = number(q).low(), hi = number(q).high();
    std::vector<json> out = {expr::number_value(lo), expr::number_value(hi)};
    if (!number(q).integer()) out.push_back(expr::number_value(lo + 0.5));
    return accepted(q, std::move(out));
}

// A day of 2026 (the 28 first days of each month).
json sample_date(const Question&, AnswerSampler& s) {
    return "2026-" + pad2(1 + s.below(12)) + "-" + pad2(1 + s.below(28));
}
// The first and last allowed days, and a leap day.
std::vector<json> date_boundaries(const Question& q) {
    const DateQuestion& d = date(q);
    return accepted(q, {d.min().empty() ? "2026-01-01" : d.min(), d.max().empty() ? "2026-12-31" : d.max(), "2028-02-29"});
}

json sample_consent(const Question&, AnswerSampler&) { return true; }
std::vector<json> consent_boundaries(const Question& q) { return accepted(q, {true, false}); }

}  // namespace

AnswerSamples number_samples() { return {sample_number, number_boundaries}; }
AnswerSamples date_samples() { return {sample_date, date_boundaries}; }
AnswerSamples consent_samples() { return {sample_consent, consent_boundaries}; }

ResultLayout number_result(const Question&) { return {ResultShape::Bins, {}, {}}; }  // numeric bins
ResultLayout date_result(const Question&) { return {ResultShape::Bins, {}, {}}; }    // day to year bins

std::unique_ptr<Question> make_number() { return std::make_unique<NumberQuestion>(); }
std::unique_ptr<Question> make_date() { return std::make_unique<DateQuestion>(); }
std::unique_ptr<Question> make_consent() { return std::make_unique<ConsentQuestion>(); }

}  // namespace touchpoint::questions
