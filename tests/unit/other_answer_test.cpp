// The answer of a choice that picks "other" (touchpoint/survey/other_answer.def) against the code
// that writes, redacts, validates and counts it: each uses the table's members and no other.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "touchpoint/privacy/scrub.hpp"
#include "touchpoint/response/validate.hpp"
#include "touchpoint/survey/other_answer.hpp"
#include "touchpoint/survey/question.hpp"
#include "touchpoint/survey/survey.hpp"

using namespace touchpoint;
using nlohmann::json;

namespace {

std::unique_ptr<Survey> choice_survey() {
    register_builtin_question_types();
    Diagnostics d;
    auto s = load_survey(json::parse(R"({
      "touchpoint": "survey/1", "id": "other", "version": "1", "locales": ["en"],
      "questions": [
        {"id": "where", "type": "single", "title": "Where?", "choices": ["docs", "chat"], "other": true},
        {"id": "tools", "type": "multi", "title": "Which?", "choices": ["a", "b"], "other": true}
      ]})"), d);
    INFO(d.to_string());
    REQUIRE(s);
    return s;
}

std::set<std::string> rows() {
    std::set<std::string> out;
    for (const other_answer::Row& row : other_answer::kRows) out.insert(row.name);
    return out;
}

std::set<std::string> keys(const json& obj) {
    std::set<std::string> out;
    for (auto it = obj.begin(); it != obj.end(); ++it) out.insert(it.key());
    return out;
}

}  // namespace

TEST_CASE("single and multi write an \"other\" answer with exactly the table's members", "[other-answer]") {
    const auto survey = choice_survey();
    const json typed = {{other_answer::value, other_answer::kChoice}, {other_answer::text, "  WeChat "}};
    json single, multi;
    REQUIRE(survey->find("where")->normalize(typed, single).ok());
    REQUIRE(survey->find("tools")->normalize(
        {{other_answer::value, {"a", other_answer::kChoice}}, {other_answer::text, "mail"}}, multi).ok());
    CHECK(keys(single) == rows());
    CHECK(keys(multi) == rows());
    CHECK(single[other_answer::text] == "WeChat");
    // The required row is what makes the object an "other" answer; without the text it is refused.
    json out;
    CHECK(survey->find("where")->normalize({{other_answer::value, other_answer::kChoice}}, out).error ==
          AnswerError::OtherText);
}

TEST_CASE("the scrub policy redacts an \"other\" answer's text member", "[other-answer]") {
    const auto survey = choice_survey();
    json answer = {{other_answer::value, other_answer::kChoice}, {other_answer::text, "call 13812345678"}};
    int redactions = 0;
    REQUIRE(scrub_answer(*survey, *survey->find("where"), answer, redactions));
    CHECK(redactions == 1);
    CHECK(answer[other_answer::text].get<std::string>().find("13812345678") == std::string::npos);
}

TEST_CASE("the validator accepts the table's members of an \"other\" answer and flags any other",
          "[other-answer][response]") {
    json p = json::parse(R"({"touchpoint": "response/1", "id": "7d0c3a52-3f7e-4d5b-9a1c-0b8e6f2d4c11",
      "survey": {"id": "other", "version": "1", "hash": "sha256:0123456789abcdef0123456789abcdef"},
      "submitted": "2026-12-02T10:00:00Z", "partial": false, "locale": "en", "answers": {},
      "scores": {}, "redactions": 0})");
    p["answers"]["where"] = {{other_answer::value, other_answer::kChoice}, {other_answer::text, "WeChat"}};
    CHECK(validate_response(p).items().empty());
    p["answers"]["where"]["note"] = "x";
    const Diagnostics d = validate_response(p);
    REQUIRE(d.items().size() == 1);
    CHECK(d.items()[0].pointer == "/answers/where/note");
    // A member's own type is checked at its pointer.
    p["answers"]["where"].erase("note");
    p["answers"]["where"][other_answer::text] = 7;
    const Diagnostics typed = validate_response(p);
    REQUIRE(typed.items().size() == 1);
    CHECK(typed.items()[0].pointer == std::string("/answers/where/") + other_answer::text);
}
