// Validating response/1 payloads (the contract between the widget, the collector and analysis):
// every finding names the JSON pointer of the offending member.
#pragma once
#include <string_view>

#include <nlohmann/json.hpp>

#include "touchpoint/base/diagnostics.hpp"

namespace touchpoint {

// Every error with the pointer of the offending member (e.g. "/scores/nps/value"); unknown
// members are warnings, so a newer producer's additions are reported but do not fail.
Diagnostics validate_response(const nlohmann::json& payload);

// The canonical forms the validator enforces, reusable by other readers.
bool is_identifier(std::string_view s);        // [A-Za-z0-9_.-]{1,64}: survey, question, journey ids
bool is_canonical_utc(std::string_view s);     // "YYYY-MM-DDTHH:MM:SSZ" exactly
bool is_survey_hash(std::string_view s);       // "sha256:" + 32 lowercase hex

}  // namespace touchpoint
