// Whether an id names a built-in score (touchpoint/survey/builtin_scores.def): the loader refuses
// it as a custom score's id, and piping accepts {score.ID} for it.
#pragma once
#include <string_view>

#include "touchpoint/survey/scales.hpp"

namespace touchpoint {

inline bool builtin_score(std::string_view id) {
#define TP_BUILTIN_SCORE(key, name) \
    if (id == #key) return true;
#include "touchpoint/survey/builtin_scores.def"
#undef TP_BUILTIN_SCORE
    return false;
}

}  // namespace touchpoint
