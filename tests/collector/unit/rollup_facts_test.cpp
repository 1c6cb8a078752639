// A payload's rollup facts read from its text (tools/collector/rollup_facts.hpp) against the
// definition, read from its DOM: for random payloads, canonical (what the collector stores) and not
// (members out of order or repeated), read by the core's line scan or parsed, with matrices,
// rankings, multiple choices with and without "other", question ids with '/', segments, escapes,
// CJK, other shapes where objects are expected, deep nesting and text that is not JSON.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "../../unit/aggregate_fixtures.hpp"  // Lcg
#include "collector/rollup_facts.hpp"
#include "touchpoint/aggregate/response_queries.hpp"

using nlohmann::json;
using namespace touchpoint::collector;

namespace {

using aggregate_fixtures::Lcg;
bool one_in(Lcg& r, int n) { return r.below(n) == 0; }

const char* const kNames[] = {"a", "b", "nps", "q/1", "row1", "row2", "value", "text", "中文", "segment", "plan", "r\\u00e9le"};

std::string pick_name(Lcg& r) { return kNames[r() % (sizeof kNames / sizeof *kNames)]; }

// A value as JSON text: scalars, lists and objects, nested up to `depth`.
std::string value(Lcg& r, int depth) {
    switch (r() % (depth > 0 ? 8 : 5)) {
        case 0: return std::to_string(int(r() % 21) - 5);
        case 1: return "\"" + pick_name(r) + "\"";
        case 2: return r() % 2 ? "true" : "null";
        case 3: return "1.5e2";
        case 4: return "\"结账很顺利\\n\"";
        case 5: {
            std::string out = "[";
            for (std::uint32_t n = r() % 4, i = 0; i < n; ++i) out += (i ? "," : "") + value(r, depth - 1);
            return out + "]";
        }
        default: {
            std::string out = "{";
            for (std::uint32_t n = r() % 4, i = 0; i < n; ++i) out += std::string(i ? "," : "") + "\"" + pick_name(r) + "\":" + value(r, depth - 1);
            return out + "}";
        }
    }
}

// An object of the given members, in order or shuffled, sometimes with one repeated.
std::string object(Lcg& r, std::vector<std::pair<std::string, std::string>> members, bool canonical) {
    if (canonical) {
        std::sort(members.begin(), members.end());
        members.erase(std::unique(members.begin(), members.end(), [](const auto& a, const auto& b) { return a.first == b.first; }),
                      members.end());
    } else {
        for (std::size_t i = members.size(); i > 1; --i) std::swap(members[i - 1], members[r() % i]);
        if (!members.empty() && one_in(r, 3)) members.push_back({members[r() % members.size()].first, value(r, 1)});
    }
    std::string out = "{";
    for (std::size_t i = 0; i < members.size(); ++i) out += (i ? ",\"" : "\"") + members[i].first + "\":" + members[i].second;
    return out + "}";
}

std::string answer(Lcg& r, bool canonical) {
    switch (r() % 7) {
        case 0: return object(r, {{"row1", "\"ceo\""}, {"row2", "3"}, {pick_name(r), value(r, 1)}}, canonical);  // a matrix
        case 1: return "[\"b\",\"a\",1,[\"x\"],\"中文\"]";  // a ranking or multiple choice (its strings are parts)
        case 2: return object(r, {{"value", r() % 2 ? "[\"a\",\"other\"]" : "\"other\""}, {"text", "\"自己写\""}}, canonical);
        default: return value(r, 2);
    }
}

std::string payload(Lcg& r, bool canonical) {
    std::vector<std::pair<std::string, std::string>> top = {{"touchpoint", "\"response/1\""}, {"id", "\"r" + std::to_string(r()) + "\""}};
    const char* const times[] = {"\"2026-11-23T05:00:00Z\"", "\"2026-11-24T23:59:59.250Z\"", "\"2026-02-30T00:00:00Z\"", "\"yesterday\"", "17",
                                 "\"2026-11-23T05:00:00\\u005a\""};
    if (!one_in(r, 8)) top.push_back({"submitted", times[r() % 6]});
    if (!one_in(r, 8)) top.push_back({"locale", one_in(r, 6) ? "[\"zh-CN\"]" : r() % 2 ? "\"zh-CN\"" : "\"en\\u002dGB\""});
    if (!one_in(r, 8)) {
        std::vector<std::pair<std::string, std::string>> answers;
        for (std::uint32_t n = r() % 5, i = 0; i < n; ++i) answers.push_back({r() % 3 ? "q" + std::to_string(r() % 9) : pick_name(r), answer(r, canonical)});
        top.push_back({"answers", one_in(r, 10) ? value(r, 2) : object(r, answers, canonical)});
    }
    if (!one_in(r, 3)) {
        std::vector<std::pair<std::string, std::string>> segment;
        for (std::uint32_t n = r() % 4, i = 0; i < n; ++i) segment.push_back({pick_name(r), value(r, 1)});
        std::vector<std::pair<std::string, std::string>> context = {{"page", "\"/checkout\""}};
        if (!one_in(r, 4)) context.push_back({"segment", one_in(r, 8) ? "[\"pro\"]" : object(r, segment, canonical)});
        top.push_back({"context", one_in(r, 10) ? "\"none\"" : object(r, context, canonical)});
    }
    if (one_in(r, 3)) top.push_back({"journey", object(r, {{"map", "\"b2b\""}, {"stage", value(r, 2)}}, canonical)});
    return object(r, top, canonical);
}

void check(const std::string& text) {
    INFO(text);
    const RollupFacts want = rollup_facts_of(json::parse(text, nullptr, false));
    const RollupFacts got = rollup_facts_of_text(text);
    CHECK(got.day == want.day);
    CHECK(got.locale == want.locale);
    CHECK(got.answered == want.answered);
    CHECK(got.parts == want.parts);
    CHECK(got.segments == want.segments);
}

}  // namespace

