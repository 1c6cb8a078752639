// Piping ({answer.q}, {segment.x}, {score.x}, {band.x}, {field.x}): resolution in the session's
// view in every locale, text never markup, missing values and fallbacks, and unknown references
// refused at load time with the text's JSON pointer.
#include <catch2/catch.hpp>

#include "survey_fixtures.hpp"
#include "test_helpers.hpp"
#include "touchpoint/session/session.hpp"

using namespace touchpoint;
using nlohmann::json;

namespace {

// A survey whose second step pipes the first answer, an attribute, a score, a band and a field.
json piped_survey() {
    return json::parse(R"({
      "touchpoint": "survey/1", "id": "piped", "version": "1", "locales": ["en", "zh-CN", "ar"],
      "fields": [{"id": "plan", "from": ["url:utm_plan", "show"]}],
      "questions": [
        {"id": "name", "type": "text", "title": "Your name?"},
        {"id": "role", "type": "single", "title": "Role?", "choices": [
          {"value": "dm", "label": {"en": "decision-maker", "zh-CN": "决策者", "ar": "صانع القرار"}}, "user"]},
        {"id": "nps", "type": "nps", "title": {
           "en": "{answer.name|Friend}, as a {answer.role} at {segment.company|your company} on {field.plan}, how likely…",
           "zh-CN": "{answer.name|朋友}，作为{segment.company|贵公司}的{answer.role}，您有多大可能推荐我们？",
           "ar": "{answer.name|صديقي}، بصفتك {answer.role} في {segment.company|شركتك}، ما مدى احتمال أن توصي بنا؟"},
         "description": "Score so far: {score.fit|none}; band {band.fit|none}; literal {{answer.name}"},
        {"id": "why", "type": "multi", "title": "Why {answer.nps}?", "choices": [
          {"value": "a", "label": "Because of {answer.name}"}, "b"]}
      ],
      "scores": [{"id": "fit", "expression": "nps * 10", "bands": [{"id": "low", "label": {"en": "Low", "zh-CN": "低"}},
                                                                    {"id": "high", "min": 70, "label": "High"}]}]
    })");
}

// The first error's pointer and message of a survey that must not load.
std::pair<std::string, std::string> load_error(const json& doc) {
    Diagnostics d;
    CHECK_FALSE(load_survey(doc, d));
    for (const Diagnostic& item : d.items())
        if (item.severity == Severity::Error) return {item.pointer, item.message};
    return {"", ""};
}

json walk_to_nps(Session& s, const json& name) {
    s.answer("name", name);
    REQUIRE(s.next());
    s.answer("role", "dm");
    REQUIRE(s.next());
    return s.view()["questions"][0];
}

}  // namespace

TEST_CASE("piping fills answers, attributes, fields, scores and bands in the view", "[piping]") {
    Session s(tp_test::loaded_survey(piped_survey()), "en", json{{"segment", {{"company", "Acme"}}}});
    s.set_hidden_fields(json{{"show", {{"plan", "pro"}}}});
    json q = walk_to_nps(s, "Li Lei");
    CHECK(q["title"] == "Li Lei, as a decision-maker at Acme on pro, how likely…");
    CHECK(q["description"] == "Score so far: none; band none; literal {answer.name}");
    s.answer("nps", 8);
    CHECK(s.view()["questions"][0]["description"] == "Score so far: 80; band High; literal {answer.name}");
    REQUIRE(s.next());
    json why = s.view()["questions"][0];
    CHECK(why["title"] == "Why 8?");
    CHECK(why["choices"][0]["label"] == "Because of Li Lei");  // choice labels are piped too
}

TEST_CASE("piping: missing values render the fallback, or nothing", "[piping]") {
    json doc = piped_survey();
    Session s(tp_test::loaded_survey(doc), "en");  // no attributes, no fields
    json q = walk_to_nps(s, nullptr);
    CHECK(q["title"] == "Friend, as a decision-maker at your company on , how likely…");
}

