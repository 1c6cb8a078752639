// As-is vs to-be: a curve point's counterpart on another map is matched by ids and, like the
// point itself, is the mean over the column the point merges.
#include <catch2/catch.hpp>

#include "touchpoint/journey/compare.hpp"

using namespace touchpoint;
using namespace touchpoint::journey;

namespace {
EmotionPoint at(const char* persona, const char* stage, const char* touchpoint, double value) {
    EmotionPoint p;
    p.persona = persona;
    p.stage = stage;
    p.touchpoint = touchpoint;
    p.value = value;
    return p;
}

Lane emotion_lane(std::vector<EmotionPoint> points) {
    Lane lane;
    lane.id = "feel";
    lane.kind = LaneKind::Emotion;
    lane.points = std::move(points);
    return lane;
}

CurvePoint merging(std::vector<int> indices) {
    CurvePoint cp;
    cp.points = std::move(indices);
    cp.point = cp.points.empty() ? -1 : cp.points.front();
    return cp;
}
}  // namespace

TEST_CASE("compare: the counterpart of a merged column is the mean of every matching point", "[journey]") {
    const Lane as_is = emotion_lane({at("buyer", "a", "t0", -2), at("buyer", "a", "t1", -1), at("buyer", "b", "t3", 0)});
    Map to_be;
    // Listed in another order, in another lane, with a point of another persona and an unrelated lane.
    Lane notes;
    notes.kind = LaneKind::Thoughts;
    to_be.lanes.push_back(notes);
    to_be.lanes.push_back(emotion_lane({at("buyer", "a", "t1", 2), at("funder", "a", "t0", -2), at("buyer", "a", "t0", 1)}));

    // Column a merges t0 and t1: (1 + 2) / 2, not only the first point's counterpart.
    const auto both = counterpart_value(as_is, merging({0, 1}), to_be);
    REQUIRE(both);
    CHECK(*both == Approx(1.5));
    const auto first = counterpart_value(as_is, merging({0}), to_be);
    REQUIRE(first);
    CHECK(*first == Approx(1.0));
    // Nothing at b/t3 on the to-be map, and an index out of range matches nothing.
    CHECK_FALSE(counterpart_value(as_is, merging({2}), to_be));
    CHECK_FALSE(counterpart_value(as_is, merging({7, -1}), to_be));
}

TEST_CASE("compare: a point of the other map counts once even if several merged points match it", "[journey]") {
    const Lane twice = emotion_lane({at("buyer", "a", "", -1), at("buyer", "a", "", 1)});
    Map other;
    other.lanes.push_back(emotion_lane({at("buyer", "a", "", 2), at("buyer", "a", "", 0)}));
    const auto v = counterpart_value(twice, merging({0, 1}), other);
    REQUIRE(v);
    CHECK(*v == Approx(1.0));
}
