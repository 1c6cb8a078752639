#include <catch2/catch.hpp>

#include "touchpoint/survey/expr.hpp"

using namespace touchpoint::expr;
using nlohmann::json;

namespace {
struct MapScope : Scope {
    json values;
    json lookup(std::string_view name) const override {
        auto it = values.find(std::string(name));
        return it == values.end() ? json() : *it;
    }
};

json eval(const char* text, const json& values = json::object()) {
    ParseError err;
    Expression e = Expression::parse(text, err);
    CHECK(err.column == 0);
    CAPTURE(text, err.message);
    MapScope scope;
    scope.values = values;
    return e.evaluate(scope);
}

ParseError parse_error(const std::string& text) {
    ParseError err;
    Expression e = Expression::parse(text, err);
    CHECK_FALSE(e.valid());
    return err;
}
}  // namespace

TEST_CASE("precedence: arithmetic over comparison over not/and/or", "[expr]") {
    CHECK(eval("1 + 2 * 3") == 7);
    CHECK(eval("(1 + 2) * 3") == 9);
    CHECK(eval("10 - 4 - 3") == 3);
    CHECK(eval("7 / 2") == 3.5);
    CHECK(eval("7 % 4") == 3);
    CHECK(eval("-2 * 3") == -6);
    CHECK(eval("1 < 2 and 3 > 4 or 5 >= 5") == true);
    CHECK(eval("not 1 == 2") == true);
    CHECK(eval("!(1 == 1) || false") == false);
    CHECK(eval("true && 2 <> 3") == true);
    CHECK(eval("1 = 1") == true);
}

TEST_CASE("the issue's example: nps <= 6 and role in a list", "[expr]") {
    const char* e = "nps <= 6 and role in ['decision-maker','funder']";
    CHECK(eval(e, {{"nps", 4}, {"role", "funder"}}) == true);
    CHECK(eval(e, {{"nps", 4}, {"role", "influencer"}}) == false);
    CHECK(eval(e, {{"nps", 9}, {"role", "funder"}}) == false);
    CHECK(eval(e, {{"role", "funder"}}) == false);  // nps unanswered: null compares false
}

TEST_CASE("in, not in, contains on lists, texts and multi answers", "[expr]") {
    json v = {{"picks", {"docs", "chat"}}, {"why", "等待时间太长"}, {"m", {{"r1", "agree"}}}};
    CHECK(eval("'chat' in picks", v) == true);
    CHECK(eval("picks in ['chat', 'phone']", v) == true);  // any pick
    CHECK(eval("picks not in ['phone']", v) == true);
    CHECK(eval("picks contains 'docs'", v) == true);
    CHECK(eval("picks contains ['docs', 'chat']", v) == true);
    CHECK(eval("picks contains ['docs', 'phone']", v) == false);
    CHECK(eval("why contains \"太长\"", v) == true);
    CHECK(eval("m contains 'r1'", v) == true);
    CHECK(eval("missing in [1,2]", v) == false);
    CHECK(eval("missing not in [1,2]", v) == false);
}

TEST_CASE("functions: answered, count, sum, min, max, abs, round, len", "[expr]") {
    json v = {{"a", 3}, {"b", 5}, {"picks", {"x", "y"}}, {"t", "客户体验"}, {"empty", ""}};
    CHECK(eval("answered(a)", v) == true);
    CHECK(eval("answered(zzz)", v) == false);
    CHECK(eval("answered(empty)", v) == false);
    CHECK(eval("count(picks)", v) == 2);
    CHECK(eval("count(nothing)", v) == 0);
    CHECK(eval("sum(a, b, 2)", v) == 10);
    CHECK(eval("sum([1, 2, 3.5])", v) == 6.5);
    CHECK(eval("min(a, b)", v) == 3);
    CHECK(eval("max([a, b, nothing])", v) == 5);
    CHECK(eval("max(nothing)", v).is_null());
    CHECK(eval("abs(0 - a)", v) == 3);
    CHECK(eval("round(2 / 3, 2)", v) == 0.67);
    CHECK(eval("len(t)", v) == 4);  // characters, not bytes
}

