// Binned distributions of number, slider and date answers (aggregate/bins.hpp): the rule on
// hand-made groups, and end to end from responses through the aggregator (one pass, and merged
// states as the collector's rollups merge them).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "aggregate_fixtures.hpp"
#include "touchpoint/aggregate/aggregator.hpp"
#include "touchpoint/aggregate/bins.hpp"

using nlohmann::json;
using touchpoint::answer_bins;
using touchpoint::declared_value_range;

namespace {

// Groups as the aggregator prints them for `key`: values as text, null for unanswered.
json groups_of(const std::string& key, const std::vector<std::pair<json, int>>& counts) {
    json groups = json::array();
    for (const auto& [value, n] : counts) groups.push_back({{"key", {{key, value}}}, {"n", n}});
    return groups;
}

json bins_of(const json& groups, const json& declared = json::object()) {
    std::string error;
    auto out = answer_bins(groups, "answer.q", declared, &error);
    INFO(error);
    REQUIRE(out.has_value());
    return *out;
}

std::vector<std::string> labels(const json& out) {
    std::vector<std::string> v;
    for (const json& b : out["bins"]) v.push_back(b["label"].get<std::string>());
    return v;
}

std::vector<int> counts(const json& out) {
    std::vector<int> v;
    for (const json& b : out["bins"]) v.push_back(b["n"].get<int>());
    return v;
}

json survey_with(const json& question) {
    return {{"touchpoint", "survey/1"}, {"id", "s"}, {"version", "1"}, {"locales", {"en"}},
            {"title", "T"}, {"questions", json::array({question})}};
}

}  // namespace

TEST_CASE("whole numbers over a wide range bin by a round width", "[aggregate][bins]") {
    // 0..97: ten steps of 10 cover it; 30..39 has no answer and is still listed.
    json out = bins_of(groups_of("answer.q", {{"0", 2}, {"5", 1}, {"12", 3}, {"27", 1}, {"45", 4}, {"61", 1}, {"97", 5}, {nullptr, 7}}));
    CHECK(out["by"] == "value");
    CHECK(out["width"] == 10);
    CHECK(labels(out) == std::vector<std::string>{"0–9", "10–19", "20–29", "30–39", "40–49", "50–59", "60–69", "70–79", "80–89", "90–99"});
    CHECK(counts(out) == std::vector<int>{3, 3, 1, 0, 4, 0, 1, 0, 0, 5});
    CHECK(out["bins"][3]["from"] == 30);
    CHECK(out["bins"][3]["to"] == 40);
    CHECK(out["answered"] == 17);
    CHECK(out["unanswered"] == 7);
}

TEST_CASE("a narrow range shows each possible value, gaps included", "[aggregate][bins]") {
    json out = bins_of(groups_of("answer.q", {{"1", 4}, {"2", 1}, {"4", 2}}));
    CHECK(out["width"] == 1);
    CHECK(labels(out) == std::vector<std::string>{"1", "2", "3", "4"});
    CHECK(counts(out) == std::vector<int>{4, 1, 0, 2});
}

TEST_CASE("bins start on the declared minimum and keep the slider's step", "[aggregate][bins]") {
    json slider = {{"id", "q"}, {"type", "slider"}, {"title", "How sure?"}, {"min", 0}, {"max", 10}, {"step", 0.5}};
    json declared = declared_value_range(survey_with(slider), "q").value_or(json());
    CHECK(declared == json{{"min", 0}, {"max", 10}, {"step", 0.5}});
    // 0..9.5 in steps of 0.5 is 20 values: width 1 (two steps), labels name first and last value.
    json out = bins_of(groups_of("answer.q", {{"0", 1}, {"0.5", 2}, {"3", 1}, {"9.5", 3}}), declared);
    CHECK(out["width"] == 1);
    CHECK(labels(out).front() == "0–0.5");
    CHECK(labels(out).back() == "9–9.5");
    CHECK(counts(out) == std::vector<int>{3, 0, 0, 1, 0, 0, 0, 0, 0, 3});

    // A slider's defaults (0..100, step 1) come from the core's model, not from this test.
    json plain = {{"id", "q"}, {"type", "slider"}, {"title", "Effort"}};
    CHECK(declared_value_range(survey_with(plain), "q").value_or(json()) == json{{"min", 0}, {"max", 100}, {"step", 1}});

    // A number question starting at 3: bins of 5 are 3–7, 8–12, ... not 0–4.
    json number = {{"id", "q"}, {"type", "number"}, {"title", "Seats"}, {"min", 3}, {"integer", true}};
    json d2 = declared_value_range(survey_with(number), "q").value_or(json());
    CHECK(d2 == json{{"min", 3}, {"integer", true}});
    json out2 = bins_of(groups_of("answer.q", {{"3", 1}, {"9", 1}, {"40", 2}}), d2);
    CHECK(out2["width"] == 5);
    CHECK(labels(out2).front() == "3–7");
    CHECK(labels(out2).back() == "38–42");
    CHECK_FALSE(declared_value_range(survey_with(number), "nope").has_value());
    CHECK_FALSE(declared_value_range(json::object(), "q").has_value());  // not a survey
}

