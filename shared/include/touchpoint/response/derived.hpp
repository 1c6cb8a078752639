// The values response/1 derives from a score's value, each defined once, here: the writer (via
// scores.hpp), the validator, the CSV codec and the aggregator all call these, so a payload the
// engine writes is one the collector accepts and counts the same way.
//   NPS category: promoters 9–10, passives 7–8, detractors 0–6.
//   CSAT top-2-box: the two top points of the 1..N scale (4–5 on 1–5).
//   CES "easy": the top of the scale, value * 7 >= scale * 5 (5–7 on 1–7, 4–5 on 1–5, 8–10 on 1–10).
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "touchpoint/response/members.hpp"
#include "touchpoint/survey/scales.hpp"

namespace touchpoint {

enum class NpsCategory { Detractor, Passive, Promoter };

inline NpsCategory nps_category_of(int value) {
    return value >= 9 ? NpsCategory::Promoter : value >= 7 ? NpsCategory::Passive : NpsCategory::Detractor;
}
inline const char* nps_category(int value) {  // its name in response/1
    NpsCategory c = nps_category_of(value);
    return c == NpsCategory::Promoter ? "promoter" : c == NpsCategory::Passive ? "passive" : "detractor";
}
inline bool csat_top2(double value, double scale) { return value >= scale - 1; }
inline bool ces_easy(double value, double scale) { return value * 7 >= scale * 5; }

// The flag a CSAT or CES score carries in response/1 ("top2", "easy"; "" otherwise) and its value.
inline const char* scale_flag_key(BuiltinScore s) {
    return s == BuiltinScore::Csat ? members::csat::top2 : s == BuiltinScore::Ces ? members::ces::easy : "";
}
inline bool scale_flag(BuiltinScore s, double value, double scale) {
    return s == BuiltinScore::Csat ? csat_top2(value, scale) : s == BuiltinScore::Ces && ces_easy(value, scale);
}

// The member of "scores" a built-in score writes: {"value","category","question"} for NPS,
// {"value","scale","top2"|"easy","question"} for CSAT and CES.
nlohmann::json score_entry(BuiltinScore score, long long value, long long scale, const std::string& question);

}  // namespace touchpoint