TEST_CASE("missing values and wrong types never crash: null semantics", "[expr]") {
    json v = {{"s", "text"}, {"n", 2}, {"obj", {{"k", 1}}}};
    CHECK(eval("x + 1", v).is_null());
    CHECK(eval("s * 2", v).is_null());
    CHECK(eval("n / 0", v).is_null());
    CHECK(eval("n % 0", v).is_null());
    CHECK(eval("s < 3", v) == false);
    CHECK(eval("s >= 3", v) == false);
    CHECK(eval("obj > 1", v) == false);
    CHECK(eval("x == null", v) == true);
    CHECK(eval("-s", v).is_null());
    CHECK(eval("'a' + 'b'") == "ab");
    CHECK(eval("'b' > 'a'") == true);
}

TEST_CASE("references: dotted names and {braced-ids}", "[expr]") {
    json v = {{"score.maturity", 72}, {"context.segment.plan", "pro"}, {"why-detractor", "slow"}};
    CHECK(eval("score.maturity >= 70", v) == true);
    CHECK(eval("context.segment.plan == 'pro'", v) == true);
    CHECK(eval("{why-detractor} == 'slow'", v) == true);
    ParseError err;
    Expression e = Expression::parse("a > 1 and {b-c} or score.x", err);
    auto refs = e.references();
    REQUIRE(refs.size() == 3);
    CHECK(refs[0].name == "a");
    CHECK(refs[0].column == 1);
    CHECK(refs[1].name == "b-c");
    CHECK(refs[1].column == 11);
    CHECK(refs[2].name == "score.x");
}

TEST_CASE("strings take either quote and escapes", "[expr]") {
    CHECK(eval("'it\\'s'") == "it's");
    CHECK(eval("\"say \\\"hi\\\"\"") == "say \"hi\"");
    CHECK(eval("'决策者' == \"决策者\"") == true);
}

TEST_CASE("parse errors carry the column of the mistake", "[expr]") {
    ParseError e = parse_error("nps <= ");
    CHECK(e.column == 8);
    CHECK(e.message == "unexpected end of expression");
    e = parse_error("nps <== 6");
    CHECK(e.column == 7);
    e = parse_error("role in ['a', 'b'");
    CHECK(e.message == "expected ']'");
    e = parse_error("'unterminated");
    CHECK(e.column == 1);
    CHECK(e.message == "unterminated string");
    e = parse_error("frobnicate(nps)");
    CHECK(e.message == "unknown function 'frobnicate'");
    e = parse_error("answered(1)");
    CHECK(e.message == "answered() takes a question reference");
    e = parse_error("决策 == 1");  // columns count characters
    CHECK(e.column == 1);
    e = parse_error("'决策' == # 1");
    CHECK(e.column == 9);
    e = parse_error("1 2");
    CHECK(e.column == 3);
    e = parse_error("a and and b");
    CHECK(e.column == 7);
    e = parse_error("");
    CHECK(e.message == "unexpected end of expression");
    e = parse_error("1.");
    CHECK(e.column == 3);
    e = parse_error("{}");
    CHECK(e.column == 2);
}

TEST_CASE("depth and length limits reject hostile expressions", "[expr]") {
    std::string deep(1000, '(');
    deep += "1";
    deep += std::string(1000, ')');
    ParseError e = parse_error(deep);
    CHECK(e.message == "expression is nested too deeply");
    std::string nots;
    for (int i = 0; i < 200; ++i) nots += "not ";
    nots += "x";
    CHECK(parse_error(nots).message == "expression is nested too deeply");
    std::string chain = "1";
    for (int i = 0; i < 100; ++i) chain += " + 1";  // long but flat: fine
    CHECK(eval(chain.c_str()) == 101);
    std::string long_chain = "1";
    for (int i = 0; i < 2000; ++i) long_chain += "+1";  // would be a 2000-deep tree: refused
    CHECK(parse_error(long_chain).message == "expression is nested too deeply");
    CHECK(eval("sum([1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1])") == 40);
    std::string huge(kMaxExpressionLength + 1, '1');
    CHECK(parse_error(huge).column == 1);
}