TEST_CASE("piping in zh-CN and in a right-to-left locale", "[piping]") {
    Session zh(tp_test::loaded_survey(piped_survey()), "zh-CN", json{{"segment", {{"company", "华为"}}}});
    CHECK(walk_to_nps(zh, "李雷")["title"] == "李雷，作为华为的决策者，您有多大可能推荐我们？");
    Session ar(tp_test::loaded_survey(piped_survey()), "ar");
    CHECK(ar.view()["survey"]["dir"] == "rtl");
    CHECK(walk_to_nps(ar, "ليلى")["title"] == "ليلى، بصفتك صانع القرار في شركتك، ما مدى احتمال أن توصي بنا؟");
}

TEST_CASE("piped values are text: markup and placeholders in answers are not interpreted", "[piping]") {
    Session s(tp_test::loaded_survey(piped_survey()), "en", json{{"segment", {{"company", "{answer.name}"}}}});
    json q = walk_to_nps(s, "<img src=x onerror=alert(1)>{segment.company}");
    // Inserted verbatim (the renderer sets it as text), never scanned again for placeholders.
    CHECK(q["title"] == "<img src=x onerror=alert(1)>{segment.company}, as a decision-maker at {answer.name} on , how likely…");
}

TEST_CASE("a piped value is cut to 500 characters", "[piping][limits]") {
    json doc = piped_survey();
    doc["questions"][0]["maxLength"] = 1000;
    Session s(tp_test::loaded_survey(doc), "en");
    std::string long_name(700, 'x');
    std::string title = walk_to_nps(s, long_name)["title"];
    CHECK(title.rfind(std::string(500, 'x') + ", as a", 0) == 0);
    CHECK(title.find(std::string(501, 'x')) == std::string::npos);
}

TEST_CASE("piping: an answer hidden by visibleIf is not piped", "[piping]") {
    json doc = piped_survey();
    doc["questions"][0]["visibleIf"] = "role == 'never'";  // never shown, yet answered below
    Session s(tp_test::loaded_survey(doc), "en");
    s.answer("name", "ghost");
    s.answer("role", "user");
    REQUIRE(s.next());
    CHECK(s.view()["questions"][0]["title"].get<std::string>().rfind("Friend, as a user", 0) == 0);
}

TEST_CASE("piping: unknown references are load errors at the text's pointer", "[piping][diagnostics]") {
    json doc = piped_survey();
    doc["questions"][2]["title"]["zh-CN"] = "请问 {answer.nsp} 呢";
    auto [ptr, msg] = load_error(doc);
    CHECK(ptr == "/questions/2/title/zh-CN");
    CHECK(msg == "unknown question \"nsp\" in {answer.nsp} (column 4)");

    doc = piped_survey();
    doc["questions"][3]["choices"][0]["label"] = "on {field.campaign}";
    std::tie(ptr, msg) = load_error(doc);
    CHECK(ptr == "/questions/3/choices/0/label");
    CHECK(msg.find("unknown hidden field \"campaign\"") == 0);

    doc = piped_survey();
    doc["questions"][3]["choices"][1] = "{score.missing}";  // a plain-string choice is its own label
    std::tie(ptr, msg) = load_error(doc);
    CHECK(ptr == "/questions/3/choices/1");
    CHECK(msg.find("unknown score \"missing\"") == 0);

    doc = piped_survey();
    doc["scores"][0].erase("bands");
    std::tie(ptr, msg) = load_error(doc);
    CHECK(ptr == "/questions/2/description");
    CHECK(msg.find("score \"fit\" has no bands") == 0);

    doc = piped_survey();
    doc["title"] = "Hello {answers.name}";
    std::tie(ptr, msg) = load_error(doc);
    CHECK(ptr == "/title");
    CHECK(msg.find("unknown placeholder {answers.name}") == 0);

    doc = piped_survey();
    doc["thankYou"] = {{"title", "Thanks {band.nps}"}};
    std::tie(ptr, msg) = load_error(doc);
    CHECK(ptr == "/thankYou/title");
}

