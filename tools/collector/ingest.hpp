// Turns one POST /v1/responses body into records to store, or into errors with JSON pointers.
// Accepted shapes (see README "Ingest API"):
//   application/json                     a response/1 payload, or an array of them
//   application/cloudevents+json         one CloudEvents 1.0 structured event carrying a payload
//   application/cloudevents-batch+json   an array of such events ([] is valid: 200, nothing stored)
//   text/plain (what navigator.sendBeacon sends) or no type: any of the above, recognised by shape
// Events are checked and unwrapped by the core (touchpoint::unwrap_cloudevent: the CloudEvents 1.0
// rules) and every payload is validated by the core (touchpoint::validate_response); a body that is
// not JSON is refused naming line, column and byte. Pointers in the errors
// are relative to the request body (e.g. /2/data/answers/nps for the third event of a batch).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "collector/storage.hpp"
#include "touchpoint/base/diagnostics.hpp"

namespace touchpoint::collector {

struct IngestLimits {
    std::size_t max_batch = 500;  // responses per request
    bool alerts = false;          // queue a webhook body for payloads carrying "alert"
};

struct IngestResult {
    int status = 200;  // 200 = records are ready; else 400 (invalid), 413 (batch too big), 415 (type)
    Diagnostics diagnostics;
    std::vector<Record> records;
    bool batch = false;  // the body was an array (pointers then start with the item's index)
};

IngestResult parse_ingest_body(std::string_view content_type, std::string_view body, const IngestLimits& limits);

// The errors as the API returns them: {"errors":[{"pointer":"/answers/nps","message":"..."}]}.
std::string errors_json(const Diagnostics& diagnostics);
std::string error_json(std::string_view pointer, std::string_view message);

}  // namespace touchpoint::collector
