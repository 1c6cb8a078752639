// Each question type's result layout (survey/question.hpp, result_layout): what the collector's
// results page shows of its answers, decided by the question class and nowhere else.
#include <catch2/catch.hpp>

#include <string>

#include "touchpoint/survey/question.hpp"
#include "touchpoint/survey/survey.hpp"

using namespace touchpoint;
using nlohmann::json;

namespace {

std::unique_ptr<Survey> layouts_survey() {
    register_builtin_result_layouts();
    Diagnostics d;
    auto s = load_survey(json::parse(R"({
      "touchpoint": "survey/1", "id": "layouts", "version": "1", "locales": ["en", "zh-CN"],
      "questions": [
        {"id": "nps", "type": "nps", "title": "How likely?"},
        {"id": "pick", "type": "single", "title": "Which?", "choices": ["a", "b"]},
        {"id": "why", "type": "text", "title": "Why?"},
        {"id": "age", "type": "number", "title": "Age?"},
        {"id": "day", "type": "date", "title": "When?"},
        {"id": "much", "type": "slider", "title": "How much?"},
        {"id": "grid", "type": "matrix", "title": "Rate",
         "rows": ["speed", {"value": "price", "label": {"en": "Price", "zh-CN": "价格"}}],
         "columns": ["bad", "good"]},
        {"id": "order", "type": "ranking", "title": "Order", "choices": ["x", "y", "z"]},
        {"id": "odd", "type": "matrix", "title": "Odd", "rows": ["value"], "columns": ["no", "yes"]}
      ]})"), d);
    INFO(d.to_string());
    REQUIRE(s);
    return s;
}

}  // namespace

TEST_CASE("each question type says how its results are shown", "[result-layout][question]") {
    const auto s = layouts_survey();
    CHECK(result_layout(*s->find("nps")).shape == ResultShape::Groups);
    CHECK(result_layout(*s->find("pick")).shape == ResultShape::Groups);
    CHECK(result_layout(*s->find("why")).shape == ResultShape::Texts);
    CHECK(result_layout(*s->find("age")).shape == ResultShape::Bins);
    CHECK(result_layout(*s->find("day")).shape == ResultShape::Bins);
    CHECK(result_layout(*s->find("much")).shape == ResultShape::Bins);
    for (const char* whole : {"nps", "pick", "why", "age"}) {
        CAPTURE(whole);
        CHECK(result_layout(*s->find(whole)).parts.empty());
        CHECK(result_layout(*s->find(whole)).parts_in_rollups);
    }
}

TEST_CASE("a matrix is shown row by row over its columns, a ranking item by item over its positions",
          "[result-layout][question]") {
    const auto s = layouts_survey();
    const ResultLayout grid = result_layout(*s->find("grid"));
    CHECK(grid.shape == ResultShape::Parts);
    REQUIRE(grid.parts.size() == 2);  // a row given as a plain string is a part too
    CHECK(grid.parts[0].value == "speed");
    CHECK(grid.parts[0].label == "speed");
    CHECK(grid.parts[1].label == json({{"en", "Price"}, {"zh-CN", "价格"}}));  // the survey's text, untranslated
    REQUIRE(grid.options.size() == 2);
    CHECK(grid.options[1].value == "good");
    CHECK(grid.parts_in_rollups);

    const ResultLayout order = result_layout(*s->find("order"));
    CHECK(order.shape == ResultShape::Parts);
    REQUIRE(order.parts.size() == 3);
    CHECK(order.parts[2].value == "z");
    REQUIRE(order.options.size() == 3);
    CHECK(order.options[0].value == "1");
    CHECK(order.options[2].value == "3");
    CHECK(order.options[0].label.is_null());

    // A matrix row named "value" makes its answer read as an "other" answer: rollups lack it.
    CHECK_FALSE(result_layout(*s->find("odd")).parts_in_rollups);
}
