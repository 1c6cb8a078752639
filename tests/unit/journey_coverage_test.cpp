// Coverage of a map by surveys (which touchpoints are measured, how many answers a target margin
// still needs) and significant changes between two overlays of the same map.
#include <catch2/catch.hpp>

#include "touchpoint/journey/coverage.hpp"
#include "touchpoint/journey/edit.hpp"

using namespace touchpoint;
using namespace touchpoint::journey;

namespace {
Map three_touchpoints() {
    Editor e(blank_map("m", "zh-CN", {"认知", "决策"}));
    REQUIRE(e.add_touchpoint("stage-1", 0, "site", "zh-CN", "官网").ok);
    REQUIRE(e.add_touchpoint("stage-2", 0, "demo", "zh-CN", "演示").ok);
    REQUIRE(e.add_touchpoint("stage-2", 1, "quote", "zh-CN", "报价").ok);
    REQUIRE(e.bind_metric(MetricKind::Nps, "", "demo", "nps-support", "nps").ok);
    REQUIRE(e.bind_metric(MetricKind::Csat, "", "quote", "csat-delivery", "csat").ok);
    return e.map();
}
Scores nps_scores(long long n, long long promoters, long long detractors) {
    Scores s;
    s.n = s.nps_n = n;
    s.promoters = promoters;
    s.detractors = detractors;
    s.passives = n - promoters - detractors;
    return s;
}
}  // namespace

TEST_CASE("coverage: unmeasured touchpoints and answers still needed for a target margin", "[journey][coverage]") {
    const Map map = three_touchpoints();
    Overlay overlay;
    overlay.touchpoints.resize(3);
    overlay.touchpoints[1] = nps_scores(100, 50, 20);  // NPS 30: variance 0.7 - 0.09 = 0.61
    const auto rows = coverage(map, overlay, CoverageTarget{10, 10});
    REQUIRE(rows.size() == 3);
    REQUIRE(!rows[0].measured);  // the website: no survey measures it
    REQUIRE(rows[0].nps_needed == 0);
    REQUIRE(rows[1].measured);
    // 1.96^2 * 0.61 / 0.1^2 = 234.3 -> 235 answers for ± 10, 100 in hand.
    REQUIRE(rows[1].nps_needed == 135);
    REQUIRE(!rows[1].meets_target);
    // CSAT bound but nothing answered: the worst case p = 0.5 -> 1.96^2 * 0.25 / 0.01 = 96.04 -> 97.
    REQUIRE(rows[2].csat_needed == 97);
    overlay.touchpoints[1] = nps_scores(300, 150, 60);
    REQUIRE(coverage(map, overlay, CoverageTarget{10, 10})[1].meets_target);
    REQUIRE(answers_for_margin(1.0, 10) == 385);  // the textbook worst case for ± 10 NPS points
}

TEST_CASE("coverage: a survey offered for an unmeasured touchpoint carries the journey link", "[journey][coverage]") {
    const Map map = three_touchpoints();
    const nlohmann::json tmpl = {{"touchpoint", "survey/1"}, {"id", "nps-support"}, {"version", 3}};
    const auto s = survey_for_touchpoint(tmpl, map, 0, "nps-site");
    REQUIRE(s["id"] == "nps-site");
    REQUIRE(s["journey"] == nlohmann::json({{"map", "m"}, {"stage", "stage-1"}, {"touchpoint", "site"}}));
    REQUIRE(s["version"] == 3);
}

TEST_CASE("coverage: only significant changes between two periods are marked", "[journey][coverage]") {
    Overlay before, after;
    before.touchpoints = {nps_scores(1200, 540, 300), nps_scores(2400, 1080, 600), nps_scores(20, 10, 2)};
    after.touchpoints = {nps_scores(1350, 675, 324), nps_scores(2700, 1350, 648), nps_scores(20, 2, 10)};
    const Changes c = compare_overlays(before, after);
    REQUIRE(c.touchpoints.size() == 3);
    REQUIRE(c.touchpoints[0].nps.delta == Approx(6.0));
    REQUIRE(!c.touchpoints[0].nps.significant);  // p = 0.064
    REQUIRE(c.touchpoints[1].nps.significant);   // same shares, twice the answers
    REQUIRE(!c.touchpoints[2].nps.significant);  // -80 points on 20 answers: too few to say
    REQUIRE(!c.touchpoints[0].csat.testable);    // no CSAT answered
}
