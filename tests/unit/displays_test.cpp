// displays/1: the reader accepts a well-formed batch (and sums repeated rows), refuses anything
// else at the offending JSON pointer (identifiers, IPs or pages smuggled in included), and the
// report's response rate and drop-off are made of the counts.
#include <catch2/catch.hpp>

#include "touchpoint/aggregate/displays.hpp"

using namespace touchpoint;
using nlohmann::json;

namespace {
json batch() {
    return json::parse(R"({"touchpoint":"displays/1","id":"0b9f3c1e-8d2a-4f6b-9c3d-2e1f0a9b8c7d","counts":[
        {"survey":"nps-support","version":"3","day":"2026-11-23","shown":4,"dismissed":1,"completed":2,"reached":{"nps":4,"why":3}},
        {"survey":"nps-support","version":"3","day":"2026-11-24","shown":6,"dismissed":2,"completed":3}]})");
}
bool has_error_at(const Diagnostics& d, const std::string& pointer) {
    for (const Diagnostic& item : d.items())
        if (item.severity == Severity::Error && item.pointer == pointer) return true;
    return false;
}
}  // namespace

TEST_CASE("displays/1: a well-formed batch is read", "[displays]") {
    DisplayBatch b;
    const Diagnostics d = read_displays(batch(), &b);
    REQUIRE_FALSE(d.has_errors());
    CHECK(b.id == "0b9f3c1e-8d2a-4f6b-9c3d-2e1f0a9b8c7d");
    REQUIRE(b.counts.size() == 2);
    CHECK(b.counts[0].shown == 4);
    CHECK(b.counts[0].reached.size() == 2);
    CHECK(b.counts[1].reached.empty());
}

TEST_CASE("displays/1: rows of the same survey, version and day are summed", "[displays]") {
    json doc = batch();
    doc["counts"][1]["day"] = "2026-11-23";
    doc["counts"][1]["reached"] = {{"why", 2}, {"resolved", 1}};
    DisplayBatch b;
    REQUIRE_FALSE(read_displays(doc, &b).has_errors());
    REQUIRE(b.counts.size() == 1);
    CHECK(b.counts[0].shown == 10);
    CHECK(b.counts[0].completed == 5);
    CHECK(b.counts[0].reached == std::vector<std::pair<std::string, std::int64_t>>{{"nps", 4}, {"why", 5}, {"resolved", 1}});
}

TEST_CASE("displays/1: each mistake is refused at its pointer", "[displays]") {
    struct Case {
        const char* pointer;
        json value;  // null: remove the member
        const char* at;
    };
    const Case cases[] = {
        {"/touchpoint", "response/1", "/touchpoint"},
        {"/id", "visitor-42", "/id"},
        {"/id", nullptr, "/id"},
        {"/counts", json::object(), "/counts"},
        {"/counts/0/shown", -1, "/counts/0/shown"},
        {"/counts/0/shown", 1.5, "/counts/0/shown"},
        {"/counts/0/completed", 1000001, "/counts/0/completed"},
        {"/counts/0/dismissed", "1", "/counts/0/dismissed"},
        {"/counts/0/day", "2026-02-30", "/counts/0/day"},
        {"/counts/0/day", "2026-11-23T05:00:00Z", "/counts/0/day"},
        {"/counts/0/survey", "a b", "/counts/0/survey"},
        {"/counts/0/version", "", "/counts/0/version"},
        {"/counts/1/completed", nullptr, "/counts/1/completed"},
        {"/counts/0/reached/nps", -3, "/counts/0/reached/nps"},
        {"/counts/0/reached", json::array(), "/counts/0/reached"},
        // Nothing identifying may ride along, at any level.
        {"/visitor", "v-1", "/visitor"},
        {"/counts/0/ip", "10.0.0.1", "/counts/0/ip"},
        {"/counts/1/page", "/help", "/counts/1/page"},
        {"/counts/1/userAgent", "Mozilla", "/counts/1/userAgent"},
    };
    for (const Case& c : cases) {
        json doc = batch();
        const json::json_pointer ptr(c.pointer);
        if (c.value.is_null()) doc[ptr.parent_pointer()].erase(ptr.back());
        else doc[ptr] = c.value;
        DisplayBatch b;
        const Diagnostics d = read_displays(doc, &b);
        INFO(c.pointer << " = " << c.value.dump() << "\n" << d.to_string());
        CHECK(has_error_at(d, c.at));
        CHECK(b.counts.empty());
    }
    DisplayBatch b;
    CHECK(has_error_at(read_displays(json::array(), &b), ""));
}

