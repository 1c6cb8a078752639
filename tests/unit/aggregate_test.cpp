// Streaming aggregation: hand-computed statistics, grouping, period keys, labels, bad lines, and
// the NDJSON fast path against the full parser on generated data.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "aggregate_checks.hpp"
#include "aggregate_fixtures.hpp"
#include "touchpoint/aggregate/aggregator.hpp"
#include "touchpoint/response/csv.hpp"

using nlohmann::json;
using touchpoint::Aggregator;

using namespace aggregate_fixtures;

namespace {

json run(const std::vector<std::string>& by, const std::string& ndjson, bool fast = true) {
    Aggregator a(by);
    a.set_fast_path(fast);
    a.add_ndjson(ndjson);
    a.finish();
    return json::parse(a.result_json());
}

// `data` aggregated both ways, by the line scan (first) and by the full parser, filtered by `where` if given.
std::pair<Aggregator, Aggregator> both_ways(const std::vector<std::vector<std::string>>& groupings, const std::string& data,
                                            const touchpoint::AggregateFilter* where = nullptr) {
    std::pair<Aggregator, Aggregator> out{Aggregator::for_groupings(groupings), Aggregator::for_groupings(groupings)};
    out.second.set_fast_path(false);
    for (Aggregator* a : {&out.first, &out.second}) {
        if (where) REQUIRE(a->set_filter(*where));
        a->add_ndjson(data);
        a->finish();
    }
    return out;
}

// A line whose answer "role" is the JSON text `role`.
std::string line_with_role(int nps, const char* touchpoint, const std::string& role) {
    std::string text = line(nps, touchpoint);
    const std::size_t at = text.find(R"("role":"funder")");
    REQUIRE(at != std::string::npos);
    return text.replace(at, 15, "\"role\":" + role);
}

}  // namespace

TEST_CASE("NPS, its margin of error and counts match a hand computation", "[aggregate]") {
    std::string data;
    for (int v : {10, 9, 9, 10, 9, 7, 8, 8, 3, 6}) data += line(v, "demo-call") + "\n";
    json r = run({}, data);
    REQUIRE(r["groups"].size() == 1);
    const json& g = r["groups"][0];
    CHECK(g["key"] == json::object());
    CHECK(g["n"] == 10);
    // 5 promoters, 3 passives, 2 detractors: NPS 50 - 20 = 30; var = .5 + .2 - .3^2 = .61;
    // moe = 1.96 * sqrt(.61 / 10) * 100 = 48.4
    CHECK(g["nps"]["value"].get<double>() == Approx(30.0));
    CHECK(g["nps"]["moe"].get<double>() == Approx(48.4));
    CHECK(g["nps"]["promoters"] == 5);
    CHECK(g["nps"]["passives"] == 3);
    CHECK(g["nps"]["detractors"] == 2);
    CHECK(g["nps"]["n"] == 10);
    CHECK(g["csat"].is_null());
    CHECK(g["ces"].is_null());
    CHECK(g["small_sample"] == true);
}

TEST_CASE("CSAT and CES are scale-aware", "[aggregate]") {
    std::string data;
    auto add = [&](json scores) {
        json p = json::parse(line(9, "t"));
        p["scores"] = scores;
        data += p.dump() + "\n";
    };
    add({{"csat", {{"value", 5}, {"scale", 5}}}, {"ces", {{"value", 7}, {"scale", 7}}}});
    add({{"csat", {{"value", 3}, {"scale", 5}}}, {"ces", {{"value", 4}, {"scale", 7}}}});
    add({{"csat", {{"value", 10}, {"scale", 10}}}, {"ces", {{"value", 1}, {"scale", 5}}}});  // 10/10 -> 5; 1/5 -> 1
    add({{"csat", {{"value", 4}}}, {"ces", {{"value", 5}}}});                                 // default scales 5 and 7
    json g = run({}, data)["groups"][0];
    CHECK(g["n"] == 4);
    CHECK(g["nps"].is_null());
    CHECK(g["csat"]["n"] == 4);
    CHECK(g["csat"]["value"].get<double>() == Approx(75.0));  // 5, 10/10, 4 are top-2; 3 is not
    CHECK(g["csat"]["mean"].get<double>() == Approx(4.3));    // (5 + 3 + 5 + 4) / 4 = 4.25 -> 4.3
    CHECK(g["ces"]["value"].get<double>() == Approx(4.3));    // (7 + 4 + 1 + 5) / 4 = 4.25
    CHECK(g["ces"]["easy"].get<double>() == Approx(50.0));    // 7 and 5 are easy
}

