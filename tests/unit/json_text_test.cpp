// JSON syntax errors name line, column and byte, in the shipped build (no exceptions).
#include <catch2/catch.hpp>

#include <cstdint>

#include "touchpoint/base/json_text.hpp"
#include "touchpoint/base/utf8.hpp"
#include "touchpoint/journey/map.hpp"
#include "touchpoint/survey/survey.hpp"

using namespace touchpoint;

TEST_CASE("a syntax error's line, column and byte", "[json_text]") {
    nlohmann::json v;
    JsonSyntaxError e;
    REQUIRE(parse_json("{\"a\": 1}", v, &e));
    CHECK(v["a"] == 1);

    CHECK_FALSE(parse_json("{\n  \"a\": 1,\n  \"b\": tru\n}", v, &e));
    CHECK(v.is_discarded());
    CHECK(e.line == 3);
    CHECK(e.column == 11);  // just after "tru", where the literal stops making sense
    CHECK(e.byte == 22);
    CHECK(e.reason.find("invalid literal") != std::string::npos);
    CHECK(e.describe().rfind("line 3, column 11 (byte 22): ", 0) == 0);

    // Columns count characters, not bytes: "名字" is 2 columns, 6 bytes; the '1' (where ':' was
    // expected) is character 7, byte 10.
    CHECK_FALSE(parse_json("{\"名字\" 1}", v, &e));
    CHECK(e.line == 1);
    CHECK(e.column == 7);
    CHECK(e.byte == 10);

    // Truncated input: the error is at the end.
    CHECK_FALSE(parse_json("[1, 2", v, &e));
    CHECK(e.byte == 5);
    CHECK(e.column == 6);
    CHECK(e.reason.find("unexpected end of input") != std::string::npos);

    // Trailing garbage after one value, and an empty text.
    CHECK_FALSE(parse_json("{} {}", v, &e));
    CHECK(e.column == 4);
    CHECK_FALSE(parse_json("", v, &e));
    CHECK(e.line == 1);
    CHECK(e.column == 1);

    nlohmann::ordered_json ordered;
    REQUIRE(parse_json("{\"z\":1,\"a\":2}", ordered));
    CHECK(ordered.begin().key() == "z");
}

TEST_CASE("loaders report the position of a syntax error", "[json_text]") {
    Diagnostics d;
    CHECK_FALSE(parse_survey("{\"touchpoint\": \"survey/1\",\n \"id\": }", d));
    REQUIRE(d.items().size() == 1);
    CHECK(d.items()[0].pointer.empty());
    CHECK(d.items()[0].message.rfind("not valid JSON at line 2, column 8 (byte 34): ", 0) == 0);

    Diagnostics m;
    CHECK_FALSE(journey::parse_map("{\"touchpoint\": \"journey/1\"\n\n,,", m));
    REQUIRE(m.items().size() == 1);
    CHECK(m.items()[0].message.rfind("not valid JSON at line 3, column 2 (byte 29)", 0) == 0);

    Diagnostics w;
    nlohmann::json v;
    CHECK_FALSE(parse_json("[1,]", v, w, "the answer"));
    CHECK(w.items()[0].message.rfind("the answer is not valid JSON at line 1, column 4 (byte 3): ", 0) == 0);
}

TEST_CASE("a syntax error's reason is valid UTF-8 even when the input is not", "[json_text]") {
    nlohmann::json v;
    JsonSyntaxError e;
    REQUIRE_FALSE(parse_json("{\"a\": \"\xE5\xFF\"}", v, &e));
    CHECK(e.reason.find("\xEF\xBF\xBD") != std::string::npos);  // the broken bytes shown as U+FFFD
    CHECK(touchpoint::utf8_valid(e.reason));
    CHECK(nlohmann::json(e.describe()).dump().size() > 0);  // storable as JSON text (a strict dump aborts otherwise)
}

