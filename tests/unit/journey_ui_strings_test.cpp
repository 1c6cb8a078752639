#include <catch2/catch.hpp>

#include "touchpoint/journey/ui_strings.hpp"

using namespace touchpoint::journey;

TEST_CASE("journey UI words: the column the widget's rule names for a locale", "[journey][strings]") {
    CHECK(ui_strings_column("zh-CN") == "zh-Hans");
    CHECK(ui_strings_column("zh") == "zh-Hans");
    CHECK(ui_strings_column("zh-TW") == "zh-Hant");
    CHECK(ui_strings_column("zh-Hant-HK") == "zh-Hant");
    CHECK(ui_strings_column("en-GB") == "en");
    CHECK(ui_strings_column("") == "en");
    CHECK(ui_strings_column("ar-EG") == "ar");
    CHECK(ui_text("undo", "zh-CN") == "撤销");
    CHECK(ui_text("undo", "zh-HK") == "復原");
    CHECK(ui_text("undo", "en") == "Undo");
    CHECK(ui_text("undo", "fr") == "Undo");
    // Arabic has no column yet: English, not an empty button.
    CHECK(ui_text("undo", "ar") == "Undo");
}

TEST_CASE("journey UI words: fields filled, an unknown code shows itself", "[journey][strings]") {
    CHECK(ui_text("openAlertsMany", "en", {{"n", "3"}}) == "3 open alerts");
    CHECK(ui_text("openAlertsOne", "zh-CN", {{"n", "1"}}) == "1 条未处理警报");
    CHECK(ui_text("stageTitle", "zh-CN", {{"n", "2"}}) == "第 2 阶段名称");
    // A value containing its own field name is not filled again (no loop, no growth).
    CHECK(ui_text("stageTitle", "en", {{"n", "{n}"}}) == "Stage {n} title");
    // A field the row lacks is ignored; a row's field not given stays visible.
    CHECK(ui_text("undo", "en", {{"n", "1"}}) == "Undo");
    CHECK(ui_text("stageTitle", "en") == "Stage {n} title");
    CHECK(ui_text("noSuchCode", "zh-CN") == "noSuchCode");
}