TEST_CASE("groups by keys in a stable order, null last, with combinations", "[aggregate]") {
    std::string data = line(10, "pricing") + "\n" + line(2, "demo-call") + "\n" + line(9, nullptr) + "\n" +
                       line(9, "demo-call", "end-user") + "\n";
    json r = run({"touchpoint"}, data);
    REQUIRE(r["groups"].size() == 3);
    CHECK(r["groups"][0]["key"] == json{{"touchpoint", "demo-call"}});
    CHECK(r["groups"][0]["n"] == 2);
    CHECK(r["groups"][0]["nps"]["value"].get<double>() == Approx(0.0));
    CHECK(r["groups"][1]["key"] == json{{"touchpoint", "pricing"}});
    CHECK(r["groups"][2]["key"] == json{{"touchpoint", nullptr}});
    json r2 = run({"touchpoint", "answer.role"}, data);
    REQUIRE(r2["groups"].size() == 4);
    CHECK(r2["groups"][0]["key"] == json{{"touchpoint", "demo-call"}, {"answer.role", "end-user"}});
    CHECK(r2["groups"][1]["key"] == json{{"touchpoint", "demo-call"}, {"answer.role", "funder"}});
    // The printed text keeps the documented member order.
    Aggregator a({"touchpoint"});
    a.add_ndjson(data);
    CHECK(a.result_json().rfind("{\"groups\":[{\"key\":{\"touchpoint\":\"demo-call\"},\"n\":2,\"nps\":{\"value\":0.0,\"moe\":", 0) == 0);
}

TEST_CASE("multi-select answers count once in each chosen group", "[aggregate]") {
    json p = json::parse(line(9, "t"));
    p["answers"]["channel"] = json::array({"docs", "chat", "docs"});
    json q = json::parse(line(3, "t"));
    q["answers"]["channel"] = {{"value", "other"}, {"text", "朋友"}};
    json r = run({"answer.channel"}, p.dump() + "\n" + q.dump() + "\n");
    REQUIRE(r["groups"].size() == 3);
    CHECK(r["groups"][0]["key"]["answer.channel"] == "chat");
    CHECK(r["groups"][1]["key"]["answer.channel"] == "docs");
    CHECK(r["groups"][1]["n"] == 1);
    CHECK(r["groups"][2]["key"]["answer.channel"] == "other");
}

// A list answer (a multi-select's choices) is read by the line scan, not handed to the full parser:
// its strings are its values, in order, the first 64, its other items nothing. Every shape here
// must aggregate, filter and be refused exactly as the full parser has it, and the lists the scan
// can read must not go to the full parser.
TEST_CASE("list answers: the line scan reads them as the full parser does", "[aggregate]") {
    std::string many = "[";
    for (int i = 0; i < 70; ++i) many += (i ? ",\"c" : "\"c") + std::to_string(i % 67) + "\"";
    many += "]";
    const std::vector<std::pair<std::string, bool>> lists = {  // (the answer's JSON, read by the scan)
        {R"(["a","b"])", true},
        {R"([])", true},
        {R"(["a",1,-2.5,true,false,null,["x",["y"]],{"k":"v","n":[1]},"b"])", true},
        {"[ \"a\" ,\t\"b\" , [ ] ,{ } ]", true},  // whitespace, a tab too
        {R"(["客服","a","😀"])", true},
        {R"(["a","a","b","a"])", true},
        {many, true},
        {R"(["a\"b","c"])", false},           // an escape: the full parser unescapes it
        {R"(["a\u0062"])", false},
        {R"(["a",{"x":"\n"}])", true},        // an escape in an item that counts for nothing
        // Bad lines: the scan gives up on them, and the full parser says why.
        {R"(["a","b",])", false},  // a trailing comma
        {R"(["a" "b"])", false},   // no comma
        {R"(["a",tru])", false},   // a bad literal
        {R"(["a",01])", false},    // a bad number
        {R"(["a")", false},        // never closed
        {"[\"a\x01\"]", false},  // a control byte in a string
        {"[\"a\xff\"]", false},  // not UTF-8
    };
    std::string data;
    std::size_t scan_readable = 0;
    for (int round = 0; round < 3; ++round) {
        for (const auto& [list, readable] : lists) {
            data += line_with_role(round * 4 + 1, round ? "trial" : "demo-call", list) + "\n";
            scan_readable += readable;
        }
        data += line(9, "trial", "a") + "\n";  // a plain answer among them
        ++scan_readable;
        // the same answer twice, either way round: the full parser decides; the scan reads neither
        std::string twice = line(7, "trial", "b"), list_second = twice;
        twice.insert(twice.find(R"("role")"), R"("role":["a"],)");
        list_second.insert(list_second.find(R"("role":"b")") + 10, R"(,"role":["a"])");
        data += twice + "\n" + list_second + "\n";
    }
    const std::vector<std::vector<std::string>> bys = {{"answer.role"}, {"answer.role", "touchpoint"}, {"touchpoint"}};
    for (const auto& by : bys) {
        for (int filtered = 0; filtered < 2; ++filtered) {
            const touchpoint::AggregateFilter where{"", "", {{"answer.role", "a"}, {"answer.role", "c63"}}, {}};
            auto [fast, full] = both_ways({by}, data, filtered ? &where : nullptr);
            INFO("by " << json(by).dump() << (filtered ? " where answer.role is a or c63" : ""));
            aggregate_checks::check_same_aggregation(fast, full);
            CHECK(fast.bad_line_count() == 3 * 7);
            // The full parser has only the lists with an escape, the repeated answers and the bad lines.
            if (by[0] == "answer.role" || filtered) CHECK(fast.fallback_count() == fast.lines() - scan_readable);
            if (by[0] == "answer.role") {
                const std::string r = fast.result_json();
                CHECK(r.find(R"("answer.role":"c63")") != std::string::npos);  // the 64th string counts ...
                CHECK(r.find(R"("answer.role":"c64")") == std::string::npos);  // ... the 65th not
                CHECK(r.find(R"("answer.role":"😀")") != std::string::npos);
            }
        }
    }
}

