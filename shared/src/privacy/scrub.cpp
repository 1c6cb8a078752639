// The scrub policy (scrub.hpp): a question's pii setting applied to its free text.
#include "touchpoint/privacy/scrub.hpp"

#include <string>

#include "touchpoint/privacy/redact.hpp"
#include "touchpoint/survey/other_answer.hpp"

namespace touchpoint {
namespace {

// Applies the question's pii policy to one free-text string; returns false to drop it. "allow"
// keeps the contact details the respondent chose to give (e-mail, phone) and still removes
// credentials, payment data and ID numbers: which kinds those are is the redactor's to say.
bool scrub(const Survey& s, const Question& q, std::string& text, int& redactions) {
    if (q.pii == "drop") return false;
    if (!s.redact) return true;
    RedactResult r = redact_text(text, q.pii == "allow" ? RedactScope::KeepContactDetails : RedactScope::All);
    redactions += r.count;
    text = std::move(r.text);
    return true;
}

}  // namespace

bool scrub_answer(const Survey& survey, const Question& question, nlohmann::json& value, int& redactions) {
    if (!question.has_free_text()) return true;
    if (value.is_string()) {
        std::string text = value.get<std::string>();
        if (!scrub(survey, question, text, redactions)) return false;
        value = text;
    } else if (value.is_object() && value.contains(other_answer::text) && value[other_answer::text].is_string()) {
        std::string text = value[other_answer::text].get<std::string>();  // an "other" answer's typed text
        if (scrub(survey, question, text, redactions)) value[other_answer::text] = text;
        else value.erase(other_answer::text);
    }
    return true;
}

void scrub_hidden_field(const Survey& survey, std::string& value, int& redactions) {
    if (!survey.redact) return;
    RedactResult r = redact_text(value);
    redactions += r.count;
    value = std::move(r.text);
}

}  // namespace touchpoint
