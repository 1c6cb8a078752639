#include <catch2/catch.hpp>

#include "test_helpers.hpp"
#include "touchpoint/survey/survey.hpp"

using namespace touchpoint;
using nlohmann::json;

namespace {
json minimal() {
    return json::parse(R"({"touchpoint":"survey/1","id":"s1","version":"1","locales":["zh-CN","en"],
        "questions":[{"id":"nps","type":"nps","title":{"zh-CN":"推荐？","en":"Recommend?"}},
                     {"id":"role","type":"single","title":"Role","choices":["decision-maker","funder","influencer","end-user"]},
                     {"id":"why","type":"text","title":"Why?","visibleIf":"nps <= 6"}]})");
}

// Loads `doc` and returns its diagnostics.
Diagnostics check(const json& doc) {
    Diagnostics d;
    load_survey(doc, d);
    return d;
}

bool has(const Diagnostics& d, const std::string& pointer, const std::string& message_part,
         Severity sev = Severity::Error) {
    for (const Diagnostic& item : d.items())
        if (item.severity == sev && item.pointer == pointer && item.message.find(message_part) != std::string::npos)
            return true;
    return false;
}
}  // namespace

TEST_CASE("a minimal survey loads with its steps and hash", "[survey]") {
    Diagnostics d;
    auto s = load_survey(minimal(), d);
    REQUIRE(s);
    CHECK(d.empty());
    CHECK(s->id == "s1");
    CHECK(s->questions.size() == 3);
    CHECK(s->steps.size() == 3);           // one question per step without pages
    CHECK(s->locales.front() == "zh-CN");
    CHECK(s->hash.size() == 7 + 32);
    CHECK(s->hash.rfind("sha256:", 0) == 0);
    CHECK(s->hash == survey_content_hash(minimal()));
    json other = minimal();
    other["version"] = "2";
    CHECK(survey_content_hash(other) != s->hash);
}

TEST_CASE("unknown question in visibleIf names pointer and column", "[survey]") {
    json doc = minimal();
    doc["questions"][2]["visibleIf"] = "nsp <= 6";
    Diagnostics d = check(doc);
    CHECK(has(d, "/questions/2/visibleIf", "unknown question \"nsp\" (column 1)"));
    CHECK(d.to_string().find("/questions/2/visibleIf: unknown question \"nsp\" (column 1)") != std::string::npos);
}

TEST_CASE("bad expressions report the column of the mistake", "[survey]") {
    json doc = minimal();
    doc["questions"][2]["visibleIf"] = "nps <= ";
    CHECK(has(check(doc), "/questions/2/visibleIf", "bad expression: unexpected end of expression (column 8)"));
    doc["questions"][2]["visibleIf"] = 5;
    CHECK(has(check(doc), "/questions/2/visibleIf", "expected an expression string"));
}

TEST_CASE("duplicate ids, unknown types and scale out of range", "[survey]") {
    json doc = minimal();
    doc["questions"][1]["id"] = "nps";
    CHECK(has(check(doc), "/questions/1/id", "duplicate question id \"nps\""));
    doc = minimal();
    doc["questions"][1]["type"] = "hologram";
    CHECK(has(check(doc), "/questions/1/type", "unknown question type \"hologram\""));
    doc = minimal();
    doc["questions"].push_back({{"id", "c"}, {"type", "csat"}, {"title", "t"}, {"scale", 42}});
    CHECK(has(check(doc), "/questions/3/scale", "scale out of range"));
    doc["questions"][3]["scale"] = 2.5;
    CHECK(has(check(doc), "/questions/3/scale", "expected a whole number"));
    doc["questions"][3] = {{"id", "r"}, {"type", "rating"}, {"title", "t"}, {"scale", 10}, {"shape", "smileys"}};
    CHECK(has(check(doc), "/questions/3/shape", "smileys need a scale of at most 5 points"));
    doc["questions"][3] = {{"id", "r"}, {"type", "rating"}, {"title", "t"}, {"shape", "hearts"}};
    CHECK(has(check(doc), "/questions/3/shape", "expected one of numbers, stars, smileys"));
}

