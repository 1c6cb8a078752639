// As-is against to-be: what the to-be variant changes, per stage and touchpoint. Steps are matched
// by id (a variant is a copy, so ids survive; a renamed step keeps its id). A step is "moved" when
// its stage changed or when it left the order the others keep: of the steps both maps share in a
// stage, the longest run that kept its order stays put and the rest moved — so inserting one step
// does not mark every later one. Emotions are compared as the mean of every emotion point at the
// step (all personas, all emotion lanes); metrics only where both variants were measured, with the
// core's two-sample tests (aggregate/significance.hpp).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "touchpoint/journey/coverage.hpp"
#include "touchpoint/journey/map.hpp"
#include "touchpoint/journey/overlay.hpp"

namespace touchpoint::journey {

enum class StepChange { Same, Added, Removed, Moved };
const char* to_string(StepChange c);

struct StepDiff {
    std::string id;
    int before = -1, after = -1;        // index in the as-is / to-be map (−1: not there)
    StepChange change = StepChange::Same;
    bool edited = false;                // title, description (or channel, owner, layer, personas) differ
    std::string stage_before, stage_after;  // touchpoints: their stage in each map ("" = not there)
    std::optional<double> emotion_before, emotion_after;
    std::optional<MetricChange> metrics;  // both variants measured (overlays given, n > 0 on both)
};

struct MapDiff {
    std::vector<StepDiff> stages;       // to-be order, then the removed ones in as-is order
    std::vector<StepDiff> touchpoints;  // likewise
    int added = 0, removed = 0, moved = 0, edited = 0;  // touchpoints
};

// `as_is_overlay` / `to_be_overlay`: each bound to its own map (bind_overlay), or null.
MapDiff diff_maps(const Map& as_is, const Map& to_be, const Overlay* as_is_overlay = nullptr,
                  const Overlay* to_be_overlay = nullptr, double alpha = 0.05);

}  // namespace touchpoint::journey
