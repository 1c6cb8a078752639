// The scrub policy: what happens to a respondent's free text before it leaves the device. Each
// free-text question's "pii" setting decides: "redact" (the default) replaces contact details,
// ID and card numbers, ... by placeholders (redact.hpp) unless the survey's privacy settings turn
// redaction off; "allow" keeps the contact details the respondent chose to give (still removing
// credentials, payment data and ID numbers); "drop" never sends the text.
#pragma once
#include <nlohmann/json.hpp>

#include "touchpoint/survey/survey.hpp"

namespace touchpoint {

// Scrubs one normalized answer of `question` in place: a string, or the "text" of an
// {"value":"other","text":...} answer. Adds the replacements made to `redactions`. Returns false
// when the whole answer is dropped (a dropped "other" text leaves the choice).
bool scrub_answer(const Survey& survey, const Question& question, nlohmann::json& value, int& redactions);

// A hidden field's value (survey.hpp HiddenField) is treated like free text under the default
// policy: redacted unless the survey's privacy settings turn redaction off.
void scrub_hidden_field(const Survey& survey, std::string& value, int& redactions);

}  // namespace touchpoint
