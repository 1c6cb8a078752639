// The core's JSON writer against the library's serializer it replaces (in the engine): every
// text the core writes (payloads, views, survey hashes, golden files) must stay byte for byte.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "touchpoint/base/json_text.hpp"

using namespace touchpoint;
using nlohmann::json;

namespace {

std::string library(const json& v) { return v.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace

TEST_CASE("write_json writes what the library's compact dump writes", "[json_text]") {
    const json values[] = {
        nullptr, true, false, 0, -1, 42, std::numeric_limits<std::int64_t>::min(),
        std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::uint64_t>::max(), 0.0, -0.0, 1.0, -2.5,
        0.1, 1e21, 1e-7, 123456789012345680.0, 1.7976931348623157e308, 5e-324, 3.14159, 100.0, 1e15, 1e16,
        "", "plain", "quote \" backslash \\ slash /", "\b\f\n\r\t", std::string("\x01\x1f\x7f", 3),
        std::string("nul \0 inside", 12), "中文 العربية 😀", json::array(), json::object(),
        json::parse(R"({"b":[1,2.5,{"z":null,"a":"x"}],"a":{},"名字":["",[]]})"),
    };
    for (const json& v : values) {
        INFO(library(v));
        CHECK(write_json(v) == library(v));
    }
    // Not finite: JSON has no such number; both write null.
    CHECK(write_json(json(std::nan(""))) == "null");
    CHECK(write_json(json(std::numeric_limits<double>::infinity())) == library(json(std::numeric_limits<double>::infinity())));
    // Appending form.
    std::string out = "x=";
    write_json(out, json{{"k", 1}});
    CHECK(out == R"(x={"k":1})");
}

TEST_CASE("write_json replaces ill-formed UTF-8 as the library does, never aborts", "[json_text]") {
    const std::string texts[] = {
        "\xC3",                  // truncated at the end
        "a\xE4\xB8z",            // truncated sequence, then ASCII (one U+FFFD, the z kept)
        "\xE4\xB8\xE4\xB8\xAD",  // truncated, then a whole 中
        "\x80", "\xBF\xBF",      // lone continuation bytes: one U+FFFD each
        "\xC0\xAF", "\xC1\xBF",  // overlong two-byte forms
        "\xE0\x80\xAF",          // overlong three-byte form
        "\xED\xA0\x80",          // a surrogate
        "\xF4\x90\x80\x80",      // above U+10FFFF
        "\xF5\x80", "\xFF",      // bytes that never start a sequence
        "\xF0\x9F\x98",          // an emoji cut short
        "ok \xEF\xBF\xBD ok",    // a literal U+FFFD stays
    };
    for (const std::string& t : texts) {
        INFO(library(json(t)));
        CHECK(write_json(json(t)) == library(json(t)));
        CHECK(write_json(json{{t, t}}) == library(json{{t, t}}));
    }
    CHECK(write_json(json("a\xE4\xB8z")) == "\"a\xEF\xBF\xBDz\"");
}