// The parts of an answer (a matrix's rows, a ranking's items: answer.<qid>/<part>) and an "other"
// choice's {"value", "text"} are read by the line scan too, for the whole answer and each part
// requested in one reading. Every shape must aggregate and filter as the full parser has it; the
// lines the scan leaves to the full parser are the ones marked.
TEST_CASE("matrix rows, ranking positions and other choices: the line scan reads them as the full parser does",
          "[aggregate]") {
    const std::vector<std::pair<std::string, bool>> answers = {  // (the answer's JSON, read by the scan)
        {R"({"ceo":"not","cfo":"fully"})", true},
        {R"({"cfo":"partly","ceo":"fully","cto":"not"})", true},
        {R"({"ceo":["a","b"],"cfo":[]})", true},
        {R"({"ceo":3,"cfo":true,"cto":null})", true},
        {R"({ "ceo" : "not" , "z" : {"deep":[1,{"y":"\n"}]} })", true},
        {R"({"ceo":"not","x":{"y":1}})", false},  // a part that is an object: the full parser
        {R"({})", true},
        {R"({"value":"other","text":"朋友推荐"})", true},
        {R"({"value":["a","other"],"text":"x"})", true},
        {R"({"value":3,"text":"x"})", true},
        {R"(["b","a","c"])", true},              // a ranking: a is 2nd, c 3rd
        {R"(["x",1,{"k":"a"},"a","a"])", true},  // a is 4th: every item counts for the position
        {R"(["ceo"])", true},
        {R"("a")", true},                        // a scalar: the whole's value, no parts
        {R"(7)", true},
        {R"({"ceo":2.5})", false},               // a fraction: its text is the full parser's
        {R"({"ceo":{"value":"other","text":"x"}})", false},
        {R"({"ce\u006f":"not"})", false},        // an escaped name could spell a part
        {R"({"ceo":"n\"ot"})", false},
        {R"({"ceo":"not","ceo":"fully"})", false},  // repeated: the full parser decides
        {R"({"value":"a","value":"b"})", false},
        {R"(["a\"b","a"])", false},
        {R"({"ceo":"not",})", false},             // bad lines
        {R"({"ceo" "not"})", false},
        {R"({"ceo":"not")", false},
        {R"(["a",])", false},
    };
    std::string data;
    std::size_t scan_readable = 0;
    for (int round = 0; round < 2; ++round) {
        for (const auto& [answer, readable] : answers) {
            data += line_with_role(round * 5 + 2, round ? "trial" : "demo-call", answer) + "\n";
            scan_readable += readable;
        }
        std::string twice = line(7, "trial", "b");  // the answer twice: the full parser decides
        twice.insert(twice.find(R"("role")"), R"("role":{"ceo":"x"},)");
        data += twice + "\n";
    }
    {  // twice, with only parts asked for: no whole answer to notice the second
        std::string twice = line(7, "trial", "b");
        twice.replace(twice.find(R"("role":"b")"), 10, R"("role":{"ceo":"x"},"role":{"cfo":"y"})");
        auto [fast, full] = both_ways({{"answer.role/ceo"}}, twice + "\n");
        CHECK(fast.result_json() == full.result_json());
        CHECK(fast.fallback_count() == 1);
    }
    // The last grouping asks for a part named "value" beside the whole answer, whose "other" value
    // it is too: the scan leaves such lines to the full parser (checked without it first).
    std::vector<std::vector<std::string>> groupings = {
        {"answer.role"}, {"answer.role/ceo"}, {"answer.role/cfo", "touchpoint"}, {"answer.role/a"},
        {"answer.role/c"}, {"answer.role/x"}};
    for (int filtered = 0; filtered < 3; ++filtered) {
        if (filtered == 2) groupings.push_back({"answer.role/value"});
        const touchpoint::AggregateFilter where{"", "", {}, {{"answer.role/ceo", "not"}, {"answer.role/a", "2"}}};
        auto [fast, full] = both_ways(groupings, data, filtered == 1 ? &where : nullptr);
        INFO((filtered == 1 ? "where answer.role/ceo is not or answer.role/a is 2" : filtered ? "with answer.role/value" : "unfiltered"));
        for (std::size_t g = 0; g < groupings.size(); ++g) {
            INFO("grouping " << json(groupings[g]).dump());
            CHECK(fast.result_json(g) == full.result_json(g));
            CHECK(fast.responses(g) == full.responses(g));
            CHECK(fast.bad_line_count(g) == full.bad_line_count(g));
        }
        CHECK(fast.bad_line_count() == 2 * 4);
        if (filtered < 2) CHECK(fast.fallback_count() == fast.lines() - scan_readable);
        else CHECK(fast.fallback_count() == fast.lines() - scan_readable + 2 * 3);  // the 3 "value" answers
        if (!filtered) {
            const std::string ranks = fast.result_json(3), rows = fast.result_json(1), whole = fast.result_json(0);
            CHECK(ranks.find(R"("answer.role/a":"2")") != std::string::npos);
            CHECK(ranks.find(R"("answer.role/a":"4")") != std::string::npos);
            CHECK(rows.find(R"("answer.role/ceo":"3")") != std::string::npos);
            CHECK(whole.find(R"("answer.role":"朋友推荐")") == std::string::npos);  // the text is not a value
            CHECK(whole.find(R"("answer.role":"other")") != std::string::npos);
        }
    }
}

