// The response/1 payload: what leaves the respondent's device, built from a session, anonymized
// on the way (free text redacted, respondent id keyed-hashed, page path stripped of its query,
// time coarsened, only the context fields the survey's privacy policy allows). Deterministic for
// its inputs, so golden files can pin it; the randomness (the UUID) comes from the caller.
#pragma once
#include <string_view>

#include <nlohmann/json.hpp>

#include "touchpoint/diagnostics.hpp"
#include "touchpoint/session.hpp"

namespace touchpoint {

// context: {"page":"/pricing?x=1","now_ms":1763870000000,"respondent":"raw-site-id","key":"site
// hmac key","journey":{...},"segment":{...},"partial":bool}; random_hex: 32 hex characters.
// Returns false (and reports at the pointer of the bad input) when the inputs are unusable.
bool build_payload(const Session& session, const json& context, std::string_view random_hex, json& out,
                   Diagnostics& diags);

// The payload wrapped as a CloudEvents 1.0 structured event; false if it is not a response/1.
bool to_cloudevent(const json& payload, json& out, Diagnostics& diags);

// "/pricing?plan=pro#faq" -> "/pricing"; "https://host/a?b" -> "/a" (the host is the site's own).
std::string strip_page(std::string_view page);

}  // namespace touchpoint
