// response/1 validation (each error at its pointer) and the collector's CSV codec.
#include <catch2/catch.hpp>

#include <string>

#include "touchpoint/response/csv.hpp"
#include "touchpoint/response/derived.hpp"
#include "touchpoint/response/validate.hpp"

using nlohmann::json;
using namespace touchpoint;

namespace {
json sample() {
    return json::parse(R"({"touchpoint":"response/1","id":"3f1c2b4a-9d8e-4f7a-a1b2-c3d4e5f60718",
      "survey":{"id":"nps-support","version":"3","hash":"sha256:0123456789abcdef0123456789abcdef"},
      "submitted":"2026-11-23T05:00:00Z","partial":false,"locale":"zh-CN",
      "answers":{"nps":9,"why":"客服很快，谢谢","role":"funder","channels":["web","app"],
                 "grid":{"speed":"agree"},"pick":{"value":"other","text":"朋友推荐"},"ok":true},
      "scores":{"nps":{"value":9,"category":"promoter","question":"nps"},
                "csat":{"value":4,"scale":5,"top2":true,"question":"csat"},
                "ces":{"value":6,"scale":7,"easy":true,"question":"ces"},
                "custom":{"maturity":{"value":42.5,"band":"leader"}}},
      "journey":{"map":"b2b-purchase","stage":"decision","touchpoint":"demo-call"},
      "context":{"page":"/pricing","respondent":"0000000000000000000000000000000000000000000000000000000000000000",
                 "segment":{"plan":"pro","seats":12}},
      "alert":{"reason":"detractor","question":"nps"},"redactions":2})");
}

std::string first_error(const json& p) {
    Diagnostics d = validate_response(p);
    for (const auto& item : d.items())
        if (item.severity == Severity::Error) return item.pointer + ": " + item.message;
    return "";
}
}  // namespace

TEST_CASE("a complete response/1 payload is valid", "[response]") {
    Diagnostics d = validate_response(sample());
    CHECK_FALSE(d.has_errors());
    CHECK(d.empty());
}

TEST_CASE("validate_response reports each error at its pointer", "[response]") {
    struct Case {
        const char* pointer;  // "/a/b" set to `value` ("<erase>" removes it)
        const char* value;
        const char* expected_prefix;
    };
    const Case cases[] = {
        {"/id", R"("3F1C2B4A-9D8E-4F7A-A1B2-C3D4E5F60718")", "/id: expected a lowercase UUID v4"},
        {"/id", "42", "/id: expected a string, got a number"},
        {"/id", "<erase>", "/id: missing required member"},
        {"/survey/hash", R"("sha256:XYZ")", "/survey/hash: expected \"sha256:\""},
        {"/survey/id", R"("nps support")", "/survey/id: \"nps support\" is not an identifier"},
        {"/submitted", R"("2026-11-23T05:00:00+08:00")", "/submitted: expected a UTC time"},
        {"/submitted", R"("yesterday")", "/submitted: expected a UTC time"},
        {"/partial", R"("no")", "/partial: expected true or false"},
        {"/locale", R"("zh CN")", "/locale: \"zh CN\" is not a BCP 47"},
        {"/answers/why", "null", "/answers/why: expected an answer value, got null"},
        {"/answers/channels/1", "3", "/answers/channels/1: expected a string"},
        {"/scores/nps/value", "11", "/scores/nps/value: expected a whole number from 0 to 10, got 11"},
        {"/scores/nps/value", "8.5", "/scores/nps/value: expected a whole number from 0 to 10, got 8.5"},
        {"/scores/nps/category", R"("detractor")", "/scores/nps/category: \"detractor\" does not match the value 9"},
        {"/scores/csat/value", "6", "/scores/csat/value: expected a whole number from 1 to 5"},
        {"/scores/csat/top2", "false", "/scores/csat/top2: does not match the value 4 on 1-5"},
        {"/scores/ces/scale", "1", "/scores/ces/scale: expected a whole number from 2 to 10"},
        {"/scores/ces/easy", "false", "/scores/ces/easy: does not match"},
        {"/journey/touchpoint", "7", "/journey/touchpoint: expected a string"},
        {"/context/respondent", R"("user-42")", "/context/respondent: expected a keyed hash"},
        {"/context/page", R"("/pricing?token=x")", "/context/page: the page path must not carry a query"},
        {"/context/segment/plan", "[1]", "/context/segment/plan: expected a string, number or boolean"},
        {"/alert/reason", R"("angry")", "/alert/reason: \"angry\" is not one of"},
        {"/redactions", "-1", "/redactions: expected a whole number from 0"},
        {"/scores", "[]", "/scores: expected an object, got an array"},
    };
    for (const Case& c : cases) {
        json p = sample();
        json::json_pointer ptr(c.pointer);
        if (std::string(c.value) == "<erase>") p[ptr.parent_pointer()].erase(ptr.back());
        else p[ptr] = json::parse(c.value);
        INFO(c.pointer << " = " << c.value);
        std::string err = first_error(p);
        CHECK(err.rfind(c.expected_prefix, 0) == 0);
        if (err.rfind(c.expected_prefix, 0) != 0) WARN("got: " << err);
    }
}

