// Several groupings in one pass (Aggregator::for_groupings) against one Aggregator per grouping:
// the same groups and numbers, small-sample flags, response counts and bad lines (line numbers
// and messages), over the fast path, the full parser, chunked input, filtered payloads and CSV.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "aggregate_fixtures.hpp"
#include "touchpoint/aggregate/aggregator.hpp"
#include "touchpoint/response/csv.hpp"

using nlohmann::json;
using touchpoint::Aggregator;

using namespace aggregate_fixtures;

namespace {

using Groupings = std::vector<std::vector<std::string>>;

const Groupings kAllGroupingKinds = {{"touchpoint"},
                              {"stage"},
                              {},
                              {"answer.role", "locale"},
                              {"segment.plan", "week"},
                              {"touchpoint", "segment.seats", "answer.role"},
                              {"month", "survey"}};

std::string varied_ndjson(std::uint64_t seed, int lines) {
    Lcg r{seed};
    std::string data;
    for (int i = 0; i < lines; ++i) data += varied_line(r) + "\n";
    return data;
}

// Every grouping of `multi` equals the aggregator `single[g]` built for it alone.
void check_same(const Aggregator& multi, const std::vector<Aggregator>& single) {
    REQUIRE(multi.grouping_count() == single.size());
    for (std::size_t g = 0; g < single.size(); ++g) {
        INFO("grouping " << g << " by " << json(multi.grouping_keys(g)).dump());
        CHECK(multi.grouping_keys(g) == single[g].grouping_keys());
        CHECK(multi.result_json(g) == single[g].result_json());
        // The document callers read and the text: one content, compared as text (so a number
        // that came out as a float in one and an integer in the other, 50.0 and 50, would show).
        CHECK(multi.result(g).dump() == json::parse(multi.result_json(g)).dump());
        CHECK(multi.result_ordered(g).dump() == multi.result_json(g));
        CHECK(multi.responses(g) == single[g].responses());
        CHECK(multi.bad_line_count(g) == single[g].bad_line_count());
        const auto& a = multi.bad_lines(g);
        const auto& b = single[g].bad_lines();
        REQUIRE(a.size() == b.size());
        for (std::size_t i = 0; i < a.size(); ++i) {
            CHECK(a[i].line == b[i].line);
            CHECK(a[i].message == b[i].message);
        }
    }
}

std::vector<Aggregator> singles(const Groupings& groupings, bool fast) {
    std::vector<Aggregator> out;
    for (const auto& keys : groupings) {
        out.emplace_back(keys);
        out.back().set_fast_path(fast);
    }
    return out;
}

}  // namespace

TEST_CASE("one pass with several groupings equals one pass per grouping", "[aggregate]") {
    const std::string data = varied_ndjson(2026, 3000);
    for (bool fast : {true, false}) {
        INFO((fast ? "fast path" : "full parser"));
        Aggregator multi = Aggregator::for_groupings(kAllGroupingKinds);
        REQUIRE(multi.ok());
        multi.set_fast_path(fast);
        multi.add_ndjson(data);
        multi.finish();
        std::vector<Aggregator> single = singles(kAllGroupingKinds, fast);
        for (Aggregator& a : single) {
            a.add_ndjson(data);
            a.finish();
        }
        check_same(multi, single);
        // The data exercises what it should: bad lines, and a line refused by one grouping only.
        CHECK(multi.bad_line_count(0) > 50);
        CHECK(multi.bad_line_count(4) > multi.bad_line_count(0));  // segment.plan lists
        CHECK(multi.bad_line_count(1) == multi.bad_line_count(0));
        CHECK(multi.responses(0) > 2000);
    }
}

TEST_CASE("several groupings: a line bad for one grouping still counts in the others", "[aggregate]") {
    json listed = json::parse(line(9, "demo-call"));
    listed["context"] = {{"segment", {{"plan", json::array({"pro"})}}}};
    std::string data = line(10, "demo-call") + "\n" + listed.dump() + "\n" + "{not json\n" + line(3, "pricing") + "\n";
    Aggregator multi = Aggregator::for_groupings({{"touchpoint"}, {"segment.plan"}});
    multi.add_ndjson(data);
    multi.finish();
    CHECK(multi.responses(0) == 3);
    CHECK(multi.responses(1) == 2);
    REQUIRE(multi.bad_lines(0).size() == 1);
    CHECK(multi.bad_lines(0)[0].line == 3);
    CHECK(multi.bad_lines(0)[0].message.rfind(": not valid JSON at column 3: ", 0) == 0);
    REQUIRE(multi.bad_lines(1).size() == 2);
    CHECK(multi.bad_lines(1)[0].line == 2);
    CHECK(multi.bad_lines(1)[0].message == "/context/segment/plan: expected a string, number or boolean");
    CHECK(multi.bad_lines(1)[1].line == 3);
    json by_tp = json::parse(multi.result_json(0));
    REQUIRE(by_tp["groups"].size() == 2);
    CHECK(by_tp["groups"][0]["key"] == json{{"touchpoint", "demo-call"}});
    CHECK(by_tp["groups"][0]["n"] == 2);
    CHECK(by_tp["groups"][0]["small_sample"] == true);
    // One-line add() reports the first refusal, and counts where it is accepted.
    std::string err;
    CHECK_FALSE(multi.add(listed, &err));
    CHECK(err == "/context/segment/plan: expected a string, number or boolean");
    CHECK(multi.responses(0) == 4);
    CHECK(multi.responses(1) == 2);
}