TEST_CASE("unknown locales in texts and bad locale lists", "[survey]") {
    json doc = minimal();
    doc["questions"][0]["title"]["ja"] = "推薦";
    CHECK(has(check(doc), "/questions/0/title/ja", "unknown locale \"ja\""));
    doc = minimal();
    doc["locales"] = {"zh-CN", "zh-cn"};
    CHECK(has(check(doc), "/locales/1", "duplicate locale"));
    doc["locales"] = json::array();
    CHECK(has(check(doc), "/locales", "expected 1–"));
    doc["locales"] = {"中文"};
    CHECK(has(check(doc), "/locales/0", "expected a locale tag"));
}

TEST_CASE("survey: unknown fields are warnings, not errors", "[survey]") {
    json doc = minimal();
    doc["colour"] = "blue";
    doc["questions"][0]["shape"] = "stars";  // nps has a fixed look
    Diagnostics d;
    auto s = load_survey(doc, d);
    CHECK(s != nullptr);
    CHECK_FALSE(d.has_errors());
    CHECK(has(d, "/colour", "unknown field \"colour\"", Severity::Warning));
    CHECK(has(d, "/questions/0/shape", "unknown field \"shape\" for a nps question", Severity::Warning));
}

TEST_CASE("frame errors: wrong format tag, missing fields, wrong types", "[survey]") {
    CHECK(has(check(json::array()), "", "expected a survey object"));
    json doc = minimal();
    doc["touchpoint"] = "survey/2";
    CHECK(has(check(doc), "/touchpoint", "expected \"touchpoint\": \"survey/1\""));
    doc = minimal();
    doc.erase("version");
    CHECK(has(check(doc), "", "missing \"version\""));
    doc = minimal();
    doc["questions"] = json::object();
    CHECK(has(check(doc), "/questions", "non-empty \"questions\" array"));
    doc = minimal();
    doc["questions"][0]["required"] = "yes";
    CHECK(has(check(doc), "/questions/0/required", "expected true or false"));
    doc = minimal();
    doc["questions"][0].erase("title");
    CHECK(has(check(doc), "/questions/0", "missing \"title\""));
    doc = minimal();
    doc["questions"][1]["id"] = "has space";
    CHECK(has(check(doc), "/questions/1/id", "an id needs"));
}

TEST_CASE("pages, logic and scores are cross-checked", "[survey]") {
    json doc = minimal();
    doc["pages"] = {{{"id", "p1"}, {"questions", {"nps", "role"}}}, {{"id", "p2"}, {"questions", {"why", "nope"}}}};
    CHECK(has(check(doc), "/pages/1/questions/1", "unknown question \"nope\""));
    doc["pages"] = {{{"id", "p1"}, {"questions", {"nps", "role"}}}, {{"id", "p2"}, {"questions", {"role"}}}};
    CHECK(has(check(doc), "/pages/1/questions/0", "already on page 0"));
    doc["pages"] = {{{"id", "p1"}, {"questions", {"nps", "role"}}}};
    CHECK(has(check(doc), "/pages", "question \"why\" is on no page"));

    doc = minimal();
    doc["logic"] = {{{"if", "nps >= 9"}, {"goto", "nowhere"}}};
    CHECK(has(check(doc), "/logic/0/goto", "unknown question or page \"nowhere\""));
    doc["logic"] = {{{"if", "nps >= 9"}, {"from", "why"}, {"goto", "nps"}}};
    CHECK(has(check(doc), "/logic/0/goto", "goto must jump forward"));
    doc["logic"] = {{{"if", "nps >= 9"}, {"goto", "why"}, {"end", true}}};
    CHECK(has(check(doc), "/logic/0", "exactly one of"));
    doc["logic"] = {{{"if", "score.missing > 1"}, {"end", true}}};
    CHECK(has(check(doc), "/logic/0/if", "unknown score \"missing\" (column 1)"));

    doc = minimal();
    doc["scores"] = {{{"id", "m"}, {"weights", {{"nps", 1}, {"ghost", 2}}}}};
    CHECK(has(check(doc), "/scores/0/weights/ghost", "unknown question \"ghost\""));
    doc["scores"] = {{{"id", "a"}, {"expression", "score.b + 1"}}, {{"id", "b"}, {"expression", "nps"}}};
    CHECK(has(check(doc), "/scores/0/expression", "score \"b\" is not computed yet"));
    doc["scores"] = {{{"id", "m"}, {"weights", {{"nps", 1}}},
                      {"bands", {{{"id", "low"}, {"min", 0}}, {{"id", "high"}, {"min", 0}}}}}};
    CHECK(has(check(doc), "/scores/0/bands/1/min", "increasing order"));
}

