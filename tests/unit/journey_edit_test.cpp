// Editing a journey map in the core: every operation keeps the map valid journey/1 (checked by
// round-tripping through the parser), and every operation undoes to the byte-identical map and
// redoes to the edited one.
#include <catch2/catch.hpp>

#include <functional>
#include <string>

#include "journey_fixtures.hpp"
#include "touchpoint/journey/edit.hpp"

using namespace touchpoint;
using namespace touchpoint::journey;

namespace {

// The map must parse back without errors: edits never produce what the loader would refuse.
void require_valid(const Map& m) {
    Diagnostics d;
    auto again = parse_map(dump_map(m), d);
    CAPTURE(d.to_string());
    REQUIRE(again);
    REQUIRE(dump_map(*again) == dump_map(m));
}

// Runs `edit`, requires it to succeed and change the map, then checks undo and redo exactly;
// leaves the map as it was, so each operation is tried on the same map.
void check_undoable(Editor& e, const std::function<EditResult(Editor&)>& edit) {
    const std::string before = dump_map(e.map());
    const EditResult r = edit(e);
    CAPTURE(r.error);
    REQUIRE(r.ok);
    const std::string after = dump_map(e.map());
    REQUIRE(after != before);
    require_valid(e.map());
    REQUIRE(e.undo());
    REQUIRE(dump_map(e.map()) == before);
    REQUIRE(e.redo());
    REQUIRE(dump_map(e.map()) == after);
    REQUIRE(e.undo());
}

}  // namespace

TEST_CASE("journey edit: every operation on the example map is valid and undoable", "[journey][edit]") {
    Editor e(tp_test::example_map("b2b-purchase"));
    const Map& m = e.map();
    REQUIRE(m.stages.size() >= 3);
    REQUIRE(!m.touchpoints.empty());
    const std::string s0 = m.stages[0].id, s1 = m.stages[1].id;
    const std::string tp = m.touchpoints[0].id;
    const std::string persona = m.personas.at(0).id;
    std::string emotion_lane, text_lane;
    for (const auto& l : m.lanes) {
        if (l.kind == LaneKind::Emotion && emotion_lane.empty()) emotion_lane = l.id;
        if (l.kind == LaneKind::PainPoints && text_lane.empty()) text_lane = l.id;
    }
    REQUIRE(!emotion_lane.empty());
    REQUIRE(!text_lane.empty());

    check_undoable(e, [](Editor& x) { return x.set_title("zh-CN", "采购旅程（修订）"); });
    check_undoable(e, [](Editor& x) { return x.set_state(MapState::Future); });
    check_undoable(e, [](Editor& x) { return x.add_stage(1, "", "zh-CN", "评估"); });
    check_undoable(e, [&](Editor& x) { return x.set_stage_text(s0, TextField::Title, "en", "Awareness (renamed)"); });
    check_undoable(e, [&](Editor& x) { return x.set_stage_text(s0, TextField::Description, "zh-CN", "客户第一次听说我们"); });
    check_undoable(e, [&](Editor& x) { return x.move_stage(s0, 2); });
    check_undoable(e, [&](Editor& x) { return x.delete_stage(s0); });
    check_undoable(e, [&](Editor& x) { return x.add_touchpoint(s1, 0, "intro-call", "zh-CN", "产品演示电话"); });
    check_undoable(e, [&](Editor& x) { return x.set_touchpoint_text(tp, TextField::Title, "zh-CN", "官网首页"); });
    check_undoable(e, [&](Editor& x) { return x.set_touchpoint_channel(tp, "chat"); });
    check_undoable(e, [&](Editor& x) { return x.set_touchpoint_owner(tp, "市场部"); });
    check_undoable(e, [&](Editor& x) {
        return x.set_touchpoint_layer(tp, x.map().touchpoints[0].layer == Layer::Front ? Layer::Back : Layer::Front);
    });
    check_undoable(e, [&](Editor& x) { return x.set_touchpoint_personas(tp, {persona}); });
    check_undoable(e, [&](Editor& x) { return x.move_touchpoint(tp, s1, 0); });
    check_undoable(e, [&](Editor& x) { return x.delete_touchpoint(tp); });
    check_undoable(e, [](Editor& x) { return x.add_persona("cfo", "zh-CN", "财务总监", "funder"); });
    check_undoable(e, [&](Editor& x) { return x.set_persona_name(persona, "zh-CN", "决策者（新）"); });
    check_undoable(e, [&](Editor& x) { return x.set_persona_role(persona, "influencer"); });
    check_undoable(e, [&](Editor& x) { return x.set_persona_color(persona, "#123abc"); });
    check_undoable(e, [&](Editor& x) { return x.move_persona(persona, 5); });
    check_undoable(e, [&](Editor& x) { return x.delete_persona(persona); });
    check_undoable(e, [](Editor& x) { return x.add_lane(0, "kpis-2", LaneKind::Kpis, "en", "KPIs"); });
    check_undoable(e, [&](Editor& x) { return x.set_lane_title(text_lane, "zh-CN", "痛点（更新）"); });
    check_undoable(e, [&](Editor& x) { return x.move_lane(text_lane, 0); });
    check_undoable(e, [&](Editor& x) { return x.delete_lane(text_lane); });
    check_undoable(e, [&](Editor& x) { return x.add_lane_item(text_lane, "", tp, "zh-CN", "等待时间太长"); });
    check_undoable(e, [&](Editor& x) { return x.set_emotion(emotion_lane, persona, "", tp, -1.5); });
    check_undoable(e, [&](Editor& x) { return x.bind_metric(MetricKind::Csat, "", tp, "csat-delivery", "csat"); });
    check_undoable(e, [&](Editor& x) { return x.bind_metric(MetricKind::Ces, s1, "", "ces-onboarding", "effort"); });
}

