// The member names of response/1 as constants, one per row of members.def: members::SHAPE::NAME,
// e.g. members::payload::submitted ("submitted"), members::scores::nps, members::ces::easy. Every
// reader and writer of the format names members through these, so the table is their one owner.
// The rest of a row (type, range, description) is the JSON Schema's (response_schema.cpp).
#pragma once
#include <cstddef>

namespace touchpoint::members {

#define TP_RESPONSE_MEMBER(shape, name, ...) \
    namespace shape {                        \
    constexpr const char* name = #name;      \
    }
#include "touchpoint/response/members.def"
#undef TP_RESPONSE_MEMBER

// Where each shape sits in a payload, as a JSON pointer ("" for the payload itself). A custom score
// sits under its own id (/scores/custom/ID), so its members have no fixed pointer.
#define TP_RESPONSE_AT_payload ""
#define TP_RESPONSE_AT_survey "/survey"
#define TP_RESPONSE_AT_scores "/scores"
#define TP_RESPONSE_AT_nps "/scores/nps"
#define TP_RESPONSE_AT_csat "/scores/csat"
#define TP_RESPONSE_AT_ces "/scores/ces"
#define TP_RESPONSE_AT_journey "/journey"
#define TP_RESPONSE_AT_context "/context"
#define TP_RESPONSE_AT_alert "/alert"

// Each member's JSON pointer, spelled at compile time (what a reader reports a finding at):
// members::pointer::payload::submitted == "/submitted", members::pointer::nps::value ==
// "/scores/nps/value"; nullptr for a custom score's. The response_members_test checks each against
// a written payload.
namespace pointer {
#define TP_RESPONSE_MEMBER(shape, name, ...) TP_RESPONSE_POINTER_##shape(shape, name)
#define TP_RESPONSE_POINTER(shape, name)                      \
    namespace shape {                                         \
    constexpr const char* name = TP_RESPONSE_AT_##shape "/" #name; \
    }
#define TP_RESPONSE_POINTER_payload TP_RESPONSE_POINTER
#define TP_RESPONSE_POINTER_survey TP_RESPONSE_POINTER
#define TP_RESPONSE_POINTER_scores TP_RESPONSE_POINTER
#define TP_RESPONSE_POINTER_nps TP_RESPONSE_POINTER
#define TP_RESPONSE_POINTER_csat TP_RESPONSE_POINTER
#define TP_RESPONSE_POINTER_ces TP_RESPONSE_POINTER
#define TP_RESPONSE_POINTER_journey TP_RESPONSE_POINTER
#define TP_RESPONSE_POINTER_context TP_RESPONSE_POINTER
#define TP_RESPONSE_POINTER_alert TP_RESPONSE_POINTER
#define TP_RESPONSE_POINTER_custom(shape, name) \
    namespace shape {                           \
    constexpr const char* name = nullptr;       \
    }
#include "touchpoint/response/members.def"
#undef TP_RESPONSE_MEMBER
}  // namespace pointer

// Every row as (shape, name, required, pointer), in table order: what the validator's
// unknown-member check and the tests walk. pointer: nullptr for a custom score's members.
struct Row {
    const char* shape;
    const char* name;
    bool required;
    const char* pointer;
};
inline constexpr Row kRows[] = {
#define TP_RESPONSE_MEMBER(shape, name, type, required, ...) {#shape, #name, required, pointer::shape::name},
#include "touchpoint/response/members.def"
#undef TP_RESPONSE_MEMBER
};

#undef TP_RESPONSE_POINTER
#undef TP_RESPONSE_POINTER_payload
#undef TP_RESPONSE_POINTER_survey
#undef TP_RESPONSE_POINTER_scores
#undef TP_RESPONSE_POINTER_nps
#undef TP_RESPONSE_POINTER_csat
#undef TP_RESPONSE_POINTER_ces
#undef TP_RESPONSE_POINTER_journey
#undef TP_RESPONSE_POINTER_context
#undef TP_RESPONSE_POINTER_alert
#undef TP_RESPONSE_POINTER_custom

}  // namespace touchpoint::members
