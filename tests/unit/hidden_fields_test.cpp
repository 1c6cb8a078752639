// Hidden fields: declared in the survey (an allowlist), resolved from URL parameters, attributes
// or show(); cut to maxLength; redacted like free text in the payload; checked by the validator.
#include <catch2/catch.hpp>

#include "survey_fixtures.hpp"
#include "touchpoint/engine/engine.hpp"
#include "touchpoint/response/validate.hpp"
#include "touchpoint/session/session.hpp"
#include "touchpoint/survey/hidden_fields.hpp"

using namespace touchpoint;
using nlohmann::json;

namespace {

json survey_with_fields() {
    return json::parse(R"({
      "touchpoint": "survey/1", "id": "hf", "version": "1", "locales": ["en"],
      "fields": [
        {"id": "campaign", "from": "url:utm_campaign"},
        {"id": "plan", "from": ["attribute:plan", "show"]},
        {"id": "order", "maxLength": 10},
        {"id": "note", "from": "show"}
      ],
      "questions": [{"id": "nps", "type": "nps", "title": "How likely?"}]
    })");
}

json payload_of(Session& s) {
    s.answer("nps", 9);
    s.next();
    json p;
    Diagnostics d;
    REQUIRE(build_payload(s, json{{"now_ms", 1763874123456LL}}, "0123456789abcdef0123456789abcdef", p, d));
    return p;
}

}  // namespace

TEST_CASE("hidden fields: only declared ones are kept, from their sources in order", "[fields]") {
    auto survey = tp_test::loaded_survey(survey_with_fields());
    std::vector<std::string> ignored;
    json sources = {{"url", {{"utm_campaign", "spring"}, {"utm_source", "mail"}}},
                    {"show", {{"plan", "free"}, {"order", 123456}, {"secret", "x"}, {"email", "a@b.cn"}}}};
    json attributes = {{"plan", "pro"}, {"company", "Acme"}};
    json v = resolve_hidden_fields(*survey, sources, attributes, ignored);
    CHECK(v == json{{"campaign", "spring"}, {"plan", "pro"}, {"order", "123456"}});
    CHECK(ignored == std::vector<std::string>{"email", "secret"});  // named for the console, never kept

    ignored.clear();
    v = resolve_hidden_fields(*survey, json{{"show", {{"plan", "free"}, {"note", json::array({1})}}}}, json::object(), ignored);
    CHECK(v == json{{"plan", "free"}});  // attribute missing: the next source; an array is no value
}

TEST_CASE("hidden fields: values are cut to maxLength and redacted in the payload", "[fields][redact][limits]") {
    Session s(tp_test::loaded_survey(survey_with_fields()), "en", json{{"segment", {{"plan", "pro"}}}});
    auto ignored = s.set_hidden_fields(json{{"show", {{"order", "A-123456789-XYZ"}, {"note", "call me at li.lei@example.com"},
                                                      {"undeclared", "x"}}},
                                            {"url", {{"utm_campaign", "春季活动"}}}});
    CHECK(ignored == std::vector<std::string>{"undeclared"});
    json p = payload_of(s);
    CHECK(p["fields"]["order"] == "A-12345678");      // 10 characters
    CHECK(p["fields"]["campaign"] == "春季活动");
    CHECK(p["fields"]["plan"] == "pro");
    std::string note = p["fields"]["note"];
    CHECK(note.find("li.lei@example.com") == std::string::npos);
    CHECK(p["redactions"] == 1);
    CHECK_FALSE(p["fields"].contains("undeclared"));
    CHECK(validate_response(p).items().empty());
}

TEST_CASE("hidden fields: a survey with redaction off sends them as given; none, no member", "[fields]") {
    json doc = survey_with_fields();
    doc["privacy"] = {{"redact", false}};
    Session s(tp_test::loaded_survey(doc), "en");
    s.set_hidden_fields(json{{"show", {{"note", "li.lei@example.com"}}}});
    CHECK(payload_of(s)["fields"]["note"] == "li.lei@example.com");
    Session none(tp_test::loaded_survey(survey_with_fields()), "en");
    CHECK_FALSE(payload_of(none).contains("fields"));
}

TEST_CASE("hidden fields survive a resume; fresh sources win", "[fields][session]") {
    auto survey = tp_test::loaded_survey(survey_with_fields());
    Session first(survey, "en");
    first.set_hidden_fields(json{{"show", {{"note", "first"}, {"order", "o-1"}}}});
    json state = first.state();
    Session resumed(survey, "en");
    Diagnostics d;
    REQUIRE(resumed.restore(state, d));
    resumed.set_hidden_fields(json{{"show", {{"note", "second"}}}});
    CHECK(resumed.hidden_fields() == json{{"note", "second"}, {"order", "o-1"}});
}

TEST_CASE("hidden field declarations: bad ones are errors at their pointer", "[fields][diagnostics]") {
    auto first_error = [](const json& doc) {
        Diagnostics d;
        CHECK_FALSE(load_survey(doc, d));
        for (const Diagnostic& item : d.items())
            if (item.severity == Severity::Error) return item.pointer + ": " + item.message;
        return std::string();
    };
    json doc = survey_with_fields();
    doc["fields"][1]["from"][0] = "cookie:plan";
    CHECK(first_error(doc) == "/fields/1/from/0: expected \"url:PARAM\", \"attribute:NAME\" or \"show\"");
    doc = survey_with_fields();
    doc["fields"][2]["id"] = "campaign";
    CHECK(first_error(doc) == "/fields/2/id: duplicate hidden field \"campaign\"");
    doc = survey_with_fields();
    doc["fields"][2]["maxLength"] = 1001;
    CHECK(first_error(doc).rfind("/fields/2/maxLength: maxLength out of range", 0) == 0);
    doc = survey_with_fields();
    doc["fields"] = json::array();
    for (int i = 0; i < 51; ++i) doc["fields"].push_back({{"id", "f" + std::to_string(i)}});
    CHECK(first_error(doc).rfind("/fields: expected an array of at most 50", 0) == 0);
}

TEST_CASE("the validator checks a payload's fields with pointers", "[fields][response]") {
    Session s(tp_test::loaded_survey(survey_with_fields()), "en");
    json p = payload_of(s);
    p["fields"] = {{"bad id!", "x"}, {"n", 3}, {"long", std::string(2001, 'x')}};
    Diagnostics d = validate_response(p);
    std::string all = d.to_string();
    CHECK(all.find("/fields/bad id!") != std::string::npos);
    CHECK(all.find("/fields/n: expected a string, got a number") != std::string::npos);
    CHECK(all.find("/fields/long: longer than 2000 characters") != std::string::npos);
}

TEST_CASE("the engine: open() takes the fields' sources, settings() names the ignored ones", "[fields][engine]") {
    std::string options = R"({"locale": "en", "context": {"segment": {"plan": "team"}},
                              "fields": {"url": {"utm_campaign": "autumn"}, "show": {"order": "o-9", "token": "t"}}})";
    int h = engine::open(survey_with_fields().dump(), options);
    REQUIRE(h > 0);
    CHECK(json::parse(engine::settings(h))["ignoredFields"] == json::array({"token"}));
    engine::answer(h, "nps", "7");
    engine::next(h);
    json p = json::parse(engine::payload(h, R"({"now_ms": 1763874123456})", "0123456789abcdef0123456789abcdef"));
    CHECK(p["fields"] == json{{"campaign", "autumn"}, {"plan", "team"}, {"order", "o-9"}});
    engine::close(h);
    CHECK(json::parse(engine::settings(h)).contains("error"));
}
