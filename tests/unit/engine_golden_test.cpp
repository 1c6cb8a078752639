// Replays the golden scripts of tests/golden/ through the engine facade and compares every view,
// the state, the scores, the payload and the CloudEvent with the expected transcript. The same
// files are replayed by the wasm suite and by the widget's JS tests (see tests/golden/README.md).
// TP_UPDATE_GOLDEN=1 rewrites the expected files instead of comparing (native runs only).
#include <catch2/catch.hpp>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "json_helpers.hpp"
#include "test_helpers.hpp"
#include "touchpoint/engine/engine.hpp"

namespace engine = touchpoint::engine;
using nlohmann::json;

namespace {

using tp_test::parse;

json replay(const json& script) {
    auto survey = tp_test::read_file(script["survey"].get<std::string>());
    REQUIRE(survey);
    int h = engine::open(*survey, script["options"].dump());
    CAPTURE(engine::last_error());
    REQUIRE(h > 0);
    json views = json::array();
    views.push_back(parse(engine::view(h)));
    for (const json& a : script["actions"]) {
        std::string op = a["op"].get<std::string>();
        if (op == "answer") views.push_back(parse(engine::answer(h, a["question"].get<std::string>(), a["value"].dump())));
        else if (op == "next") views.push_back(parse(engine::next(h)));
        else if (op == "back") views.push_back(parse(engine::back(h)));
        else FAIL("unknown op " << op);
    }
    json out;
    out["views"] = views;
    out["state"] = parse(engine::state(h));
    std::string payload = engine::payload(h, script["context"].dump(), script["random_hex"].get<std::string>());
    out["payload"] = parse(payload);
    out["cloudevent"] = parse(engine::cloudevent(payload));
    engine::close(h);
    return out;
}

bool write_file(const std::string& relative, const std::string& text) {
    std::FILE* f = std::fopen(tp_test::source_path(relative).c_str(), "wb");
    if (!f) return false;
    bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
    return std::fclose(f) == 0 && ok;
}

}  // namespace

TEST_CASE("golden transcripts: views, state, payload and CloudEvent per scripted session", "[engine][golden]") {
    auto index = tp_test::read_file("tests/golden/index.json");
    REQUIRE(index);
    json cases = parse(*index)["cases"];
    REQUIRE(cases.size() >= 5);
    const char* update = std::getenv("TP_UPDATE_GOLDEN");
    for (const json& c : cases) {
        std::string name = c.get<std::string>();
        CAPTURE(name);
        auto script = tp_test::read_file("tests/golden/" + name + ".script.json");
        REQUIRE(script);
        json actual = replay(parse(*script));
        std::string expected_path = "tests/golden/" + name + ".expected.json";
        if (update && std::string(update) == "1") {
            CHECK(write_file(expected_path, actual.dump(2) + "\n"));
            continue;
        }
        auto expected_text = tp_test::read_file(expected_path);
        REQUIRE(expected_text);
        json expected = parse(*expected_text);
        // Compare piece by piece so a failure names the step that differs.
        REQUIRE(expected["views"].size() == actual["views"].size());
        for (std::size_t i = 0; i < actual["views"].size(); ++i) {
            CAPTURE(i);
            CHECK(expected["views"][i].dump() == actual["views"][i].dump());
        }
        CHECK(expected["state"].dump() == actual["state"].dump());
        CHECK(expected["payload"].dump() == actual["payload"].dump());
        CHECK(expected["cloudevent"].dump() == actual["cloudevent"].dump());
    }
}
