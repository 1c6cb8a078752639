// The map layout: stage columns, cards, lanes and emotion curves, with a fixed-advance
// text measure (8 units per Latin character, 16 per CJK one) standing in for a font.
#include <catch2/catch.hpp>

#include "journey_fixtures.hpp"
#include "test_helpers.hpp"
#include "touchpoint/journey/layout.hpp"
#include "touchpoint/base/utf8.hpp"

using namespace touchpoint;
using namespace touchpoint::journey;

namespace {
float fixed_measure(std::string_view s) {
    float w = 0;
    std::size_t pos = 0;
    while (pos < s.size()) w += utf8_next(s, pos) >= 0x2E80 ? 16.f : 8.f;
    return w;
}
const MeasureText kMeasure = fixed_measure;

bool overlaps(const Rect& a, const Rect& b) {
    return a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom();
}
}  // namespace

TEST_CASE("wrap_text breaks Latin at spaces and CJK anywhere", "[journey]") {
    CHECK(wrap_text("go to work", 48, 5, kMeasure) == std::vector<std::string>{"go to", "work"});
    CHECK(wrap_text("采购审批与付款", 48, 5, kMeasure) == std::vector<std::string>{"采购审", "批与付", "款"});
    CHECK(wrap_text("CRM 记录每次沟通", 64, 5, kMeasure) == std::vector<std::string>{"CRM 记录", "每次沟通"});
    // An over-long word breaks between characters; a cut text ends with an ellipsis.
    CHECK(wrap_text("abcdefghij", 40, 5, kMeasure) == std::vector<std::string>{"abcde", "fghij"});
    const auto cut = wrap_text("one two three four five", 40, 2, kMeasure);
    REQUIRE(cut.size() == 2);
    CHECK(cut[1].size() >= 3);
    CHECK(cut[1].substr(cut[1].size() - 3) == "…");
    CHECK(kMeasure(cut[1]) <= 40);
    CHECK(wrap_text("", 40, 2, kMeasure).empty());
    CHECK(wrap_text("abc", 40, 0, kMeasure).empty());
}

TEST_CASE("layout: one column per stage, left to right, cards inside their stage", "[journey]") {
    const Map map = tp_test::example_map("b2b-purchase");
    const Layout lay = layout_map(map, "zh-CN", kMeasure);
    REQUIRE(lay.columns.size() == map.stages.size());
    for (std::size_t i = 1; i < lay.columns.size(); ++i)
        CHECK(lay.columns[i].header.x >= lay.columns[i - 1].header.right());
    CHECK(lay.columns[0].title_lines == std::vector<std::string>{"认知"});
    REQUIRE(lay.cards.size() == map.touchpoints.size());
    for (std::size_t i = 0; i < lay.cards.size(); ++i) {
        const Card& c = lay.cards[i];
        const Rect& col = lay.columns[c.stage].header;
        CHECK(map.stages[c.stage].id == map.touchpoints[i].stage);
        CHECK(c.rect.x >= col.x);
        CHECK(c.rect.right() <= col.right());
        CHECK(c.rect.y >= lay.cards_band.y);
        CHECK(c.rect.bottom() <= lay.cards_band.bottom() + 0.01f);
        for (std::size_t k = i + 1; k < lay.cards.size(); ++k) CHECK_FALSE(overlaps(c.rect, lay.cards[k].rect));
    }
    // "channel · owner", cut with an ellipsis to the card's inner width (170 units here).
    CHECK(lay.cards[map.touchpoint_index("procurement")].subtitle == "email · 财务部…");
    CHECK(lay.cards[map.touchpoint_index("qbr")].subtitle.rfind("in person · ", 0) == 0);
    CHECK(lay.width == Approx(lay.columns.back().header.right() + LayoutStyle{}.gap));
}

