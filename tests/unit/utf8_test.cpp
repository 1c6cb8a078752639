#include <catch2/catch.hpp>

#include "touchpoint/base/utf8.hpp"

using namespace touchpoint;

TEST_CASE("utf8_length counts code points, not bytes", "[utf8]") {
    CHECK(utf8_length("") == 0);
    CHECK(utf8_length("NPS") == 3);
    CHECK(utf8_length("推荐") == 2);             // 6 bytes
    CHECK(utf8_length("客户体验😀") == 5);       // 4-byte emoji counts once
    CHECK(utf8_length("\xff\xfe") == 2);         // invalid bytes count one each
}

TEST_CASE("utf8_valid rejects overlongs, surrogates and truncation", "[utf8]") {
    CHECK(utf8_valid("决策者 decision-maker"));
    CHECK(utf8_valid("\xEF\xBF\xBD"));           // a literal U+FFFD is valid
    CHECK_FALSE(utf8_valid("\xC0\xAF"));         // overlong '/'
    CHECK_FALSE(utf8_valid("\xED\xA0\x80"));     // UTF-16 surrogate
    CHECK_FALSE(utf8_valid("\xE6\x8E"));         // truncated 3-byte sequence
    CHECK_FALSE(utf8_valid("\xF4\x90\x80\x80")); // > U+10FFFF
}

TEST_CASE("utf8_truncate never splits a character", "[utf8]") {
    CHECK(utf8_truncate("交付复购", 2) == "交付");
    CHECK(utf8_truncate("ab", 5) == "ab");
    CHECK(utf8_truncate("😀x", 1) == "😀");
}

TEST_CASE("utf8_append round-trips through utf8_next", "[utf8]") {
    std::string s;
    for (char32_t cp : {U'a', U'é', U'流', U'😀'}) utf8_append(s, cp);
    CHECK(s == "aé流😀");
    std::size_t pos = 0;
    CHECK(utf8_next(s, pos) == U'a');
    CHECK(utf8_next(s, pos) == U'é');
    CHECK(utf8_next(s, pos) == U'流');
    CHECK(utf8_next(s, pos) == U'😀');
    CHECK(pos == s.size());
    std::string bad;
    utf8_append(bad, 0xD800);
    CHECK(bad == "\xEF\xBF\xBD");
}

TEST_CASE("core reports its version", "[smoke]") { CHECK(std::string(core_version()) == TOUCHPOINT_VERSION); }
