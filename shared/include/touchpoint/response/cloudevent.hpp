// CloudEvents 1.0 (JSON event format) for response/1 payloads: the one owner of how a payload is
// wrapped into a structured event and how an event received is checked and unwrapped.
//
// The rules checked are the specification's own (cloudevents/spec, spec.md and
// formats/json-format.md), not a subset tuned to what our widget sends:
//   - attribute names are lower-case ASCII letters and digits; longer than 20 characters is only a
//     SHOULD NOT there, so it is accepted;
//   - attribute values are strings, booleans or integers in the signed 32-bit range (no
//     fractions, no objects or arrays); null means "absent";
//   - id, source, specversion ("1.0") and type are required and non-empty; source is a
//     URI-reference, dataschema a URI, time an RFC 3339 timestamp, datacontenttype an RFC 2046
//     media type, subject non-empty when present;
//   - data and data_base64 are mutually exclusive; data_base64 is base64 (RFC 4648).
// Unwrapping adds what a Touchpoint collector needs: type dev.touchpoint.response.v1, data that
// is a JSON object (inline with a JSON content type, or base64 whose content type is JSON) and
// an event id equal to the payload's id (the idempotency key).
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "touchpoint/base/diagnostics.hpp"

namespace touchpoint {

inline constexpr const char* kResponseEventType = "dev.touchpoint.response.v1";

// The payload wrapped as a structured event; false (with a pointer) if it is not a response/1.
bool to_cloudevent(const nlohmann::json& payload, nlohmann::json& out, Diagnostics& d);

// The CloudEvents 1.0 rules above for one event; errors at `at` + "/member" (e.g. "/0/time").
bool validate_cloudevent(const nlohmann::json& event, const std::string& at, Diagnostics& d);

// validate_cloudevent plus the Touchpoint rules; on success `payload` is the event's data (decoded
// from data_base64 when that is how it came). Errors name the member: /data_base64, /type, ...
bool unwrap_cloudevent(const nlohmann::json& event, const std::string& at, nlohmann::json& payload, Diagnostics& d);

// Media types as the JSON format reads them, parameters ignored and case-insensitive:
// "application/cloudevents-batch+json; charset=utf-8" -> "application/cloudevents-batch+json".
std::string media_type_essence(const std::string& content_type);
// */json or */*+json: the data member holds a JSON value.
bool is_json_media_type(const std::string& content_type);

}  // namespace touchpoint
