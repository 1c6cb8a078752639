// Loaders for the parts of survey/1 after the questions: expressions (visibleIf, validation),
// logic, scores, and the journey/display/trigger/delivery/privacy/thankYou/messages settings.
#pragma once
#include "touchpoint/survey/survey.hpp"

namespace touchpoint::sections {

// Parses `text` at `pointer` and checks every reference it makes; `scores_before` is how many of
// the survey's custom scores it may read (all of them outside score definitions).
expr::Expression load_expression(const Survey& s, const json& value, const std::string& pointer,
                                 std::size_t scores_before, Diagnostics& d);

void load_expressions(Survey& s, const json& doc, const LoadContext& ctx, Diagnostics& d);
void load_scores(Survey& s, const json& doc, const LoadContext& ctx, const SurveyLimits& limits, Diagnostics& d);
void load_logic(Survey& s, const json& doc, const SurveyLimits& limits, Diagnostics& d);
void load_settings(Survey& s, const json& doc, const LoadContext& ctx, Diagnostics& d);
void load_hidden_fields(Survey& s, const json& doc, const SurveyLimits& limits, Diagnostics& d);  // hidden_fields.cpp
// Checks the piping placeholders of every text in `texts` (LoadContext::texts), at its pointer.
void check_piping(const Survey& s, const std::vector<std::pair<std::string, const json*>>& texts, Diagnostics& d);

// The delivery and display settings of a survey that loaded without errors, with their defaults
// applied: what the widget acts on (engine::settings), so it never reads survey/1 itself. (The
// trigger is read by the loader before the engine exists, from the table in trigger_fields.def.)
json settings_json(const Survey& s);

// Message codes a survey may override under "messages" (see session_messages.cpp).
bool known_message_code(std::string_view code);

}  // namespace touchpoint::sections
