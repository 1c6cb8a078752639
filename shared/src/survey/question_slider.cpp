// slider: a number picked on a track from min to max in steps (default 0–100, step 1), its value
// shown beside it. The answer is a number in range and on a step (min + k·step); off-step values
// (from an API, never from the track) are refused ("invalid") rather than rounded, so what is stored is what
// the respondent saw. Answers count as numbers in custom scores, like `number`.
#include <algorithm>
#include <cmath>

#include "survey/fields.hpp"
#include "survey/question_types.hpp"
#include "touchpoint/base/json_text.hpp"

namespace touchpoint::questions {
namespace {

// How far from a whole number of steps a value may be and still count as on a step: binary
// fractions make 0.1 + 0.2 land 4e-17 off 0.3, never this far.
constexpr double kStepTolerance = 1e-9;

bool whole_steps(double span, double step) {
    double k = span / step;
    return std::fabs(k - std::round(k)) <= kStepTolerance * std::fmax(1.0, std::fabs(k));
}

class SliderQuestion : public Question {
public:
    void load(const json& def, const std::string& ptr, const LoadContext& ctx, Diagnostics& d) override {
        bool present = false;
        bool min_ok = fields::read_number(def, "min", min_, present, ptr, d);
        bool max_ok = fields::read_number(def, "max", max_, present, ptr, d);
        bool step_ok = fields::read_number(def, "step", step_, present, ptr, d);
        fields::read_text(def, "minLabel", min_label_, ptr, ctx, d);
        fields::read_text(def, "maxLabel", max_label_, ptr, ctx, d);
        if (step_ok && !(step_ > 0)) {
            d.error(pointer_join(ptr, "step"), "step must be greater than 0");
            step_ok = false;
        }
        if (min_ok && max_ok && !(min_ < max_)) {
            d.error(pointer_join(ptr, "min"), "min must be less than max");
        } else if (min_ok && max_ok && step_ok && !whole_steps(max_ - min_, step_)) {
            // The browser's range input could not reach max; the author meant another step or max.
            d.error(pointer_join(ptr, "step"), "max − min must be a whole number of steps");
        }
    }
    bool knows_field(std::string_view key) const override {
        return key == "min" || key == "max" || key == "step" || key == "minLabel" || key == "maxLabel";
    }
    AnswerCheck normalize(const json& raw, json& out) const override {
        double v;
        if (!number_answer(raw, out, v)) return raw.is_null() ? AnswerCheck{} : AnswerCheck{AnswerError::Type, ""};
        if (v < min_ || v > max_)
            return {AnswerError::Range, write_json(expr::number_value(min_)) + "–" + write_json(expr::number_value(max_))};
        // Between two steps: only an API caller can send that (the track cannot), so the generic
        // "invalid" message suffices.
        if (!whole_steps(v - min_, step_)) return {AnswerError::Invalid, ""};
        return {};
    }
    void describe(json& out, const Localizer& loc) const override {
        out["min"] = expr::number_value(min_);
        out["max"] = expr::number_value(max_);
        out["step"] = expr::number_value(step_);
        if (!min_label_.is_null()) out["minLabel"] = loc.text(min_label_);
        if (!max_label_.is_null()) out["maxLabel"] = loc.text(max_label_);
    }

    double min() const { return min_; }
    double step() const { return step_; }
    long long steps() const { return std::llround((max_ - min_) / step_); }

private:
    double min_ = 0, max_ = 100, step_ = 1;
    json min_label_, max_label_;
};

// [SECTION] Sample answers.
const SliderQuestion& slider(const Question& q) { return static_cast<const SliderQuestion&>(q); }

// The value on the k-th step, written as the number it is (0.30000000000000004 would be off-step
// for no one, but a CSV reader should see 0.3).
json at_step(const SliderQuestion& s, long long k) {
    double v = s.min() + static_cast<double>(k) * s.step();
    double rounded = std::round(v * 1e9) / 1e9;
    return expr::number_value(whole_steps(rounded - s.min(), s.step()) ? rounded : v);
}

// The respondent's mood placed on the track, with noise: happy respondents slide right.
json sample_slider(const Question& q, AnswerSampler& sampler) {
    const SliderQuestion& s = slider(q);
    double steps = static_cast<double>(s.steps());
    double k = std::round(sampler.sentiment() / 10.0 * steps + 0.1 * steps * sampler.gauss());
    return at_step(s, static_cast<long long>(std::clamp(k, 0.0, steps)));
}
// Both ends and the middle step.
std::vector<json> slider_boundaries(const Question& q) {
    const SliderQuestion& s = slider(q);
    return accepted(q, {at_step(s, 0), at_step(s, s.steps()), at_step(s, s.steps() / 2)});
}

}  // namespace

AnswerSamples slider_samples() { return {sample_slider, slider_boundaries}; }

ResultLayout slider_result(const Question&) { return {ResultShape::Bins, {}, {}}; }  // numeric bins
std::unique_ptr<Question> make_slider() { return std::make_unique<SliderQuestion>(); }

}  // namespace touchpoint::questions
