#include <catch2/catch.hpp>

#include "touchpoint/base/locale.hpp"

using namespace touchpoint;
using nlohmann::json;

TEST_CASE("locale tags are checked and canonicalized", "[locale]") {
    CHECK(locale_tag_valid("zh-CN"));
    CHECK(locale_tag_valid("zh-Hant-TW"));
    CHECK(locale_tag_valid("en"));
    CHECK_FALSE(locale_tag_valid(""));
    CHECK_FALSE(locale_tag_valid("c"));
    CHECK_FALSE(locale_tag_valid("zh--CN"));
    CHECK_FALSE(locale_tag_valid("中文"));
    CHECK(locale_canonical("ZH-hant-tw") == "zh-Hant-TW");
    CHECK(locale_canonical("en_us") == "en-US");
}

TEST_CASE("fallback chains: zh-Hant-TW -> zh-TW -> zh-Hant -> zh", "[locale]") {
    auto f = locale_fallbacks("zh-Hant-TW");
    REQUIRE(f.size() >= 4);
    CHECK(f[0] == "zh-Hant-TW");
    CHECK(f[1] == "zh-TW");
    CHECK(f[2] == "zh-Hant");
    CHECK(f.back() == "zh");
    auto cn = locale_fallbacks("zh-CN");
    CHECK(std::find(cn.begin(), cn.end(), "zh-Hans") != cn.end());
    auto hans = locale_fallbacks("zh-Hans");
    CHECK(std::find(hans.begin(), hans.end(), "zh-CN") != hans.end());
}

TEST_CASE("negotiation picks the best available locale", "[locale]") {
    std::vector<std::string> avail = {"zh-CN", "zh-TW", "en"};
    CHECK(negotiate_locale("zh-Hant-TW", avail) == "zh-TW");
    CHECK(negotiate_locale("zh-HK", avail) == "zh-TW");   // Traditional script
    CHECK(negotiate_locale("zh-Hans", avail) == "zh-CN");
    CHECK(negotiate_locale("zh-SG", avail) == "zh-CN");
    CHECK(negotiate_locale("en-GB", avail) == "en");
    CHECK(negotiate_locale("fr", avail) == "zh-CN");      // the default
    CHECK(negotiate_locale("", avail) == "zh-CN");
    CHECK(negotiate_locale("fr-FR,en;q=0.8,zh;q=0.5", avail) == "en");
    CHECK(negotiate_locale("de;q=0.1,zh-TW;q=0.9", avail) == "zh-TW");
    CHECK(negotiate_locale("EN-us", avail) == "en");
    CHECK(negotiate_locale("zh", {"en", "zh-Hans"}) == "zh-Hans");
    CHECK(negotiate_locale("garbage!!", avail) == "zh-CN");
    CHECK(negotiate_locale("en", {}).empty());
}

TEST_CASE("localize resolves a text with fallbacks", "[locale]") {
    json t = {{"zh-CN", "推荐"}, {"en", "Recommend"}};
    CHECK(localize(t, "zh-CN", "zh-CN") == "推荐");
    CHECK(localize(t, "en-US", "zh-CN") == "Recommend");
    CHECK(localize(t, "fr", "en") == "Recommend");
    CHECK(localize(json("plain"), "en", "en") == "plain");
    CHECK(localize(json({{"zh-Hant", "推薦"}}), "zh-TW", "en") == "推薦");
    CHECK(localize(json(42), "en", "en").empty());
}

TEST_CASE("validate_text reports unknown locales and lengths in characters", "[locale]") {
    std::vector<std::string> locales = {"zh-CN", "en"};
    Diagnostics d;
    CHECK(validate_text(json({{"zh-CN", "数字聆听"}, {"en", "Digital listening"}}), "/title", locales, 100, d));
    CHECK(d.empty());
    CHECK_FALSE(validate_text(json({{"fr", "Écoute"}}), "/title", locales, 100, d));
    CHECK(d.items().back().pointer == "/title/fr");
    CHECK(d.items().back().message == "unknown locale \"fr\" (not in /locales)");
    CHECK(validate_text(json("数字聆听"), "/t", locales, 4, d));
    CHECK_FALSE(validate_text(json("数字聆听!"), "/t", locales, 4, d));
    CHECK_FALSE(validate_text(json(3), "/t", locales, 4, d));
    CHECK_FALSE(validate_text(json::object(), "/t", locales, 4, d));
}
