#include <catch2/catch.hpp>

#include "test_helpers.hpp"
#include "touchpoint/response/derived.hpp"
#include "touchpoint/response/scores.hpp"

using namespace touchpoint;
using nlohmann::json;

namespace {
std::unique_ptr<Survey> survey_of(const char* text) {
    Diagnostics d;
    auto s = parse_survey(text, d);
    CAPTURE(d.to_string());
    REQUIRE(s);
    return s;
}

const char* kAll = R"({"touchpoint":"survey/1","id":"all","version":"1","locales":["en"],
  "questions":[{"id":"n","type":"nps","title":"t"},{"id":"c","type":"csat","title":"t"},
               {"id":"e","type":"ces","title":"t"},{"id":"c7","type":"csat","title":"t","scale":7}],
  "scores":[{"id":"twice","expression":"n * 2","bands":[{"id":"low"},{"id":"high","min":10}]},
            {"id":"plus","expression":"score.twice + 1"}],
  "delivery":{"endpoint":"/r","alerts":{"endpoint":"/a"}}})";
}  // namespace

TEST_CASE("NPS categories at their boundaries", "[scores]") {
    CHECK(std::string(nps_category(0)) == "detractor");
    CHECK(std::string(nps_category(6)) == "detractor");
    CHECK(std::string(nps_category(7)) == "passive");
    CHECK(std::string(nps_category(8)) == "passive");
    CHECK(std::string(nps_category(9)) == "promoter");
    CHECK(std::string(nps_category(10)) == "promoter");
}

TEST_CASE("NPS, CSAT top-2-box, CES easy, expressions over scores", "[scores]") {
    auto s = survey_of(kAll);
    json sc = compute_scores(*s, {{"n", 9}, {"c", 4}, {"e", 5}}, json::object());
    CHECK(sc["nps"] == json({{"value", 9}, {"category", "promoter"}, {"question", "n"}}));
    CHECK(sc["csat"] == json({{"value", 4}, {"scale", 5}, {"top2", true}, {"question", "c"}}));
    CHECK(sc["ces"] == json({{"value", 5}, {"scale", 7}, {"easy", true}, {"question", "e"}}));
    CHECK(sc["custom"]["twice"] == json({{"value", 18}, {"band", "high"}}));
    CHECK(sc["custom"]["plus"]["value"] == 19);
    sc = compute_scores(*s, {{"c", 3}, {"e", 4}, {"n", 2}}, json::object());
    CHECK(sc["csat"]["top2"] == false);
    CHECK(sc["ces"]["easy"] == false);
    CHECK(sc["custom"]["twice"]["band"] == "low");
    sc = compute_scores(*s, {{"c7", 6}}, json::object());  // first answered csat counts
    CHECK(sc["csat"]["scale"] == 7);
    CHECK(sc["csat"]["top2"] == true);
    sc = compute_scores(*s, json::object(), json::object());
    CHECK(sc.empty());  // nothing answered: no keys at all
}

TEST_CASE("alerts follow the delivery policy", "[scores]") {
    auto s = survey_of(kAll);
    auto alert = [&](json answers) { return compute_alert(*s, compute_scores(*s, answers, json::object())); };
    CHECK(alert({{"n", 6}}) == json({{"reason", "detractor"}, {"question", "n"}}));
    CHECK(alert({{"n", 7}}).is_null());
    CHECK(alert({{"c", 2}}) == json({{"reason", "low-csat"}, {"question", "c"}}));
    CHECK(alert({{"c", 3}}).is_null());
    CHECK(alert({{"e", 3}}) == json({{"reason", "high-effort"}, {"question", "e"}}));
    CHECK(alert({{"e", 4}}).is_null());
    auto nps_only = survey_of(tp_test::read_file("examples/surveys/nps-support.json")->c_str());
    CHECK(compute_alert(*nps_only, compute_scores(*nps_only, {{"nps", 0}}, json::object()))["reason"] == "detractor");
    auto no_alerts = survey_of(R"({"touchpoint":"survey/1","id":"x","version":"1","locales":["en"],
        "questions":[{"id":"n","type":"nps","title":"t"}]})");
    CHECK(compute_alert(*no_alerts, compute_scores(*no_alerts, {{"n", 0}}, json::object())).is_null());
}

TEST_CASE("weighted scores use choice, multi and matrix scores", "[scores]") {
    auto s = survey_of(tp_test::read_file("examples/surveys/cx-maturity.json")->c_str());
    json sc = compute_scores(*s, {{"listening", "touchpoints"}, {"acting", "days"},
                                  {"ownership", {{"ceo", "partly"}, {"cfo", "not"}, {"cto", "partly"}}},
                                  {"metrics", {"nps"}}}, json::object());
    CHECK(sc["custom"]["maturity"]["value"] == 46.5);  // 16 + 16 + 8 + 1.3 * 5
    CHECK(sc["custom"]["maturity"]["band"] == "follower");
    sc = compute_scores(*s, {{"company", "ACME"}}, json::object());
    CHECK_FALSE(sc.contains("custom"));  // no weighted question answered
}

TEST_CASE("the answer scope resolves answers, scores, bands and context", "[scores]") {
    json answers = {{"role", "funder"}};
    json scores = {{"nps", {{"value", 3}}}, {"custom", {{"m", {{"value", 80}, {"band", "leader"}}}}}};
    json context = {{"segment", {{"plan", "pro"}}}};
    AnswerScope scope(answers, scores, context);
    CHECK(scope.lookup("role") == "funder");
    CHECK(scope.lookup("score.nps") == 3);
    CHECK(scope.lookup("score.m") == 80);
    CHECK(scope.lookup("band.m") == "leader");
    CHECK(scope.lookup("context.segment.plan") == "pro");
    CHECK(scope.lookup("context.segment.plan.deeper").is_null());
    CHECK(scope.lookup("context.nothing").is_null());
    CHECK(scope.lookup("ghost").is_null());
}