TEST_CASE("layout: lanes stack below the cards, emotion curves follow the values", "[journey]") {
    const Map map = tp_test::example_map("b2b-purchase");
    const Layout lay = layout_map(map, "en", kMeasure);
    REQUIRE(lay.lanes.size() == map.lanes.size());
    float y = lay.cards_band.bottom();
    for (const LaneRow& row : lay.lanes) {
        CHECK(row.row.y > y);
        y = row.row.bottom();
        for (const LaneCell& cell : row.cells) {
            CHECK(cell.rect.y == row.row.y);
            CHECK(static_cast<float>(cell.lines.size()) * LayoutStyle{}.line_height <= cell.rect.h);
            for (const std::string& line : cell.lines) CHECK(kMeasure(line) <= cell.rect.w - 2 * LayoutStyle{}.padding);
        }
    }
    CHECK(lay.height > y);
    // One curve per persona with points; higher emotion is drawn higher (smaller y).
    CHECK(lay.curves.size() == map.personas.size());
    const Lane& emotion = map.lanes[2];
    REQUIRE(emotion.kind == LaneKind::Emotion);
    for (const Curve& c : lay.curves) {
        for (std::size_t i = 1; i < c.points.size(); ++i) CHECK(c.points[i].x >= c.points[i - 1].x);
        for (const CurvePoint& a : c.points)
            for (const CurvePoint& b : c.points)
                if (a.value > b.value) CHECK(a.y < b.y);
    }
    // A point bound to a touchpoint sits over that card.
    const int demo = map.touchpoint_index("demo-call");
    bool found = false;
    for (const Curve& c : lay.curves)
        for (const CurvePoint& p : c.points)
            if (p.touchpoint == demo) {
                found = true;
                CHECK(p.x == Approx(lay.cards[demo].rect.x + lay.cards[demo].rect.w / 2));
            }
    CHECK(found);
}

TEST_CASE("layout: hit testing finds cards and columns", "[journey]") {
    const Map map = tp_test::example_map("saas-support");
    const Layout lay = layout_map(map, "zh-CN", kMeasure);
    for (std::size_t i = 0; i < lay.cards.size(); ++i) {
        const Rect& r = lay.cards[i].rect;
        CHECK(card_at(lay, r.x + 1, r.y + 1) == static_cast<int>(i));
        CHECK(column_at(lay, r.x + 1) == lay.cards[i].stage);
    }
    CHECK(card_at(lay, -5, -5) == -1);
    CHECK(column_at(lay, 1) == -1);  // the label column
}

TEST_CASE("layout: a crowded stage widens into sub-columns instead of growing tall", "[journey]") {
    Map map;
    map.id = "big";
    map.stages.push_back({"s", Text::plain("S"), {}});
    for (int i = 0; i < 10; ++i) {
        Touchpoint t;
        t.id = "t" + std::to_string(i);
        t.stage = "s";
        t.title = Text::plain("Touchpoint " + std::to_string(i));
        map.touchpoints.push_back(t);
    }
    LayoutStyle st;
    const Layout lay = layout_map(map, "", kMeasure, st);
    CHECK(lay.columns[0].header.w >= 3 * st.card_width);
    CHECK(lay.cards[4].rect.x > lay.cards[3].rect.x);  // the fifth card starts a new sub-column
    CHECK(lay.cards[4].rect.y == lay.cards[0].rect.y);
}