TEST_CASE("rollup facts from the text are the DOM's", "[collector][rollups]") {
    Lcg r{20261206};
    std::size_t with_parts = 0, with_segments = 0, with_day = 0, scanned = 0, scanned_answers = 0, scanned_segments = 0,
                scanned_parts = 0;
    for (int i = 0; i < 4000; ++i) {
        const std::string text = payload(r, i % 2 == 0);
        const RollupFacts want = rollup_facts_of(json::parse(text, nullptr, false));
        with_parts += !want.parts.empty();
        with_segments += !want.segments.empty();
        with_day += !want.day.empty();
        check(text);
        check(json::parse(text, nullptr, false).dump());  // the canonical text of the same payload
        for (const std::string& form : {text, json::parse(text, nullptr, false).dump()}) {
            touchpoint::PayloadOutline outline;
            if (touchpoint::outline_payload(form, outline)) {  // read by the core's line scan, not parsed
                ++scanned;
                scanned_answers += !outline.answers.empty();
                scanned_segments += !outline.segments.empty();
                scanned_parts += !outline.parts.empty();
            }
        }
    }
    CHECK(with_parts > 100);  // the generator reaches every kind of fact
    CHECK(with_segments > 100);
    CHECK(with_day > 100);
    INFO(scanned << " read by the line scan, " << scanned_answers << " of them with answers, " << scanned_segments << " with segments, "
                 << scanned_parts << " with parts");
    CHECK(scanned > 1000);  // both ways of reading the text are compared with the DOM's
    CHECK(scanned_answers > 100);
    CHECK(scanned_segments > 100);
    CHECK(scanned_parts > 100);  // a matrix's rows, a list's strings: read by the scan too
}

TEST_CASE("rollup facts from text that is not a payload object", "[collector][rollups]") {
    for (const char* text : {"", "[]", "\"answers\"", "{", "{\"answers\":{\"a\":1}", "{\"answers\":{\"a\":1}} x", "{\"a\":1,}", "nul",
                             "{\"answers\":{\"a\":1},\"answers\":{\"b\":2}}", "{\"locale\":\"en\",\"locale\":\"zh\"}",
                             "{\"answers\":{\"q\":{\"r\":1,\"r\":2}}}", "{\"context\":{\"segment\":{\"b\":1,\"a\":2}}}",
                             "{\"submitted\":\"2026-11-23T05:00:00Z\"} // comment", "[{\"answers\":{\"a\":1}}]"})
        check(text);
    std::string deep = "{\"answers\":{\"a\":";  // nested past any recursion limit
    for (int i = 0; i < 100000; ++i) deep += "[";
    for (int i = 0; i < 100000; ++i) deep += "]";
    check(deep + "}}");
    CHECK(rollup_facts_of_text(deep + "}}").answered == std::vector<std::string>{"a"});
    CHECK(rollup_facts_of_text("{\"answers\":{\"a\":1},\"answers\":{\"b\":2}}").answered == std::vector<std::string>{"b"});  // the DOM keeps the last
}
