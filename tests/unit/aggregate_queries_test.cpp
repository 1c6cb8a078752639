// The typed queries the journey viewer asks of a response set (aggregate/response_queries.hpp),
// on a six-line fixture whose expected values are worked out by hand in the comments.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "touchpoint/aggregate/response_queries.hpp"
#include "touchpoint/response/derived.hpp"

using nlohmann::json;
using touchpoint::AggregateFilter;

namespace {

std::string response(const char* submitted, const char* touchpoint, int nps, json answers, json segment = nullptr) {
    answers["nps"] = nps;
    json p = {{"touchpoint", "response/1"},
              {"id", "3f1c2b4a-9d8e-4f7a-a1b2-c3d4e5f60718"},
              {"survey", {{"id", "nps-support"}, {"version", "3"}}},
              {"submitted", submitted},
              {"partial", false},
              {"locale", "zh-CN"},
              {"answers", answers},
              {"scores", {{"nps", {{"value", nps}, {"category", touchpoint::nps_category(nps)}, {"question", "nps"}}}}},
              {"journey", {{"map", "b2b-purchase"}, {"stage", "decision"}, {"touchpoint", touchpoint}}},
              {"redactions", 0}};
    if (!segment.is_null()) p["context"] = {{"segment", segment}};
    return p.dump() + "\n";
}

// 1: Sep, demo-call, 9 (promoter), a funder, prose comment
// 2: Sep, demo-call, 3 (detractor), an end user, Chinese comment (prose: non-ASCII)
// 3: Oct, demo-call, 10 (promoter), a funder by segment only
// 4: Oct, pricing-page, 7 (passive), a funder, "ok" (too short for prose)
// 5: Nov, demo-call, 6 (detractor), an influencer, 12 seats, "price" (a choice, not prose)
// 6: not JSON
const std::string kResponses =
    response("2026-09-03T10:00:00Z", "demo-call", 9, {{"role", "funder"}, {"comment", "Great demo, clear pricing"}}) +
    response("2026-09-20T10:00:00Z", "demo-call", 3, {{"role", "end-user"}, {"comment", "太慢了"}}) +
    response("2026-10-05T10:00:00Z", "demo-call", 10, {{"plan", "pro"}}, {{"role", "funder"}}) +
    response("2026-10-07T10:00:00Z", "pricing-page", 7, {{"role", "funder"}, {"comment", "ok"}}) +
    response("2026-11-01T10:00:00Z", "demo-call", 6, {{"role", "influencer"}, {"seats", 12}, {"comment", "price"}}) +
    "not json\n";

std::vector<json> lines() {
    std::vector<json> out;
    std::size_t pos = 0;
    while (pos < kResponses.size()) {
        const std::size_t end = kResponses.find('\n', pos);
        out.push_back(json::parse(kResponses.substr(pos, end - pos), nullptr, false));
        pos = end + 1;
    }
    return out;
}

std::vector<int> matching(const AggregateFilter& f) {
    std::vector<int> out;
    touchpoint::Aggregator matcher;
    REQUIRE(matcher.set_filter(f));
    const std::vector<json> all = lines();
    for (std::size_t i = 0; i < all.size(); ++i)
        if (!all[i].is_discarded() && matcher.accepts(all[i])) out.push_back(static_cast<int>(i) + 1);
    return out;
}

const json* group(const json& result, const char* key, const char* value) {
    for (const json& g : result["groups"])
        if (g["key"][key] == value) return &g;
    return nullptr;
}

}  // namespace

TEST_CASE("queries: the months present, sorted and each once", "[aggregate][queries]") {
    CHECK(touchpoint::response_months(kResponses) == std::vector<std::string>{"2026-09", "2026-10", "2026-11"});
    CHECK(touchpoint::response_months("").empty());
}

