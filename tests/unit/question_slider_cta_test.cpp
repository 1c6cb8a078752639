// The slider and call-to-action question types end to end in the core: their definitions'
// validation (reported at JSON pointers), the answers they accept, the view the renderer gets,
// the generator's answers, and how aggregation and the CSV codec carry them.
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "touchpoint/aggregate/aggregator.hpp"
#include "touchpoint/engine/engine.hpp"
#include "touchpoint/generate/generator.hpp"
#include "touchpoint/response/csv.hpp"
#include "touchpoint/response/validate.hpp"
#include "touchpoint/survey/question.hpp"
#include "touchpoint/survey/survey.hpp"

using namespace touchpoint;
using nlohmann::json;

namespace {

json survey_of(json questions) {
    return {{"touchpoint", "survey/1"}, {"id", "types"}, {"version", "1"}, {"locales", {"en", "zh-CN"}},
            {"questions", std::move(questions)}};
}

// The diagnostics (errors and warnings) of a one-question survey, as text ("" when it loads cleanly).
std::string problems(json question) {
    register_builtin_question_types();
    Diagnostics d;
    load_survey(survey_of(json::array({std::move(question)})), d);
    return d.to_string();
}

std::unique_ptr<Survey> loaded(json question) {
    register_builtin_question_types();
    Diagnostics d;
    auto s = load_survey(survey_of(json::array({std::move(question)})), d);
    INFO(d.to_string());
    REQUIRE(s);
    return s;
}

AnswerError error_of(const Question& q, const json& raw) {
    json out;
    return q.normalize(raw, out).error;
}

const json kSlider = {{"id", "s"}, {"type", "slider"}, {"title", "How much?"}};
const json kCta = {{"id", "go"}, {"type", "cta"}, {"title", "Try the new editor"}, {"buttonLabel", "Open"},
                   {"url", "https://example.com/editor?from=survey"}};

json with(json q, const char* key, json value) {
    q[key] = std::move(value);
    return q;
}

}  // namespace

TEST_CASE("slider definitions: min below max, a positive step, max reachable in steps", "[question][slider]") {
    CHECK(problems(kSlider) == "");
    CHECK(problems(with(with(with(kSlider, "min", -1), "max", 1), "step", 0.1)) == "");
    std::string equal = problems(with(with(kSlider, "min", 5), "max", 5));
    CHECK(equal.find("/questions/0/min: min must be less than max") != std::string::npos);
    CHECK(problems(with(with(kSlider, "min", 10), "max", 1)).find("/questions/0/min") != std::string::npos);
    CHECK(problems(with(kSlider, "step", 0)).find("/questions/0/step: step must be greater than 0") != std::string::npos);
    CHECK(problems(with(kSlider, "step", -5)).find("/questions/0/step") != std::string::npos);
    CHECK(problems(with(kSlider, "step", 7)).find("/questions/0/step: max − min must be a whole number of steps") !=
          std::string::npos);
    CHECK(problems(with(kSlider, "step", "1")).find("/questions/0/step: expected a number") != std::string::npos);
    CHECK(problems(with(kSlider, "minLabel", 3)).find("/questions/0/minLabel") != std::string::npos);
    CHECK(problems(with(kSlider, "unit", "%")).find("/questions/0/unit") != std::string::npos);
}

