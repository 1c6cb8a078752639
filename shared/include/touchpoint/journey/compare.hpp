#pragma once
// As-is vs to-be: where a point of one map's emotion curve stands on another map of the same
// journey. The maps are matched by ids (persona, stage, touchpoint), not by position, so a to-be
// map may add, drop or reorder steps.
#include <optional>

#include "touchpoint/journey/layout.hpp"
#include "touchpoint/journey/map.hpp"

namespace touchpoint::journey {

// The mean of the other map's emotion points (in any emotion lane) that share persona, stage and
// touchpoint with any of the points merged into `point` of `lane`; nullopt when none does.
// A curve point stands for a column's mean, so its counterpart is a mean over the same column.
std::optional<double> counterpart_value(const Lane& lane, const CurvePoint& point, const Map& other);

}  // namespace touchpoint::journey
