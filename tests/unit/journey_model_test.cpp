// journey/1 maps: the examples parse, bad maps are answered with JSON pointers, round trips.
#include <catch2/catch.hpp>

#include "test_helpers.hpp"
#include "touchpoint/journey/map.hpp"

using namespace touchpoint;
using namespace touchpoint::journey;

namespace {
bool has_error(const Diagnostics& d, const std::string& pointer, const std::string& fragment) {
    for (const Diagnostic& x : d.items())
        if (x.severity == Severity::Error && x.pointer == pointer && x.message.find(fragment) != std::string::npos)
            return true;
    return false;
}

const char* kMinimal = R"({"touchpoint":"journey/1","id":"m","meta":{"title":"T"},
  "personas":[{"id":"p","name":"P"}],
  "stages":[{"id":"a","title":"A"},{"id":"b","title":{"zh-CN":"乙","en":"B"}}],
  "touchpoints":[{"id":"t1","stage":"a","title":"T1"},{"id":"t2","stage":"b","title":"T2"}]})";

std::string with(const std::string& from, const std::string& to) {
    std::string s = kMinimal;
    const auto pos = s.find(from);
    REQUIRE(pos != std::string::npos);
    return s.replace(pos, from.size(), to);
}
}  // namespace

TEST_CASE("every example journey map parses without errors or warnings", "[journey]") {
    for (const char* name : {"b2b-purchase", "b2b-purchase-future", "subscription", "saas-support"}) {
        INFO(name);
        auto text = tp_test::read_file(std::string("examples/journeys/") + name + ".json");
        REQUIRE(text);
        Diagnostics d;
        auto map = parse_map(*text, d);
        CHECK(d.to_string() == "");
        REQUIRE(map);
        CHECK(map->id == name);
        CHECK(!map->stages.empty());
        CHECK(!map->touchpoints.empty());
    }
}

TEST_CASE("the B2B example has the agreed stages, roles and both languages", "[journey]") {
    Diagnostics d;
    auto map = parse_map(*tp_test::read_file("examples/journeys/b2b-purchase.json"), d);
    REQUIRE(map);
    std::vector<std::string> ids;
    for (auto& s : map->stages) ids.push_back(s.id);
    CHECK(ids == std::vector<std::string>{"awareness", "search", "communication", "decision", "purchase", "delivery",
                                          "repurchase"});
    CHECK(map->stages[0].title.get("zh-CN") == "认知");
    CHECK(map->stages[0].title.get("en") == "Awareness");
    CHECK(map->stages[0].title.get("fr") == "认知");  // falls back to the default (first) locale
    CHECK(map->stages[0].title.get("en-GB") == "Awareness");
    std::vector<std::string> roles;
    for (auto& p : map->personas) roles.push_back(p.role);
    CHECK(roles == std::vector<std::string>{"decision-maker", "funder", "influencer", "user"});
    CHECK(map->meta.state == MapState::Current);
    CHECK(map->touchpoints[map->touchpoint_index("credit-check")].layer == Layer::Back);
}

TEST_CASE("the subscription and support examples use the agreed stage ids", "[journey]") {
    Diagnostics d;
    auto sub = parse_map(*tp_test::read_file("examples/journeys/subscription.json"), d);
    auto sup = parse_map(*tp_test::read_file("examples/journeys/saas-support.json"), d);
    REQUIRE(sub);
    REQUIRE(sup);
    std::vector<std::string> a, b;
    for (auto& s : sub->stages) a.push_back(s.id);
    for (auto& s : sup->stages) b.push_back(s.id);
    CHECK(a == std::vector<std::string>{"awareness", "consideration", "decision", "delivery", "usage", "loyalty",
                                        "advocacy", "disappointment", "churn"});
    CHECK(b == std::vector<std::string>{"discover", "search-solution", "ask-help", "resolve", "feedback"});
    CHECK(sub->stages[4].title.get("zh-TW") == "使用");
    CHECK(sub->default_locale() == "zh-TW");
    for (const char* tp : {"ticket-closed", "delivery-received", "onboarding-done"}) CHECK(sub->touchpoint_index(tp) >= 0);
}

