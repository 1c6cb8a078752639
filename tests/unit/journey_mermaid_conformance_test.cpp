// Mermaid `journey` import against Mermaid's own examples and parser tests
// (tests/conformance/mermaid/journeys.json; sources in its README): the title, accessible
// description, sections, tasks, scores and actors Mermaid's parser sees are the ones journey/1
// keeps, and exporting the imported map back to Mermaid keeps them again.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "test_helpers.hpp"
#include "touchpoint/base/json_text.hpp"
#include "touchpoint/journey/interchange.hpp"

using nlohmann::json;
using namespace touchpoint;
using namespace touchpoint::journey;

namespace {

// What Mermaid's journeyDb holds, read back from a map: title, description, section titles and
// tasks {task, score, people}.
json seen(const Map& map) {
    json out = {{"title", map.meta.title.get("")}, {"description", map.meta.description.get("")}};
    out["sections"] = json::array();
    for (const Stage& s : map.stages) out["sections"].push_back(s.title.get(""));
    out["tasks"] = json::array();
    for (const Touchpoint& t : map.touchpoints) {
        json people = json::array();
        for (const std::string& pid : t.personas) people.push_back(map.personas[map.persona_index(pid)].name.get(""));
        json score = nullptr;
        for (const Lane& l : map.lanes)
            for (const EmotionPoint& e : l.points)
                if (e.touchpoint == t.id) {
                    if (score.is_null()) score = e.value + 3;
                    else CHECK(score == e.value + 3);  // one score per task, whoever feels it
                }
        out["tasks"].push_back({{"task", t.title.get("")}, {"score", score}, {"people", people}});
    }
    return out;
}

}  // namespace

TEST_CASE("Mermaid's journey examples and parser tests import as Mermaid reads them", "[journey][mermaid]") {
    auto text = tp_test::read_file("tests/conformance/mermaid/journeys.json");
    REQUIRE(text);
    json doc;
    REQUIRE(parse_json(*text, doc));
    REQUIRE(doc["cases"].size() >= 15);
    for (const json& c : doc["cases"]) {
        const std::string id = c["id"];
        const json& expect = c["expect"];
        Diagnostics d;
        auto map = from_mermaid(c["text"].get<std::string>(), "m", d);
        INFO(id << "\n" << d.to_string());
        if (expect.contains("error")) {
            CHECK_FALSE(map);
            CHECK(d.to_string().find(expect["error"].get<std::string>()) != std::string::npos);
            continue;
        }
        REQUIRE(map);
        CHECK_FALSE(d.has_errors());
        const json got = seen(*map);
        for (const char* key : {"title", "description", "sections", "tasks"})
            if (expect.contains(key)) CHECK(got[key] == expect[key]);
        // An accTitle that differs from the title is reported, not silently lost.
        if (expect.contains("accTitle"))
            CHECK(d.to_string().find(expect["accTitle"].get<std::string>()) != std::string::npos);

        // The import is a valid journey/1 map.
        Diagnostics valid;
        CHECK(map_from_json(map_to_json(*map), valid));
        CHECK_FALSE(valid.has_errors());

        // Back to Mermaid and in again: the same title, description, sections and tasks.
        const std::string again = to_mermaid(*map, "");
        Diagnostics d2;
        auto back = from_mermaid(again, "m", d2);
        INFO(again);
        REQUIRE(back);
        const json got2 = seen(*back);
        // A Mermaid title is one line: a front-matter block title comes back with spaces.
        std::string one_line = got["title"];
        for (char& ch : one_line)
            if (ch == '\n') ch = ' ';
        CHECK(got2["title"] == one_line);
        CHECK(got2["description"] == got["description"]);
        CHECK(got2["sections"] == got["sections"]);
        CHECK(got2["tasks"] == got["tasks"]);
    }
}

TEST_CASE("Mermaid: accessibility statements survive the export", "[journey][mermaid]") {
    const char* text =
        "journey\n"
        "    title Checkout\n"
        "    accDescr {\n"
        "        Two steps of the checkout,\n"
        "        scored by the buyer }\n"
        "    section Pay\n"
        "      Enter card: 2: Buyer\n"
        "      Confirm: 4\n";
    Diagnostics d;
    auto map = from_mermaid(text, "c", d);
    REQUIRE(map);
    CHECK(map->meta.description.get("") == "Two steps of the checkout,\nscored by the buyer");
    const std::string out = to_mermaid(*map, "");
    CHECK(out.find("    title Checkout\n") != std::string::npos);
    CHECK(out.find("    accDescr {\n        Two steps of the checkout,\n        scored by the buyer\n    }\n") != std::string::npos);
    CHECK(out.find("      Confirm: 4\n") != std::string::npos);  // no actors, score kept
    map->meta.description = Text::plain("One line");
    CHECK(to_mermaid(*map, "").find("    accDescr: One line\n") != std::string::npos);
    // Characters that would end a statement or a block in Mermaid are replaced, not emitted.
    map->meta.title = Text::plain("Release #2; final");
    map->meta.description = Text::plain("a }\nb");
    const std::string safe = to_mermaid(*map, "");
    Diagnostics d2;
    auto back = from_mermaid(safe, "c", d2);
    REQUIRE(back);
    CHECK(back->meta.title.get("") == "Release ＃2； final");
    CHECK(back->meta.description.get("") == "a ｝\nb");
}

TEST_CASE("Mermaid: unclosed blocks and directives name their line", "[journey][mermaid]") {
    struct Case {
        const char* text;
        const char* fragment;
    };
    for (const Case& c : {Case{"journey\n accDescr {\n never closed\n", "line 2: the block \"accDescr {\""},
                          Case{"%%{init: {\n journey\n section A\n", "line 1: the directive"},
                          Case{"---\ntitle: x\n", "line 1: the front matter"}}) {
        INFO(c.text);
        Diagnostics d;
        CHECK_FALSE(from_mermaid(c.text, "x", d));
        CHECK(d.to_string().find(c.fragment) != std::string::npos);
    }
}
