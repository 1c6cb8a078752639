// A readable diff between two survey versions: one line per changed leaf, named by its JSON
// pointer, so "/questions/2/title/en: "How likely…" → "How probable…"" reads like a review note.
// Questions, pages, choices and scores are matched by their "id" (not their place), so a moved
// question reads as moved instead of as every later question changed.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace touchpoint::collector {

// [{"op":"added|removed|changed|moved","pointer":"/questions/2/title/en","before"?,"after"?}, ...]
// Pointers of added/changed/moved items are into `after`; of removed items, into `before`.
nlohmann::json survey_diff(const nlohmann::json& before, const nlohmann::json& after);

}  // namespace touchpoint::collector