TEST_CASE("queries: a line's months come from its first submitted member only", "[aggregate][queries]") {
    using touchpoint::response_months;
    using V = std::vector<std::string>;
    // A second "submitted" on the same line (nested here) does not count; the next line's does.
    CHECK(response_months("{\"x\":{\"submitted\":\"2026-01-05\"},\"submitted\":\"2026-02-02\"}\n"
                          "{\"submitted\":\"2026-03-01T00:00:00Z\"}") == V{"2026-01", "2026-03"});
    // The seven month bytes must be on the key's line: cut by a line end (or the text's end), none.
    CHECK(response_months("{\"submitted\":\"2026\n-04\"}\n{\"submitted\":\"2026-0").empty());
    CHECK(response_months("{\"submitted\":\"2026-05\"}") == V{"2026-05"});
    // Out of order, repeated, blank and CRLF lines, lines without the key: sorted, each once.
    CHECK(response_months("{\"submitted\":\"2026-07-01\"}\r\n\n{\"a\":1}\n{\"submitted\":\"2026-06-01\"}\n"
                          "{\"submitted\":\"2026-07-02\"}\n{\"submitted\":\"2026-06-03\"}\n") == V{"2026-06", "2026-07"});
    // A look-alike that is not the member (no quote before it, escaped in a string) is not the key.
    CHECK(response_months("{\"t\":\"xsubmitted\\\":\\\"2026-08\",\"presubmitted\":\"2026-09-01\"}").empty());
    // Every offset: the key found wherever it starts (the search's steps never jump past it).
    for (std::size_t pad = 0; pad < 40; ++pad) {
        const std::string line = "{\"p\":\"" + std::string(pad, 'd') + "\",\"submitted\":\"2026-10-11\"}";
        CHECK(response_months(line) == V{"2026-10"});
    }
}

TEST_CASE("queries: persona, answer and time filters", "[aggregate][queries]") {
    AggregateFilter none;
    CHECK(none.empty());
    CHECK(matching(none) == std::vector<int>{1, 2, 3, 4, 5});

    AggregateFilter funder;
    touchpoint::filter_by_persona(funder, {"cfo", "funder"});  // the persona's id and its role
    CHECK_FALSE(funder.empty());
    CHECK(matching(funder) == std::vector<int>{1, 3, 4});  // 3 by its segment

    AggregateFilter until = funder;
    touchpoint::filter_until_month(until, "2026-09");
    CHECK(matching(until) == std::vector<int>{1});

    AggregateFilter answered;
    answered.where = {{"answer.role", "funder"}};
    CHECK(matching(answered) == std::vector<int>{1, 4});  // answers only, not the segment
    answered.where = {{"answer.seats", "12"}};  // a number compares as its JSON text
    CHECK(matching(answered) == std::vector<int>{5});
    answered.where = {{"answer.seats", "13"}};
    CHECK(matching(answered).empty());
}

TEST_CASE("queries: filtered aggregation, several groupings in one pass", "[aggregate][queries]") {
    const auto all = touchpoint::aggregate_filtered(kResponses, {{"touchpoint"}, {"month"}});
    REQUIRE(all.size() == 2);
    CHECK(all[0].total == 5);
    REQUIRE(all[0].warnings.size() == 1);
    CHECK(all[0].warnings[0].rfind("line 6: ", 0) == 0);
    // demo-call: 9, 3, 10, 6 -> 2 promoters, 2 detractors of 4 = NPS 0.
    const json* demo = group(all[0].groups, "touchpoint", "demo-call");
    REQUIRE(demo);
    CHECK((*demo)["n"] == 4);
    CHECK((*demo)["nps"]["value"].get<double>() == Approx(0.0));
    const json* sep = group(all[1].groups, "month", "2026-09");
    REQUIRE(sep);
    CHECK((*sep)["n"] == 2);

    AggregateFilter funder;
    touchpoint::filter_by_persona(funder, {"funder"});
    const auto funders = touchpoint::aggregate_filtered(kResponses, {{"touchpoint"}}, funder);
    CHECK(funders[0].total == 3);
    // a bad line stays bad whatever the filter: reported, never skipped silently
    REQUIRE(funders[0].warnings.size() == 1);
    CHECK(funders[0].warnings[0].rfind("line 6: ", 0) == 0);
    demo = group(funders[0].groups, "touchpoint", "demo-call");
    REQUIRE(demo);
    CHECK((*demo)["n"] == 2);  // 9 and 10: both promoters
    CHECK((*demo)["nps"]["value"].get<double>() == Approx(100.0));
    const json* pricing = group(funders[0].groups, "touchpoint", "pricing-page");
    REQUIRE(pricing);
    CHECK((*pricing)["nps"]["value"].get<double>() == Approx(0.0));  // one passive

    const auto bad = touchpoint::aggregate_filtered(kResponses, {{"no-such-key"}});
    CHECK(bad[0].total == 0);
    CHECK(bad[0].warnings.size() == 1);
}

