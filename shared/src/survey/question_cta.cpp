// cta: a call to action — the title (and description) with a button that opens `url` in a new tab
// and a second one that declines. The answer records which: "clicked" or "dismissed". Only
// http(s) URLs are accepted: a javascript:, data: or relative link in a survey file would run or
// resolve on the host page, which the survey's author does not control.
#include "survey/fields.hpp"
#include "survey/question_types.hpp"
#include "touchpoint/base/utf8.hpp"

namespace touchpoint::questions {
namespace {

// An absolute http(s) URL with something after the scheme and no spaces or control characters
// (the same rule as the schema's pattern).
bool valid_link(const std::string& url) {
    std::size_t rest = starts_with(url, "https://") ? 8 : starts_with(url, "http://") ? 7 : 0;
    if (rest == 0 || url.size() == rest) return false;
    for (char c : url)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return false;
    return true;
}

class CtaQuestion : public Question {
public:
    void load(const json& def, const std::string& ptr, const LoadContext& ctx, Diagnostics& d) override {
        fields::read_text(def, "buttonLabel", button_label_, ptr, ctx, d, true);
        fields::read_text(def, "dismissLabel", dismiss_label_, ptr, ctx, d);
        if (fields::read_string(def, "url", url_, ptr, d, true, 2000) && def.contains("url") && !valid_link(url_))
            d.error(pointer_join(ptr, "url"), "expected an http:// or https:// URL (no spaces)");
    }
    bool knows_field(std::string_view key) const override {
        return key == "buttonLabel" || key == "dismissLabel" || key == "url";
    }
    AnswerCheck normalize(const json& raw, json& out) const override {
        out = nullptr;
        if (raw.is_null()) return {};
        if (raw != "clicked" && raw != "dismissed") return {AnswerError::Type, ""};
        out = raw;
        return {};
    }
    void describe(json& out, const Localizer& loc) const override {
        out["buttonLabel"] = loc.text(button_label_);
        if (!dismiss_label_.is_null()) out["dismissLabel"] = loc.text(dismiss_label_);
        out["url"] = url_;
    }
    // A click counts 1 and a dismissal 0: a weighted score over it is the click-through rate.
    bool numeric(const json& answer, double& out) const override {
        if (answer != "clicked" && answer != "dismissed") return false;
        out = answer == "clicked" ? 1 : 0;
        return true;
    }

private:
    json button_label_, dismiss_label_;
    std::string url_;
};

// [SECTION] Sample answers: about one respondent in three follows the link.
json sample_cta(const Question&, AnswerSampler& s) { return s.below(3) == 0 ? "clicked" : "dismissed"; }
std::vector<json> cta_boundaries(const Question& q) { return accepted(q, {"clicked", "dismissed"}); }

}  // namespace

AnswerSamples cta_samples() { return {sample_cta, cta_boundaries}; }
std::unique_ptr<Question> make_cta() { return std::make_unique<CtaQuestion>(); }

}  // namespace touchpoint::questions