TEST_CASE("layout: one emotion point per column and persona, at the mean of the column", "[journey]") {
    // Stage "a": 3 cards stacked in one column; stage "b": 6 cards in two sub-columns; stage "c":
    // no cards, a stage-level point only.
    Map map;
    map.id = "curve";
    map.personas.push_back({"buyer", Text::plain("采购经理"), "decision-maker", Text{}, ""});
    map.personas.push_back({"funder", Text::plain("财务总监"), "funder", Text{}, ""});
    for (const char* s : {"a", "b", "c"}) map.stages.push_back({s, Text::plain(s), {}});
    for (int i = 0; i < 9; ++i) {
        Touchpoint t;
        t.id = "t" + std::to_string(i);
        t.stage = i < 3 ? "a" : "b";
        t.title = Text::plain("触点 " + std::to_string(i));
        map.touchpoints.push_back(t);
    }
    Lane lane;
    lane.id = "feel";
    lane.kind = LaneKind::Emotion;
    auto point = [&](const char* persona, const char* stage, const char* tp, double v) {
        EmotionPoint p;
        p.persona = persona;
        p.stage = stage;
        p.touchpoint = tp;
        p.value = v;
        lane.points.push_back(p);
    };
    point("buyer", "a", "t0", 2);
    point("buyer", "a", "t1", -2);   // same column as t0: the old layout jumped from +2 to −2 here
    point("buyer", "a", "t2", 1);
    point("buyer", "b", "t3", -1);   // first sub-column of b
    point("buyer", "b", "t8", 1);    // second sub-column of b
    point("buyer", "c", "", -2);     // stage-level
    point("funder", "a", "", 0.5);   // stage-level over a one-column stage: merges with t1
    point("funder", "a", "t1", -1.5);
    map.lanes.push_back(lane);

    LayoutStyle st;
    const Layout lay = layout_map(map, "zh-CN", kMeasure, st);
    REQUIRE(lay.curves.size() == 2);
    const Curve& buyer = lay.curves[0];
    CHECK(buyer.persona == 0);
    REQUIRE(buyer.points.size() == 4);  // a, b (left), b (right), c
    for (std::size_t i = 1; i < buyer.points.size(); ++i) CHECK(buyer.points[i].x > buyer.points[i - 1].x);

    const CurvePoint& a = buyer.points[0];
    CHECK(a.value == Approx(1.0 / 3.0));
    CHECK(a.low == -2);
    CHECK(a.high == 2);
    CHECK(a.points == std::vector<int>{0, 1, 2});
    CHECK(a.point == 0);
    CHECK(a.touchpoint == -1);  // several touchpoints
    CHECK(a.stage == 0);
    CHECK(a.x == Approx(lay.cards[0].rect.x + lay.cards[0].rect.w / 2));
    const LaneRow& row = lay.lanes[0];
    const float mid = row.row.y + row.row.h / 2, amp = row.row.h / 2 - st.padding;
    CHECK(a.y == Approx(mid - static_cast<float>(1.0 / 6.0) * amp));

    // Separate sub-columns of one stage stay separate points, in map (left to right) order.
    CHECK(buyer.points[1].touchpoint == 3);
    CHECK(buyer.points[1].value == -1);
    CHECK(buyer.points[1].low == -1);
    CHECK(buyer.points[1].high == -1);
    CHECK(buyer.points[2].touchpoint == 8);
    CHECK(buyer.points[2].x == Approx(lay.cards[8].rect.x + lay.cards[8].rect.w / 2));
    CHECK(buyer.points[1].y > buyer.points[2].y);  // −1 is drawn lower than +1
    CHECK(buyer.points[3].touchpoint == -1);
    CHECK(buyer.points[3].x == Approx(lay.columns[2].header.x + lay.columns[2].header.w / 2));
    CHECK(buyer.points[3].y == Approx(mid + amp));  // −2 at the bottom

    const Curve& funder = lay.curves[1];
    REQUIRE(funder.points.size() == 1);
    CHECK(funder.points[0].value == Approx(-0.5));
    CHECK(funder.points[0].points == std::vector<int>{6, 7});
}

TEST_CASE("layout: the example maps' emotion curves have one point per column", "[journey]") {
    for (const char* name : {"b2b-purchase", "subscription", "saas-support"}) {
        INFO(name);
        const Map map = tp_test::example_map(name);
        const Layout lay = layout_map(map, "zh-CN", kMeasure);
        CHECK_FALSE(lay.curves.empty());
        std::size_t merged = 0, points = 0;
        for (const Curve& c : lay.curves) {
            for (std::size_t i = 1; i < c.points.size(); ++i) CHECK(c.points[i].x > c.points[i - 1].x);
            for (const CurvePoint& p : c.points) {
                CHECK(p.low <= p.value);
                CHECK(p.value <= p.high);
                CHECK(p.value >= -2);
                CHECK(p.value <= 2);
                merged += p.points.size();
                points += 1;
            }
        }
        CHECK(merged >= points);
    }
}
