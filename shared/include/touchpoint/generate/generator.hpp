// A seeded generator of realistic response/1 payloads, for demos, tests and benchmarks
// (`touchpoint generate`). Each response is a real session over the survey — answers given
// question by question, logic and validation applied — turned into a payload by the same payload
// builder the widget uses (session/session.hpp, response/writer.hpp), so the output is exactly
// what a widget would send. Deterministic for a seed; no clock, no system randomness.
//
// Realism: one latent "sentiment" per response drives NPS, CSAT, CES, ratings and the tone of
// free text, so the scores correlate. With a journey map (journey/1), each response is linked to a
// touchpoint, and each touchpoint has its own bias (derived from its id and the seed) so heat maps
// vary. Free text comes in the response's locale (zh-CN or en phrases), and about one in six
// texts carries PII (phone, e-mail, ID or card number...) that the payload builder redacts.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "touchpoint/base/diagnostics.hpp"

namespace touchpoint {

struct GenerateOptions {
    std::uint64_t seed = 1;
    std::int64_t start_ms = 1795392000000;  // 2026-11-23T00:00:00Z
    int days = 30;                          // submissions spread uniformly over [start, start + days)
};

class ResponseGenerator {
public:
    // journey_json may be empty. nullptr (with diagnostics at their pointers) when the survey or
    // the map is unusable.
    static std::unique_ptr<ResponseGenerator> create(std::string_view survey_json, std::string_view journey_json,
                                                     const GenerateOptions& options, Diagnostics& diags);
    virtual ~ResponseGenerator() = default;
    // The next payload, compact JSON on one line (no newline).
    virtual std::string next() = 0;
};

}  // namespace touchpoint