TEST_CASE("delivery, privacy, display and trigger settings are typed", "[survey]") {
    json doc = minimal();
    doc["delivery"] = {{"endpoint", "ftp://x"}};
    CHECK(has(check(doc), "/delivery/endpoint", "expected an http(s) URL"));
    doc["delivery"] = {{"endpoint", "/r"}, {"alerts", {{"endpoint", "/a"}, {"on", {"angry"}}}}};
    CHECK(has(check(doc), "/delivery/alerts/on/0", "expected detractor, low-csat or high-effort"));
    doc.erase("delivery");
    doc["privacy"] = {{"context", {"ip"}}};
    CHECK(has(check(doc), "/privacy/context/0", "expected \"page\""));
    doc["privacy"] = {{"timeResolution", "second"}};
    CHECK(has(check(doc), "/privacy/timeResolution", "expected one of minute, hour, day"));
    doc.erase("privacy");
    doc["trigger"] = {{"sampling", 150}};
    CHECK(has(check(doc), "/trigger/sampling", "out of range"));
    doc.erase("trigger");
    doc["display"] = {{"mode", "banner"}};
    CHECK(has(check(doc), "/display/mode", "expected one of"));
    doc.erase("display");
    doc["journey"] = {{"stage", "decision"}};
    CHECK(has(check(doc), "/journey", "missing \"map\""));
}

TEST_CASE("survey: hostile input is bounded before and while parsing", "[survey]") {
    Diagnostics d;
    std::string deep(100000, '[');
    CHECK(parse_survey(deep, d) == nullptr);
    CHECK(has(d, "", "nests deeper than 32 levels"));
    Diagnostics d2;
    std::string big(2 << 20, ' ');
    CHECK(parse_survey(big, d2) == nullptr);
    CHECK(has(d2, "", "larger than"));
    Diagnostics d3;
    CHECK(parse_survey("{\"touchpoint\":", d3) == nullptr);
    CHECK(has(d3, "", "not valid JSON"));
    Diagnostics d4;
    CHECK(parse_survey(std::string("\x00\xff\xfe garbage", 12), d4) == nullptr);
    CHECK(d4.has_errors());
    // Brackets inside strings do not count towards nesting.
    json doc = minimal();
    doc["questions"][0]["title"]["en"] = std::string(200, '[');
    Diagnostics d5;
    CHECK(parse_survey(doc.dump(), d5) != nullptr);
    // Too many questions.
    doc = minimal();
    for (int i = 0; i < 600; ++i) doc["questions"].push_back({{"id", "q" + std::to_string(i)}, {"type", "nps"}, {"title", "t"}});
    Diagnostics d6;
    CHECK(load_survey(doc, d6) == nullptr);
    CHECK(has(d6, "/questions", "more than 500 questions"));
    // Text too long (characters).
    doc = minimal();
    std::string long_text;
    for (int i = 0; i < 5001; ++i) long_text += "长";
    doc["title"] = long_text;
    Diagnostics d7;
    CHECK(load_survey(doc, d7) == nullptr);
    CHECK(has(d7, "/title", "longer than 5000 characters"));
}

TEST_CASE("every example survey validates without errors or warnings", "[survey]") {
    for (const char* name : {"nps-support", "csat-delivery", "ces-onboarding", "cx-maturity", "b2b-role"}) {
        CAPTURE(name);
        auto text = tp_test::read_file(std::string("examples/surveys/") + name + ".json");
        REQUIRE(text);
        Diagnostics d;
        auto s = parse_survey(*text, d);
        CAPTURE(d.to_string());
        CHECK(s != nullptr);
        CHECK(d.empty());
        if (s) {
            CHECK(s->id == name);
            CHECK(s->journey.contains("map"));
        }
    }
}