TEST_CASE("validate_response rejects other formats and warns about unknown members", "[response]") {
    CHECK(first_error(json::array()) == ": expected a response/1 object, got an array");
    json p = sample();
    p["touchpoint"] = "survey/1";
    CHECK(first_error(p) == "/touchpoint: expected \"response/1\", got \"survey/1\"");
    p = sample();
    p["ip"] = "1.2.3.4";
    Diagnostics d = validate_response(p);
    CHECK_FALSE(d.has_errors());
    REQUIRE(d.items().size() == 1);
    CHECK(d.items()[0].pointer == "/ip");
    CHECK(d.items()[0].severity == Severity::Warning);
}

TEST_CASE("derived score flags", "[response]") {
    CHECK(csat_top2(4, 5));
    CHECK_FALSE(csat_top2(3, 5));
    CHECK(csat_top2(9, 10));
    CHECK(ces_easy(5, 7));
    CHECK_FALSE(ces_easy(4, 7));
    CHECK(ces_easy(4, 5));
    CHECK_FALSE(ces_easy(3, 5));
    CHECK(std::string(nps_category(6)) == "detractor");
    CHECK(std::string(nps_category(7)) == "passive");
    CHECK(std::string(nps_category(10)) == "promoter");
}

TEST_CASE("CSV rows quote per RFC 4180 and read back", "[response]") {
    json p = sample();
    p["answers"]["why"] = "很好, \"非常\" 满意\n第二行";
    std::string csv = response_csv_header() + response_to_csv_row(p);
    CHECK(csv.rfind("id,survey,version,submitted,locale,map,stage,touchpoint,nps,csat,csat_scale,ces,ces_scale,alert,redactions,answers\r\n", 0) == 0);
    CsvReader reader(csv);
    std::vector<std::string> fields;
    std::string error;
    REQUIRE(reader.next(fields, error));
    CHECK(csv_header_matches(fields));
    REQUIRE(reader.next(fields, error));
    CHECK(error.empty());
    CHECK(reader.record_line() == 2);
    REQUIRE(fields.size() == 16);
    CHECK(fields[7] == "demo-call");
    CHECK(fields[8] == "9");
    CHECK(fields[13] == "detractor");
    auto back = response_from_csv(fields, error);
    REQUIRE(back.has_value());
    CHECK((*back)["answers"] == p["answers"]);
    CHECK((*back)["answers"]["why"] == "很好, \"非常\" 满意\n第二行");
    CHECK((*back)["scores"]["nps"]["category"] == "promoter");
    CHECK((*back)["scores"]["csat"]["top2"] == true);
    CHECK((*back)["scores"]["ces"]["easy"] == true);
    CHECK((*back)["journey"] == p["journey"]);
    CHECK((*back)["submitted"] == "2026-11-23T05:00:00Z");
    CHECK_FALSE(reader.next(fields, error));
}

TEST_CASE("CSV reader handles LF, empty cells, and malformed quoting", "[response]") {
    CsvReader r("a,\"b,c\",\n\"x\"\"y\",,z\n\"open");
    std::vector<std::string> f;
    std::string err;
    REQUIRE(r.next(f, err));
    CHECK(f == std::vector<std::string>{"a", "b,c", ""});
    REQUIRE(r.next(f, err));
    CHECK(f == std::vector<std::string>{"x\"y", "", "z"});
    REQUIRE(r.next(f, err));
    CHECK(err == "unterminated quoted field");
    CHECK_FALSE(r.next(f, err));

    CsvReader r2("\"a\"b,c\nd,e\n");
    REQUIRE(r2.next(f, err));
    CHECK(err == "unexpected character after a quoted field");
    REQUIRE(r2.next(f, err));
    CHECK(err.empty());
    CHECK(f == std::vector<std::string>{"d", "e"});
}

