#include "touchpoint/journey/compare.hpp"

namespace touchpoint::journey {

namespace {
bool same_place(const EmotionPoint& a, const EmotionPoint& b) {
    return a.persona == b.persona && a.stage == b.stage && a.touchpoint == b.touchpoint;
}
}  // namespace

std::optional<double> counterpart_value(const Lane& lane, const CurvePoint& point, const Map& other) {
    double sum = 0;
    int n = 0;
    for (const Lane& theirs : other.lanes) {
        if (theirs.kind != LaneKind::Emotion) continue;
        for (const EmotionPoint& candidate : theirs.points) {
            for (int index : point.points) {
                if (index < 0 || static_cast<std::size_t>(index) >= lane.points.size()) continue;
                if (!same_place(lane.points[static_cast<std::size_t>(index)], candidate)) continue;
                sum += candidate.value;
                ++n;
                break;  // one candidate counts once, however many merged points it matches
            }
        }
    }
    if (n == 0) return std::nullopt;
    return sum / n;
}

}  // namespace touchpoint::journey
