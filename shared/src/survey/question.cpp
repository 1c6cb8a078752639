#include "touchpoint/survey/question.hpp"

#include <cmath>
#include <utility>

#include "survey/question_types.hpp"
#include "touchpoint/base/json_text.hpp"
#include "touchpoint/base/locale.hpp"
#include "touchpoint/survey/other_answer.hpp"

namespace touchpoint {
namespace {
struct Registered {
    std::string type;
    QuestionFactory factory;
    AnswerSamples samples;
};
std::vector<Registered>& registry() {
    static std::vector<Registered> r;
    return r;
}
Registered* find_registered(std::string_view type) {
    for (auto& entry : registry())
        if (entry.type == type) return &entry;
    return nullptr;
}
}  // namespace

std::string Localizer::text(const json& t) const {
    std::string out = localize(t, locale, default_locale);
    return pipe ? piping::fill(out, *pipe) : out;
}

std::string Question::answer_text(const json& answer, const Localizer& loc) const {
    if (answer.is_string()) return answer.get<std::string>();
    if (answer.is_number()) return write_json(expr::number_value(answer.get<double>()));
    if (answer.is_object() && answer.contains(other_answer::text) && answer[other_answer::text].is_string())
        return answer[other_answer::text].get<std::string>();  // an "other" answer: the text typed
    if (!answer.is_array()) return "";
    std::string out;
    for (const json& item : answer) {
        std::string text = answer_text(item, loc);
        if (text.empty()) continue;
        out += (out.empty() ? "" : ", ") + text;
    }
    return out;
}

bool Question::numeric(const json& answer, double& out) const {
    if (!answer.is_number()) return false;
    out = answer.get<double>();
    return true;
}

void register_question_type(std::string_view type, QuestionFactory factory) {
    if (Registered* entry = find_registered(type)) {
        if (entry->factory != factory) entry->samples = {};  // they belonged to the class replaced
        entry->factory = factory;
        return;
    }
    registry().push_back({std::string(type), factory, {}});
}

void register_builtin_question_types() {
    using namespace questions;
    // A table and one call (rather than a call per type: less code in the widget's engine).
    static const struct {
        const char* type;
        QuestionFactory factory;
    } kBuiltins[] = {{"nps", make_nps},       {"csat", make_csat},     {"ces", make_ces},
                     {"rating", make_rating}, {"single", make_single}, {"multi", make_multi},
                     {"ranking", make_ranking}, {"text", make_text},   {"matrix", make_matrix},
                     {"number", make_number}, {"date", make_date},     {"consent", make_consent},
                     {"slider", make_slider}, {"cta", make_cta}};
    for (const auto& builtin : kBuiltins) register_question_type(builtin.type, builtin.factory);
}

std::unique_ptr<Question> make_question(std::string_view type) {
    const Registered* entry = find_registered(type);
    return entry ? entry->factory() : nullptr;
}

std::vector<std::string> registered_question_types() {
    std::vector<std::string> out;
    for (const auto& entry : registry()) out.push_back(entry.type);
    return out;
}

void register_answer_samples(std::string_view type, AnswerSamples samples) {
    if (Registered* entry = find_registered(type)) entry->samples = samples;
}

// A list of its own rather than a column of register_builtin_question_types(): the widget's engine
// registers the types, and must not link the samples.
void register_builtin_answer_samples() {
    using namespace questions;
    register_builtin_question_types();
    register_answer_samples("nps", scale_samples());
    register_answer_samples("csat", scale_samples());
    register_answer_samples("ces", scale_samples());
    register_answer_samples("rating", scale_samples());
    register_answer_samples("single", single_samples());
    register_answer_samples("multi", multi_samples());
    register_answer_samples("ranking", ranking_samples());
    register_answer_samples("text", text_samples());
    register_answer_samples("matrix", matrix_samples());
    register_answer_samples("number", number_samples());
    register_answer_samples("date", date_samples());
    register_answer_samples("consent", consent_samples());
    register_answer_samples("slider", slider_samples());
    register_answer_samples("cta", cta_samples());
}

const AnswerSamples* answer_samples(std::string_view type) {
    const Registered* entry = find_registered(type);
    return entry && entry->samples.sample && entry->samples.boundaries ? &entry->samples : nullptr;
}

namespace questions {
std::vector<json> accepted(const Question& q, std::vector<json> candidates) {
    std::vector<json> out;
    for (json& c : candidates) {
        json normalized;
        if (q.normalize(c, normalized).ok() && !normalized.is_null()) out.push_back(std::move(c));
    }
    return out;
}

bool number_answer(const json& raw, json& out, double& v) {
    out = nullptr;
    if (!raw.is_number() || !std::isfinite(v = raw.get<double>())) return false;
    out = expr::number_value(v);
    return true;
}

std::string trim_text(const std::string& s) {
    std::size_t b = 0, e = s.size();
    auto space_at = [&](std::size_t i, bool back) -> std::size_t {
        // ASCII whitespace, or U+3000 IDEOGRAPHIC SPACE (E3 80 80) typed by Chinese IMEs.
        if (back) {
            if (i >= 1 && (s[i - 1] == ' ' || s[i - 1] == '\t' || s[i - 1] == '\n' || s[i - 1] == '\r')) return 1;
            if (i >= 3 && std::string_view(s).substr(i - 3, 3) == "\xE3\x80\x80") return 3;
            return 0;
        }
        if (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) return 1;
        if (i + 3 <= s.size() && std::string_view(s).substr(i, 3) == "\xE3\x80\x80") return 3;
        return 0;
    };
    for (std::size_t n; b < e && (n = space_at(b, false)) > 0;) b += n;
    for (std::size_t n; e > b && (n = space_at(e, true)) > 0;) e -= n;
    return s.substr(b, e - b);
}
}  // namespace questions

}  // namespace touchpoint
