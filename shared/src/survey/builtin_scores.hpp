// Whether an id names a built-in score (builtin_scores.def): the loader refuses it as a custom
// score's id, and piping accepts {score.ID} for it.
#pragma once
#include <string_view>

#include "touchpoint/survey/scales.hpp"

namespace touchpoint {

#define TP_BUILTIN_SCORE(key, name)                                                \
    static_assert(std::string_view(builtin_score_key(BuiltinScore::name)) == #key, \
                  "builtin_scores.def: the key of " #name " is builtin_score_key()'s");
#include "survey/builtin_scores.def"
#undef TP_BUILTIN_SCORE

inline bool builtin_score(std::string_view id) {
#define TP_BUILTIN_SCORE(key, name) \
    if (id == #key) return true;
#include "survey/builtin_scores.def"
#undef TP_BUILTIN_SCORE
    return false;
}

}  // namespace touchpoint
