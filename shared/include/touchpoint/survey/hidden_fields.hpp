// Hidden fields: values the site knows about a respondent's visit (a campaign from the URL, the plan
// from the visitor's attributes, an order id passed to show()) that travel with the response. The
// survey declares them (survey.hpp HiddenField): an allowlist. Values are resolved here on the
// device, cut to the field's maxLength, and redacted like free text by the response writer.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "touchpoint/survey/survey.hpp"

namespace touchpoint {

// `sources`: {"url": {param: value}, "show": {field id: value}} as the widget found them;
// `attributes`: the visitor's attributes ({name: value}). Returns {field id: text} for the declared
// fields that have a value (numbers and booleans become text; other types count as no value).
// Names under "show" the survey does not declare are listed in `ignored` and never kept.
json resolve_hidden_fields(const Survey& survey, const json& sources, const json& attributes,
                           std::vector<std::string>& ignored);

}  // namespace touchpoint
