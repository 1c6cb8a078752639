// Every payload the engine builds is accepted by validate_response: for every example survey and
// for generated surveys covering every question type and scale configuration (CSAT and CES on 3 to
// 10 points, ratings of every shape and size, NPS), along every answer path — each boundary answer
// of each question (from the question classes' own samples), optional questions skipped — as
// partial payloads after each step and as the final one. The writer and the validator derive the
// same values (NPS category, CSAT top-2, CES easy) or this fails: it did for a 10-point CES.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "json_helpers.hpp"
#include "test_helpers.hpp"
#include "touchpoint/engine/engine.hpp"
#include "touchpoint/response/validate.hpp"
#include "touchpoint/survey/question.hpp"
#include "touchpoint/survey/survey.hpp"

namespace engine = touchpoint::engine;
using nlohmann::json;

namespace {

using tp_test::parse;

// One walk: `target` gets `target_answer` when the walk reaches it; every other question gets its
// first boundary answer, or nothing when it is optional and `skip_optional` is set.
struct Walk {
    std::string target;
    json target_answer;
    bool skip_optional = false;
    std::string locale;
};

class PayloadChecker {
public:
    PayloadChecker(std::string name, std::string survey_json) : name_(std::move(name)), text_(std::move(survey_json)) {
        touchpoint::register_builtin_question_types();
        touchpoint::register_builtin_answer_samples();
        touchpoint::Diagnostics d;
        model_ = touchpoint::parse_survey(text_, d);
        INFO(name_ << ": " << d.to_string());
        REQUIRE(model_);
    }

    // Every walk: each boundary answer of each question, then all optional questions skipped, in
    // each of the survey's locales.
    void run_all() {
        for (const std::string& locale : model_->locales) {
            walk({"", nullptr, true, locale});
            walk({"", nullptr, false, locale});
        }
        for (const auto& q : model_->questions)
            for (const json& answer : boundaries(*q)) walk({q->id, answer, false, model_->locales.front()});
    }

    std::size_t payloads() const { return payloads_; }
    const std::vector<std::string>& failures() const { return failures_; }

private:
    std::vector<json> boundaries(const touchpoint::Question& q) const {
        const touchpoint::AnswerSamples* samples = touchpoint::answer_samples(q.type_name);
        INFO(name_ << ": no answer samples for type " << q.type_name);
        REQUIRE(samples);
        std::vector<json> out = samples->boundaries(q);
        INFO(name_ << ": " << q.id << " has no boundary answers");
        REQUIRE_FALSE(out.empty());
        return out;
    }

    json answer_for(const touchpoint::Question& q, const Walk& w) const {
        if (q.id == w.target) return w.target_answer;
        if (w.skip_optional && !q.required) return nullptr;
        return boundaries(q).front();
    }

    void walk(const Walk& w) {
        int h = engine::open(text_, json{{"locale", w.locale}}.dump());
        INFO(name_ << ": " << engine::last_error());
        REQUIRE(h > 0);
        std::string path = w.target.empty() ? (w.skip_optional ? "optional skipped" : "first answers")
                                            : w.target + "=" + w.target_answer.dump();
        for (int step = 0; step < 200; ++step) {
            json view = parse(engine::view(h));
            if (view["done"] == true) break;
            for (const json& q : view["questions"]) {
                const touchpoint::Question* model = model_->find(q["id"].get<std::string>());
                REQUIRE(model);
                json a = answer_for(*model, w);
                if (!a.is_null()) engine::answer(h, model->id, a.dump());
            }
            check(h, path + " (partial, step " + std::to_string(step) + ")", true);
            if (advance(h, view)) continue;
            // The step refused the planned answers (a survey's own validation rule, a consent it
            // needs): try the other boundary answers of the questions in error, then give up.
            bool moved = false;
            json refused = parse(engine::view(h));
            for (const json& q : refused["questions"]) {
                if (q["error"].is_null()) continue;
                const touchpoint::Question* model = model_->find(q["id"].get<std::string>());
                for (const json& a : boundaries(*model)) {
                    engine::answer(h, model->id, a.dump());
                    if ((moved = advance(h, view))) break;
                }
                if (moved) break;
            }
            if (!moved) break;
        }
        check(h, path, false);
        engine::close(h);
    }

    static bool advance(int h, const json& before) {
        json after = parse(engine::next(h));
        return after["done"] == true || after["step"]["index"] != before["step"]["index"];
    }

