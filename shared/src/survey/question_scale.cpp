// Scale questions: nps (0–10), csat (1–5 by default), ces (1–7 by default) and rating (a scale
// of 2–10 points drawn as numbers, stars or smileys). The answer is one whole number in range;
// nps, csat and ces feed the built-in score of their name (scales.hpp).
#include <cmath>
#include <cstring>

#include "survey/fields.hpp"
#include "survey/survey_enums.hpp"
#include "survey/question_types.hpp"

namespace touchpoint::questions {
namespace {

class ScaleQuestion : public Question {
public:
    ScaleQuestion(long long min, long long max, long long min_points, long long max_points, bool fixed,
                  BuiltinScore feeds = BuiltinScore::None)
        : min_(min), max_(max), min_points_(min_points), max_points_(max_points), fixed_(fixed), feeds_(feeds) {}

    void load(const json& def, const std::string& ptr, const LoadContext& ctx, Diagnostics& d) override {
        fields::read_text(def, "minLabel", min_label_, ptr, ctx, d);
        fields::read_text(def, "maxLabel", max_label_, ptr, ctx, d);
        if (!fixed_) {
            long long points = max_ - min_ + 1;
            if (fields::read_int(def, "scale", points, min_points_, max_points_, ptr, d)) max_ = min_ + points - 1;
            fields::read_enum(def, "shape", shape_, enums::kScaleShapes, ptr, d);
            if (shape_ == "smileys" && max_ - min_ + 1 > 5)
                d.error(pointer_join(ptr, "shape"), "smileys need a scale of at most 5 points");
        }
    }

    bool knows_field(std::string_view key) const override {
        return key == "minLabel" || key == "maxLabel" || (!fixed_ && (key == "scale" || key == "shape"));
    }

    AnswerCheck normalize(const json& raw, json& out) const override {
        out = nullptr;
        if (raw.is_null()) return {};
        if (!raw.is_number()) return {AnswerError::Type, ""};
        double v = raw.get<double>();
        if (std::floor(v) != v) return {AnswerError::NotInteger, ""};
        if (v < static_cast<double>(min_) || v > static_cast<double>(max_))
            return {AnswerError::Range, std::to_string(min_) + "–" + std::to_string(max_)};
        out = static_cast<long long>(v);
        return {};
    }

    void describe(json& out, const Localizer& loc) const override {
        out["min"] = min_;
        out["max"] = max_;
        if (!min_label_.is_null()) out["minLabel"] = loc.text(min_label_);
        if (!max_label_.is_null()) out["maxLabel"] = loc.text(max_label_);
        out["shape"] = shape_;
    }

    ScoreFeed feeds() const override { return {feeds_, max_}; }

    long long min() const { return min_; }
    long long max() const { return max_; }

protected:
    long long min_, max_;
    long long min_points_, max_points_;
    bool fixed_;
    BuiltinScore feeds_;
    std::string shape_ = "numbers";
    json min_label_, max_label_;
};

// The respondent's mood mapped onto the scale; every point of it.
json sample_scale(const Question& q, AnswerSampler& s) {
    const auto& scale = static_cast<const ScaleQuestion&>(q);
    return s.scaled(int(scale.min()), int(scale.max()));
}
std::vector<json> scale_boundaries(const Question& q) {
    const auto& scale = static_cast<const ScaleQuestion&>(q);
    std::vector<json> out;
    for (long long v = scale.min(); v <= scale.max(); ++v) out.push_back(v);
    return out;
}

}  // namespace

std::unique_ptr<Question> make_nps() {
    return std::make_unique<ScaleQuestion>(0, 10, 11, 11, true, BuiltinScore::Nps);
}
std::unique_ptr<Question> make_csat() {
    return std::make_unique<ScaleQuestion>(1, kCsatDefaultScale, 3, 10, false, BuiltinScore::Csat);
}
std::unique_ptr<Question> make_ces() {
    return std::make_unique<ScaleQuestion>(1, kCesDefaultScale, 3, 10, false, BuiltinScore::Ces);
}
std::unique_ptr<Question> make_rating() { return std::make_unique<ScaleQuestion>(1, 5, 2, 10, false); }
AnswerSamples scale_samples() { return {sample_scale, scale_boundaries}; }

}  // namespace touchpoint::questions