TEST_CASE("the core's JSON reader keeps the library's values", "[json_text]") {
    nlohmann::json v;
    JsonSyntaxError e;
    // Integers stay exact and typed as the library types them; beyond 64 bits they become floats.
    REQUIRE(parse_json("[0, -0, 18446744073709551615, -9223372036854775808, 18446744073709551616, 1.5e3, 2E-1]", v, &e));
    CHECK(v[0].is_number_unsigned());
    CHECK(v[1].type() == nlohmann::json::value_t::number_integer);
    CHECK(v[2].get<std::uint64_t>() == 18446744073709551615ULL);
    CHECK(v[3].get<std::int64_t>() == INT64_MIN);
    CHECK(v[4].is_number_float());
    CHECK(v[5].get<double>() == 1500.0);
    CHECK(v[6].get<double>() == 0.2);
    // Escapes, a surrogate pair, UTF-8 as is; a repeated key keeps its last value; a BOM is skipped.
    REQUIRE(parse_json("\xEF\xBB\xBF{\"s\": \"a\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00 名\", \"k\": 1, \"k\": 2}", v, &e));
    CHECK(v["s"] == "a\"\\/\b\f\n\r\t\xC3\xA9\xF0\x9F\x98\x80 名");
    CHECK(v["k"] == 2);
    REQUIRE(parse_json(" [ {} , [ ] , true , false , null ] ", v, &e));
    CHECK(v.dump() == "[{},[],true,false,null]");
    // Deep nesting is read without recursion (no stack overflow).
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    CHECK(parse_json(deep, v, &e));
}

TEST_CASE("the core's JSON reader refuses what RFC 8259 refuses, and says where", "[json_text]") {
    nlohmann::json v;
    JsonSyntaxError e;
    struct Case {
        const char* text;
        std::size_t byte;
        const char* reason;
    };
    const Case cases[] = {
        {"[01]", 2, "unexpected 1"},
        {"[1.]", 3, "expected digit after '.'"},
        {"[-x]", 2, "expected digit after '-'"},
        {"[1e]", 3, "after exponent"},
        {"[1,]", 3, "unexpected ']'"},
        {"{\"a\" \"b\"}", 7, "expected ':'"},  // an unexpected token is read whole: at its last byte
        {"{\"a\":1 \"b\":2}", 9, "expected ',' or '}'"},
        {"\"a\tb\"", 2, "control character U+0009 must be escaped to \\u0009"},
        {"\"\\x\"", 2, "forbidden character after backslash"},
        {"\"\\u12g4\"", 5, "4 hex digits"},
        {"\"\\udc00\"", 6, "must follow"},
        {"\"\\ud800x\"", 7, "must be followed by"},
        {"\"\xC0\xAF\"", 1, "ill-formed UTF-8"},      // overlong
        {"\"\xED\xA0\x80\"", 2, "ill-formed UTF-8"},  // an encoded surrogate
        {"\"abc", 4, "missing closing quote"},
        {"nul", 3, "invalid literal"},
        {"[1] 2", 4, "unexpected 2; expected end of input"},
        {"[-1e400]", 6, "number overflow parsing '-1e400'"},
    };
    for (const Case& c : cases) {
        INFO(c.text);
        CHECK_FALSE(parse_json(c.text, v, &e));
        CHECK(v.is_discarded());
        CHECK(e.byte == c.byte);
        CHECK(e.reason.find(c.reason) != std::string::npos);
        CHECK(utf8_valid(e.reason));
    }
}

TEST_CASE("nesting deeper than a limit is found before reading, brackets in strings not counted", "[json_text]") {
    CHECK(json_nesting_over("", 2) == std::string_view::npos);
    CHECK(json_nesting_over("[[1]]", 2) == std::string_view::npos);
    CHECK(json_nesting_over("[[[1]]]", 2) == 2);              // the third '[' opens level 3
    CHECK(json_nesting_over("{\"a\": [{}]}", 2) == 7);     // the '{' inside the array
    CHECK(json_nesting_over("[\"[[[\\\"[[\"]", 1) == std::string_view::npos);  // brackets and an escaped quote in a string
    CHECK(json_nesting_over("[[], [], []]", 2) == std::string_view::npos);  // closing brackets go back up
    const std::string deep(10000, '[');
    CHECK(json_nesting_over(deep, 512) == 512);
}
