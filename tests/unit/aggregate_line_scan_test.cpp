// The NDJSON fast path over a stream in one pass (scan_line_to_newline: the scan finds the line's end
// itself, with no search for the '\n' first) against the line scan over the line alone (scan_line)
// and the full parser: the same facts, the same line ends, the same bad lines with the same line
// numbers, whatever follows the line and however the stream is cut into chunks; and a scan that
// remembers the member names of the lines before (key_predictor.hpp) against a fresh one.
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

namespace {

// Lines whose member names are near the names of the lines around them: one byte off, a prefix, the
// same name escaped or with whitespace before its ':', names about as long as the 16 bytes the
// predictor compares, CJK names, and lines that end within 16 bytes of a name.
std::vector<std::string> near_names() {
    std::vector<std::string> out;
    const std::string ok = line(9, "t");
    auto with = [&](const std::string& from, const std::string& to) {
        std::string text = ok;
        const auto at = text.find(from);
        if (at != std::string::npos) text.replace(at, from.size(), to);
        out.push_back(text);
    };
    for (const char* name : {"\"scores\":", "\"journey\":", "\"touchpoint\":\"t\"", "\"nps\":{", "\"value\":"}) {
        const std::string n = name;
        with(n, "\"\\u00" + std::string(n[1] == 's' ? "73" : n[1] == 'j' ? "6a" : n[1] == 't' ? "74" : n[1] == 'n' ? "6e" : "76") + n.substr(2));  // the same name, its first letter escaped
        with(n, "\"X" + n.substr(1));                 // one byte more at the front
        with(n, n.substr(0, n.find(':') - 1) + "X" + n.substr(n.find(':') - 1));  // and at the back
        with(n, n.substr(0, n.find(':')) + " " + n.substr(n.find(':')));         // whitespace before ':'
        with(n, n.substr(0, n.find(':')) + " \t " + n.substr(n.find(':')));
    }
    for (std::size_t size = 10; size <= 16; ++size) {  // unread members whose pattern is near 16 bytes
        const std::string name(size, 'k');
        out.push_back(R"({"touchpoint":"response/1",")" + name + R"(":1,"scores":{"nps":{"value":5}}})");
        out.push_back(R"({"touchpoint":"response/1",")" + name + R"(" :1,"scores":{"nps":{"value":6}}})");
        out.push_back(R"({")" + name + R"(":{"touchpoint":"response/1"},"touchpoint":"response/1"})");
    }
    // Names too long for the predictor to hold, first, between and last, then others in their place.
    out.push_back(R"({"answers":{"a-very-long-question-id":1,"role":"funder","nps":3},"touchpoint":"response/1"})");
    out.push_back(R"({"answers":{"role":"funder","a-very-long-question-id":1,"nps":4},"touchpoint":"response/1"})");
    out.push_back(R"({"answers":{"role":"funder","nps":5,"a-very-long-question-id":1},"touchpoint":"response/1"})");
    out.push_back(R"({"answers":{"a-very-long-question-iX":1,"role":"end-user","nps":6},"touchpoint":"response/1"})");
    out.push_back(R"({"answers":{"role":"funder","a-very-long-question-id":1,"rolf":7},"touchpoint":"response/1"})");
    out.push_back(R"({"touchpoint":"response/1","评分":{"评分":1},"scores":{"nps":{"value":5}}})");
    out.push_back(R"({"touchpoint":"response/1","评分x":{"评分":1},"scores":{"nps":{"value":7}}})");
    out.push_back(R"({"touchpoint":"response/1"})");
    out.push_back(R"({"touchpoint":"response/1","x":1})");
    out.push_back(R"({"touchpoint":"response/1","scores":1})");
    out.push_back(R"({"touchpoint":"response/1","scores"})");
    out.push_back(R"({"touchpoint":"response/1","scores":)");
    out.push_back(R"({"scores":{},"touchpoint":"response/1"})");
    return out;
}

}  // namespace

