// The values response/1 derives from a score's value: NPS category, CSAT top-2-box, CES "easy".
// One definition each; the writer, the validator, the CSV codec and the aggregator all call these.
#pragma once

namespace touchpoint {

// Derived flags, one definition for the core: CSAT top-2-box is value >= scale - 1; CES "easy" is
// the top of the scale, value * 7 >= scale * 5 (5..7 on 1..7, 4..5 on 1..5, 8..10 on 1..10).
bool csat_top2(double value, double scale);
bool ces_easy(double value, double scale);
const char* nps_category(int value);           // "promoter" (9-10), "passive" (7-8), "detractor"

}  // namespace touchpoint
