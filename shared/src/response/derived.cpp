// The derived values of response/1, one definition each (see derived.hpp).
#include "touchpoint/response/derived.hpp"

namespace touchpoint {

bool csat_top2(double value, double scale) { return value >= scale - 1; }
bool ces_easy(double value, double scale) { return value * 7 >= scale * 5; }
const char* nps_category(int value) { return value >= 9 ? "promoter" : value >= 7 ? "passive" : "detractor"; }

}  // namespace touchpoint
