#include <catch2/catch.hpp>

#include "survey_fixtures.hpp"
#include "touchpoint/base/hash.hpp"
#include "touchpoint/response/cloudevent.hpp"
#include "touchpoint/response/writer.hpp"
#include "touchpoint/session/session.hpp"

using namespace touchpoint;
using nlohmann::json;

namespace {
using tp_test::example_survey;
const char* kRandom = "0123456789abcdef0123456789ABCDEF";
json context() {
    return {{"page", "/help/tickets?id=991&email=a@b.cn#top"}, {"now_ms", 1763874123456LL},
            {"respondent", "user-42"}, {"key", "site-secret"},
            {"segment", {{"plan", "enterprise"}, {"role", "admin"}, {"email", "a@b.cn"}}},
            {"ip", "10.0.0.1"}, {"userAgent", "Mozilla"}};
}
}  // namespace

TEST_CASE("response/1 payload: anonymized, coarse, complete", "[payload]") {
    Session s(example_survey("nps-support"), "zh-CN");
    s.answer("nps", 2);
    s.next();
    s.answer("why", "请打 13812345678 或发邮件 li.lei@example.com 联系我");
    s.next();
    s.answer("resolved", "no");
    s.next();
    s.next();
    REQUIRE(s.done());
    json p;
    Diagnostics d;
    REQUIRE(build_payload(s, context(), kRandom, p, d));
    CHECK(p["touchpoint"] == "response/1");
    CHECK(p["id"] == "01234567-89ab-4def-8123-456789abcdef");
    CHECK(p["survey"]["id"] == "nps-support");
    CHECK(p["survey"]["version"] == "3");
    CHECK(p["survey"]["hash"] == s.survey().hash);
    CHECK(p["submitted"] == "2025-11-23T05:00:00Z");  // to the hour
    CHECK(p["partial"] == false);
    CHECK(p["locale"] == "zh-CN");
    CHECK(p["answers"]["why"] == "请打 [phone] 或发邮件 [email] 联系我");
    CHECK(p["redactions"] == 2);
    CHECK(p["scores"]["nps"]["category"] == "detractor");
    CHECK(p["alert"] == json({{"reason", "detractor"}, {"question", "nps"}}));
    CHECK(p["journey"] == json({{"map", "saas-support"}, {"stage", "resolve"}, {"touchpoint", "ticket-closed"}}));
    CHECK(p["context"]["page"] == "/help/tickets");
    CHECK(p["context"]["respondent"] == hmac_sha256_hex("site-secret", "user-42"));
    CHECK(p["context"]["segment"] == json({{"plan", "enterprise"}, {"role", "admin"}}));  // not email: not allowed
    std::string text = p.dump();
    for (const char* leak : {"user-42", "10.0.0.1", "Mozilla", "a@b.cn", "13812345678", "site-secret", "id=991"}) {
        CAPTURE(leak);
        CHECK(text.find(leak) == std::string::npos);
    }
}

TEST_CASE("partial payloads, journey override, day resolution, pii allow", "[payload]") {
    Session s(example_survey("cx-maturity"), "en");
    s.answer("listening", "journey");
    json ctx = {{"now_ms", 1763874123456LL}, {"journey", {{"stage", "decision"}, {"touchpoint", "bad id!"}}},
                {"respondent", "raw"}};
    json p;
    Diagnostics d;
    REQUIRE(build_payload(s, ctx, kRandom, p, d));
    CHECK(p["partial"] == true);  // not done
    CHECK(p["submitted"] == "2025-11-23T00:00:00Z");
    CHECK(p["journey"]["stage"] == "decision");
    CHECK(p["journey"]["touchpoint"] == "maturity-assessment");  // invalid override ignored
    CHECK(p["context"] == json::object());                          // no page given, respondent not allowed
    CHECK(p["scores"]["custom"]["maturity"] == json({{"value", 25}, {"band", "laggard"}}));
    CHECK_FALSE(p.contains("alert"));
    s.answer("acting", "hours");
    s.next();
    s.answer("ownership", {{"ceo", "fully"}, {"cfo", "fully"}, {"cto", "fully"}});
    s.next();
    s.answer("company", "ACME 13812345678");  // pii: allow — contact details kept as typed
    REQUIRE(build_payload(s, ctx, kRandom, p, d));
    CHECK(p["answers"]["company"] == "ACME 13812345678");
    CHECK(p["redactions"] == 0);
}