TEST_CASE("displays/1: a batch holds at most kDisplayCountsMax rows", "[displays]") {
    json doc = batch();
    doc["counts"] = json::array();
    for (std::size_t i = 0; i <= kDisplayCountsMax; ++i)
        doc["counts"].push_back({{"survey", "s" + std::to_string(i)}, {"version", "1"}, {"day", "2026-11-23"}, {"shown", 1}, {"dismissed", 0}, {"completed", 0}});
    DisplayBatch b;
    CHECK(has_error_at(read_displays(doc, &b), "/counts"));
    doc["counts"].erase(doc["counts"].size() - 1);
    CHECK_FALSE(read_displays(doc, &b).has_errors());
    CHECK(b.counts.size() == kDisplayCountsMax);
}

TEST_CASE("displays/1: response rate and drop-off", "[displays]") {
    CHECK(response_rate(0, 0).is_null());
    CHECK(response_rate(3, 1).get<double>() == Approx(33.3));
    std::vector<DisplayCount> rows = {
        {"s", "3", "2026-11-23", 10, 4, 5, {{"why", 6}, {"nps", 10}}},
        {"s", "4", "2026-11-23", 5, 1, 4, {}},
        {"s", "4", "2026-11-24", 5, 2, 1, {}},
    };
    const json r = display_report(rows, {"nps", "why", "resolved"});
    CHECK(r["total"]["shown"] == 20);
    CHECK(r["total"]["completed"] == 10);
    CHECK(r["total"]["rate"].get<double>() == Approx(50.0));
    CHECK(r["total"]["dismissal_rate"].get<double>() == Approx(35.0));
    REQUIRE(r["by_day"].size() == 2);
    CHECK(r["by_day"][0]["day"] == "2026-11-23");
    CHECK(r["by_day"][0]["shown"] == 15);
    CHECK(r["by_day"][0]["rate"].get<double>() == Approx(60.0));
    REQUIRE(r["by_version"].size() == 2);
    CHECK(r["by_version"][1]["version"] == "4");
    CHECK(r["by_version"][1]["rate"].get<double>() == Approx(50.0));
    // Drop-off only over the rows that carried "reached", in the survey's question order.
    CHECK(r["dropoff"]["base"] == 10);
    const json& q = r["dropoff"]["questions"];
    REQUIRE(q.size() == 2);
    CHECK(q[0]["question"] == "nps");
    CHECK(q[0]["share"].get<double>() == Approx(100.0));
    CHECK(q[0]["lost"] == 0);
    CHECK(q[1]["question"] == "why");
    CHECK(q[1]["reached"] == 6);
    CHECK(q[1]["lost"] == 4);
    CHECK(display_report({}, {})["total"]["rate"].is_null());
}

TEST_CASE("displays/1: a deeply nested or long member is refused without echoing it", "[displays]") {
    std::string deep = R"({"touchpoint":"displays/1","id":"0b9f3c1e-8d2a-4f6b-9c3d-2e1f0a9b8c7d","counts":[)";
    for (int i = 0; i < 100000; ++i) deep += '[';
    for (int i = 0; i < 100000; ++i) deep += ']';
    deep += "]}";
    const json doc = json::parse(deep, nullptr, false);
    REQUIRE_FALSE(doc.is_discarded());
    DisplayBatch b;
    Diagnostics d = read_displays(doc, &b);
    CHECK(has_error_at(d, "/counts/0"));
    CHECK(d.to_string().size() < 200);
    json long_tag = batch();
    long_tag["touchpoint"] = std::string(100000, 'x');
    d = read_displays(long_tag, &b);
    CHECK(has_error_at(d, "/touchpoint"));
    CHECK(d.to_string().size() < 200);
}
