// CloudEvents 1.0 (JSON format) rules of the core, tested against the specification's own
// examples and the CloudEvents conformance files (tests/conformance/cloudevents/, sources in its
// README): every valid event passes, every invalid one is refused at the pointer of its fault.
#include <map>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "test_helpers.hpp"
#include "touchpoint/base/json_text.hpp"
#include "touchpoint/response/cloudevent.hpp"

using nlohmann::json;
using namespace touchpoint;

namespace {

json fixture(const std::string& name) {
    auto text = tp_test::read_file("tests/conformance/cloudevents/" + name);
    REQUIRE(text);
    json doc;
    REQUIRE(parse_json(*text, doc));
    return doc;
}

bool has_pointer(const Diagnostics& d, const std::string& pointer) {
    for (const Diagnostic& x : d.items())
        if (x.severity == Severity::Error && x.pointer == pointer) return true;
    return false;
}

// A response/1 payload as the engine writes it, small but valid.
json payload() {
    return json::parse(R"({"touchpoint":"response/1","id":"0b1a8f4e-3c2d-4e5f-8a9b-1c2d3e4f5a6b",
        "survey":{"id":"nps-support","version":"1","hash":"sha256:0123456789abcdef0123456789abcdef"},
        "submitted":"2026-11-23T05:00:00Z","partial":false,"locale":"en","answers":{"nps":9},
        "scores":{"nps":{"value":9,"category":"promoter"}},"context":{},"redactions":0})");
}

}  // namespace

TEST_CASE("valid conformance events and the spec's examples pass", "[cloudevent]") {
    for (const char* file : {"valid-events.json", "spec-examples.json"}) {
        const json doc = fixture(file);
        REQUIRE(doc["tests"].size() >= 6);
        for (const json& t : doc["tests"]) {
            Diagnostics d;
            INFO(file << " " << t["id"].get<std::string>() << "\n" << d.to_string());
            CHECK(validate_cloudevent(t["event"], "", d));
            CHECK(d.empty());
        }
    }
    const json valid_batches = fixture("valid-batches.json");
    REQUIRE(valid_batches["tests"].size() == 5);
    for (const json& t : valid_batches["tests"]) {
        Diagnostics d;
        for (std::size_t i = 0; i < t["batch"].size(); ++i) validate_cloudevent(t["batch"][i], pointer_join("", i), d);
        INFO(t["id"].get<std::string>() << "\n" << d.to_string());
        CHECK_FALSE(d.has_errors());
    }
}

TEST_CASE("invalid conformance events are refused at their fault", "[cloudevent]") {
    // Where each conformance case is wrong (our reading of its id and description).
    const std::map<std::string, std::string> fault = {
        {"invalidNoSpecVersion", "/specversion"},     {"invalidNoId", "/id"},
        {"invalidNoType", "/type"},                   {"invalidNoSource", "/source"},
        {"invalidTimeGarbage", "/time"},              {"invalidTimeToMinute", "/time"},
        {"invalidTimeOffsetX", "/time"},              {"invalidTimeOffsetOutOfRange", "/time"},
        {"invalidTimeOffsetNonInteger", "/time"},     {"invalidTimeOffsetHourOnly", "/time"},
        {"invalidEmptyId", "/id"},                    {"invalidEmptyType", "/type"},
        {"invalidEmptySource", "/source"},            {"invalidEmptySpecVersion", "/specversion"},
        {"invalidUnknownSpecVersion", "/specversion"}, {"invalidNonRfc2046DataContentType", "/datacontenttype"},
        {"invalidEmptyDataContentType", "/datacontenttype"}, {"invalidEmptyDataSchema", "/dataschema"},
        {"invalidEmptySubject", "/subject"},          {"invalidNumericId", "/id"},
        {"invalidObjectId", "/id"},                   {"invalidCapitalizedExtension", "/MyExtension"},
        {"invalidPunctuatedExtension", "/my.extension"}, {"invalidNonIntegerExtensionValue", "/my.extension"},
        {"invalidBothDataAndDataBase64", "/data_base64"},
    };
    std::size_t seen = 0;
    const json invalid = fixture("invalid-events.json");
    for (const json& t : invalid["tests"]) {
        const std::string id = t["id"];
        REQUIRE(fault.count(id) == 1);
        Diagnostics d;
        INFO(id << "\n" << d.to_string());
        CHECK_FALSE(validate_cloudevent(t["event"], "", d));
        CHECK(has_pointer(d, fault.at(id)));
        ++seen;
    }
    CHECK(seen == fault.size());

    const std::map<std::string, std::string> batch_fault = {
        {"invalidBatchMixedSpecVersions", "/1/specversion"},
        {"invalidBatchContainingInvalidCloudEvent", "/0/id"},
        {"invalidBatchContainingNonObject", "/0"},
    };
    const json invalid_batches = fixture("invalid-batches.json");
    REQUIRE(invalid_batches["tests"].size() == batch_fault.size());
    for (const json& t : invalid_batches["tests"]) {
        Diagnostics d;
        for (std::size_t i = 0; i < t["batch"].size(); ++i) validate_cloudevent(t["batch"][i], pointer_join("", i), d);
        INFO(t["id"].get<std::string>() << "\n" << d.to_string());
        CHECK(has_pointer(d, batch_fault.at(t["id"])));
    }
}

