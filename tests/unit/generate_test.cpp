// The response generator: deterministic per seed, every payload valid response/1, linked to the
// journey map's touchpoints with per-touchpoint variation, PII redacted by the payload builder.
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>

#include "test_helpers.hpp"
#include "touchpoint/aggregate/aggregator.hpp"
#include "touchpoint/generate/generator.hpp"
#include "touchpoint/response/validate.hpp"

using nlohmann::json;
using namespace touchpoint;

namespace {
std::unique_ptr<ResponseGenerator> make(std::uint64_t seed, bool with_map = true) {
    auto survey = tp_test::read_file("examples/surveys/nps-support.json");
    auto map = tp_test::read_file("examples/journeys/saas-support.json");
    REQUIRE(survey.has_value());
    REQUIRE(map.has_value());
    GenerateOptions o;
    o.seed = seed;
    Diagnostics d;
    auto g = ResponseGenerator::create(*survey, with_map ? *map : std::string(), o, d);
    INFO(d.to_string());
    REQUIRE(g != nullptr);
    return g;
}
}  // namespace

TEST_CASE("generated payloads are valid response/1 and deterministic per seed", "[generate]") {
    auto a = make(5), b = make(5), c = make(6);
    bool differs = false;
    std::set<std::string> ids;
    for (int i = 0; i < 300; ++i) {
        std::string x = a->next(), y = b->next(), z = c->next();
        CHECK(x == y);
        differs = differs || x != z;
        json p = json::parse(x, nullptr, false);
        REQUIRE_FALSE(p.is_discarded());
        Diagnostics d = validate_response(p);
        INFO(x << "\n" << d.to_string());
        CHECK_FALSE(d.has_errors());
        ids.insert(p["id"].get<std::string>());
        CHECK(p.contains("journey"));
    }
    CHECK(differs);
    CHECK(ids.size() == 300);
}

TEST_CASE("touchpoints get different NPS and free text is redacted", "[generate]") {
    auto g = make(11);
    Aggregator agg({"touchpoint"});
    int redactions = 0;
    for (int i = 0; i < 3000; ++i) {
        std::string line = g->next();
        CHECK(agg.add_line(line));
        json p = json::parse(line);
        redactions += p["redactions"].get<int>();
        if (p["answers"].contains("why")) {
            const std::string why = p["answers"]["why"].get<std::string>();
            CHECK(why.find("@example.com") == std::string::npos);
            CHECK(why.find("token=") == std::string::npos);
        }
    }
    CHECK(redactions > 10);
    json r = agg.result();
    REQUIRE(r["groups"].size() >= 3);
    double lo = 100, hi = -100;
    for (const json& grp : r["groups"]) {
        double v = grp["nps"]["value"].get<double>();
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    CHECK(hi - lo > 20);  // biases make a heat map worth looking at
}

TEST_CASE("bad survey or map is refused with a pointer", "[generate]") {
    Diagnostics d;
    CHECK(ResponseGenerator::create("{}", "", GenerateOptions{}, d) == nullptr);
    CHECK(d.has_errors());
    auto survey = tp_test::read_file("examples/surveys/nps-support.json");
    REQUIRE(survey.has_value());
    Diagnostics d2;
    CHECK(ResponseGenerator::create(*survey, R"({"id":"m","touchpoints":[{"id":"x"}]})", GenerateOptions{}, d2) == nullptr);
    REQUIRE(d2.has_errors());
    CHECK(d2.items()[0].pointer == "/touchpoints/0");
    Diagnostics d3;
    CHECK(ResponseGenerator::create(*survey, "not json", GenerateOptions{}, d3) == nullptr);
}
