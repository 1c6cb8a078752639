// Free text, short (one line) or long (multiline). maxLength counts characters (code points), so
// 200 means 200 Chinese characters as well as 200 Latin letters. Answers pass through the
// redactor before they leave the device (pii policy "redact", the default).
#include "survey/fields.hpp"
#include "survey/question_types.hpp"
#include "touchpoint/base/utf8.hpp"

namespace touchpoint::questions {
namespace {

class TextQuestion : public Question {
public:
    void load(const json& def, const std::string& ptr, const LoadContext& ctx, Diagnostics& d) override {
        fields::read_bool(def, "multiline", multiline_, ptr, d);
        max_length_ = multiline_ ? 2000 : 200;
        fields::read_int(def, "maxLength", max_length_, 1, 10000, ptr, d);
        fields::read_text(def, "placeholder", placeholder_, ptr, ctx, d);
    }
    bool knows_field(std::string_view key) const override {
        return key == "multiline" || key == "maxLength" || key == "placeholder";
    }
    AnswerCheck normalize(const json& raw, json& out) const override {
        out = nullptr;
        if (raw.is_null()) return {};
        if (!raw.is_string() || !utf8_valid(raw.get_ref<const std::string&>())) return {AnswerError::Type, ""};
        std::string text = trim_text(raw.get<std::string>());
        if (text.empty()) return {};
        out = text;
        if (utf8_length(text) > static_cast<std::size_t>(max_length_))
            return {AnswerError::TooLong, std::to_string(max_length_)};
        return {};
    }
    void describe(json& out, const Localizer& loc) const override {
        out["multiline"] = multiline_;
        out["maxLength"] = max_length_;
        if (!placeholder_.is_null()) out["placeholder"] = loc.text(placeholder_);
    }
    bool numeric(const json&, double&) const override { return false; }
    bool has_free_text() const override { return true; }

    std::size_t max_length() const { return static_cast<std::size_t>(max_length_); }

private:
    bool multiline_ = false;
    long long max_length_ = 200;
    json placeholder_;
};

// [SECTION] Sample answers.
std::size_t max_length(const Question& q) { return static_cast<const TextQuestion&>(q).max_length(); }

// A comment in the respondent's tone, cut to maxLength.
json sample_text(const Question& q, AnswerSampler& s) { return std::string(utf8_truncate(s.text(), max_length(q))); }

// A plain word, text with an e-mail address for the redactor, and the longest text allowed (Chinese
// characters: the limit counts characters, not bytes).
std::vector<json> text_boundaries(const Question& q) {
    std::string longest;
    for (std::size_t i = 0; i < max_length(q); ++i) longest += "好";
    std::string mail(utf8_truncate("Write to me at li.lei@example.com please", max_length(q)));
    return accepted(q, {"Fine", mail, longest});
}

}  // namespace

AnswerSamples text_samples() { return {sample_text, text_boundaries}; }

ResultLayout text_result(const Question&) { return {ResultShape::Texts, {}, {}}; }  // answers and top terms

std::unique_ptr<Question> make_text() { return std::make_unique<TextQuestion>(); }

}  // namespace touchpoint::questions