TEST_CASE("attribute names, types and values by the spec's rules", "[cloudevent]") {
    json e = {{"specversion", "1.0"}, {"id", "x"}, {"source", "/s"}, {"type", "t"}};
    auto refused_at = [&](json event, const std::string& pointer) {
        Diagnostics d;
        const bool ok = validate_cloudevent(event, "", d);
        INFO(event.dump() << "\n" << d.to_string());
        CHECK_FALSE(ok);
        CHECK(has_pointer(d, pointer));
    };
    auto accepted = [&](json event) {
        Diagnostics d;
        INFO(event.dump() << "\n" << d.to_string());
        CHECK(validate_cloudevent(event, "", d));
    };
    // Names: 20 characters is a SHOULD, so a longer name passes; only a-z and 0-9.
    json longname = e;
    longname["averyveryverylongextensionname42"] = "ok";
    accepted(longname);
    for (const char* bad : {"Ext", "ext-1", "ext_1", "\xC3\xA9xt", ""}) {
        json x = e;
        x[bad] = "v";
        refused_at(x, pointer_join("", bad));
    }
    // Integers: the signed 32-bit range, no fraction; no objects or arrays as values.
    json x = e;
    x["n"] = 2147483647;
    accepted(x);
    x["n"] = -2147483648LL;
    accepted(x);
    x["n"] = 2147483648LL;
    refused_at(x, "/n");
    x["n"] = -2147483649LL;
    refused_at(x, "/n");
    x["n"] = 1.0;
    refused_at(x, "/n");
    x["n"] = json::array();
    refused_at(x, "/n");
    x["n"] = json::object();
    refused_at(x, "/n");
    // URI-reference, URI, RFC 3339.
    for (const char* ok : {"https://example.com/a?b=c#d", "urn:event:from:myapi/resource/123", "/mycontext", "#f",
                           "//authority/path", "touchpoint/nps-support", "a%20b"}) {
        x = e;
        x["source"] = ok;
        accepted(x);
    }
    for (const char* bad : {"has space", "1abc:x", "a%2", "bad\"quote", "\xE6\x96\x87"}) {
        x = e;
        x["source"] = bad;
        refused_at(x, "/source");
    }
    x = e;
    x["dataschema"] = "/relative/only";
    refused_at(x, "/dataschema");
    for (const char* ok : {"2018-04-05T17:31:00Z", "2018-04-05t17:31:00.5z", "2016-12-31T23:59:60Z", "2024-02-29T00:00:00+14:00"}) {
        x = e;
        x["time"] = ok;
        accepted(x);
    }
    for (const char* bad : {"2018-04-05", "2018-02-30T00:00:00Z", "2018-04-05T24:00:00Z", "2018-04-05T17:31:00.Z",
                            "2018-04-05 17:31:00", "2018-04-05T17:31:00+0100"}) {
        x = e;
        x["time"] = bad;
        refused_at(x, "/time");
    }
    for (const char* ok : {"application/json", "application/cloudevents+json; charset=utf-8", "text/plain;a=\"b;c\""}) {
        x = e;
        x["datacontenttype"] = ok;
        accepted(x);
    }
    for (const char* bad : {"json", "application/", "application/json;", "application/json; charset"}) {
        x = e;
        x["datacontenttype"] = bad;
        refused_at(x, "/datacontenttype");
    }
    x = e;
    x["data_base64"] = "not base64!";
    refused_at(x, "/data_base64");
    x["data_base64"] = "TWE";  // unpadded
    refused_at(x, "/data_base64");
    x["data_base64"] = "";  // zero bytes of data
    accepted(x);
    x = e;
    x["data"] = nullptr;  // an explicit null payload is data
    accepted(x);
}