    void check(int h, const std::string& path, bool partial) {
        ++payloads_;
        char hex[33];
        std::snprintf(hex, sizeof hex, "%032zx", payloads_);
        hex[12] = '4';
        json context = {{"page", "/checkout?step=2#pay"},
                        {"now_ms", 1795392000000 + std::int64_t(payloads_) * 61000},
                        {"respondent", "site-user-42"},
                        {"key", "site-key"},
                        {"segment", {{"plan", "pro"}, {"industry", "retail"}, {"role", "funder"}}},
                        {"journey", {{"map", "b2b-purchase"}, {"stage", "decision"}, {"touchpoint", "demo-call"}}}};
        if (partial) context["partial"] = true;
        json payload = parse(engine::payload(h, context.dump(), hex));
        if (payload.contains("error")) {
            failures_.push_back(name_ + " / " + path + ": the engine built no payload: " + payload.dump());
            return;
        }
        touchpoint::Diagnostics d = touchpoint::validate_response(payload);
        if (d.has_errors())
            failures_.push_back(name_ + " / " + path + ": " + d.to_string() + "\n  payload: " + payload.dump());
    }

    std::string name_, text_;
    std::unique_ptr<touchpoint::Survey> model_;
    std::size_t payloads_ = 0;
    std::vector<std::string> failures_;
};

void check_survey(const std::string& name, const std::string& text, std::size_t& payloads) {
    PayloadChecker checker(name, text);
    checker.run_all();
    payloads += checker.payloads();
    std::string first;
    for (std::size_t i = 0; i < checker.failures().size() && i < 3; ++i) first += checker.failures()[i] + "\n";
    INFO(checker.failures().size() << " of " << checker.payloads() << " payloads refused; the first:\n" << first);
    CHECK(checker.failures().empty());
}

json survey_with(const std::string& id, json questions) {
    return {{"touchpoint", "survey/1"},
            {"id", id},
            {"version", "1"},
            {"locales", {"en", "zh-CN"}},
            {"title", "Generated"},
            {"questions", std::move(questions)},
            {"journey", {{"map", "b2b-purchase"}, {"stage", "decision"}, {"touchpoint", "demo-call"}}},
            {"delivery",
             {{"endpoint", "/api/responses"},
              {"alerts", {{"endpoint", "/api/alerts"}, {"on", {"detractor", "low-csat", "high-effort"}}}}}},
            {"privacy", {{"timeResolution", "minute"}, {"context", {"page", "respondent", "segment.plan"}}}}};
}

json scale_question(const std::string& type, const std::string& id, int points, bool required) {
    json q = {{"id", id}, {"type", type}, {"title", type + " " + std::to_string(points)}, {"required", required}};
    if (points > 0) q["scale"] = points;
    return q;
}

}  // namespace

TEST_CASE("every payload the engine builds for the example surveys is a valid response/1", "[payload][validate]") {
    std::size_t payloads = 0;
    for (const char* name : {"b2b-role", "ces-onboarding", "csat-delivery", "cx-maturity", "nps-support"}) {
        auto text = tp_test::read_file(std::string("examples/surveys/") + name + ".json");
        REQUIRE(text);
        check_survey(name, *text, payloads);
    }
    CHECK(payloads > 200);
}

TEST_CASE("every payload for every scale configuration is a valid response/1", "[payload][validate]") {
    std::size_t payloads = 0;
    // NPS with the default CSAT and CES scales: the one survey every builtin score and alert is in.
    check_survey("defaults", survey_with("defaults", {scale_question("nps", "nps", 0, true),
                                                      scale_question("csat", "csat", 0, true),
                                                      scale_question("ces", "ces", 0, true),
                                                      scale_question("rating", "stars", 0, false)})
                                  .dump(),
                 payloads);
    // CSAT and CES on every size they may have (3 to 10 points), one survey per size, optional.
    for (int points = 3; points <= 10; ++points) {
        std::string id = "scale-" + std::to_string(points);
        check_survey(id,
                     survey_with(id, {scale_question("csat", "csat", points, false),
                                      scale_question("ces", "ces", points, false),
                                      scale_question("nps", "nps", 0, false)})
                         .dump(),
                     payloads);
    }
    // Ratings: every size in every shape (smileys up to 5 points).
    json ratings = json::array();
    for (int points = 2; points <= 10; ++points)
        for (const char* shape : {"numbers", "stars", "smileys"}) {
            if (std::string(shape) == "smileys" && points > 5) continue;
            json q = scale_question("rating", std::string("r") + shape + std::to_string(points), points, points % 2 == 0);
            q["shape"] = shape;
            ratings.push_back(q);
        }
    json rating_survey = survey_with("ratings", ratings);
    rating_survey["scores"] = {{{"id", "total"},
                                {"weights", {{"rnumbers2", 1}, {"rstars10", 0.5}}},
                                {"bands", {{{"id", "low"}, {"label", "Low"}}, {{"id", "high"}, {"min", 5}, {"label", "High"}}}}}};
    check_survey("ratings", rating_survey.dump(), payloads);
    CHECK(payloads > 500);
}