TEST_CASE("piping: braces that are not placeholders stay text; segment names are free", "[piping]") {
    json doc = piped_survey();
    doc["questions"][0]["title"] = "{ not one } {x} {a.} {segment.any_attribute} {{ {{constructor.constructor('x')()}} {{e.g}";
    Session s(tp_test::loaded_survey(doc), "en");
    CHECK(s.view()["questions"][0]["title"] == "{ not one } {x} {a.}  {{ {{constructor.constructor('x')()}} {e.g}");
}

// The browser's live-piping fixture: one step with a question of every type, each of whose texts
// reads the first answer. The widget only renders what the view says, so the view must carry every
// one of them piped, on the same step, as soon as the answer is given (and its fallback again when
// it is cleared).
TEST_CASE("piping reaches every text of every question type on the same step", "[piping]") {
    auto text = tp_test::read_file("tests/browser/pages/widget/surveys/piping-every-text.json");
    REQUIRE(text);
    const std::vector<std::string> pointers = {
        "/rec/minLabel",         "/rec/maxLabel",          "/note/placeholder",   "/seats/placeholder",
        "/role/choices/0/label", "/role/otherLabel",       "/grid/rows/0/label",  "/grid/columns/0/label",
        "/rank/choices/0/label", "/effort/minLabel",       "/effort/maxLabel",    "/ok/consentText",
        "/docs/buttonLabel",     "/docs/dismissLabel"};
    const std::vector<std::pair<std::string, std::string>> locales = {{"zh-CN", "朋友"}, {"ar", "صديقي"}};
    for (const auto& [locale, fallback] : locales) {
        CAPTURE(locale);
        Session s(tp_test::loaded_survey(json::parse(*text)), locale);
        // The view's questions by id, so a pointer reads "/<question>/<member>…".
        auto texts = [&s]() {
            json by_id = json::object();
            const json view = s.view();
            for (const json& q : view["questions"]) by_id[q["id"].get<std::string>()] = q;
            return by_id;
        };
        json before = texts();
        REQUIRE(before.size() == 10);  // every question on the one step
        CHECK(before["rec"]["description"].get<std::string>().find('{') == std::string::npos);
        const std::string name = "李雷<img src=x onerror=alert(1)>";
        s.answer("name", name);
        json after = texts();
        for (const std::string& pointer : pointers) {
            CAPTURE(pointer);
            const std::string was = before.at(json::json_pointer(pointer)).get<std::string>();
            const std::string is = after.at(json::json_pointer(pointer)).get<std::string>();
            CHECK(was.rfind(fallback, 0) == 0);
            CHECK(is == name + was.substr(fallback.size()));  // the fallback name, then the rest as it was
        }
        CHECK(after["rec"]["description"].get<std::string>() == before["rec"]["description"].get<std::string>() + name);
        s.answer("name", nullptr);
        CHECK(texts() == before);
    }
}

TEST_CASE("piping: the built-in scores are known by name; a custom score may not take one", "[piping][scores]") {
    for (const char* key : {"nps", "csat", "ces"}) {
        CAPTURE(key);
        json doc = piped_survey();
        doc["questions"][3]["choices"][1] = std::string("{score.") + key + "|-}";
        tp_test::loaded_survey(doc);

        doc = piped_survey();
        doc["scores"].push_back({{"id", key}, {"expression", "1"}});
        Diagnostics d;
        CHECK_FALSE(load_survey(doc, d));
        bool at_id = false;
        for (const Diagnostic& item : d.items()) at_id = at_id || item.pointer == "/scores/1/id";
        CHECK(at_id);
    }
    json doc = piped_survey();
    doc["questions"][3]["choices"][1] = "{score.promoter}";
    CHECK(load_error(doc).second.find("unknown score \"promoter\"") == 0);
}
