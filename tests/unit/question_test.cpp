#include <catch2/catch.hpp>

#include <string_view>

#include "touchpoint/survey/question.hpp"
#include "touchpoint/survey/schema.hpp"
#include "touchpoint/survey/survey.hpp"

using namespace touchpoint;
using nlohmann::json;

namespace {
// Loads one question definition inside a minimal survey; nullptr on errors.
std::unique_ptr<Survey> with_question(json q, Diagnostics& d) {
    json doc = {{"touchpoint", "survey/1"}, {"id", "q"}, {"version", "1"}, {"locales", {"zh-CN", "en"}},
                {"questions", {q}}};
    return load_survey(doc, d);
}

struct Probe {
    std::unique_ptr<Survey> survey;
    const Question* q = nullptr;
    explicit Probe(json def) {
        Diagnostics d;
        survey = with_question(std::move(def), d);
        CAPTURE(d.to_string());
        REQUIRE(survey);
        q = survey->questions[0].get();
    }
    AnswerError err(const json& raw) const {
        json out;
        return q->normalize(raw, out).error;
    }
    json norm(const json& raw) const {
        json out;
        q->normalize(raw, out);
        return out;
    }
};
}  // namespace

TEST_CASE("every built-in type is registered by its type string", "[question]") {
    register_builtin_question_types();
    auto types = registered_question_types();
    for (const char* t : {"nps", "csat", "ces", "rating", "single", "multi", "text", "matrix", "ranking", "number",
                          "date", "consent", "slider", "cta"}) {
        CAPTURE(t);
        CHECK(std::find(types.begin(), types.end(), t) != types.end());
        CHECK(make_question(t) != nullptr);
    }
    CHECK(make_question("hologram") == nullptr);
}

TEST_CASE("every type's new question (the schema's example, Studio's start) loads with no problem", "[question]") {
    // The question shape of the survey/1 field table: one variant per registered type, each with the
    // smallest valid question of its type (what Studio's "Add question" starts from).
    const schema::Document& doc = survey_schema();
    const schema::Shape* question = nullptr;
    for (std::size_t i = 0; i < doc.shape_count; ++i)
        if (std::string_view(doc.shapes[i]->name) == "question") question = doc.shapes[i];
    REQUIRE(question);
    register_builtin_question_types();
    REQUIRE(question->variant_count == registered_question_types().size());
    for (std::size_t v = 0; v < question->variant_count; ++v) {
        const schema::Variant& type = question->variants[v];
        CAPTURE(type.value);
        REQUIRE(type.example);
        const json example = json::parse(type.example);
        CHECK(example.at("type") == type.value);
        for (const json& locales : {json{"en"}, json{"zh-CN", "en"}}) {
            json survey = {{"touchpoint", "survey/1"}, {"id", "new"}, {"version", "1"}, {"locales", locales},
                           {"questions", {example}}};
            Diagnostics d;
            const std::unique_ptr<Survey> loaded = load_survey(survey, d);
            CAPTURE(d.to_string());
            CHECK(loaded);
            CHECK(d.empty());  // not even a warning
        }
    }
}

TEST_CASE("nps, csat, ces and rating take whole numbers in range", "[question]") {
    Probe nps({{"id", "n"}, {"type", "nps"}, {"title", "t"}});
    CHECK(nps.norm(0) == 0);
    CHECK(nps.norm(10.0) == 10);
    CHECK(nps.err(11) == AnswerError::Range);
    CHECK(nps.err(-1) == AnswerError::Range);
    CHECK(nps.err(7.5) == AnswerError::NotInteger);
    CHECK(nps.err("9") == AnswerError::Type);
    CHECK(nps.norm(nullptr).is_null());
    Probe csat({{"id", "c"}, {"type", "csat"}, {"title", "t"}, {"scale", 7}});
    CHECK(csat.norm(7) == 7);
    CHECK(csat.err(0) == AnswerError::Range);
    Probe ces({{"id", "c"}, {"type", "ces"}, {"title", "t"}});
    CHECK(ces.err(8) == AnswerError::Range);
    Probe rating({{"id", "r"}, {"type", "rating"}, {"title", "t"}, {"scale", 3}, {"shape", "smileys"}});
    json view;
    rating.q->describe(view, Localizer{"en", "zh-CN"});
    CHECK(view["min"] == 1);
    CHECK(view["max"] == 3);
    CHECK(view["shape"] == "smileys");
}

TEST_CASE("single with other text, and choice scores", "[question]") {
    Probe p({{"id", "s"}, {"type", "single"}, {"title", "t"}, {"other", true},
             {"choices", {{{"value", "a"}, {"label", {{"zh-CN", "甲"}, {"en", "A"}}}, {"score", 3}}, "b"}}});
    CHECK(p.norm("a") == "a");
    CHECK(p.err("c") == AnswerError::UnknownChoice);
    CHECK(p.err("other") == AnswerError::OtherText);
    CHECK(p.norm({{"value", "other"}, {"text", "  微信  "}}) == json({{"value", "other"}, {"text", "微信"}}));
    CHECK(p.err({{"value", "other"}, {"text", "　"}}) == AnswerError::OtherText);  // ideographic space only
    CHECK(p.err(3) == AnswerError::Type);
    double n = 0;
    CHECK(p.q->numeric("a", n));
    CHECK(n == 3);
    CHECK_FALSE(p.q->numeric("b", n));
    json view;
    p.q->describe(view, Localizer{"zh-CN", "zh-CN"});
    CHECK(view["choices"][0]["label"] == "甲");
    CHECK(view["other"] == true);
    Diagnostics d;
    CHECK(with_question({{"id", "s"}, {"type", "single"}, {"title", "t"}, {"choices", {"a", "a"}}}, d) == nullptr);
    CHECK(d.to_string().find("/questions/0/choices/1: duplicate choice value \"a\"") != std::string::npos);
}

