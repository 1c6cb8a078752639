#include <catch2/catch.hpp>

#include "survey_fixtures.hpp"
#include "touchpoint/session/session.hpp"

using namespace touchpoint;
using nlohmann::json;

namespace {
using tp_test::example_survey;

std::vector<std::string> ids(const json& view) {
    std::vector<std::string> out;
    for (const json& q : view["questions"]) out.push_back(q["id"].get<std::string>());
    return out;
}
}  // namespace

TEST_CASE("one question per step; visibleIf shows the detractor follow-up", "[session]") {
    Session s(example_survey("nps-support"), "en");
    CHECK(s.locale() == "en");
    CHECK(ids(s.view()) == std::vector<std::string>{"nps"});
    CHECK(s.view()["canBack"] == false);
    CHECK_FALSE(s.next());  // required
    CHECK(s.view()["questions"][0]["error"] == "Please answer this question.");
    s.answer("nps", 4);
    CHECK(s.view()["questions"][0]["error"].is_null());  // answering clears the error
    CHECK(s.next());
    CHECK(ids(s.view()) == std::vector<std::string>{"why"});
    CHECK(s.view()["progress"] == 0.25);
    CHECK(s.back());
    s.answer("nps", 10);
    CHECK(s.next());
    CHECK(ids(s.view()) == std::vector<std::string>{"resolved"});  // "why" skipped for promoters
}

TEST_CASE("back returns along the path actually taken", "[session]") {
    Session s(example_survey("nps-support"), "zh-CN");
    s.answer("nps", 10);
    s.next();
    s.answer("resolved", "partly");
    s.next();
    CHECK(ids(s.view()) == std::vector<std::string>{"channel"});
    CHECK(s.back());
    CHECK(ids(s.view()) == std::vector<std::string>{"resolved"});
    CHECK(s.back());
    CHECK(ids(s.view()) == std::vector<std::string>{"nps"});
    CHECK_FALSE(s.back());
}

TEST_CASE("logic end finishes early; hidden answers do not count", "[session]") {
    Session s(example_survey("nps-support"), "en");
    s.answer("nps", 3);
    s.next();
    s.answer("why", "slow");
    s.back();
    s.answer("nps", 9);       // now a promoter: "why" is hidden again
    s.next();
    s.answer("resolved", "yes");
    s.next();                 // logic: resolved and promoter -> end
    CHECK(s.done());
    json v = s.view();
    CHECK(v["done"] == true);
    CHECK(v["progress"] == 1.0);
    CHECK(v["thankYou"]["title"] == "Thank you for your feedback!");
    CHECK(v["thankYou"]["scores"]["nps"]["category"] == "promoter");
    json a = s.answers();
    CHECK_FALSE(a.contains("why"));
    CHECK(a["nps"] == 9);
    CHECK(s.back());          // from the thank-you screen back to the last step
    CHECK_FALSE(s.done());
}

TEST_CASE("pages, goto and banded score on the thank-you screen", "[session]") {
    Session s(example_survey("cx-maturity"), "zh-CN");
    json v = s.view();
    CHECK(ids(v) == (std::vector<std::string>{"listening", "acting"}));
    CHECK(v["step"]["title"] == "实践");
    s.answer("listening", "none");
    s.answer("acting", "never");
    CHECK(s.next());
    CHECK(ids(s.view()) == (std::vector<std::string>{"company", "share"}));  // goto about
    s.answer("share", false);
    CHECK_FALSE(s.next());  // required consent must be given
    CHECK(s.view()["questions"][1]["error"] == "需要您的同意才能继续。");
    s.answer("share", true);
    CHECK(s.next());
    v = s.view();
    CHECK(v["thankYou"]["title"] == "您的结果：落后者");
    CHECK(v["thankYou"]["scores"]["custom"]["maturity"]["value"] == 0);
    CHECK(v["thankYou"]["scores"]["custom"]["maturity"]["label"] == "落后者");
    CHECK(s.back());
    CHECK(s.back());
    CHECK(ids(s.view()) == (std::vector<std::string>{"listening", "acting"}));  // skipped page not revisited
}

