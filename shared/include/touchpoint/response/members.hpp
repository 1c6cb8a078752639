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

// Every row as (shape, name, required), in table order: what the validator's unknown-member check
// and the tests walk.
struct Row {
    const char* shape;
    const char* name;
    bool required;
};
inline constexpr Row kRows[] = {
#define TP_RESPONSE_MEMBER(shape, name, type, required, ...) {#shape, #name, required},
#include "touchpoint/response/members.def"
#undef TP_RESPONSE_MEMBER
};

}  // namespace touchpoint::members