TEST_CASE("unwrap: the response/1 payload, inline or base64, with Touchpoint's rules", "[cloudevent]") {
    const json p = payload();
    json ce;
    Diagnostics d;
    REQUIRE(to_cloudevent(p, ce, d));
    json out;
    REQUIRE(unwrap_cloudevent(ce, "", out, d));
    CHECK(out == p);

    // data_base64 with a JSON content type carries the same payload.
    const std::string dumped = p.dump();
    static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string b64;
    for (std::size_t i = 0; i < dumped.size(); i += 3) {
        std::uint32_t n = static_cast<std::uint8_t>(dumped[i]) << 16;
        if (i + 1 < dumped.size()) n |= static_cast<std::uint8_t>(dumped[i + 1]) << 8;
        if (i + 2 < dumped.size()) n |= static_cast<std::uint8_t>(dumped[i + 2]);
        b64 += kAlphabet[n >> 18 & 63];
        b64 += kAlphabet[n >> 12 & 63];
        b64 += i + 1 < dumped.size() ? kAlphabet[n >> 6 & 63] : '=';
        b64 += i + 2 < dumped.size() ? kAlphabet[n & 63] : '=';
    }
    json encoded = ce;
    encoded.erase("data");
    encoded["data_base64"] = b64;
    out = nullptr;
    Diagnostics d2;
    CHECK(unwrap_cloudevent(encoded, "/3", out, d2));
    CHECK(out == p);
    encoded.erase("datacontenttype");  // base64 without a content type: no JSON assumed
    Diagnostics d3;
    CHECK_FALSE(unwrap_cloudevent(encoded, "/3", out, d3));
    CHECK(has_pointer(d3, "/3/datacontenttype"));

    // A vendor +json type is JSON; text/plain is not.
    json vendor = ce;
    vendor["datacontenttype"] = "application/vnd.touchpoint+json";
    Diagnostics d4;
    CHECK(unwrap_cloudevent(vendor, "", out, d4));
    vendor["datacontenttype"] = "text/plain";
    Diagnostics d5;
    CHECK_FALSE(unwrap_cloudevent(vendor, "", out, d5));
    CHECK(has_pointer(d5, "/datacontenttype"));

    // Valid CloudEvents that are not ours: wrong type, data not a payload, id not the payload's.
    json other = ce;
    other["type"] = "com.example.someevent";
    Diagnostics d6;
    CHECK_FALSE(unwrap_cloudevent(other, "", out, d6));
    CHECK(has_pointer(d6, "/type"));
    other = ce;
    other["data"] = "I'm just a string";
    Diagnostics d7;
    CHECK_FALSE(unwrap_cloudevent(other, "", out, d7));
    CHECK(has_pointer(d7, "/data"));
    other = ce;
    other["id"] = "A234-1234-1234";
    Diagnostics d8;
    CHECK_FALSE(unwrap_cloudevent(other, "", out, d8));
    CHECK(has_pointer(d8, "/id"));
    other = ce;
    other.erase("data");
    Diagnostics d9;
    CHECK_FALSE(unwrap_cloudevent(other, "", out, d9));
    CHECK(has_pointer(d9, "/data"));
}

TEST_CASE("media types as the JSON format reads them", "[cloudevent]") {
    CHECK(media_type_essence("Application/CloudEvents-Batch+JSON; charset=utf-8") == "application/cloudevents-batch+json");
    CHECK(is_json_media_type("application/json"));
    CHECK(is_json_media_type("text/json"));
    CHECK(is_json_media_type("application/vnd.x+json;v=1"));
    CHECK_FALSE(is_json_media_type("application/jsonx"));
    CHECK_FALSE(is_json_media_type("application/+json"));
    CHECK_FALSE(is_json_media_type("json"));
}