TEST_CASE("every payload for every other question type is a valid response/1", "[payload][validate]") {
    json choices = {{{"value", "a"}, {"label", "A"}, {"score", 1}}, {{"value", "b"}, {"label", "B"}, {"score", 2}},
                    {{"value", "c"}, {"label", "C"}, {"score", 3}}};
    json questions = {
        {{"id", "single"}, {"type", "single"}, {"title", "One"}, {"choices", choices}, {"required", true}},
        {{"id", "single_other"}, {"type", "single"}, {"title", "One or other"}, {"choices", choices}, {"other", "Else"}},
        {{"id", "multi"}, {"type", "multi"}, {"title", "Some"}, {"choices", choices}, {"other", true},
         {"minPicks", 2}, {"maxPicks", 3}, {"required", true}},
        {{"id", "multi_any"}, {"type", "multi"}, {"title", "Any"}, {"choices", choices}},
        {{"id", "ranking"}, {"type", "ranking"}, {"title", "Order"}, {"choices", choices}},
        {{"id", "matrix"}, {"type", "matrix"}, {"title", "Grid"}, {"rows", {"x", "y"}}, {"columns", choices},
         {"required", true}},
        {{"id", "short"}, {"type", "text"}, {"title", "Short"}, {"maxLength", 12}},
        {{"id", "long"}, {"type", "text"}, {"title", "Long"}, {"multiline", true}, {"pii", "allow"}},
        {{"id", "dropped"}, {"type", "text"}, {"title", "Dropped"}, {"pii", "drop"}},
        {{"id", "count"}, {"type", "number"}, {"title", "How many"}, {"min", 0}, {"max", 50}, {"integer", true}},
        {{"id", "amount"}, {"type", "number"}, {"title", "How much"}},
        {{"id", "when"}, {"type", "date"}, {"title", "When"}, {"min", "2026-01-01"}, {"max", "2026-12-31"}},
        {{"id", "any_date"}, {"type", "date"}, {"title", "Any date"}},
        {{"id", "consent"}, {"type", "consent"}, {"title", "OK?"}, {"consentText", "Yes"}, {"required", true}},
        {{"id", "maybe"}, {"type", "consent"}, {"title", "Maybe?"}, {"consentText", "Perhaps"}},
        {{"id", "slider"}, {"type", "slider"}, {"title", "How far"}, {"required", true}},
        {{"id", "fine_slider"}, {"type", "slider"}, {"title", "Share"}, {"min", -1}, {"max", 1}, {"step", 0.1},
         {"minLabel", "Less"}, {"maxLabel", "More"}},
        {{"id", "cta"}, {"type", "cta"}, {"title", "Try it"}, {"buttonLabel", "Open"}, {"url", "https://example.com/x"},
         {"required", true}},
        {{"id", "optional_cta"}, {"type", "cta"}, {"title", "Read"}, {"buttonLabel", "Read"}, {"url", "http://example.com"},
         {"dismissLabel", "Later"}},
    };
    std::size_t payloads = 0;
    check_survey("types", survey_with("types", questions).dump(), payloads);
    // Every registered type is covered by the surveys of this file.
    std::vector<std::string> covered = {"nps", "csat", "ces", "rating"};
    for (const json& q : questions) covered.push_back(q["type"].get<std::string>());
    for (const std::string& type : touchpoint::registered_question_types()) {
        INFO("question type without a case here: " << type);
        CHECK(std::find(covered.begin(), covered.end(), type) != covered.end());
    }
    CHECK(payloads > 100);
}