TEST_CASE("journey edit: building a three-stage map from blank, in Chinese", "[journey][edit]") {
    Editor e(blank_map("onboarding", "zh-CN", {"认知"}));
    REQUIRE(e.add_stage(9, "", "zh-CN", "决策").ok);
    REQUIRE(e.add_stage(9, "", "zh-CN", "交付").ok);
    REQUIRE(e.map().stages.size() == 3);
    const auto tp = e.add_touchpoint("stage-2", 0, "", "zh-CN", "销售演示");
    REQUIRE(tp.ok);
    REQUIRE(tp.id == "touchpoint-1");
    REQUIRE(e.add_touchpoint("stage-1", 0, "", "zh-CN", "官网").ok);
    // Listed stage by stage whatever order they were added in.
    REQUIRE(e.map().touchpoints[0].stage == "stage-1");
    REQUIRE(e.map().touchpoints[1].stage == "stage-2");
    REQUIRE(e.set_emotion("emotion", "customer", "", "touchpoint-1", 1).ok);
    REQUIRE(e.add_lane_item("pain-points", "stage-3", "", "zh-CN", "安装说明看不懂").ok);
    REQUIRE(e.bind_metric(MetricKind::Nps, "", "touchpoint-1", "nps-support", "nps").ok);
    require_valid(e.map());
    REQUIRE(e.map().stages[1].title.get("zh-CN") == "决策");
    // Undo walks back to the blank map, step by step.
    const std::size_t steps = e.undo_depth();
    REQUIRE(steps == 7);
    while (e.undo()) {
    }
    REQUIRE(dump_map(e.map()) == dump_map(blank_map("onboarding", "zh-CN", {"认知"})));
}

TEST_CASE("journey edit: moving a touchpoint carries what is bound to it", "[journey][edit]") {
    Editor e(blank_map("m", "", {"A", "B"}));
    REQUIRE(e.add_touchpoint("stage-1", 0, "t", "", "T").ok);
    REQUIRE(e.add_lane_item("pain-points", "", "t", "", "slow").ok);
    REQUIRE(e.set_emotion("emotion", "customer", "", "t", -2).ok);
    REQUIRE(e.move_touchpoint("t", "stage-2", 0).ok);
    const Map& m = e.map();
    REQUIRE(m.touchpoints[0].stage == "stage-2");
    REQUIRE(m.lanes[1].items[0].stage == "stage-2");
    REQUIRE(m.lanes[0].points[0].stage == "stage-2");
    require_valid(m);
}

