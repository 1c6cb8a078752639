// Is every touchpoint that matters measured, and did anything really change?
//
// Coverage: per touchpoint, which metrics are bound to a survey question, how many responses the
// overlay has for it, the margin of error they give and how many more responses reach a target
// margin (e.g. NPS ± 10). Unmeasured touchpoints are listed too, so the workshop can offer a
// survey for them (survey_for_touchpoint).
//
// Change: per touchpoint and stage, the NPS and CSAT of one overlay (a period, or the as-is map)
// against another (the previous period, or the to-be map), tested with the core's two-sample
// tests (aggregate/significance.hpp); the map marks only the significant ones.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "touchpoint/aggregate/significance.hpp"
#include "touchpoint/journey/map.hpp"
#include "touchpoint/journey/overlay.hpp"

namespace touchpoint::journey {

// Target margins of error (95 %), in the metric's points: NPS points, CSAT percentage points.
// The defaults are the rows of coverage_target.def.
struct CoverageTarget {
#define TP_COVERAGE_TARGET(member, query, points) double member = points;
#include "touchpoint/journey/coverage_target.def"
#undef TP_COVERAGE_TARGET
};

struct CoverageRow {
    int touchpoint = -1;                  // Map::touchpoints index
    std::vector<std::string> metrics;     // ids of metrics bound to a survey question here
    bool measured = false;                // at least one such metric
    long long n = 0;                      // responses the overlay holds for the touchpoint
    std::optional<double> nps_moe;        // the current margin, when NPS was answered
    long long nps_needed = 0;             // more NPS answers to reach the target (0 = reached)
    std::optional<double> csat_moe;
    long long csat_needed = 0;
    bool meets_target = false;            // measured and every bound NPS/CSAT within its target
};

// One row per touchpoint, in map order.
std::vector<CoverageRow> coverage(const Map& map, const Overlay& overlay, const CoverageTarget& target);

// How many answers a 95 % margin of `target` needs, given the spread seen so far (`variance` of
// the coding: NPS +1/0/−1, a share p(1−p)); the worst case (1 for NPS, 0.25 for a share) when
// nothing was answered yet. Returns the total, not the difference.
long long answers_for_margin(double variance, double target_points);

// A survey/1 document for an unmeasured touchpoint: the template with a new id and its
// "journey" link set to the map, stage and touchpoint (ready to open in the Studio).
nlohmann::json survey_for_touchpoint(const nlohmann::json& survey_template, const Map& map, int touchpoint,
                                     const std::string& new_id);

struct MetricChange {
    stats::Change nps;   // in NPS points
    stats::Change csat;  // in percentage points of top-2-box
};
struct Changes {
    std::vector<MetricChange> touchpoints;  // per Map::touchpoints index
    std::vector<MetricChange> stages;       // per Map::stages index
};
// One touchpoint's or stage's scores before and after (NPS: the +1/0/−1 coding; CSAT: top-2 share).
MetricChange compare_scores(const Scores& before, const Scores& after, double alpha = 0.05);
// `before` and `after` bound to the same map (bind_overlay).
Changes compare_overlays(const Overlay& before, const Overlay& after, double alpha = 0.05);

}  // namespace touchpoint::journey
