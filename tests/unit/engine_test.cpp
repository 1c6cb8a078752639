#include <catch2/catch.hpp>

#include "json_helpers.hpp"
#include "test_helpers.hpp"
#include <nlohmann/json.hpp>

#include "touchpoint/engine/engine.hpp"

namespace engine = touchpoint::engine;
using nlohmann::json;

namespace {
std::string example(const char* name) {
    auto text = tp_test::read_file(std::string("examples/surveys/") + name + ".json");
    REQUIRE(text);
    return *text;
}
using tp_test::parse;
}  // namespace

TEST_CASE("validate returns ok and diagnostics for any input", "[engine]") {
    json ok = parse(engine::validate(example("nps-support")));
    CHECK(ok["ok"] == true);
    json bad = parse(engine::validate(R"({"touchpoint":"survey/1","id":"x","version":"1","locales":["en"],
        "questions":[{"id":"a","type":"nps","title":"t","visibleIf":"nsp > 1"}],"extra":1})"));
    CHECK(bad["ok"] == false);
    REQUIRE(bad["diagnostics"].size() == 2);
    CHECK(bad["diagnostics"][0] == json({{"severity", "warning"}, {"pointer", "/extra"},
                                         {"message", "unknown field \"extra\" is ignored"}}));
    CHECK(bad["diagnostics"][1]["pointer"] == "/questions/0/visibleIf");
    CHECK(bad["diagnostics"][1]["message"] == "unknown question \"nsp\" (column 1)");
    for (const char* garbage : {"", "null", "[[[[", "\xff\xfe\x00", "{\"touchpoint\":1}"}) {
        json r = parse(engine::validate(garbage));
        CHECK(r["ok"] == false);
    }
}

TEST_CASE("open, answer, next, back, state, close", "[engine]") {
    int h = engine::open(example("b2b-role"), R"({"locale":"en-US"})");
    REQUIRE(h > 0);
    json v = parse(engine::view(h));
    CHECK(v["survey"]["locale"] == "en");
    CHECK(v["questions"][0]["id"] == "role");
    CHECK(v["questions"][0]["choices"][0] == json({{"value", "decision-maker"}, {"label", "Decision-maker"}}));
    v = parse(engine::answer(h, "role", "\"funder\""));
    CHECK(v["questions"][0]["answer"] == "funder");
    v = parse(engine::next(h));
    CHECK(v["questions"][0]["id"] == "nps");
    CHECK(v["canBack"] == true);
    v = parse(engine::answer(h, "nps", "3"));
    v = parse(engine::next(h));
    CHECK(v["questions"][0]["id"] == "criteria");  // funder: visible
    std::string state = engine::state(h);
    v = parse(engine::back(h));
    CHECK(v["questions"][0]["id"] == "nps");

    int h2 = engine::open(example("b2b-role"), R"({"state":)" + state + "}");
    REQUIRE(h2 > 0);
    json v2 = parse(engine::view(h2));
    CHECK(v2["questions"][0]["id"] == "criteria");
    CHECK(v2["survey"]["locale"] == "en");  // from the state
    engine::close(h);
    engine::close(h2);
    json gone = parse(engine::view(h));
    CHECK(gone["error"]["message"] == "no open survey with handle " + std::to_string(h));
}

TEST_CASE("errors come back as JSON with pointers", "[engine]") {
    CHECK(engine::open("{", "{}") == 0);
    json e = parse(engine::last_error());
    // A syntax error names where: line, column (characters) and byte.
    CHECK(e["error"]["message"].get<std::string>().rfind("not valid JSON at line 1, column 2 (byte 1): ", 0) == 0);
    CHECK(e["diagnostics"].is_array());
    CHECK(engine::open(example("nps-support"), "[1") == 0);
    CHECK(parse(engine::last_error())["error"]["message"].get<std::string>().rfind(
              "options is not valid JSON at line 1, column 3 (byte 2): ", 0) == 0);
    CHECK(engine::open(example("nps-support"), R"({"state":{"touchpoint":"session/1","survey":"sha256:x"}})") == 0);
    CHECK(parse(engine::last_error())["error"]["pointer"] == "/state/survey");
    int h = engine::open(example("nps-support"), "");
    REQUIRE(h > 0);
    CHECK(parse(engine::answer(h, "nps", "nine"))["error"]["message"].get<std::string>().rfind(
              "the answer is not valid JSON at line 1, column ", 0) == 0);
    CHECK(parse(engine::answer(h, "ghost\xff", "1"))["error"]["message"].get<std::string>().find("unknown question") == 0);
    CHECK(parse(engine::payload(h, "{}", "00"))["error"]["pointer"] == "/random_hex");
    CHECK(parse(engine::cloudevent("{}"))["error"]["pointer"] == "/touchpoint");
    engine::close(h);
    engine::close(12345);  // closing an unknown handle is harmless
}

TEST_CASE("payload and cloudevent through the facade are deterministic", "[engine]") {
    auto run = [] {
        int h = engine::open(example("ces-onboarding"), R"({"locale":"zh-CN"})");
        engine::answer(h, "ces", "2");
        engine::next(h);
        engine::answer(h, "hardest", R"({"value":"other","text":"发票抬头 li@example.com"})");
        engine::next(h);
        std::string p = engine::payload(h, R"({"now_ms":1763874123456,"page":"/onboarding?step=3","respondent":"u9","key":"k","segment":{"plan":"team"}})",
                                        "ffffffffffffffffffffffffffffffff");
        engine::close(h);
        return p;
    };
    std::string a = run();
    CHECK(a == run());
    json p = parse(a);
    CHECK(p["answers"]["hardest"] == json({{"value", "other"}, {"text", "发票抬头 [email]"}}));
    CHECK(p["alert"] == json({{"reason", "high-effort"}, {"question", "ces"}}));
    CHECK(p["partial"] == true);
    CHECK(p["context"]["segment"] == json({{"plan", "team"}}));
    json ce = parse(engine::cloudevent(a));
    CHECK(ce["data"] == p);
    CHECK(ce["source"] == "touchpoint/ces-onboarding");
}

TEST_CASE("redact through the facade counts kinds", "[engine]") {
    json r = parse(engine::redact("邮箱 a@b.com，手机 13812345678"));
    CHECK(r["redactions"] == 2);
    CHECK(r["kinds"] == json({{"email", 1}, {"phone", 1}}));
    CHECK(r["text"] == "邮箱 [email]，手机 [phone]");
    json bad = parse(engine::redact("\xff\xfe"));
    CHECK(bad["redactions"] == 0);
}