TEST_CASE("journey edit: a drag is one undo step and copies nothing after its first frame", "[journey][edit]") {
    Editor e(blank_map("m", "", {"A", "B", "C"}));
    for (int i = 0; i < 5; ++i) REQUIRE(e.add_touchpoint("stage-1", 9, "", "", "T" + std::to_string(i)).ok);
    const std::size_t depth = e.undo_depth();
    const std::string before = dump_map(e.map());
    // Frame by frame across the stages, then back; and the emotion point dragged down.
    REQUIRE(e.move_touchpoint("touchpoint-1", "stage-2", 0, "drag").ok);
    REQUIRE(e.move_touchpoint("touchpoint-1", "stage-3", 0, "drag").ok);
    REQUIRE(e.move_touchpoint("touchpoint-1", "stage-3", 0, "drag").ok);  // same place: nothing to do
    REQUIRE(e.undo_depth() == depth + 1);
    e.end_gesture();
    for (double v = 0; v >= -2.5; v -= 0.25) REQUIRE(e.set_emotion("emotion", "customer", "", "touchpoint-2", v, "curve").ok);
    REQUIRE(e.undo_depth() == depth + 2);
    REQUIRE(e.map().lanes[0].points[0].value == -2);  // clamped to the scale
    REQUIRE(e.undo());
    REQUIRE(e.undo());
    REQUIRE(dump_map(e.map()) == before);
}

TEST_CASE("journey edit: refused edits say why and change nothing", "[journey][edit]") {
    Editor e(blank_map("m", "en", {"A"}));
    const std::string before = dump_map(e.map());
    REQUIRE(e.add_stage(0, "stage-1", "en", "dup").error == "the id \"stage-1\" is already used");
    REQUIRE(e.add_stage(0, "bad id!", "en", "x").error.find("not a valid id") != std::string::npos);
    REQUIRE(e.add_stage(0, "", "en", "").error == "a stage needs a text");
    REQUIRE(e.add_touchpoint("nope", 0, "", "en", "x").error == "unknown stage \"nope\"");
    REQUIRE(e.delete_stage("stage-1").error == "a map needs at least one stage");
    REQUIRE(e.set_stage_text("stage-1", TextField::Title, "en", "").error == "a stage needs a text");
    REQUIRE(!e.set_emotion("pain-points", "customer", "stage-1", "", 1).ok);
    REQUIRE(!e.add_lane_item("emotion", "stage-1", "", "en", "x").ok);
    REQUIRE(!e.set_persona_color("customer", "red").ok);
    REQUIRE(!e.set_touchpoint_personas("x", {}).ok);
    REQUIRE(!e.add_stage(0, "", "en", std::string("\xff\xfe")).ok);
    REQUIRE(dump_map(e.map()) == before);
    REQUIRE(!e.can_undo());
}

TEST_CASE("journey edit: the limits hold", "[journey][edit]") {
    Limits limits;
    limits.max_stages = 3;
    limits.max_text_chars = 10;
    Editor e(blank_map("m", "", {"A", "B"}), limits);
    REQUIRE(e.add_stage(0, "", "", "C").ok);
    REQUIRE(e.add_stage(0, "", "", "D").error == "a map holds at most 3 stages");
    REQUIRE(e.set_stage_text("stage-1", TextField::Title, "", "一二三四五六七八九十").ok);  // 10 code points
    REQUIRE(!e.set_stage_text("stage-1", TextField::Title, "", "一二三四五六七八九十一").ok);
}

TEST_CASE("journey edit: undo history is bounded and redo is dropped by a new edit", "[journey][edit]") {
    Editor e(blank_map("m", "", {"A"}), Limits{}, 3);
    for (int i = 0; i < 5; ++i) REQUIRE(e.set_title("", "t" + std::to_string(i)).ok);
    REQUIRE(e.undo_depth() == 3);
    REQUIRE(e.undo());
    REQUIRE(e.can_redo());
    REQUIRE(e.set_title("", "other").ok);
    REQUIRE(!e.can_redo());
}

TEST_CASE("journey edit: a to-be variant points back at its as-is map", "[journey][edit]") {
    const Map as_is = tp_test::example_map("b2b-purchase");
    const Map to_be = make_variant(as_is, "b2b-purchase-to-be");
    REQUIRE(to_be.meta.counterpart == as_is.id);
    REQUIRE(to_be.meta.state != as_is.meta.state);
    REQUIRE(to_be.stages.size() == as_is.stages.size());
    require_valid(to_be);
}