TEST_CASE("period keys: day, ISO week, month", "[aggregate]") {
    std::string data = line(9, "t", "x", "2026-12-31T23:00:00Z") + "\n" + line(9, "t", "x", "2027-01-01T01:00:00Z") + "\n" +
                       line(9, "t", "x", "2027-01-04T07:00:00+08:00") + "\n" +  // Jan 3 23:00 UTC: still 2026-W53
                       line(9, "t", "x", "2027-01-04T09:00:00+08:00") + "\n";   // Jan 4 01:00 UTC: 2027-W01
    json week = run({"week"}, data);
    REQUIRE(week["groups"].size() == 2);
    CHECK(week["groups"][0]["key"]["week"] == "2026-W53");
    CHECK(week["groups"][0]["n"] == 3);
    CHECK(week["groups"][1]["key"]["week"] == "2027-W01");
    json day = run({"day"}, data);
    REQUIRE(day["groups"].size() == 4);
    CHECK(day["groups"][2]["key"]["day"] == "2027-01-03");
    CHECK(day["groups"][3]["key"]["day"] == "2027-01-04");
    json month = run({"month"}, data);
    REQUIRE(month["groups"].size() == 2);
    CHECK(month["groups"][0]["key"]["month"] == "2026-12");
    CHECK(month["groups"][1]["n"] == 3);
}

TEST_CASE("segment keys and survey labels", "[aggregate]") {
    json p = json::parse(line(9, "t"));
    p["context"] = {{"segment", {{"plan", "pro"}}}};
    Aggregator a({"segment.plan", "answer.role"});
    a.set_survey(json::parse(R"({"locales":["zh-CN","en"],"questions":[{"id":"role","type":"single",
        "choices":[{"value":"funder","label":{"zh-CN":"资助方","en":"Funder"}}]}]})"));
    a.add_ndjson(p.dump() + "\n");
    a.finish();
    json g = json::parse(a.result_json())["groups"][0];
    CHECK(g["key"] == json{{"segment.plan", "pro"}, {"answer.role", "funder"}});
    CHECK(g["labels"] == json{{"answer.role", "资助方"}});
}

