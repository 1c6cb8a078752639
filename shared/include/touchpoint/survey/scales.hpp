// The scored question types of survey/1. A question of type nps, csat or ces feeds the per-response
// score of that name (response/1 "scores"; response/derived.hpp derives its category or flag), and
// expressions see it as score.nps / score.csat / score.ces. The default scales are those of the
// question types, and the ones response/1 readers assume when a payload names no scale.
#pragma once

namespace touchpoint {

// One value per row of builtin_scores.def (Nps, Csat, Ces), after None.
enum class BuiltinScore {
    None,
#define TP_BUILTIN_SCORE(key, name) name,
#include "touchpoint/survey/builtin_scores.def"
#undef TP_BUILTIN_SCORE
};

constexpr int kCsatDefaultScale = 5;  // csat answers 1..5 unless the question's "scale" says 3..10
constexpr int kCesDefaultScale = 7;   // ces answers 1..7 unless the question's "scale" says 3..10

// The score's name, its row's key: "nps", "csat", "ces" ("" for None).
constexpr const char* builtin_score_key(BuiltinScore s) {
#define TP_BUILTIN_SCORE(key, name) \
    if (s == BuiltinScore::name) return #key;
#include "touchpoint/survey/builtin_scores.def"
#undef TP_BUILTIN_SCORE
    return "";
}

}  // namespace touchpoint
