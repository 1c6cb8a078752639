// The answer shape of a choice that picks "other", generated from other_answer.def:
// other_answer::value ("value"), other_answer::text ("text"), other_answer::kChoice ("other", the
// choice value that asks for the text) and other_answer::kRows (each member with `required`).
#pragma once

namespace touchpoint::other_answer {

constexpr const char* kChoice = "other";

// Arrays (one copy each, inline), not pointers: nlohmann::json's lookups then take the same code as
// with a literal key (as pointers the engine's wasm grew by 150 B gzip; as arrays by 15 B).
#define TP_OTHER_ANSWER_MEMBER(name, required, description) inline constexpr char name[] = #name;
#include "touchpoint/survey/other_answer.def"
#undef TP_OTHER_ANSWER_MEMBER

struct Row {
    const char* name;
    bool required;
};
inline constexpr Row kRows[] = {
#define TP_OTHER_ANSWER_MEMBER(name, required, description) {#name, required},
#include "touchpoint/survey/other_answer.def"
#undef TP_OTHER_ANSWER_MEMBER
};

// Whether `key` is a member of the shape (a row above).
inline bool is_member(const char* key) {
    for (const Row& row : kRows) {
        const char *a = row.name, *b = key;
        while (*a && *a == *b) ++a, ++b;
        if (*a == *b) return true;
    }
    return false;
}

}  // namespace touchpoint::other_answer
