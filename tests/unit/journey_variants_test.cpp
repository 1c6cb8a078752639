// As-is / to-be variants: the Workshop's one undo history across variants (creating a to-be is an
// edit like any other), and the as-is against to-be comparison per stage and touchpoint.
#include <catch2/catch.hpp>

#include <string>

#include "journey_fixtures.hpp"
#include "touchpoint/aggregate/aggregator.hpp"
#include "touchpoint/journey/map_diff.hpp"
#include "touchpoint/journey/workshop.hpp"

using namespace touchpoint;
using namespace touchpoint::journey;

namespace {
const StepDiff& step(const std::vector<StepDiff>& diffs, const std::string& id) {
    for (const StepDiff& d : diffs)
        if (d.id == id) return d;
    FAIL("no diff for " << id);
    return diffs.front();
}
}  // namespace

TEST_CASE("variants: a to-be is a copy of the as-is in the other state, and its creation undoes", "[journey][variants]") {
    const Map as_is = tp_test::example_map("b2b-purchase");
    Workshop w(as_is);
    const EditResult r = w.create_variant();
    REQUIRE(r.ok);
    CHECK(r.id == "b2b-purchase-to-be");
    REQUIRE(w.size() == 2);
    CHECK(w.active() == 1);
    CHECK(w.map().meta.state == MapState::Future);
    CHECK(w.map().meta.counterpart == "b2b-purchase");
    CHECK(w.counterpart() == 0);
    CHECK(w.map().touchpoints.size() == as_is.touchpoints.size());
    // A second one gets a fresh id; a taken or invalid id is refused.
    REQUIRE(w.activate("b2b-purchase").ok);
    CHECK(w.counterpart() == 1);  // the to-be names it
    CHECK_FALSE(w.create_variant("b2b-purchase-to-be").ok);
    CHECK_FALSE(w.create_variant("not an id").ok);
    CHECK(w.size() == 2);
    REQUIRE(w.undo());  // the creation
    CHECK(w.size() == 1);
    CHECK(w.active() == 0);
    CHECK(dump_map(w.map()) == dump_map(as_is));
    CHECK_FALSE(w.can_undo());
    REQUIRE(w.redo());
    CHECK(w.size() == 2);
    CHECK(w.active() == 1);
    CHECK(w.map().id == "b2b-purchase-to-be");
}

TEST_CASE("variants: one history across variants, undone in the order things happened", "[journey][variants]") {
    Workshop w(tp_test::example_map("b2b-purchase"));
    REQUIRE(w.editor().set_stage_text("awareness", TextField::Title, "en", "Discover").ok);  // as-is
    w.record();
    REQUIRE(w.create_variant().ok);
    REQUIRE(w.editor().delete_touchpoint("whitepaper").ok);  // to-be
    REQUIRE(w.editor().add_touchpoint("search", 0, "chatbot", "en", "Chat bot").ok);
    w.record();
    // The as-is is untouched by the to-be's edits.
    CHECK(w.map(0).touchpoint_index("whitepaper") >= 0);
    CHECK(w.map(1).touchpoint_index("whitepaper") < 0);
    CHECK(w.map(1).stages[0].title.get("en") == "Discover");  // copied after the rename

    REQUIRE(w.activate("b2b-purchase").ok);
    REQUIRE(w.undo());  // the chat bot, in the to-be: undo switches there
    CHECK(w.active() == 1);
    CHECK(w.map().touchpoint_index("chatbot") < 0);
    CHECK(w.map().touchpoint_index("whitepaper") < 0);
    REQUIRE(w.undo());
    CHECK(w.map().touchpoint_index("whitepaper") >= 0);
    REQUIRE(w.undo());  // the creation of the to-be
    CHECK(w.size() == 1);
    REQUIRE(w.undo());  // the rename, in the as-is
    CHECK(w.map().stages[0].title.get("en") == "Awareness");
    CHECK_FALSE(w.undo());
    // Redo replays all four; a new edit drops what was left to redo.
    REQUIRE(w.redo());
    REQUIRE(w.redo());
    CHECK(w.size() == 2);
    REQUIRE(w.redo());
    CHECK(w.map(1).touchpoint_index("whitepaper") < 0);
    REQUIRE(w.editor().set_touchpoint_owner("demo-call", "Sales").ok);
    w.record();
    CHECK_FALSE(w.can_redo());
    REQUIRE(w.undo());
    CHECK(w.map(1).touchpoints[static_cast<std::size_t>(w.map(1).touchpoint_index("demo-call"))].owner != "Sales");
}