TEST_CASE("slider answers: a number in range and on a step", "[question][slider]") {
    auto s = loaded(with(with(with(kSlider, "min", -1), "max", 1), "step", 0.1));
    const Question& q = *s->questions[0];
    json out;
    CHECK(q.normalize(0.3, out).ok());  // 0.1 * 13 - 1 in binary: on the step all the same
    CHECK(out == 0.3);
    CHECK(q.normalize(-1, out).ok());
    CHECK(q.normalize(1, out).ok());
    CHECK(error_of(q, 0.35) == AnswerError::Invalid);
    CHECK(error_of(q, 1.1) == AnswerError::Range);
    CHECK(error_of(q, -2) == AnswerError::Range);
    CHECK(error_of(q, "0.5") == AnswerError::Type);
    CHECK(error_of(q, true) == AnswerError::Type);
    CHECK(q.normalize(nullptr, out).ok());
    CHECK(out.is_null());
    double n = 0;
    CHECK(q.numeric(0.5, n));
    CHECK(n == 0.5);
    CHECK(q.feeds().score == BuiltinScore::None);

    auto plain = loaded(kSlider);  // 0–100 in steps of 1
    CHECK(error_of(*plain->questions[0], 50) == AnswerError::None);
    CHECK(error_of(*plain->questions[0], 50.5) == AnswerError::Invalid);
    CHECK(error_of(*plain->questions[0], 101) == AnswerError::Range);
}

TEST_CASE("cta definitions: a label and an http(s) link, refused otherwise at /url", "[question][cta]") {
    CHECK(problems(kCta) == "");
    CHECK(problems(with(kCta, "url", "http://example.com")) == "");
    CHECK(problems(with(kCta, "dismissLabel", {{"en", "Later"}, {"zh-CN", "以后再说"}})) == "");
    for (const char* bad : {"javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<b>x</b>", "//evil.example",
                            "/relative", "https://", "https://a b", "ftp://example.com", "https://x\n.com", ""}) {
        CAPTURE(bad);
        std::string p = problems(with(kCta, "url", bad));
        CHECK(p.find("/questions/0/url: expected an http:// or https:// URL") != std::string::npos);
    }
    CHECK(problems(with(kCta, "url", std::string(1995, 'a').insert(0, "https://"))).find("/questions/0/url: longer than 2000") !=
          std::string::npos);
    json no_url = kCta;
    no_url.erase("url");
    CHECK(problems(no_url).find("/questions/0: missing \"url\"") != std::string::npos);
    json no_label = kCta;
    no_label.erase("buttonLabel");
    CHECK(problems(no_label).find("/questions/0: missing \"buttonLabel\"") != std::string::npos);
}

TEST_CASE("cta answers: clicked or dismissed, counting 1 or 0", "[question][cta]") {
    auto s = loaded(kCta);
    const Question& q = *s->questions[0];
    json out;
    CHECK(q.normalize("clicked", out).ok());
    CHECK(out == "clicked");
    CHECK(q.normalize("dismissed", out).ok());
    CHECK(error_of(q, "opened") == AnswerError::Type);
    CHECK(error_of(q, true) == AnswerError::Type);
    double n = -1;
    CHECK(q.numeric("clicked", n));
    CHECK(n == 1);
    CHECK(q.numeric("dismissed", n));
    CHECK(n == 0);
    CHECK_FALSE(q.has_free_text());
}