TEST_CASE("several groupings: chunked input, filtered payloads and CSV match separate passes", "[aggregate]") {
    const std::string data = varied_ndjson(77, 600);
    SECTION("chunks") {
        for (std::size_t chunk : {1u, 13u, 4096u}) {
            Aggregator multi = Aggregator::for_groupings(kAllGroupingKinds);
            std::vector<Aggregator> single = singles(kAllGroupingKinds, true);
            for (std::size_t i = 0; i < data.size(); i += chunk) {
                std::string_view part = std::string_view(data).substr(i, chunk);
                multi.add_ndjson(part);
                for (Aggregator& a : single) a.add_ndjson(part);
            }
            multi.finish();
            for (Aggregator& a : single) a.finish();
            check_same(multi, single);
        }
    }
    SECTION("a filter applied to parsed payloads (how the viewer filters by persona)") {
        Aggregator multi = Aggregator::for_groupings(kAllGroupingKinds);
        std::vector<Aggregator> single = singles(kAllGroupingKinds, true);
        std::size_t kept = 0;
        std::size_t pos = 0;
        while (pos < data.size()) {
            std::size_t nl = data.find('\n', pos);
            json p = json::parse(data.substr(pos, nl - pos), nullptr, false);
            pos = nl + 1;
            if (p.is_discarded() || !p.is_object() || !p.contains("answers") || !p["answers"].is_object()) continue;
            const json& answers = p["answers"];
            if (!answers.contains("role") || answers["role"] != "funder") continue;
            ++kept;
            multi.add(p);
            for (Aggregator& a : single) a.add(p);
        }
        CHECK(kept > 50);
        check_same(multi, single);
        // Filtered down, some groups fall under 30 responses and carry the flag.
        CHECK(multi.result_json(0).find("\"small_sample\":true") != std::string::npos);
    }
    SECTION("CSV") {
        std::string csv = touchpoint::response_csv_header();
        std::size_t pos = 0;
        while (pos < data.size()) {
            std::size_t nl = data.find('\n', pos);
            json p = json::parse(data.substr(pos, nl - pos), nullptr, false);
            pos = nl + 1;
            if (p.is_discarded() || !p.is_object() || p.value("touchpoint", "") != "response/1") continue;
            csv += touchpoint::response_to_csv_row(p);
        }
        csv += "\"unterminated\n";
        Aggregator multi = Aggregator::for_groupings(kAllGroupingKinds);
        std::vector<Aggregator> single = singles(kAllGroupingKinds, true);
        multi.add_csv(csv);
        multi.finish();
        for (Aggregator& a : single) {
            a.add_csv(csv);
            a.finish();
        }
        check_same(multi, single);
        CHECK(multi.bad_line_count(0) > 0);
    }
}

TEST_CASE("several groupings: refused specifications", "[aggregate]") {
    CHECK_FALSE(Aggregator::for_groupings({}).ok());
    Aggregator unknown = Aggregator::for_groupings({{"touchpoint"}, {"colour"}});
    CHECK_FALSE(unknown.ok());
    CHECK(unknown.error().rfind("grouping 2: unknown group key \"colour\"", 0) == 0);
    CHECK(unknown.grouping_count() == 1);  // usable, empty
    CHECK(unknown.result_json() == "{\"groups\":[]}");
    CHECK(Aggregator::for_groupings({{"colour"}}).error().rfind("unknown group key", 0) == 0);
    CHECK(Aggregator::for_groupings(Groupings(Aggregator::kMaxGroupings, std::vector<std::string>{"stage"})).ok());
    Aggregator past = Aggregator::for_groupings(Groupings(Aggregator::kMaxGroupings + 1, std::vector<std::string>{"stage"}));
    CHECK_FALSE(past.ok());
    CHECK(past.error() == "at most 16 groupings");
    // At most 16 different answer keys over all groupings (each grouping alone may have 8).
    Groupings many(3);
    for (int i = 0; i < 17; ++i) many[std::size_t(i) / 6].push_back("answer.q" + std::to_string(i));
    Aggregator too_many = Aggregator::for_groupings(many);
    CHECK_FALSE(too_many.ok());
    CHECK(too_many.error().rfind("grouping 3: at most 16 different", 0) == 0);
    many[2].pop_back();
    CHECK(Aggregator::for_groupings(many).ok());
    // The same answer in two groupings is read once and counted in both.
    Aggregator shared = Aggregator::for_groupings({{"answer.role"}, {"touchpoint", "answer.role"}});
    shared.add_ndjson(line(9, "t", "funder") + "\n");
    shared.finish();
    CHECK(json::parse(shared.result_json(1))["groups"][0]["key"] == json{{"touchpoint", "t"}, {"answer.role", "funder"}});
}
