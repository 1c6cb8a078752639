// JSON syntax errors name line, column and byte, in the shipped build (no exceptions).
#include <catch2/catch.hpp>

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