TEST_CASE("variants: a drag in a variant is one step of the shared history", "[journey][variants]") {
    Workshop w(tp_test::example_map("b2b-purchase"));
    REQUIRE(w.create_variant().ok);
    for (double v : {0.5, 1.0, 1.5}) {
        REQUIRE(w.editor().set_emotion("emotion", "decision-maker", "search", "", v, "drag").ok);
        w.record();
    }
    w.editor().end_gesture();
    REQUIRE(w.undo());
    CHECK(w.size() == 2);  // the drag, not the creation
    REQUIRE(w.undo());
    CHECK(w.size() == 1);
}

TEST_CASE("variants: as-is against to-be names what was added, removed, moved and edited", "[journey][variants]") {
    const Map as_is = tp_test::example_map("b2b-purchase");
    Editor e(make_variant(as_is, "to-be"));
    REQUIRE(e.add_touchpoint("search", 1, "chatbot", "en", "Chat bot").ok);
    REQUIRE(e.delete_touchpoint("credit-check").ok);
    REQUIRE(e.move_touchpoint("tech-qa", "decision", 0).ok);  // to another stage
    // industry-event from first to last of its stage: only it moved, not the three it passed.
    REQUIRE(e.move_touchpoint("industry-event", "awareness", 4).ok);
    REQUIRE(e.set_touchpoint_text("proposal", TextField::Title, "en", "Instant quote").ok);
    REQUIRE(e.set_emotion("emotion", "decision-maker", "purchase", "", 2.0).ok);  // was −1
    const MapDiff d = diff_maps(as_is, e.map());

    CHECK(step(d.touchpoints, "chatbot").change == StepChange::Added);
    CHECK(step(d.touchpoints, "chatbot").before == -1);
    CHECK(step(d.touchpoints, "credit-check").change == StepChange::Removed);
    CHECK(step(d.touchpoints, "credit-check").stage_before == "purchase");
    CHECK(step(d.touchpoints, "tech-qa").change == StepChange::Moved);
    CHECK(step(d.touchpoints, "tech-qa").stage_before == "communication");
    CHECK(step(d.touchpoints, "tech-qa").stage_after == "decision");
    CHECK(step(d.touchpoints, "industry-event").change == StepChange::Moved);
    for (const char* kept : {"whitepaper", "maturity-assessment", "peer-referral", "website-visit", "demo-call"})
        CHECK(step(d.touchpoints, kept).change == StepChange::Same);
    CHECK(step(d.touchpoints, "proposal").edited);
    CHECK(step(d.touchpoints, "proposal").change == StepChange::Same);
    CHECK(d.added == 1);
    CHECK(d.removed == 1);
    CHECK(d.moved == 2);
    CHECK(d.edited == 1);
    // The removed one comes after the to-be's own, with its as-is index.
    CHECK(d.touchpoints.back().id == "credit-check");
    CHECK(d.touchpoints.back().before == as_is.touchpoint_index("credit-check"));
    // The emotion of the purchase stage rose by what the new point adds to its mean.
    const StepDiff& purchase = step(d.stages, "purchase");
    REQUIRE(purchase.emotion_after);
    REQUIRE(purchase.emotion_before);
    CHECK(*purchase.emotion_after > *purchase.emotion_before);
    CHECK(purchase.change == StepChange::Same);
    CHECK_FALSE(purchase.metrics);  // no overlays: nothing measured
}