TEST_CASE("a minimal map parses and localized texts keep their order", "[journey]") {
    Diagnostics d;
    auto map = parse_map(kMinimal, d);
    REQUIRE(map);
    CHECK(d.empty());
    CHECK(map->stages[1].title.variants.front().first == "zh-CN");
    CHECK(map->touchpoints[1].layer == Layer::Front);
}

TEST_CASE("bad maps are rejected with the JSON pointer of the problem", "[journey]") {
    struct Case {
        std::string doc, pointer, fragment;
    };
    const std::vector<Case> cases = {
        {"[1,2]", "", "must be a JSON object"},
        {"{\"touchpoint\":", "", "not valid JSON"},
        {with("journey/1", "survey/1"), "/touchpoint", "journey/1"},
        {with("\"stage\":\"b\"", "\"stage\":\"zz\""), "/touchpoints/1/stage", "unknown stage \"zz\""},
        {with("\"id\":\"t2\"", "\"id\":\"t1\""), "/touchpoints/1/id", "duplicate touchpoint id"},
        {with("\"id\":\"b\"", "\"id\":\"b c\""), "/stages/1/id", "id must be"},
        {with("\"title\":\"T1\"", "\"title\":42"), "/touchpoints/0/title", "a string or a map of locale to string"},
        {with("\"title\":{\"zh-CN\":\"乙\",\"en\":\"B\"}", "\"title\":{\"zh-CN\":7}"), "/stages/1/title/zh-CN",
         "expected a string"},
        {with("\"meta\":{\"title\":\"T\"}", "\"meta\":{\"title\":\"T\",\"state\":\"past\"}"), "/meta/state",
         "current"},
        {with("\"stages\":[", "\"stages\":[],\"x\":["), "/stages", "at least one stage"},
        {with("\"touchpoints\"", "\"lanes\":[{\"id\":\"e\",\"kind\":\"emotion\",\"points\":[{\"persona\":\"p\",\"stage\":\"a\",\"value\":3}]}],\"touchpoints\""),
         "/lanes/0/points/0/value", "between -2 and +2"},
        {with("\"touchpoints\"", "\"lanes\":[{\"id\":\"e\",\"kind\":\"emotion\",\"points\":[{\"persona\":\"nobody\",\"stage\":\"a\",\"value\":1}]}],\"touchpoints\""),
         "/lanes/0/points/0/persona", "unknown persona"},
        {with("\"touchpoints\"", "\"lanes\":[{\"id\":\"x\",\"kind\":\"gossip\",\"items\":[]}],\"touchpoints\""),
         "/lanes/0/kind", "kind must be"},
        {with("\"touchpoints\"", "\"lanes\":[{\"id\":\"x\",\"kind\":\"actions\",\"items\":[{\"stage\":\"a\",\"touchpoint\":\"t2\",\"text\":\"x\"}]}],\"touchpoints\""),
         "/lanes/0/items/0/touchpoint", "belongs to stage \"b\""},
        {with("\"touchpoints\"", "\"metrics\":[{\"id\":\"n\",\"kind\":\"nps\",\"touchpoint\":\"t1\",\"target\":150}],\"touchpoints\""),
         "/metrics/0/target", "between -100 and 100"},
        {with("\"touchpoints\"", "\"metrics\":[{\"id\":\"n\",\"kind\":\"nps\"}],\"touchpoints\""), "/metrics/0",
         "needs a \"stage\" or a \"touchpoint\""},
        {with("\"name\":\"P\"", "\"name\":\"P\",\"color\":\"red\""), "/personas/0/color", "#rrggbb"},
    };
    for (const Case& c : cases) {
        INFO(c.doc);
        Diagnostics d;
        CHECK_FALSE(parse_map(c.doc, d));
        CHECK(has_error(d, c.pointer, c.fragment));
        if (!has_error(d, c.pointer, c.fragment)) WARN(d.to_string());
    }
}

TEST_CASE("unknown fields are warnings, not errors", "[journey]") {
    Diagnostics d;
    auto map = parse_map(with("\"id\":\"m\"", "\"id\":\"m\",\"colour\":\"blue\""), d);
    CHECK(map);
    CHECK_FALSE(d.has_errors());
    REQUIRE(d.items().size() == 1);
    CHECK(d.items()[0].pointer == "/colour");
}

