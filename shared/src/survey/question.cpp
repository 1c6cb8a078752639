#include "touchpoint/survey/question.hpp"

#include <utility>

#include "survey/question_types.hpp"
#include "touchpoint/base/locale.hpp"

namespace touchpoint {
namespace {
std::vector<std::pair<std::string, QuestionFactory>>& registry() {
    static std::vector<std::pair<std::string, QuestionFactory>> r;
    return r;
}
}  // namespace

std::string Localizer::text(const json& t) const { return localize(t, locale, default_locale); }

bool Question::numeric(const json& answer, double& out) const {
    if (!answer.is_number()) return false;
    out = answer.get<double>();
    return true;
}

void register_question_type(std::string_view type, QuestionFactory factory) {
    for (auto& entry : registry()) {
        if (entry.first == type) {
            entry.second = factory;
            return;
        }
    }
    registry().emplace_back(std::string(type), factory);
}

void register_builtin_question_types() {
    using namespace questions;
    register_question_type("nps", make_nps);
    register_question_type("csat", make_csat);
    register_question_type("ces", make_ces);
    register_question_type("rating", make_rating);
    register_question_type("single", make_single);
    register_question_type("multi", make_multi);
    register_question_type("ranking", make_ranking);
    register_question_type("text", make_text);
    register_question_type("matrix", make_matrix);
    register_question_type("number", make_number);
    register_question_type("date", make_date);
    register_question_type("consent", make_consent);
}

std::unique_ptr<Question> make_question(std::string_view type) {
    for (const auto& entry : registry())
        if (entry.first == type) return entry.second();
    return nullptr;
}

std::vector<std::string> registered_question_types() {
    std::vector<std::string> out;
    for (const auto& entry : registry()) out.push_back(entry.first);
    return out;
}

namespace questions {
std::string trim_text(const std::string& s) {
    std::size_t b = 0, e = s.size();
    auto space_at = [&](std::size_t i, bool back) -> std::size_t {
        // ASCII whitespace, or U+3000 IDEOGRAPHIC SPACE (E3 80 80) typed by Chinese IMEs.
        if (back) {
            if (i >= 1 && (s[i - 1] == ' ' || s[i - 1] == '\t' || s[i - 1] == '\n' || s[i - 1] == '\r')) return 1;
            if (i >= 3 && s.compare(i - 3, 3, "\xE3\x80\x80") == 0) return 3;
            return 0;
        }
        if (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) return 1;
        if (i + 3 <= s.size() && s.compare(i, 3, "\xE3\x80\x80") == 0) return 3;
        return 0;
    };
    for (std::size_t n; b < e && (n = space_at(b, false)) > 0;) b += n;
    for (std::size_t n; e > b && (n = space_at(e, true)) > 0;) e -= n;
    return s.substr(b, e - b);
}
}  // namespace questions

}  // namespace touchpoint