TEST_CASE("variants: stage order and metric differences where both variants are measured", "[journey][variants]") {
    const Map as_is = tp_test::example_map("b2b-purchase");
    Editor e(make_variant(as_is, "to-be"));
    REQUIRE(e.move_stage("repurchase", 0).ok);
    const MapDiff d = diff_maps(as_is, e.map());
    CHECK(step(d.stages, "repurchase").change == StepChange::Moved);
    CHECK(step(d.stages, "awareness").change == StepChange::Same);
    CHECK(step(d.stages, "delivery").change == StepChange::Same);

    // NPS 0 (60/80/60 of 200) in the as-is, 50 (120/60/20 of 200) in the to-be at the pricing page;
    // the demo call measured only in the as-is.
    Overlay a, b;
    a.touchpoints.resize(as_is.touchpoints.size());
    b.touchpoints.resize(e.map().touchpoints.size());
    a.stages.resize(as_is.stages.size());
    b.stages.resize(e.map().stages.size());
    Scores before;
    before.n = before.nps_n = 200;
    before.promoters = 60;
    before.detractors = 60;
    Scores after = before;
    after.promoters = 120;
    after.detractors = 20;
    a.touchpoints[static_cast<std::size_t>(as_is.touchpoint_index("pricing-page"))] = before;
    b.touchpoints[static_cast<std::size_t>(e.map().touchpoint_index("pricing-page"))] = after;
    a.touchpoints[static_cast<std::size_t>(as_is.touchpoint_index("demo-call"))] = before;
    const MapDiff m = diff_maps(as_is, e.map(), &a, &b);
    const StepDiff& pricing = step(m.touchpoints, "pricing-page");
    REQUIRE(pricing.metrics);
    const stats::Change expected = stats::compare_nps({200, 60, 60}, {200, 120, 20});
    CHECK(pricing.metrics->nps.delta == Approx(expected.delta));
    CHECK(pricing.metrics->nps.p_value == Approx(expected.p_value));
    CHECK(pricing.metrics->nps.delta == Approx(50.0));
    CHECK(pricing.metrics->nps.significant);
    CHECK_FALSE(step(m.touchpoints, "demo-call").metrics);
}

// ---------------------------------------------------------------------------------------------
// What changed between periods (the viewer's change marks and the collector's "What changed").
#include "touchpoint/journey/period_changes.hpp"

namespace {
nlohmann::json nps_group(const char* month, const char* touchpoint, long long n, long long promoters, long long detractors) {
    return {{"key", {{"month", month}, {"touchpoint", touchpoint}}},
            {"n", n},
            {"nps", {{"value", 100.0 * double(promoters - detractors) / double(n)}, {"promoters", promoters},
                     {"passives", n - promoters - detractors}, {"detractors", detractors}, {"n", n}}}};
}
}  // namespace

TEST_CASE("variants: one month against the newest earlier one with responses", "[journey][variants]") {
    const Map map = tp_test::example_map("b2b-purchase");
    const nlohmann::json by_tp = {{"groups",
                                   {nps_group("2026-08", "pricing-page", 400, 200, 40),
                                    nps_group("2026-10", "pricing-page", 400, 120, 120),  // NPS 40 → 0
                                    nps_group("2026-10", "demo-call", 400, 100, 100),
                                    nps_group("2026-08", "demo-call", 400, 104, 96)}}};
    const PeriodChanges pc = compare_periods(map, &by_tp, nullptr, "month");
    CHECK(pc.periods == std::vector<std::string>{"2026-08", "2026-10"});
    CHECK(pc.at == "2026-10");
    CHECK(pc.before == "2026-08");  // September had no responses
    const auto pricing = static_cast<std::size_t>(map.touchpoint_index("pricing-page"));
    const auto demo = static_cast<std::size_t>(map.touchpoint_index("demo-call"));
    const stats::Change expected = stats::compare_nps({400, 200, 40}, {400, 120, 120});
    CHECK(pc.changes.touchpoints[pricing].nps.delta == Approx(-40.0));
    CHECK(pc.changes.touchpoints[pricing].nps.p_value == Approx(expected.p_value));
    CHECK(pc.changes.touchpoints[pricing].nps.significant);
    CHECK_FALSE(pc.changes.touchpoints[demo].nps.significant);  // NPS 2 → 0
    // The oldest month has nothing before it; a month without responses compares nothing.
    const PeriodChanges first = compare_periods(map, &by_tp, nullptr, "month", "2026-08");
    CHECK(first.before.empty());
    CHECK_FALSE(first.changes.touchpoints[pricing].nps.testable);
    CHECK(compare_periods(map, &by_tp, nullptr, "month", "2026-09").at.empty());
}

TEST_CASE("variants: the periods a map is compared by are the aggregator's time keys, one the default",
          "[journey][variants]") {
    // change_periods.def is the one list (the collector's `period` check and Studio's menu read it):
    // each period groups responses in the aggregator, and the default is one of them.
    const std::vector<std::string> periods = {"day", "week", "month", "year", "touchpoint", "", "Week"};
    std::string accepted;
    for (const std::string& p : periods) {
        if (!is_change_period(p)) continue;
        CHECK(Aggregator::valid_key(p));
        accepted += (accepted.empty() ? "" : " ") + p;
    }
    CHECK(accepted == "day week month");
    CHECK(is_change_period(default_change_period()));
    CHECK(std::string(default_change_period()) == "week");
    CHECK(change_periods_text() == "day, week or month");  // the collector's 400 message names them
}