TEST_CASE("response_from_csv reports bad cells by column", "[response]") {
    std::vector<std::string> f(16);
    std::string err;
    f[8] = "nine";
    CHECK_FALSE(response_from_csv(f, err).has_value());
    CHECK(err == "/nps: \"nine\" is not a number");
    f[8] = "";
    f[15] = "[1,2";
    CHECK_FALSE(response_from_csv(f, err).has_value());
    CHECK(err == "/answers: not a JSON object");
    CHECK_FALSE(response_from_csv(std::vector<std::string>(3), err).has_value());
}

TEST_CASE("CSV hidden-field columns: one per declared field, read back into fields", "[response][fields]") {
    json p = sample();
    p["fields"] = {{"campaign", "spring, \"launch\""}, {"plan", "pro"}};
    json without = sample();  // no value for any field: empty cells, no `fields` member back
    const std::vector<std::string> ids = {"campaign", "order", "plan"};
    std::string csv = response_csv_header(ids) + response_to_csv_row(p, ids) + response_to_csv_row(without, ids);
    CHECK(csv.rfind("id,survey,version,submitted,locale,map,stage,touchpoint,nps,csat,csat_scale,ces,ces_scale,alert,redactions,answers,"
                    "fields.campaign,fields.order,fields.plan\r\n", 0) == 0);
    CsvReader reader(csv);
    std::vector<std::string> cells, read_ids;
    std::string error;
    REQUIRE(reader.next(cells, error));
    REQUIRE(csv_header_matches(cells, &read_ids));
    CHECK(read_ids == ids);
    REQUIRE(reader.next(cells, error));
    REQUIRE(cells.size() == 19);
    CHECK(cells[16] == "spring, \"launch\"");
    CHECK(cells[17].empty());
    CHECK(cells[18] == "pro");
    auto back = response_from_csv(cells, error, read_ids);
    REQUIRE(back.has_value());
    CHECK((*back)["fields"] == p["fields"]);
    CHECK(response_to_csv_row(*back, ids) == response_to_csv_row(p, ids));  // round trip
    REQUIRE(reader.next(cells, error));
    back = response_from_csv(cells, error, read_ids);
    REQUIRE(back.has_value());
    CHECK_FALSE(back->contains("fields"));

    // A row must have the header's column count; headers with other extra columns are not ours.
    CHECK_FALSE(response_from_csv(std::vector<std::string>(16), error, ids).has_value());
    CHECK(error == "/: expected 19 columns, got 16");
    std::vector<std::string> header(kResponseCsvColumns, kResponseCsvColumns + 16);
    CHECK(csv_header_matches(header, &read_ids));
    CHECK(read_ids.empty());
    header.push_back("notes");
    CHECK_FALSE(csv_header_matches(header));
    header.back() = "fields.";
    CHECK_FALSE(csv_header_matches(header));
    header.back() = "fields.plan";
    header.push_back("fields.plan");
    CHECK_FALSE(csv_header_matches(header));
}

TEST_CASE("CSV over several surveys: the union of their fields, first appearance first", "[response][fields]") {
    // Surveys in the order given (the collector lists them by id), each in declaration order; a
    // field two surveys declare is one column.
    CHECK(response_csv_field_union({{"plan", "order"}, {}, {"campaign", "plan"}, {"订单", "order"}}) ==
          std::vector<std::string>{"plan", "order", "campaign", "订单"});
    CHECK(response_csv_field_union({}).empty());
    // Each response fills its own survey's columns and leaves the others empty; the export reads back.
    const std::vector<std::string> ids = response_csv_field_union({{"plan"}, {"campaign"}});
    json a = sample();
    a["fields"] = {{"plan", "pro"}};
    json b = sample();
    b["survey"]["id"] = "other";
    b["fields"] = {{"campaign", "春季"}};
    std::string csv = response_csv_header(ids) + response_to_csv_row(a, ids) + response_to_csv_row(b, ids);
    CsvReader reader(csv);
    std::vector<std::string> cells, read_ids;
    std::string error;
    REQUIRE(reader.next(cells, error));
    REQUIRE(csv_header_matches(cells, &read_ids));
    CHECK(read_ids == std::vector<std::string>{"plan", "campaign"});
    REQUIRE(reader.next(cells, error));
    CHECK((cells[16] == "pro" && cells[17].empty()));
    REQUIRE(reader.next(cells, error));
    CHECK((cells[16].empty() && cells[17] == "春季"));
    auto back = response_from_csv(cells, error, read_ids);
    REQUIRE(back.has_value());
    CHECK((*back)["fields"] == b["fields"]);
}
