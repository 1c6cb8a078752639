// A survey's targeting: days_since() in the expression language, trigger.audience and
// trigger.eventCondition as the validator reads them (JSON pointers, allowed names), and
// engine::trigger_test, the call the widget's loader makes before it shows a survey.
#include <catch2/catch.hpp>

#include <optional>

#include "json_helpers.hpp"
#include <nlohmann/json.hpp>

#include "touchpoint/engine/engine.hpp"
#include "touchpoint/survey/expr.hpp"

namespace engine = touchpoint::engine;
using nlohmann::json;
using touchpoint::expr::Expression;
using touchpoint::expr::ParseError;
using tp_test::parse;

namespace {
constexpr std::int64_t kNow = 1795996800000;  // 2026-11-30T00:00:00Z

struct ClockScope : touchpoint::expr::Scope {
    json values;
    std::optional<std::int64_t> clock;
    json lookup(std::string_view name) const override {
        auto it = values.find(std::string(name));
        return it == values.end() ? json() : *it;
    }
    std::optional<std::int64_t> now_ms() const override { return clock; }
};

json eval_at(const char* text, const json& values, std::optional<std::int64_t> clock = kNow) {
    ParseError err;
    Expression e = Expression::parse(text, err);
    CAPTURE(text, err.message);
    REQUIRE(e.valid());
    ClockScope scope;
    scope.values = values;
    scope.clock = clock;
    return e.evaluate(scope);
}

std::string survey_with_trigger(const json& trigger, const json& privacy = nullptr) {
    json s = {{"touchpoint", "survey/1"}, {"id", "t"}, {"version", "1"}, {"locales", {"en"}},
              {"questions", {{{"id", "nps"}, {"type", "nps"}, {"title", "How likely?"}}}},
              {"trigger", trigger}};
    if (!privacy.is_null()) s["privacy"] = privacy;
    return s.dump();
}

json first_error_of(const std::string& survey) {
    json v = parse(engine::validate(survey));
    for (const json& d : v["diagnostics"])
        if (d["severity"] == "error") return d;
    return nullptr;
}

json test(const std::string& survey, const char* field, const json& values) {
    return parse(engine::trigger_test(survey, field, values.dump()));
}
}  // namespace

TEST_CASE("days_since counts whole days from an ISO date to the scope's clock", "[expr][audience]") {
    CHECK(eval_at("days_since(d)", {{"d", "2026-11-15"}}) == 15);
    CHECK(eval_at("days_since(d)", {{"d", "2026-11-29T12:00:00Z"}}) == 0);  // half a day: rounded down
    CHECK(eval_at("days_since(d)", {{"d", "2026-11-28T23:59:59+00:00"}}) == 1);
    CHECK(eval_at("days_since(d)", {{"d", "2026-12-10"}}) == -10);  // in the future: negative
    CHECK(eval_at("days_since(d) > 14", {{"d", "2026-11-01"}}) == true);
    CHECK(eval_at("days_since(d) > 14", {{"d", "2026-11-20"}}) == false);
    // Not a date, not a string, missing, or no clock: null, so any comparison is false.
    CHECK(eval_at("days_since(d)", {{"d", "last tuesday"}}).is_null());
    CHECK(eval_at("days_since(d)", {{"d", "2026-02-30"}}).is_null());
    CHECK(eval_at("days_since(d)", {{"d", 20261115}}).is_null());
    CHECK(eval_at("days_since(d)", json::object()).is_null());
    CHECK(eval_at("days_since(d)", {{"d", "2026-11-15"}}, std::nullopt).is_null());
    CHECK(eval_at("days_since(d) > 14 or days_since(d) <= 14", {{"d", "soon"}}) == false);
}

TEST_CASE("days_since takes exactly one argument", "[expr][audience]") {
    for (const char* bad : {"days_since()", "days_since(a, b)"}) {
        ParseError err;
        CHECK_FALSE(Expression::parse(bad, err).valid());
        CHECK(err.message == "days_since() takes exactly one argument");
        CHECK(err.column == 1);
    }
}

TEST_CASE("trigger.audience: the issue's expression, matched in the core", "[engine][audience]") {
    const std::string s = survey_with_trigger(
        {{"audience", "segment.plan == 'pro' and segment.seats >= 10 and days_since(segment.signup) > 14"}});
    auto values = [](json segment) { return json{{"segment", segment}, {"now_ms", kNow}}; };
    CHECK(test(s, "audience", values({{"plan", "pro"}, {"seats", 12}, {"signup", "2026-10-01"}})) == json{{"match", true}});
    CHECK(test(s, "audience", values({{"plan", "free"}, {"seats", 12}, {"signup", "2026-10-01"}})) == json{{"match", false}});
    CHECK(test(s, "audience", values({{"plan", "pro"}, {"seats", 9}, {"signup", "2026-10-01"}})) == json{{"match", false}});
    CHECK(test(s, "audience", values({{"plan", "pro"}, {"seats", 12}, {"signup", "2026-11-20"}})) == json{{"match", false}});
    CHECK(test(s, "audience", values(json::object())) == json{{"match", false}});  // no attributes: not in it
    // Without a clock, days_since() is null: the visitor is not in the audience.
    CHECK(test(s, "audience", json{{"segment", {{"plan", "pro"}, {"seats", 12}, {"signup", "2026-10-01"}}}}) ==
          json{{"match", false}});
    // A clock outside JavaScript's Date range is no clock.
    CHECK(test(s, "audience", json{{"segment", {{"plan", "pro"}, {"seats", 12}, {"signup", "2026-10-01"}}}, {"now_ms", 1e300}}) ==
          json{{"match", false}});
    // A survey without an audience is for everyone.
    CHECK(test(survey_with_trigger({{"delayMs", 10}}), "audience", json::object()) == json{{"match", true}});
}

