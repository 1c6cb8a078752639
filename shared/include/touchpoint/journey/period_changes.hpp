// What changed on a map between two periods of its responses: one period (day, week, month) against
// the newest earlier one that has responses, per touchpoint and stage, by compare_overlays (the
// core's two-sample tests). The collector's "What changed" and the viewer's change marks read it
// from results grouped by (period, touchpoint) and (period, stage).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "touchpoint/journey/coverage.hpp"
#include "touchpoint/journey/map.hpp"
#include "touchpoint/journey/overlay.hpp"

namespace touchpoint::journey {

// The periods a map's responses are compared by (change_periods.def, the one list: the collector
// checks its `period` parameter with it, Studio's menu is built from it).
bool is_change_period(std::string_view key);
const char* default_change_period();  // "week"
std::string change_periods_text();    // "day, week or month", for messages

struct PeriodChanges {
    std::vector<std::string> periods;  // present in the results, oldest first
    std::string at;                    // the period compared ("" = no responses)
    std::string before;                // the newest earlier one with responses ("" = none: nothing testable)
    Overlay overlay_before, overlay_at;
    Changes changes;
};

// `by_period_touchpoint` / `by_period_stage`: aggregate results grouped by {period_key, "touchpoint"}
// and {period_key, "stage"} (either may be null). `at` "" = the newest period with responses; an
// `at` with no responses gives an empty `at`.
PeriodChanges compare_periods(const Map& map, const nlohmann::json* by_period_touchpoint,
                              const nlohmann::json* by_period_stage, const std::string& period_key,
                              const std::string& at = {}, double alpha = 0.05);

}  // namespace touchpoint::journey