TEST_CASE("a scan that remembers the names of earlier lines reads each line as a fresh scan", "[aggregate]") {
    FactsRequest req;
    req.answers = {"role"};
    req.segments = {"plan"};
    Lcg r{23};
    std::vector<std::string> lines;
    for (int i = 0; i < 400; ++i) lines.push_back(varied_line(r));
    for (std::string& text : tricky_lines()) lines.push_back(std::move(text));
    for (std::string& text : near_names()) lines.push_back(std::move(text));
    // Each line three times in a row (the predictor learns its shape; it starts predicting after
    // about 30 lines), then all shuffled (it mispredicts).
    std::vector<std::string> order;
    for (const std::string& text : lines)
        for (int k = 0; k < 3; ++k) order.push_back(text);
    for (int round = 0; round < 3; ++round)
        for (std::size_t i = 0; i < lines.size(); ++i) order.push_back(lines[r.below(int(lines.size()))]);
    Facts kept, kept_stream;
    std::size_t fast = 0;
    for (const std::string& text : order) {
        Facts fresh;
        const bool ok = touchpoint::agg::scan_line(text, req, fresh);
        fast += ok;
        INFO("line " << quoted(text));
        CHECK(touchpoint::agg::scan_line(text, req, kept) == ok);
        if (ok) CHECK(show(kept, req) == show(fresh, req));
        const std::string buffer = text + "\n";  // ends within 16 bytes of its last names
        const char* end = touchpoint::agg::scan_line_to_newline(buffer.data(), buffer.data() + buffer.size(), req, kept_stream);
        CHECK((end != nullptr) == ok);
        if (end) CHECK(show(kept_stream, req) == show(fresh, req));
    }
    CHECK(fast > order.size() / 2);
}

// The scan keeps, per name it remembers, which member the name is (KeyPredictor::meaning), and a
// predicted name can be an entry of another kind of object with the same bytes ("value" under the
// NPS, CSAT and CES scores, "nps" among the answers and the scores, "touchpoint" in the payload and
// its journey), left behind when the entries it was linked to were replaced. Here every name the scan
// reads in some object is in every object, in a rotating order, beside names nobody reads that keep
// replacing the remembered ones: each line must still read as it does in a fresh scan.
TEST_CASE("a remembered name is read as the member it is in the object it is in", "[aggregate]") {
    FactsRequest req;
    req.answers = {"nps", "value"};
    req.segments = {"nps"};
    req.version = true;
    static const char* const names[] = {"touchpoint", "survey", "submitted", "locale", "journey", "scores",
                                        "answers", "context", "id", "version", "map", "stage", "nps",
                                        "csat", "ces", "segment", "value", "scale"};
    Lcg r{41};
    // An object holding every name: `real` gives the value of the names this kind of object reads
    // (each other name holds a number), then a few names nobody reads.
    const auto object = [&](const std::vector<std::pair<std::string, std::string>>& real) {
        std::vector<std::string> members;
        for (const char* name : names) {
            std::string value = std::to_string(1 + r.below(5));
            for (const auto& [n, v] : real)
                if (n == name) value = v;
            members.push_back(json(name).dump() + ":" + value);
        }
        for (int k = 0; k < 4; ++k) members.push_back("\"n" + std::to_string(r.below(3000)) + "\":" + std::to_string(k));
        const std::size_t start = std::size_t(r.below(int(members.size())));
        std::string text = "{";
        for (std::size_t m = 0; m < members.size(); ++m) text += (m ? "," : "") + members[(start + m) % members.size()];
        return text + "}";
    };
    Facts kept;
    std::size_t fast = 0;
    const int lines = 1000;
    for (int i = 0; i < lines; ++i) {
        const std::string nps = object({{"value", std::to_string(r.below(11))}});
        const std::string csat = object({{"value", std::to_string(1 + r.below(5))}, {"scale", "5"}});
        const std::string ces = object({{"value", std::to_string(1 + r.below(7))}, {"scale", "7"}});
        const std::string text = object({
            {"touchpoint", "\"response/1\""},
            {"survey", object({{"id", "\"s\""}, {"version", r.below(2) ? "\"3\"" : "\"4\""}})},
            {"submitted", "\"2026-11-23T05:00:00Z\""},
            {"locale", "\"zh-CN\""},
            {"journey", object({{"map", "\"m\""}, {"stage", "\"s\""}, {"touchpoint", r.below(2) ? "\"t1\"" : "\"t2\""}})},
            {"scores", object({{"nps", nps}, {"csat", csat}, {"ces", ces}})},
            {"answers", object({})},
            {"context", object({{"segment", object({})}})},
        });
        Facts fresh;
        const bool ok = touchpoint::agg::scan_line(text, req, fresh);
        INFO("line " << text);
        REQUIRE(touchpoint::agg::scan_line(text, req, kept) == ok);
        if (ok) REQUIRE(show(kept, req) == show(fresh, req));
        fast += ok;
    }
    CHECK(fast == std::size_t(lines));  // every line is plain: the fast scan reads them all
}