TEST_CASE("limits bound the size of a map", "[journey]") {
    Limits small;
    small.max_bytes = 100;
    Diagnostics d;
    CHECK_FALSE(parse_map(kMinimal, d, small));
    CHECK(d.to_string().find("bytes") != std::string::npos);
    Limits few;
    few.max_touchpoints = 1;
    Diagnostics d2;
    CHECK_FALSE(parse_map(kMinimal, d2, few));
    CHECK(has_error(d2, "/touchpoints", "too many entries"));
    Limits short_text;
    short_text.max_text_chars = 1;
    Diagnostics d3;
    CHECK_FALSE(parse_map(with("\"title\":\"T1\"", "\"title\":\"认知认知\""), d3, short_text));
    CHECK(has_error(d3, "/touchpoints/0/title", "longer than 1 characters"));
}

TEST_CASE("map -> JSON -> map is lossless for every example", "[journey]") {
    for (const char* name : {"b2b-purchase", "subscription", "saas-support"}) {
        INFO(name);
        Diagnostics d;
        auto map = parse_map(*tp_test::read_file(std::string("examples/journeys/") + name + ".json"), d);
        REQUIRE(map);
        const std::string once = dump_map(*map);
        Diagnostics d2;
        auto again = parse_map(once, d2);
        REQUIRE(again);
        CHECK(dump_map(*again) == once);
        CHECK(again->lanes.size() == map->lanes.size());
        CHECK(again->metrics.size() == map->metrics.size());
        CHECK(again->evidence.size() == map->evidence.size());
    }
}

TEST_CASE("every journey link of the example surveys names a touchpoint of our maps", "[journey]") {
    for (const char* survey : {"b2b-role", "ces-onboarding", "csat-delivery", "cx-maturity", "nps-support"}) {
        INFO(survey);
        auto text = tp_test::read_file(std::string("examples/surveys/") + survey + ".json");
        REQUIRE(text);
        const auto doc = nlohmann::json::parse(*text, nullptr, false);
        REQUIRE(doc.is_object());
        REQUIRE(doc.contains("journey"));
        const auto& link = doc["journey"];
        REQUIRE((link.contains("map") && link["map"].is_string() && link.contains("touchpoint") && link["touchpoint"].is_string()));
        const std::string map_id = link["map"].get<std::string>(), tp_id = link["touchpoint"].get<std::string>();
        auto map_text = tp_test::read_file("examples/journeys/" + map_id + ".json");
        REQUIRE(map_text);
        Diagnostics d;
        auto map = parse_map(*map_text, d);
        REQUIRE(map);
        const int ti = map->touchpoint_index(tp_id);
        CHECK(ti >= 0);
        if (ti >= 0 && link.contains("stage") && link["stage"].is_string())
            CHECK(map->touchpoints[ti].stage == link["stage"].get<std::string>());
    }
}

TEST_CASE("map texts follow the survey core's locale fallbacks", "[journey]") {
    Text t;
    Diagnostics d;
    const auto j = Json::parse(R"({"zh-CN":"流失","zh-TW":"流失（繁）","en":"Churn"})");
    REQUIRE(parse_text(j, "/title", 100, t, d));
    CHECK(t.get("zh-TW") == "流失（繁）");      // exact
    CHECK(t.get("zh-HK") == "流失（繁）");      // Traditional script region: zh-TW, not zh-CN
    CHECK(t.get("zh-Hant-TW") == "流失（繁）");
    CHECK(t.get("zh-Hans") == "流失");
    CHECK(t.get("en-GB") == "Churn");           // same language
    CHECK(t.get("fr") == "流失");               // nothing matches: the first variant
    Diagnostics bad;
    CHECK_FALSE(parse_text(Json::parse(R"({"not a tag!":"x"})"), "/title", 100, t, bad));
    CHECK(bad.to_string() == "/title/not a tag!: \"not a tag!\" is not a locale tag (e.g. \"zh-CN\")\n");
}