TEST_CASE("unknown or repeated keys are refused", "[aggregate]") {
    CHECK_FALSE(Aggregator({"colour"}).ok());
    CHECK(Aggregator({"colour"}).error().find("unknown group key \"colour\"") == 0);
    CHECK_FALSE(Aggregator({"answer."}).ok());
    CHECK_FALSE(Aggregator({"day", "day"}).ok());
    CHECK(Aggregator({"answer.role", "segment.plan", "week"}).ok());
    CHECK(Aggregator::valid_key("month"));
}

TEST_CASE("bad lines are reported with line numbers and never stop the stream", "[aggregate]") {
    json wrong_type = json::parse(line(9, "t"));
    wrong_type["scores"]["nps"]["value"] = "9";
    json out_of_range = json::parse(line(9, "t"));
    out_of_range["scores"]["nps"]["value"] = 11;
    std::string data = line(9, "t") + "\n" + "{\"touchpoint\":\"response/1\",\"id\":\n" + "\n" +
                       std::string("\x00\xff\xfe garbage", 11) + "\n" + wrong_type.dump() + "\n" + out_of_range.dump() +
                       "\n" + "{\"touchpoint\":\"survey/1\"}\n" + line(3, "t");
    Aggregator a;
    a.add_ndjson(data);
    a.finish();
    CHECK(a.responses() == 2);
    CHECK(a.bad_line_count() == 5);
    REQUIRE(a.bad_lines().size() == 5);
    CHECK(a.bad_lines()[0].line == 2);
    // Within the line: the column where it stops being JSON (here its end).
    CHECK(a.bad_lines()[0].message.rfind(": not valid JSON at column 33: unexpected end of input", 0) == 0);
    CHECK(a.bad_lines()[1].line == 4);
    CHECK(a.bad_lines()[2].message == "/scores/nps/value: expected a number");
    CHECK(a.bad_lines()[3].message == "/scores/nps/value: expected a whole number from 0 to 10");
    CHECK(a.bad_lines()[4].line == 7);
    CHECK(a.bad_lines()[4].message == "/touchpoint: not a response/1 payload");
    std::string deep(2000, '[');
    std::string err;
    CHECK_FALSE(a.add_line(deep, &err));
    CHECK(err == ": nesting deeper than 512 levels");
}

TEST_CASE("the fast path and the full parser agree on generated data", "[aggregate]") {
    Lcg r{42};
    std::string data;
    for (int i = 0; i < 3000; ++i) data += varied_line(r) + "\n";
    for (auto by : std::vector<std::vector<std::string>>{
             {}, {"touchpoint"}, {"answer.role"}, {"survey", "locale"}, {"segment.plan", "segment.seats"}, {"week", "map"},
             {"version", "touchpoint"}}) {
        Aggregator fast(by), full(by);
        full.set_fast_path(false);
        fast.add_ndjson(data);
        full.add_ndjson(data);
        fast.finish();
        full.finish();
        INFO("by " << json(by).dump());
        aggregate_checks::check_same_aggregation(fast, full);
        CHECK(fast.responses() > 2000);
        CHECK(fast.bad_line_count() > 50);
        // The fast path does the bulk of the work.
        CHECK(fast.fallback_count() < fast.responses() / 2);
    }
}

TEST_CASE("chunked NDJSON gives the same result as one buffer", "[aggregate]") {
    Lcg r{7};
    std::string data;
    for (int i = 0; i < 40; ++i) data += varied_line(r) + "\n";
    data += line(9, "tail");  // no final newline
    Aggregator whole({"touchpoint"});
    whole.add_ndjson(data);
    whole.finish();
    for (std::size_t chunk : {1u, 7u, 100u, 4096u}) {
        Aggregator a({"touchpoint"});
        for (std::size_t i = 0; i < data.size(); i += chunk) a.add_ndjson(std::string_view(data).substr(i, chunk));
        a.finish();
        CHECK(a.result_json() == whole.result_json());
        CHECK(a.bad_line_count() == whole.bad_line_count());
    }
}