TEST_CASE("multi enforces min/max picks and keeps other text", "[question]") {
    Probe p({{"id", "m"}, {"type", "multi"}, {"title", "t"}, {"other", true}, {"minPicks", 2}, {"maxPicks", 3},
             {"choices", {"a", "b", "c", "d"}}});
    CHECK(p.norm(json({"a", "b"})) == json({"a", "b"}));
    CHECK(p.norm(json({"a", "a", "b"})) == json({"a", "b"}));  // double click
    CHECK(p.err(json({"a"})) == AnswerError::TooFew);
    CHECK(p.norm(json({"a"})) == json({"a"}));                // kept, reported at next()
    CHECK(p.err(json({"a", "b", "c", "d"})) == AnswerError::TooMany);
    CHECK(p.err(json({"a", "zz"})) == AnswerError::UnknownChoice);
    CHECK(p.err(json({"a", 1})) == AnswerError::Type);
    json other = {{"value", {"a", "other"}}, {"text", "邮件"}};
    CHECK(p.norm(other) == other);
    CHECK(p.err(json({"a", "other"})) == AnswerError::OtherText);
    CHECK(p.norm(json::array()).is_null());
    Diagnostics d;
    with_question({{"id", "m"}, {"type", "multi"}, {"title", "t"}, {"choices", {"a", "b"}}, {"minPicks", 3}}, d);
    CHECK(d.to_string().find("/questions/0/minPicks: minPicks out of range") != std::string::npos);
}

TEST_CASE("text counts characters for maxLength and trims", "[question]") {
    Probe p({{"id", "t"}, {"type", "text"}, {"title", "t"}, {"maxLength", 4}});
    CHECK(p.norm("数字聆听") == "数字聆听");
    CHECK(p.err("数字聆听!") == AnswerError::TooLong);
    CHECK(p.norm("  ok \n") == "ok");
    CHECK(p.norm("   ").is_null());
    CHECK(p.err(12) == AnswerError::Type);
    CHECK(p.q->has_free_text());
}

TEST_CASE("matrix needs known rows and columns; required means every row", "[question]") {
    Probe p({{"id", "x"}, {"type", "matrix"}, {"title", "t"}, {"rows", {"r1", "r2"}},
             {"columns", {{{"value", "disagree"}, {"score", 0}}, {{"value", "agree"}, {"score", 10}}}}});
    json a = {{"r1", "agree"}};
    CHECK(p.norm(a) == a);
    CHECK_FALSE(p.q->complete(a));
    CHECK(p.q->complete({{"r1", "agree"}, {"r2", "disagree"}}));
    CHECK(p.err({{"r9", "agree"}}) == AnswerError::UnknownChoice);
    CHECK(p.err({{"r1", "meh"}}) == AnswerError::UnknownChoice);
    CHECK(p.err({{"r1", 1}}) == AnswerError::Type);
    double n = 0;
    CHECK(p.q->numeric({{"r1", "agree"}, {"r2", "agree"}}, n));
    CHECK(n == 20);
}

TEST_CASE("ranking, number, date and consent", "[question]") {
    Probe r({{"id", "r"}, {"type", "ranking"}, {"title", "t"}, {"choices", {"price", "speed", "support"}}});
    CHECK(r.norm(json({"speed", "price", "support"})) == json({"speed", "price", "support"}));
    CHECK(r.err(json({"speed"})) == AnswerError::Incomplete);
    CHECK(r.err(json({"speed", "speed", "price"})) == AnswerError::Type);
    Probe n({{"id", "n"}, {"type", "number"}, {"title", "t"}, {"min", 1}, {"max", 500}, {"integer", true}});
    CHECK(n.norm(42) == 42);
    CHECK(n.err(0) == AnswerError::Range);
    CHECK(n.err(2.5) == AnswerError::NotInteger);
    Probe dt({{"id", "d"}, {"type", "date"}, {"title", "t"}, {"min", "2026-01-01"}});
    CHECK(dt.norm("2026-02-28") == "2026-02-28");
    CHECK(dt.err("2026-02-29") == AnswerError::Date);
    CHECK(dt.norm("2028-02-29") == "2028-02-29");
    CHECK(dt.err("2025-12-31") == AnswerError::Range);
    CHECK(dt.err("26-1-1") == AnswerError::Date);
    Probe c({{"id", "c"}, {"type", "consent"}, {"title", "t"}, {"consentText", {{"zh-CN", "我同意"}, {"en", "I agree"}}}});
    CHECK(c.norm(true) == true);
    CHECK_FALSE(c.q->complete(false));
    CHECK(c.err("yes") == AnswerError::Type);
    Diagnostics d;
    CHECK(with_question({{"id", "c"}, {"type", "consent"}, {"title", "t"}}, d) == nullptr);
    CHECK(d.to_string().find("/questions/0: missing \"consentText\"") != std::string::npos);
}