TEST_CASE("decimals without a unit bin into half-open ranges", "[aggregate][bins]") {
    json out = bins_of(groups_of("answer.q", {{"0.1", 1}, {"0.37", 2}, {"0.3", 1}, {"0.95", 1}}));
    CHECK(out["width"] == 0.1);
    CHECK(labels(out).front() == "[0.1, 0.2)");
    CHECK(labels(out)[2] == "[0.3, 0.4)");  // 0.3 lands in its own bin despite 0.1·3 ≠ 0.3
    CHECK(counts(out) == std::vector<int>{1, 0, 3, 0, 0, 0, 0, 0, 1});
    json one = bins_of(groups_of("answer.q", {{"2.5", 3}}));
    CHECK(labels(one) == std::vector<std::string>{"2.5"});
    CHECK(counts(one) == std::vector<int>{3});
}

TEST_CASE("dates bin by day, ISO week, month or year by their span", "[aggregate][bins]") {
    json days = bins_of(groups_of("answer.q", {{"2026-03-01", 2}, {"2026-03-04", 1}}));
    CHECK(days["by"] == "day");
    CHECK(labels(days) == std::vector<std::string>{"2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04"});
    CHECK(counts(days) == std::vector<int>{2, 0, 0, 1});
    CHECK_FALSE(days.contains("width"));

    // 2026-03-01 is a Sunday: its week starts on Monday 2026-02-23 (2026-W09).
    json weeks = bins_of(groups_of("answer.q", {{"2026-03-01", 1}, {"2026-03-02", 2}, {"2026-04-20", 1}}));
    CHECK(weeks["by"] == "week");
    CHECK(weeks["bins"][0] == json{{"from", "2026-02-23"}, {"to", "2026-03-01"}, {"label", "2026-W09"}, {"n", 1}});
    CHECK(weeks["bins"][1]["n"] == 2);
    CHECK(labels(weeks).back() == "2026-W17");
    CHECK(weeks["bins"].size() == 9);

    json months = bins_of(groups_of("answer.q", {{"2025-12-31", 1}, {"2026-02-28", 1}, {"2026-07-01", 2}}));
    CHECK(months["by"] == "month");
    CHECK(labels(months).front() == "2025-12");
    CHECK(months["bins"][2] == json{{"from", "2026-02-01"}, {"to", "2026-02-28"}, {"label", "2026-02"}, {"n", 1}});
    CHECK(counts(months) == std::vector<int>{1, 0, 1, 0, 0, 0, 0, 2});

    json years = bins_of(groups_of("answer.q", {{"2019-06-01", 1}, {"2026-01-01", 1}}));
    CHECK(years["by"] == "year");
    CHECK(labels(years).size() == 8);
    CHECK(years["bins"][0]["from"] == "2019-01-01");
    CHECK(years["bins"][0]["to"] == "2019-12-31");
}

TEST_CASE("answers that are not numbers or dates are refused with the key", "[aggregate][bins]") {
    std::string error;
    CHECK_FALSE(answer_bins(groups_of("answer.q", {{"red", 1}}), "answer.q", json::object(), &error));
    CHECK(error == "answer.q: the answer \"red\" is neither a number nor a YYYY-MM-DD date");
    CHECK_FALSE(answer_bins(groups_of("answer.q", {{"3", 1}, {"2026-01-01", 1}}), "answer.q", json::object(), &error));
    CHECK(error == "answer.q: answers mix numbers and dates");
    CHECK_FALSE(answer_bins(groups_of("answer.other", {{"3", 1}}), "answer.q", json::object(), &error));
    CHECK(error == "answer.q: the groups are not grouped by this key");
    json none = bins_of(groups_of("answer.q", {{nullptr, 4}}));
    CHECK(none["bins"].empty());
    CHECK(none["unanswered"] == 4);
}

TEST_CASE("bins from one pass equal bins from merged states", "[aggregate][bins]") {
    aggregate_fixtures::Lcg r{42};
    touchpoint::Aggregator whole({"answer.age"}), first({"answer.age"}), second({"answer.age"});
    int answered = 0;
    for (int i = 0; i < 300; ++i) {
        json p = json::parse(aggregate_fixtures::line(r.below(11), "demo-call"));
        if (r.below(10)) {
            p["answers"]["age"] = 18 + r.below(60);
            ++answered;
        }
        const std::string text = p.dump();
        REQUIRE(whole.add_line(text));
        REQUIRE((i < 120 ? first : second).add_line(text));
    }
    whole.finish();
    touchpoint::Aggregator merged({"answer.age"});
    REQUIRE(merged.merge_state(first.state()));
    REQUIRE(merged.merge_state(second.state()));
    const json declared = json::object();
    auto a = answer_bins(whole.result()["groups"], "answer.age", declared);
    auto b = answer_bins(merged.result()["groups"], "answer.age", declared);
    REQUIRE(a);
    REQUIRE(b);
    CHECK(*a == *b);
    CHECK((*a)["answered"] == answered);
    CHECK((*a)["unanswered"] == 300 - answered);
    int total = 0;
    for (const json& bin : (*a)["bins"]) total += bin["n"].get<int>();
    CHECK(total == answered);
    CHECK((*a)["bins"].size() >= 5);
}
