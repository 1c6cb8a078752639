// The collector's CSV export streamed through the Aggregator in chunks of any size: the same
// records, results and bad lines (with the same physical line numbers) as one whole buffer —
// quoted fields spanning lines, doubled quotes, CR LF, lone CR, malformed records.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "aggregate_checks.hpp"
#include "aggregate_fixtures.hpp"
#include "touchpoint/aggregate/aggregator.hpp"
#include "touchpoint/response/csv.hpp"

using nlohmann::json;
using touchpoint::Aggregator;

using namespace aggregate_fixtures;

namespace {

std::string row(const char* id, const char* touchpoint, int nps, const std::string& answers_cell) {
    return std::string(id) + ",b2b-role,3,2026-11-23T05:00:00Z,zh-CN,b2b-purchase,decision," + touchpoint + "," +
           std::to_string(nps) + ",,,,,,0," + answers_cell;
}

// Physical lines:                                               first line of each record
const std::string kExport =
    touchpoint::response_csv_header() +                          // 1
    row("a1", "demo-call", 10, R"("{""role"":""资助方""}")") + "\r\n" +   // 2
    row("a2", "demo-call", 3, "\"{\r\n" R"(""why"": ""太慢, 审批"")" "\n}\"") + "\r\n" +  // 3 (spans 3-5)
    row("a3", "pricing", 9, R"("{}"x)") + "\r\n" +                // 6: stray character after a quoted field
    row("a4", "pricing", 8, "{}") + "\r" +                       // 7: a lone CR ends the record
    "short,row\n" +                                              // 8: two columns
    "\n" +                                                       // 9: blank
    row("a5", "pricing", 7, R"("{""q"":""\""""}")") + "\n" +  // 10: "" inside quotes
    row("a6", "demo-call", 0, R"("{""open"":""never closed})");   // 11: unterminated, no final LF

Aggregator run_chunks(const std::string& data, std::size_t chunk, const std::vector<std::string>& by = {"touchpoint"}) {
    Aggregator a(by);
    for (std::size_t i = 0; i < data.size(); i += chunk) a.add_csv(std::string_view(data).substr(i, chunk));
    a.finish();
    return a;
}

}  // namespace

TEST_CASE("CSV in chunks: records spanning lines and chunks, bad records at their lines", "[aggregate]") {
    const Aggregator whole = run_chunks(kExport, kExport.size());
    CHECK(whole.responses() == 4);  // a1, a2, a4, a5
    REQUIRE(whole.bad_lines().size() == 3);
    CHECK(whole.bad_lines()[0].line == 6);
    CHECK(whole.bad_lines()[0].message == ": unexpected character after a quoted field");
    CHECK(whole.bad_lines()[1].line == 8);
    CHECK(whole.bad_lines()[1].message == "/: expected 16 columns, got 2");
    CHECK(whole.bad_lines()[2].line == 11);
    CHECK(whole.bad_lines()[2].message == ": unterminated quoted field");
    const json groups = json::parse(whole.result_json())["groups"];
    REQUIRE(groups.size() == 2);
    CHECK(groups[0]["key"]["touchpoint"] == "demo-call");
    CHECK(groups[0]["n"] == 2);
    CHECK(groups[1]["n"] == 2);
    for (std::size_t chunk : {1u, 2u, 3u, 5u, 17u, 64u, 1000u}) {
        INFO("chunk " << chunk);
        const Aggregator a = run_chunks(kExport, chunk);
        aggregate_checks::check_same_aggregation(a, whole);
    }
}

TEST_CASE("CSV in chunks: generated exports match their NDJSON; a wrong header stops the export", "[aggregate]") {
    Lcg r{2027};
    std::string ndjson, csv = touchpoint::response_csv_header();
    for (int i = 0; i < 400; ++i) {
        json p = json::parse(varied_line(r), nullptr, false);
        if (p.is_discarded() || !p.is_object() || p.value("touchpoint", "") != "response/1") continue;
        Aggregator check;
        if (!check.add(p)) continue;
        ndjson += p.dump() + "\n";
        csv += touchpoint::response_to_csv_row(p);
    }
    for (const std::vector<std::string>& by : {std::vector<std::string>{"touchpoint"}, {"answer.role", "week"}}) {
        Aggregator from_ndjson(by);
        from_ndjson.add_ndjson(ndjson);
        from_ndjson.finish();
        for (std::size_t chunk : {1u, 300u, 65536u}) {
            const Aggregator a = run_chunks(csv, chunk, by);
            CHECK(a.bad_line_count() == 0);
            CHECK(a.result_json() == from_ndjson.result_json());
        }
    }
    const Aggregator wrong = run_chunks("id,nope\n" + csv, 7);
    CHECK(wrong.responses() == 0);
    REQUIRE(wrong.bad_line_count() == 1);
    CHECK(wrong.bad_lines()[0].line == 1);
}

TEST_CASE("CSV with hidden-field columns aggregates as its NDJSON", "[aggregate][fields]") {
    const std::vector<std::string> ids = {"campaign", "plan"};
    std::string ndjson, csv = touchpoint::response_csv_header(ids);
    for (int i = 0; i < 40; ++i) {
        json p = json::parse(line(i % 11, "demo-call"));
        if (i % 3) p["fields"] = {{"campaign", i % 2 ? "spring, 2026" : "winter"}};
        ndjson += p.dump() + "\n";
        csv += touchpoint::response_to_csv_row(p, ids);
    }
    Aggregator from_ndjson({"touchpoint"});
    from_ndjson.add_ndjson(ndjson);
    from_ndjson.finish();
    for (std::size_t chunk : {5u, 65536u}) {
        const Aggregator a = run_chunks(csv, chunk, {"touchpoint"});
        CHECK(a.bad_line_count() == 0);
        CHECK(a.responses() == 40);
        CHECK(a.result_json() == from_ndjson.result_json());
    }
}
