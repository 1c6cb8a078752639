// The NDJSON fast path over a stream in one pass (scan_line_to_newline: the scan finds the line's end
// itself, with no search for the '\n' first) against the line scan over the line alone (scan_line)
// and the full parser: the same facts, the same line ends, the same bad lines with the same line
// numbers, whatever follows the line and however the stream is cut into chunks.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "../../shared/src/aggregate/facts.hpp"
#include "aggregate_checks.hpp"
#include "aggregate_fixtures.hpp"
#include "touchpoint/aggregate/aggregator.hpp"

using nlohmann::json;
using touchpoint::Aggregator;
using touchpoint::agg::Facts;
using touchpoint::agg::FactsRequest;
using touchpoint::agg::Raw;

using namespace aggregate_fixtures;

namespace {

// A line for a message (bad UTF-8 shown replaced: a strict dump would abort).
std::string quoted(const std::string& text) { return json(text).dump(-1, ' ', false, json::error_handler_t::replace); }

// A Raw as what it means: its text and number only under the kinds that have them.
std::string show(const Raw& r) {
    std::string out = std::to_string(int(r.kind));
    if (r.kind == Raw::String || r.kind == Raw::Number) out += ":" + std::string(r.text);
    if (r.kind == Raw::Number) out += "=" + std::to_string(r.number);
    return out;
}

std::string show(const Facts& f, const FactsRequest& req) {
    std::string out;
    for (const Raw* r : {&f.tag, &f.survey, &f.survey_id, &f.submitted, &f.locale, &f.journey, &f.map, &f.stage, &f.touchpoint,
                         &f.scores, &f.nps, &f.nps_value, &f.csat, &f.csat_value, &f.csat_scale, &f.ces, &f.ces_value,
                         &f.ces_scale, &f.answers, &f.context, &f.segment})
        out += show(*r) + " ";
    auto values = [&](const touchpoint::agg::Values& v) {
        out += (v.present ? "[" : "absent[") + show(v.raw);
        for (std::size_t i = 0; i < v.count; ++i) out += "|" + std::string(v.items[i]);
        out += "] ";
    };
    for (std::size_t i = 0; i < req.answers.size(); ++i) values(f.answer[i]);
    for (std::size_t i = 0; i < req.segments.size(); ++i) values(f.segment_value[i]);
    return out;
}

// Lines the fast scan must read or hand on, beside the generated ones: escapes, CJK, members in an
// unusual order, whitespace, and the ways a line can run into the next one.
std::vector<std::string> tricky_lines() {
    const std::string ok = line(9, "t");
    return {
        ok,
        ok + " \t\r",
        "  " + ok,
        R"({"touchpoint":"response/1","survey":{"id":"s\u0031"},"scores":{"nps":{"value":3}}})",
        R"({"answers":{"why":"\"quoted\" \\ \n escaped"},"touchpoint":"response/1","scores":{"nps":{"value":10}}})",
        "{\"locale\":\"zh-CN\",\"answers\":{\"why\":\"客服很快，谢谢\"},\"touchpoint\":\"response/1\","
        "\"journey\":{\"touchpoint\":\"在线客服\",\"map\":\"地图\"},\"scores\":{\"nps\":{\"value\":7}}}",
        R"({"scores":{"nps":{"category":"passive","value":8}},"journey":{"stage":"s","map":"m"},"touchpoint":"response/1"})",
        R"({ "touchpoint" : "response/1" , "scores" : { "nps" : { "value" : 0 } } })",
        R"({"touchpoint":"response/1","x":[1,-2.5,true,false,null,{"y":[]}],"scores":{}})",
        R"({"touchpoint":"response/1","submitted":"2026-01-02T03:04:05Z","scores":{"nps":{"value":1e1}}})",
        R"({"touchpoint":"response/1","touchpoint":"response/1"})",
        R"({"touchpoint":"response/1","x":"\ud83d\ude00"})",
        R"({"touchpoint":"response/1","x":"\ud83d"})",
        R"({"touchpoint":"response/2"})",
        R"({"touchpoint":"response/1"} x)",
        R"({"touchpoint":"response/1")",
        R"({"touchpoint":"response/1","x":tru)",
        R"({"touchpoint":"response/1","x":-)",
        R"({"touchpoint":"response/1","x":"\u00)",
        "{\"touchpoint\":\"response/1\",\"x\":\"\xe5\xae\"}",
        "[1,2]",
        "",
        "   ",
        "\r",
    };
}

}  // namespace