TEST_CASE("the CSV export aggregates like the NDJSON it came from", "[aggregate]") {
    Lcg r{99};
    std::string ndjson, csv = touchpoint::response_csv_header();
    for (int i = 0; i < 300; ++i) {
        std::string l = varied_line(r);
        json p = json::parse(l, nullptr, false);
        if (p.is_discarded() || !p.is_object() || p.value("touchpoint", "") != "response/1") continue;
        Aggregator check;
        if (!check.add(p)) continue;
        ndjson += l + "\n";
        csv += touchpoint::response_to_csv_row(p);
    }
    for (auto by : std::vector<std::vector<std::string>>{{"touchpoint"}, {"answer.role", "locale"}, {"day"}}) {
        Aggregator a(by), b(by);
        a.add_ndjson(ndjson);
        a.finish();
        b.add_csv(csv);
        b.finish();
        CHECK(b.bad_line_count() == 0);
        CHECK(a.result_json() == b.result_json());
    }
    Aggregator bad;
    bad.add_csv("id,nope\n1,2\n");
    CHECK(bad.bad_line_count() == 1);
    CHECK(bad.bad_lines()[0].line == 1);
}

TEST_CASE("memory per group stays constant", "[aggregate]") {
    Aggregator a({"touchpoint"});
    std::string data;
    for (int i = 0; i < 2000; ++i) data += line(i % 11, i % 2 ? "a" : "b") + "\n";
    for (int rep = 0; rep < 10; ++rep) a.add_ndjson(data);
    a.finish();
    json r = json::parse(a.result_json());
    CHECK(a.responses() == 20000);
    CHECK(r["groups"].size() == 2);
    CHECK(r["groups"][0]["n"] == 10000);
    CHECK(r["groups"][0]["small_sample"] == false);
}

TEST_CASE("a filter keeps the responses of a day range and of listed values, on both paths", "[aggregate]") {
    std::string data = line(10, "demo-call", "funder", "2026-11-20T05:00:00Z") + "\n" +
                       line(0, "demo-call", "funder", "2026-11-23T05:00:00Z") + "\n" +
                       line(9, "trial", "end-user", "2026-11-23T23:59:59Z") + "\n" +
                       line(3, "trial", "buyer", "2026-11-25T00:00:00Z") + "\nnot json\n";
    for (bool fast : {true, false}) {
        auto run_filtered = [&](const touchpoint::AggregateFilter& f, std::vector<std::string> by = {}) {
            Aggregator a(by);
            a.set_fast_path(fast);
            REQUIRE(a.set_filter(f));
            a.add_ndjson(data);
            a.finish();
            CHECK(a.bad_line_count() == 1);  // a bad line stays bad whatever the filter
            return json::parse(a.result_json());
        };
        json r = run_filtered({"2026-11-21", "2026-11-24", {}, {}});
        CHECK(r["groups"][0]["n"] == 2);
        r = run_filtered({"", "", {{"answer.role", "funder"}, {"answer.role", "buyer"}}, {}}, {"touchpoint"});
        REQUIRE(r["groups"].size() == 2);
        CHECK(r["groups"][0]["n"] == 2);  // demo-call: both funders
        CHECK(r["groups"][1]["n"] == 1);  // trial: the buyer
        r = run_filtered({"2026-11-23", "", {{"touchpoint", "trial"}, {"answer.role", "end-user"}}, {}});
        CHECK(r["groups"][0]["n"] == 1);
        r = run_filtered({"", "", {{"locale", "en"}}, {}});
        CHECK(r["groups"].empty());
        // `any`: at least one pair matches (here the touchpoint or the role), and `where` still holds
        r = run_filtered({"", "", {}, {{"touchpoint", "trial"}, {"answer.role", "funder"}}});
        CHECK(r["groups"][0]["n"] == 4);
        r = run_filtered({"", "", {{"locale", "zh-CN"}}, {{"touchpoint", "nowhere"}, {"answer.role", "buyer"}}});
        CHECK(r["groups"][0]["n"] == 1);
        r = run_filtered({"2026-11-21", "", {}, {{"answer.role", "funder"}, {"answer.role", "end-user"}}});
        CHECK(r["groups"][0]["n"] == 2);
    }
    Aggregator bad;
    CHECK_FALSE(bad.set_filter({"2026-1-1", "", {}, {}}));
    CHECK(bad.error().find("from: expected a day") == 0);
    Aggregator unknown;
    CHECK_FALSE(unknown.set_filter({"", "", {{"colour", "red"}}, {}}));
    CHECK(unknown.error().find("unknown group key") != std::string::npos);
}