TEST_CASE("leader band from a full self-assessment", "[session]") {
    Session s(example_survey("cx-maturity"), "en");
    s.answer("listening", "journey");
    s.answer("acting", "hours");
    s.next();
    s.answer("ownership", {{"ceo", "fully"}, {"cfo", "partly"}});
    CHECK_FALSE(s.next());  // required matrix: every row
    CHECK(s.view()["questions"][0]["error"] == "Please answer every row.");
    s.answer("ownership", {{"ceo", "fully"}, {"cfo", "fully"}, {"cto", "fully"}});
    s.answer("metrics", {"nps", "csat", "ces"});
    CHECK(s.next());
    s.answer("share", true);
    s.next();
    json ty = s.view()["thankYou"];
    CHECK(ty["scores"]["custom"]["maturity"]["value"] == 93.5);
    CHECK(ty["scores"]["custom"]["maturity"]["band"] == "leader");
    CHECK(ty["title"] == "Your result: Leader");
    CHECK(ty["message"].get<std::string>().rfind("Maturity score 93.5/100.", 0) == 0);
}

TEST_CASE("bad answers are refused and keep the previous value", "[session]") {
    Session s(example_survey("nps-support"), "en");
    s.answer("nps", 7);
    s.answer("nps", "seven");
    json q = s.view()["questions"][0];
    CHECK(q["answer"] == 7);
    CHECK(q["error"] == "This answer is not valid here.");
    s.answer("nps", 42);
    CHECK(s.view()["questions"][0]["error"] == "Please choose a value within 0–10.");
    CHECK_FALSE(s.answer("ghost", 1));
    s.answer("nps", nullptr);  // clearing
    CHECK(s.view()["questions"][0]["answer"].is_null());
}

TEST_CASE("state round-trips and resumes where the respondent was", "[session]") {
    auto survey = example_survey("nps-support");
    Session a(survey, "zh-CN");
    a.answer("nps", 5);
    a.next();
    a.answer("why", "太慢了");
    json st = a.state();
    CHECK(st["touchpoint"] == "session/1");
    Session b(survey, "zh-CN");
    Diagnostics d;
    CHECK(b.restore(json::parse(st.dump()), d));
    CHECK(b.view() == a.view());
    CHECK(b.back());
    CHECK(ids(b.view()) == std::vector<std::string>{"nps"});

    Diagnostics bad;
    json wrong = st;
    wrong["survey"] = "sha256:00000000000000000000000000000000";
    CHECK_FALSE(b.restore(wrong, bad));
    CHECK(bad.items()[0].pointer == "/state/survey");
    wrong = st;
    wrong["path"] = {0, 99};
    CHECK_FALSE(b.restore(wrong, bad));
    wrong = st;
    wrong["answers"]["nps"] = "bogus";
    wrong["answers"]["ghost"] = 1;
    Diagnostics warn;
    CHECK(b.restore(wrong, warn));
    CHECK(warn.items().size() == 2);
    CHECK_FALSE(warn.has_errors());
    CHECK_FALSE(b.restore(json::array(), bad));
}

TEST_CASE("validation rules from the survey, localized messages", "[session]") {
    json doc = json::parse(R"({"touchpoint":"survey/1","id":"v","version":"1","locales":["zh-TW","en"],
      "questions":[{"id":"seats","type":"number","title":"Seats","required":true,
        "validation":[{"rule":"seats % 5 == 0","message":{"zh-TW":"請輸入 5 的倍數","en":"Use a multiple of 5"}}]}]})");
    Diagnostics d;
    std::shared_ptr<const Survey> survey(load_survey(doc, d));
    REQUIRE(survey);
    Session s(survey, "zh-Hant-TW");
    CHECK(s.locale() == "zh-TW");
    CHECK_FALSE(s.next());
    CHECK(s.view()["questions"][0]["error"] == "請回答此問題。");
    s.answer("seats", 12);
    CHECK_FALSE(s.next());
    CHECK(s.view()["questions"][0]["error"] == "請輸入 5 的倍數");
    s.answer("seats", 15);
    CHECK(s.next());
    CHECK(s.done());
}

TEST_CASE("a survey whose every step is hidden is done at once, and back keeps it done", "[session]") {
    json doc = json::parse(R"({"touchpoint":"survey/1","id":"h","version":"1","locales":["en"],
      "questions":[{"id":"a","type":"nps","title":"t","visibleIf":"context.segment.plan == 'pro'"}]})");
    Diagnostics d;
    std::shared_ptr<const Survey> survey(load_survey(doc, d));
    REQUIRE(survey);
    Session hidden(survey, "en", {{"segment", {{"plan", "free"}}}});
    CHECK(hidden.done());
    CHECK_FALSE(hidden.back());
    CHECK(hidden.done());
    CHECK(hidden.view()["questions"].empty());
    Session shown(survey, "en", {{"segment", {{"plan", "pro"}}}});
    CHECK_FALSE(shown.done());
    CHECK(shown.view()["questions"][0]["id"] == "a");
}
