// The response/1 writer: what leaves the respondent's device, built from a session's answers,
// anonymized on the way (free text redacted, respondent id keyed-hashed, page path stripped of its
// query, time coarsened, only the context fields the survey's privacy policy allows). Deterministic
// for its inputs, so golden files can pin it; the randomness (the UUID) comes from the caller.
#pragma once
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "touchpoint/base/diagnostics.hpp"
#include "touchpoint/survey/survey.hpp"

namespace touchpoint {

// What the writer needs from a walk through a survey; Session (session/session.hpp) hands it over
// with its own build_payload overload.
struct ResponseDraft {
    const Survey& survey;
    const json& answers;      // normalized answers that count: visible questions on the path taken
    std::string_view locale;  // the negotiated locale
    bool done = false;        // the respondent reached the end (else the payload is partial)
    const json* fields = nullptr;  // hidden field id -> value (Session::hidden_fields); only declared ones are sent
};

// context: {"page":"/pricing?x=1","now_ms":1763870000000,"respondent":"raw-site-id","key":"site
// hmac key","journey":{...},"segment":{...},"partial":bool}; random_hex: 32 hex characters.
// Returns false (and reports at the pointer of the bad input) when the inputs are unusable.
bool build_payload(const ResponseDraft& draft, const json& context, std::string_view random_hex, json& out,
                   Diagnostics& diags);

// Wrapping a payload as a CloudEvent: touchpoint/response/cloudevent.hpp.

// "/pricing?plan=pro#faq" -> "/pricing"; "https://host/a?b" -> "/a" (the host is the site's own).
std::string strip_page(std::string_view page);

}  // namespace touchpoint