TEST_CASE("the engine's view carries the slider's track and the cta's link; answers reach the payload",
          "[engine][slider][cta]") {
    register_builtin_question_types();
    json slider = with(with(with(with(kSlider, "max", 10), "step", 0.5), "minLabel", {{"en", "Little"}, {"zh-CN", "很少"}}),
                       "required", true);
    std::string text = survey_of({slider, with(kCta, "required", true)}).dump();
    int h = engine::open(text, json{{"locale", "zh-CN"}}.dump());
    REQUIRE(h > 0);
    json view = json::parse(engine::view(h));
    json q = view["questions"][0];
    CHECK(q["type"] == "slider");
    CHECK(q["min"] == 0);
    CHECK(q["max"] == 10);
    CHECK(q["step"] == 0.5);
    CHECK(q["minLabel"] == "很少");
    engine::answer(h, "s", "2.25");  // between two steps: refused on the way out
    view = json::parse(engine::next(h));
    CHECK(view["questions"][0]["id"] == "s");
    CHECK(view["questions"][0]["error"] == "请检查此答案。");
    engine::answer(h, "s", "11");
    view = json::parse(engine::next(h));
    CHECK(view["questions"][0]["error"] == "请选择 0–10 范围内的值。");
    engine::answer(h, "s", "2.5");
    view = json::parse(engine::next(h));
    q = view["questions"][0];
    CHECK(q["type"] == "cta");
    CHECK(q["url"] == "https://example.com/editor?from=survey");
    CHECK(q["buttonLabel"] == "Open");
    CHECK_FALSE(q.contains("dismissLabel"));  // the widget's own, localized
    engine::answer(h, "go", "\"dismissed\"");
    view = json::parse(engine::next(h));
    json payload = json::parse(engine::payload(h, R"({"now_ms":1763874123456,"page":"/a"})", "00112233445566778899aabbccddeeff"));
    INFO(payload.dump());
    engine::close(h);
    CHECK(payload["answers"]["s"] == 2.5);
    CHECK(payload["answers"]["go"] == "dismissed");
    Diagnostics d = validate_response(payload);
    INFO(d.to_string());
    CHECK_FALSE(d.has_errors());
}

TEST_CASE("generated slider and cta answers are accepted, spread out, and aggregate by value", "[generate][aggregate]") {
    register_builtin_answer_samples();
    json fine = with(with(with(with(kSlider, "id", "share"), "min", -1), "max", 1), "step", 0.1);
    std::string text = survey_of({with(kSlider, "required", true), fine, with(kCta, "required", true)}).dump();
    Diagnostics d;
    GenerateOptions o;
    o.seed = 17;
    auto g = ResponseGenerator::create(text, "", o, d);
    INFO(d.to_string());
    REQUIRE(g);
    auto survey = parse_survey(text, d);
    REQUIRE(survey);
    Aggregator by_slider({"answer.s"}), by_cta({"answer.go"}), from_csv({"answer.go"});
    std::string csv = response_csv_header();
    std::set<double> sliders;
    std::map<std::string, int> ctas;
    for (int i = 0; i < 400; ++i) {
        std::string line = g->next();
        json p = json::parse(line);
        CHECK_FALSE(validate_response(p).has_errors());
        for (const auto& q : survey->questions) {
            if (!p["answers"].contains(q->id)) continue;
            json out;
            CAPTURE(q->id, p["answers"][q->id]);
            CHECK(q->normalize(p["answers"][q->id], out).ok());
        }
        sliders.insert(p["answers"]["s"].get<double>());
        ctas[p["answers"]["go"].get<std::string>()]++;
        CHECK(by_slider.add_line(line));
        CHECK(by_cta.add_line(line));
        csv += response_to_csv_row(p);
    }
    CHECK(sliders.size() > 10);  // a spread, not one value
    REQUIRE(ctas.size() == 2);
    CHECK(ctas["clicked"] > 50);
    CHECK(ctas["dismissed"] > 50);

    by_slider.finish();
    json slider_groups = json::parse(by_slider.result_json())["groups"];
    CHECK(slider_groups.size() == sliders.size());
    // Group keys are the values' text, as for every answer (a number question's too).
    for (const json& group : slider_groups) CHECK(sliders.count(std::stod(group["key"]["answer.s"].get<std::string>())) == 1);

    by_cta.finish();
    from_csv.add_csv(csv);
    from_csv.finish();
    CHECK(from_csv.bad_line_count() == 0);
    CHECK(from_csv.result_json() == by_cta.result_json());
    json cta_groups = json::parse(by_cta.result_json())["groups"];
    REQUIRE(cta_groups.size() == 2);
    CHECK(cta_groups[0]["key"]["answer.go"] == "clicked");
    CHECK(cta_groups[0]["n"] == ctas["clicked"]);
    CHECK(cta_groups[1]["key"]["answer.go"] == "dismissed");
    CHECK(cta_groups[1]["n"] == ctas["dismissed"]);
}