TEST_CASE("the one-pass scan reads a line exactly as the scan of the line alone", "[aggregate]") {
    FactsRequest req;
    req.answers = {"role"};
    req.segments = {"plan"};
    std::vector<std::string> lines = tricky_lines();
    Lcg r{5};
    for (int i = 0; i < 2000; ++i) lines.push_back(varied_line(r));
    // What may follow a line's '\n': its end must be found before any of it is read.
    const std::vector<std::string> next = {"", R"({"touchpoint":"response/1"})", "\"}]", "0123", "\n\n", "\xff"};
    std::size_t fast = 0;
    for (const std::string& text : lines) {
        Facts alone, stream;
        const bool ok = touchpoint::agg::scan_line(text, req, alone);
        const std::string expected = ok ? show(alone, req) : "";
        fast += ok;
        for (const std::string& after : next) {
            const std::string buffer = text + "\n" + after;
            const char* end = touchpoint::agg::scan_line_to_newline(buffer.data(), buffer.data() + buffer.size(), req, stream);
            INFO("line " << quoted(text) << " then " << quoted(after));
            CHECK((end != nullptr) == ok);  // never more, never less than the line scan
            if (!end) continue;
            CHECK(end == buffer.data() + text.size());
            CHECK(show(stream, req) == expected);
        }
        // Without its '\n' the line is not finished: the one-pass scan says so.
        INFO("line " << quoted(text) << " unfinished");
        CHECK(touchpoint::agg::scan_line_to_newline(text.data(), text.data() + text.size(), req, stream) == nullptr);
    }
    CHECK(fast > 1000);  // most generated lines take the fast path
}

TEST_CASE("a '\\n' ends the line: never whitespace to the fast scan, a control byte in a string", "[aggregate]") {
    FactsRequest req;
    Facts f;
    for (const std::string text : {"{\"touchpoint\":\n\"response/1\"}", "{\"touchpoint\":\"resp\nonse/1\"}", "{\n}",
                                   "{\"touchpoint\":\"response/1\"}\n"}) {
        INFO(quoted(text));
        CHECK_FALSE(touchpoint::agg::scan_line(text, req, f));  // the full parser decides
    }
}

TEST_CASE("the one-pass scan keeps bad lines and their numbers, however the stream is cut", "[aggregate]") {
    std::string data;
    for (const std::string& text : tricky_lines()) data += text + "\n";
    Lcg r{11};
    for (int i = 0; i < 300; ++i) data += varied_line(r) + "\n";
    data += "{\"touchpoint\":\n\"response/1\"}\n{\"touchpoint\":\"resp\nonse/1\"}\n";  // JSON across lines: bad halves
    data += line(9, "tail");  // no final newline
    for (auto by : std::vector<std::vector<std::string>>{{"touchpoint"}, {"answer.role", "segment.plan"}}) {
        Aggregator full(by);
        full.set_fast_path(false);
        full.add_ndjson(data);
        full.finish();
        REQUIRE(full.bad_line_count() > 20);
        for (std::size_t chunk : {std::size_t(1), std::size_t(3), std::size_t(64), std::size_t(4093), data.size()}) {
            Aggregator a(by);
            for (std::size_t i = 0; i < data.size(); i += chunk) a.add_ndjson(std::string_view(data).substr(i, chunk));
            a.finish();
            INFO("by " << json(by).dump() << ", chunks of " << chunk);
            aggregate_checks::check_same_aggregation(a, full);
        }
    }
}