TEST_CASE("queries: one touchpoint's histogram, open texts and months", "[aggregate][queries]") {
    const touchpoint::TouchpointResponses demo = touchpoint::touchpoint_responses(kResponses, "demo-call", {});
    std::array<long long, 11> expected{};
    expected[3] = expected[6] = expected[9] = expected[10] = 1;
    CHECK(demo.nps_histogram == expected);
    CHECK(demo.texts == std::vector<std::string>{"Great demo, clear pricing", "太慢了"});
    const json* sep = group(demo.by_month, "month", "2026-09");
    const json* oct = group(demo.by_month, "month", "2026-10");
    REQUIRE(sep);
    REQUIRE(oct);
    CHECK((*sep)["n"] == 2);
    CHECK((*sep)["nps"]["value"].get<double>() == Approx(0.0));  // 9 and 3
    CHECK((*oct)["n"] == 1);
    CHECK(demo.by_month["groups"].size() == 3);

    AggregateFilter funder;
    touchpoint::filter_by_persona(funder, {"funder"});
    const touchpoint::TouchpointResponses funders = touchpoint::touchpoint_responses(kResponses, "demo-call", funder);
    std::array<long long, 11> funder_expected{};
    funder_expected[9] = funder_expected[10] = 1;
    CHECK(funders.nps_histogram == funder_expected);
    CHECK(funders.texts == std::vector<std::string>{"Great demo, clear pricing"});

    const touchpoint::TouchpointResponses nobody = touchpoint::touchpoint_responses(kResponses, "demo", {});
    CHECK(nobody.nps_histogram == std::array<long long, 11>{});  // an id is matched whole, not as a prefix
}

TEST_CASE("queries: open text reads like prose", "[aggregate][queries]") {
    CHECK(touchpoint::is_prose("too slow"));
    CHECK(touchpoint::is_prose("太慢了"));
    CHECK_FALSE(touchpoint::is_prose("price"));
    CHECK_FALSE(touchpoint::is_prose("a b"));  // shorter than 4 bytes
}

TEST_CASE("queries: the values answered per question", "[aggregate][queries]") {
    const touchpoint::AnswerValues values = touchpoint::answer_values(kResponses);
    const touchpoint::AnswerValues expected = {
        {"comment", {"ok", "price", "太慢了"}},  // the sentence has spaces: free text, left out
        {"nps", {"3", "6", "7", "9", "10"}},      // numbers numerically
        {"plan", {"pro"}},
        {"role", {"end-user", "funder", "influencer"}},
        {"seats", {"12"}}};
    CHECK(values == expected);

    std::string many;
    for (int i = 0; i < 31; ++i) many += response("2026-09-03T10:00:00Z", "x", 5, {{"city", "c" + std::to_string(i)}});
    for (const auto& [question, list] : touchpoint::answer_values(many)) CHECK(question != "city");  // 31 > 30 values
}

TEST_CASE("queries: the values answered, from lines the fast scanner reads and lines it leaves to the parser", "[aggregate][queries]") {
    // Lines the scanner reads have only their answers object parsed; an escaped key, a second
    // "answers" member or a line that is no JSON go to the whole-line parser, which gives the same.
    const std::string lines =
        R"({"answers":{"plan":"pro","seats":1.5,"trial":true,"tags":["a"],"nested":{"x":1},"note":""}})" "\n"
        R"({"answers":{"pl\u0061n":"team","seats":1e1}})" "\n"                      // escaped key: the parser
        R"({"answers":{"plan":"gone"},"meta":{},"answers":{"plan":"free"}})" "\n"  // the last member wins
        R"({"answers":"not an object"})" "\n"
        R"({"answers":{"plan":"broken")" "\n"                                      // no JSON: nothing
        R"(  {"context":{"answers":{"plan":"context"}},"answers":{"trial":false}}  )" "\n";
    const touchpoint::AnswerValues expected = {
        {"plan", {"free", "pro", "team"}},
        {"seats", {"1.5", "10.0"}},
        {"trial", {"false", "true"}}};
    CHECK(touchpoint::answer_values(lines) == expected);
}