TEST_CASE("pii allow keeps contact details, never credentials or payment data", "[payload][redact]") {
    // The example survey's "company" question is "pii": "allow": what a respondent may paste there.
    Session s(example_survey("cx-maturity"), "en");
    s.answer("listening", "journey");
    s.answer("acting", "hours");
    s.next();
    s.answer("ownership", {{"ceo", "fully"}, {"cfo", "fully"}, {"cto", "fully"}});
    s.next();
    const std::string typed = "ACME li@acme.cn 13812345678 https://acme.cn/x?token=s3 4111111111111111 "
                              "DE89370400440532013000";  // within the question's maxLength (100)
    REQUIRE(s.answer("company", typed));
    json p;
    Diagnostics d;
    REQUIRE(build_payload(s, {{"now_ms", 1763874123456LL}}, kRandom, p, d));
    CHECK(p["answers"]["company"] == "ACME li@acme.cn 13812345678 [secret-url] [card] [iban]");
    CHECK(p["redactions"] == 3);
}

TEST_CASE("respondent without a site key is never sent raw", "[payload]") {
    Session s(example_survey("nps-support"), "en");
    json p;
    Diagnostics d;
    REQUIRE(build_payload(s, {{"now_ms", 0}, {"respondent", "raw-id"}}, kRandom, p, d));
    CHECK_FALSE(p["context"].contains("respondent"));
    CHECK(p["submitted"] == "1970-01-01T00:00:00Z");
}

TEST_CASE("bad payload inputs are reported with pointers", "[payload]") {
    Session s(example_survey("nps-support"), "en");
    json p;
    Diagnostics d;
    CHECK_FALSE(build_payload(s, {{"now_ms", 1}}, "xyz", p, d));
    CHECK(d.items().back().pointer == "/random_hex");
    CHECK_FALSE(build_payload(s, json::object(), kRandom, p, d));
    CHECK(d.items().back().pointer == "/context/now_ms");
    CHECK_FALSE(build_payload(s, {{"now_ms", "soon"}}, kRandom, p, d));
    CHECK_FALSE(build_payload(s, json::array(), kRandom, p, d));
    CHECK(d.items().back().pointer == "/context");
}

TEST_CASE("CloudEvents 1.0 structured form", "[payload]") {
    Session s(example_survey("csat-delivery"), "zh-TW");
    s.answer("csat", 1);
    s.answer("issues", {"late"});
    s.next();
    s.next();
    json p, ce;
    Diagnostics d;
    REQUIRE(build_payload(s, {{"now_ms", 1763874123456LL}}, kRandom, p, d));
    CHECK(p["alert"]["reason"] == "low-csat");
    REQUIRE(to_cloudevent(p, ce, d));
    CHECK(ce["specversion"] == "1.0");
    CHECK(ce["type"] == "dev.touchpoint.response.v1");
    CHECK(ce["source"] == "touchpoint/csat-delivery");
    CHECK(ce["id"] == p["id"]);
    CHECK(ce["time"] == p["submitted"]);
    CHECK(ce["datacontenttype"] == "application/json");
    CHECK(ce["data"] == p);
    json back;
    Diagnostics ud;
    CHECK(unwrap_cloudevent(ce, "", back, ud));  // what the widget sends, the collector takes back
    CHECK(back == p);
    CHECK_FALSE(to_cloudevent(json::object(), ce, d));
    json no_id = p;
    no_id["id"] = "not-a-uuid";
    CHECK_FALSE(to_cloudevent(no_id, ce, d));
}

TEST_CASE("page paths lose query, fragment and origin", "[payload]") {
    CHECK(strip_page("/pricing?plan=pro#faq") == "/pricing");
    CHECK(strip_page("https://shop.example.cn/cart?token=abc") == "/cart");
    CHECK(strip_page("https://shop.example.cn") == "/");
    CHECK(strip_page("") == "/");
    CHECK(strip_page("/产品/详情?id=1") == "/产品/详情");
}
