// Mermaid `journey` and TheyDo metrics JSON: import, export and round trips.
#include <catch2/catch.hpp>

#include "journey_fixtures.hpp"
#include "touchpoint/journey/interchange.hpp"

using namespace touchpoint;
using namespace touchpoint::journey;

namespace {

const char* kWorkingDay =
    "journey\n"
    "    title My working day\n"
    "    section Go to work\n"
    "      Make tea: 5: Me\n"
    "      Go upstairs: 3: Me\n"
    "      Do work: 1: Me, Cat\n"
    "    section Go home\n"
    "      Go downstairs: 5: Me\n"
    "      Sit down: 5: Me\n";
}  // namespace

TEST_CASE("Mermaid: the documentation's example imports", "[journey]") {
    Diagnostics d;
    auto map = from_mermaid(kWorkingDay, "working-day", d);
    REQUIRE(map);
    CHECK(map->id == "working-day");
    CHECK(map->meta.title.get("") == "My working day");
    REQUIRE(map->stages.size() == 2);
    CHECK(map->stages[0].id == "go-to-work");
    REQUIRE(map->touchpoints.size() == 5);
    CHECK(map->touchpoints[2].title.get("") == "Do work");
    CHECK(map->touchpoints[2].stage == "go-to-work");
    CHECK(map->touchpoints[3].stage == "go-home");
    REQUIRE(map->personas.size() == 2);
    CHECK(map->personas[1].name.get("") == "Cat");
    REQUIRE(map->lanes.size() == 1);
    const Lane& e = map->lanes[0];
    CHECK(e.kind == LaneKind::Emotion);
    REQUIRE(e.points.size() == 6);
    CHECK(e.points[0].value == 2);   // score 5 -> +2
    CHECK(e.points[2].value == -2);  // score 1 -> -2
    // The imported map is a valid journey/1 document.
    Diagnostics d2;
    CHECK(map_from_json(map_to_json(*map), d2));
    CHECK(d2.to_string() == "");
}

TEST_CASE("Mermaid: text -> map -> text is identical", "[journey]") {
    Diagnostics d;
    auto map = from_mermaid(kWorkingDay, "x", d);
    REQUIRE(map);
    CHECK(to_mermaid(*map, "") == kWorkingDay);
}

TEST_CASE("Mermaid: a Chinese map -> text -> map keeps stages, touchpoints and emotions", "[journey]") {
    const Map map = tp_test::example_map("saas-support");
    const std::string text = to_mermaid(map, "zh-CN");
    CHECK(text.find("    section 发现问题\n") != std::string::npos);
    CHECK(text.find("      错误提示: 1: 最终用户\n") != std::string::npos);
    Diagnostics d;
    auto back = from_mermaid(text, "saas-support", d);
    REQUIRE(back);
    REQUIRE(back->stages.size() == map.stages.size());
    for (std::size_t i = 0; i < map.stages.size(); ++i) CHECK(back->stages[i].title.get("") == map.stages[i].title.get("zh-CN"));
    REQUIRE(back->touchpoints.size() == map.touchpoints.size());
    for (std::size_t i = 0; i < map.touchpoints.size(); ++i)
        CHECK(back->touchpoints[i].title.get("") == map.touchpoints[i].title.get("zh-CN"));
    CHECK(back->stages[0].id == "stage-1");  // Chinese titles give no readable slug
    // Exporting the import again gives the same text: a fixed point.
    CHECK(to_mermaid(*back, "") == text);
}

TEST_CASE("Mermaid: colons and commas in titles cannot break the diagram", "[journey]") {
    Map map = tp_test::example_map("saas-support");
    map.touchpoints[0].title = Text::plain("Error: code 42, retry");
    const std::string text = to_mermaid(map, "en");
    Diagnostics d;
    auto back = from_mermaid(text, "x", d);
    REQUIRE(back);
    CHECK(back->touchpoints.size() == map.touchpoints.size());
    CHECK(back->touchpoints[0].title.get("") == "Error： code 42， retry");
}