TEST_CASE("trigger.eventCondition sees the event's properties and the attributes", "[engine][audience]") {
    const std::string s = survey_with_trigger({{"event", "export"}, {"eventCondition", "properties.rows > 1000 and segment.role != 'guest'"}});
    CHECK(test(s, "eventCondition", {{"properties", {{"rows", 5000}}}, {"segment", {{"role", "admin"}}}}) == json{{"match", true}});
    CHECK(test(s, "eventCondition", {{"properties", {{"rows", 10}}}, {"segment", {{"role", "admin"}}}}) == json{{"match", false}});
    CHECK(test(s, "eventCondition", {{"properties", {{"rows", 5000}}}, {"segment", {{"role", "guest"}}}}) == json{{"match", false}});
    CHECK(test(s, "eventCondition", {{"properties", {{"nested", {{"rows", 5000}}}}}}) == json{{"match", false}});
    const std::string nested = survey_with_trigger({{"event", "e"}, {"eventCondition", "properties.cart.total >= 100"}});
    CHECK(test(nested, "eventCondition", {{"properties", {{"cart", {{"total", 120}}}}}}) == json{{"match", true}});
}

TEST_CASE("trigger_test refuses what it cannot answer, with the core's errors", "[engine][audience]") {
    const std::string s = survey_with_trigger({{"audience", "segment.plan == 'pro'"}});
    CHECK(test(s, "color", json::object())["error"]["message"] == "expected \"audience\" or \"eventCondition\"");
    CHECK(parse(engine::trigger_test(s, "audience", "[1]"))["error"]["message"] == "expected the values as an object");
    CHECK(parse(engine::trigger_test(s, "audience", "{"))["error"].is_object());
    json bad = parse(engine::trigger_test(survey_with_trigger({{"audience", "plan == 'pro'"}}), "audience", "{}"));
    CHECK(bad["error"]["pointer"] == "/trigger/audience");
}

TEST_CASE("the new trigger fields are validated with JSON pointers", "[survey][audience]") {
    json e = first_error_of(survey_with_trigger({{"audience", "segment.plan == "}}));
    CHECK(e["pointer"] == "/trigger/audience");
    CHECK(e["message"] == "bad expression: unexpected end of expression (column 17)");

    e = first_error_of(survey_with_trigger({{"audience", "segment.plan == 'pro' and nps > 8"}}));
    CHECK(e["pointer"] == "/trigger/audience");
    CHECK(e["message"] == "unknown name \"nps\": expected segment.NAME (column 27)");

    e = first_error_of(survey_with_trigger({{"audience", "properties.rows > 1"}}));  // properties exist only for an event
    CHECK(e["message"] == "unknown name \"properties.rows\": expected segment.NAME (column 1)");

    e = first_error_of(survey_with_trigger({{"event", "x"}, {"eventCondition", "context.plan == 1"}}));
    CHECK(e["pointer"] == "/trigger/eventCondition");
    CHECK(e["message"] == "unknown name \"context.plan\": expected properties.NAME or segment.NAME (column 1)");

    e = first_error_of(survey_with_trigger({{"eventCondition", "properties.rows > 1"}}));
    CHECK(e["pointer"] == "/trigger/eventCondition");
    CHECK(e["message"] == "needs \"event\": the condition is on that event's properties");

    e = first_error_of(survey_with_trigger({{"audience", 3}}));
    CHECK(e["pointer"] == "/trigger/audience");

    e = first_error_of(survey_with_trigger({{"audience", std::string(1001, 'a')}}));
    CHECK(e["pointer"] == "/trigger/audience");

    e = first_error_of(survey_with_trigger({{"clickSelector", std::string(501, 'a')}}));
    CHECK(e["pointer"] == "/trigger/clickSelector");
    e = first_error_of(survey_with_trigger({{"visibleSelector", true}}));
    CHECK(e["pointer"] == "/trigger/visibleSelector");

    json ok = parse(engine::validate(survey_with_trigger({{"clickSelector", "#pricing .upgrade"}, {"visibleSelector", "footer"},
                                                  {"event", "export"}, {"eventCondition", "properties.rows > 10"},
                                                  {"audience", "days_since(segment.signup) >= 0"}})));
    CHECK(ok["ok"] == true);
    CHECK(ok["diagnostics"].empty());
}