TEST_CASE("Mermaid: bad diagrams name the line", "[journey]") {
    struct Case {
        const char* text;
        const char* fragment;
    };
    for (const Case& c : {Case{"", "starts with \"journey\""}, Case{"graph TD\n", "line 1: a Mermaid journey"},
                          Case{"journey\n  Make tea: 5: Me\n", "line 2: a task must come after"},
                          Case{"journey\n section A\n  Make tea: 9: Me\n", "line 3: the score"},
                          Case{"journey\n section A\n  Make tea\n", "line 3: expected"},
                          Case{"journey\n title T\n", "no \"section\""}, Case{"journey\n\xff\n", "UTF-8"}}) {
        INFO(c.text);
        Diagnostics d;
        CHECK_FALSE(from_mermaid(c.text, "x", d));
        CHECK(d.to_string().find(c.fragment) != std::string::npos);
    }
}

TEST_CASE("TheyDo: map -> TheyDo -> map keeps phases, steps and metrics", "[journey]") {
    const Map map = tp_test::example_map("b2b-purchase");
    const std::string theydo_text = to_theydo(map, "zh-CN");
    CHECK(theydo_text.find("\"phases\"") != std::string::npos);
    CHECK(theydo_text.find("\"type\": \"NPS\"") != std::string::npos);
    Diagnostics d;
    auto back = from_theydo(theydo_text, d);
    CHECK(d.to_string() == "");
    REQUIRE(back);
    CHECK(back->id == map.id);
    REQUIRE(back->stages.size() == map.stages.size());
    REQUIRE(back->touchpoints.size() == map.touchpoints.size());
    for (std::size_t i = 0; i < map.touchpoints.size(); ++i) {
        CHECK(back->touchpoints[i].id == map.touchpoints[i].id);
        CHECK(back->touchpoints[i].stage == map.touchpoints[i].stage);
        CHECK(back->touchpoints[i].layer == map.touchpoints[i].layer);
        CHECK(back->touchpoints[i].owner == map.touchpoints[i].owner);
    }
    REQUIRE(back->metrics.size() == map.metrics.size());
    for (std::size_t i = 0; i < map.metrics.size(); ++i) {
        CHECK(back->metrics[i].id == map.metrics[i].id);
        CHECK(back->metrics[i].kind == map.metrics[i].kind);
        CHECK(back->metrics[i].touchpoint == map.metrics[i].touchpoint);
        CHECK(back->metrics[i].stage == map.metrics[i].stage);
        CHECK(back->metrics[i].target == map.metrics[i].target);
        CHECK(back->metrics[i].baseline == map.metrics[i].baseline);
        CHECK(back->metrics[i].survey == map.metrics[i].survey);
    }
    // And TheyDo -> map -> TheyDo is a fixed point.
    CHECK(to_theydo(*back, "") == theydo_text);
}

TEST_CASE("TheyDo: bad files are answered with pointers", "[journey]") {
    struct Case {
        const char* text;
        const char* fragment;
    };
    for (const Case& c : {
             Case{"nope", "not a JSON object"},
             Case{"{}", "/journey: missing"},
             Case{R"({"journey":{"id":"j","name":"J","phases":[{"id":"p","name":"P","steps":[{"id":"s","name":"S"}]}]},
                   "metrics":[{"id":"m","type":"WOW","scope":{"stepId":"s"}}]})",
                  "/metrics/0/type"},
             Case{R"({"journey":{"id":"j","name":"J","phases":[{"id":"p","name":"P"}]},
                   "metrics":[{"id":"m","type":"NPS","scope":{"stepId":"ghost"}}]})",
                  "unknown touchpoint \"ghost\""},
             Case{R"({"journey":{"id":"j","name":"J","phases":7}})", "/journey/phases"},
         }) {
        INFO(c.text);
        Diagnostics d;
        CHECK_FALSE(from_theydo(c.text, d));
        CHECK(d.to_string().find(c.fragment) != std::string::npos);
    }
}

TEST_CASE("slug ids", "[journey]") {
    CHECK(slug_id("Go to work", "x") == "go-to-work");
    CHECK(slug_id("  Q&A: pricing!! ", "x") == "q-a-pricing");
    CHECK(slug_id("认知", "stage-1") == "stage-1");
}
