// The redactor, table-driven: every row is input -> expected output. Positives cover each kind in
// its common spellings (also inside Chinese text without spaces and in full-width forms);
// negatives are the look-alikes that must survive untouched.
#include <catch2/catch.hpp>

#include <string>

#include "touchpoint/privacy/redact.hpp"

using touchpoint::PiiKind;
using touchpoint::redact_text;

namespace {
struct Row {
    const char* input;
    const char* expected;
};

void check_rows(const Row* rows, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
        INFO("input: " << rows[i].input);
        CHECK(redact_text(rows[i].input).text == rows[i].expected);
    }
}
}  // namespace

TEST_CASE("redacts e-mail addresses", "[redact]") {
    const Row rows[] = {
        {"mail me at zhang.wei@example.com.", "mail me at [email]."},
        {"请联系13812345678@qq.com谢谢", "请联系[email]谢谢"},
        {"Li_Na+cx@mail.example.co.uk, thanks", "[email], thanks"},
        {"全角 ｌｉ＠ｅｘａｍｐｌｅ．ｃｏｍ 地址", "全角 [email] 地址"},
        {"<a.b-c@sub-domain.example.org>", "<[email]>"},
    };
    check_rows(rows, sizeof rows / sizeof rows[0]);
}

TEST_CASE("redacts phone numbers in common spellings", "[redact]") {
    const Row rows[] = {
        {"我的手机是13812345678请回电", "我的手机是[phone]请回电"},
        {"电话：138 1234 5678", "电话：[phone]"},
        {"call 138-1234-5678 now", "call [phone] now"},
        {"+86 138 1234 5678", "[phone]"},
        {"+86-13812345678", "[phone]"},
        {"+8613812345678。", "[phone]。"},
        {"0086 13812345678", "[phone]"},
        {"8613812345678", "[phone]"},
        {"手机１３８１２３４５６７８谢谢", "手机[phone]谢谢"},
        {"Call (555) 123-4567 today", "Call [phone] today"},
        {"555-123-4567", "[phone]"},
        {"555.123.4567", "[phone]"},
        {"1-800-555-0199", "[phone]"},
        {"+1 555 123 4567", "[phone]"},
        {"+1 (555) 123-4567", "[phone]"},
        {"+44 20 7946 0958", "[phone]"},
        {"+49 30 901820", "[phone]"},
        {"座机010-12345678转分机", "座机[phone]转分机"},
        {"(0755) 2345678", "[phone]"},
        {"两个号码13812345678和13987654321", "两个号码[phone]和[phone]"},
    };
    check_rows(rows, sizeof rows / sizeof rows[0]);
}

TEST_CASE("redacts Chinese resident ID numbers with a valid check digit", "[redact]") {
    const Row rows[] = {
        {"身份证11010519491231002X", "身份证[id-number]"},
        {"身份证号：11010519491231002x。", "身份证号：[id-number]。"},
        {"ID 440306199003071232", "ID [id-number]"},
        {"320102198002290013 (leap day)", "[id-number] (leap day)"},
        {"110105 19491231 002X", "[id-number]"},
    };
    check_rows(rows, sizeof rows / sizeof rows[0]);
}

TEST_CASE("redacts Luhn-valid card numbers with a known IIN", "[redact]") {
    const Row rows[] = {
        {"card 4111111111111111 exp 12/28", "card [card] exp 12/28"},
        {"卡号4111 1111 1111 1111谢谢", "卡号[card]谢谢"},
        {"5500-0000-0000-0004", "[card]"},
        {"Amex 3782 822463 10005", "Amex [card]"},
        {"银联 6222 0212 3456 7894", "银联 [card]"},
        {"JCB 3530111333300000", "JCB [card]"},
        {"6011111111111117", "[card]"},
    };
    check_rows(rows, sizeof rows / sizeof rows[0]);
}

TEST_CASE("redacts IBANs that pass mod-97", "[redact]") {
    const Row rows[] = {
        {"IBAN DE89370400440532013000", "IBAN [iban]"},
        {"pay to GB82 WEST 1234 5698 7654 32 please", "pay to [iban] please"},
        {"账户NL91ABNA0417164300", "账户[iban]"},
    };
    check_rows(rows, sizeof rows / sizeof rows[0]);
}

TEST_CASE("redacts IPv4 and IPv6 addresses", "[redact]") {
    const Row rows[] = {
        {"from 192.168.1.10 again", "from [ip] again"},
        {"server 10.0.0.1:8080 down", "server [ip]:8080 down"},
        {"地址是8.8.8.8吗", "地址是[ip]吗"},
        {"2001:db8:85a3:0:0:8a2e:370:7334", "[ip]"},
        {"v6 2001:db8::1 ok", "v6 [ip] ok"},
        {"fe80::1ff:fe23:4567:890a%eth0", "[ip]%eth0"},
        {"::ffff:192.168.1.1", "[ip]"},
    };
    check_rows(rows, sizeof rows / sizeof rows[0]);
}

TEST_CASE("redacts URLs carrying secrets and keeps harmless URLs", "[redact]") {
    const Row rows[] = {
        {"see https://example.com/reset?token=abc123 now", "see [secret-url] now"},
        {"https://api.example.com/v1?api_key=XYZ&x=1.", "[secret-url]."},
        {"http://x.cn/login#access_token=eyJhbGci", "[secret-url]"},
        {"www.example.com/a?Password=hunter2", "[secret-url]"},
        {"链接https://example.com/s?sid=42&lang=zh请查看", "链接[secret-url]请查看"},
        {"https://example.com/pricing?plan=pro", "https://example.com/pricing?plan=pro"},
        {"https://example.com/?token=", "https://example.com/?token="},
        {"https://example.com/docs/1.2.3.4/", "https://example.com/docs/[ip]/"},
    };
    check_rows(rows, sizeof rows / sizeof rows[0]);
}

TEST_CASE("leaves look-alikes untouched", "[redact]") {
    const char* keep[] = {
        "订单号 20231105123456",
        "订单号：4111111111111111",  // Luhn-valid, but named an order number
        "order no. 13812345678",
        "日期 2026-11-23 和 2026/11/23",
        "2026.11.23 14:30:05",
        "版本 1.2.3.4",
        "version 1.2.3.4 and v1.2.3.4 and ver. 10.0.0.1",
        "价格 ¥1,299.00 或 $12.50",
        "￥１２９９",
        "4111111111111112",        // Luhn fails
        "1234567812345678",        // no such IIN
        "4111 1111 11 111111",     // odd grouping
        "11010519491231002Y",      // not a check character
        "110105194912310021",      // wrong check digit
        "110105194913310028",      // month 13
        "12:30 到 18:45",
        "5551234567",              // bare 10 digits: documented as not a phone
        "12345678901",             // 11 digits, not a mobile prefix
        "1381234567",              // 10 digits
        "138123456789",            // 12 digits
        "a@b",                     // no domain dot
        "user@localhost",
        "std::string and add::ebb",
        "DE89370400440532013001",  // mod-97 fails
        "XX89370400440532013000",  // unknown country
        "256.1.1.1 and 1.2.3",
        "ISBN 978-7-111-54742-6",
        "共计 1000 元，3 件",
        "编号AB-2026-11-23-001",
    };
    for (const char* text : keep) {
        INFO("input: " << text);
        auto r = redact_text(text);
        CHECK(r.text == text);
        CHECK(r.count == 0);
    }
}

TEST_CASE("redacts the classes other people's test data brought up", "[redact]") {
    const Row rows[] = {
        {"UnionPay 6212 3456 7890 0000 003", "UnionPay [card]"},      // 19 digits
        {"银联8100513433325374", "银联[card]"},                        // the 81 range
        {"Maestro 6799990100000000019", "Maestro [card]"},
        {"Dankort 5019 7170 1010 3742", "Dankort [card]"},
        {"UATP 122000000000003", "UATP [card]"},
        {"4111 1111-1111 1111", "[card]"},                              // mixed separators
        {"座机010 1234 5678", "座机[phone]"},
        {"请拨打（(0755) 8888-6666）", "请拨打（[phone]）"},
        {"call 1(567)362-8910 or 425 8829090", "call [phone] or [phone]"},
        {"Server IP: 2001:db8::1.", "Server IP: [ip]."},
        {"mail user@xn--80ak6aa92e.com or 用户@例子.广告 or Dörte@Sörensen.example.com",
         "mail [email] or [email] or [email]"},
        {"请联系zhang@example.com谢谢", "请联系[email]谢谢"},
        {"IBAN YE15 CBYE 0001 0188 6123 4567 8912 34", "IBAN [iban]"},  // a recent registry entry
        {"IBAN ES 58 0049 0290 3424 1352 8341", "IBAN [iban]"},
        {"身分證字號：A123456789。", "身分證字號：[id-number]。"},
        {"HKID: A123456(3).", "HKID: [id-number]."},
        {"护照号码：E12345678", "护照号码：[id-number]"},
        {"passport no. A12803456", "passport no. [id-number]"},
    };
    check_rows(rows, sizeof rows / sizeof rows[0]);
    const char* keep[] = {
        "2001::db8::1",                // two "::": not an address, and not half of one either
        "1:2:3:4:5:6:7:8:9",
        "BE36 5390 0754 7034 1234",    // too long for a Belgian IBAN: no phone inside it either
        "A123456788",                  // Taiwanese ID with a wrong check digit
        "A123456(9)",                  // Hong Kong ID with a wrong check digit
        "型号 E12345678 的打印机",        // a passport shape without the word
        "passport photo 35x45",
    };
    for (const char* text : keep) {
        INFO("input: " << text);
        CHECK(redact_text(text).text == text);
    }
}

TEST_CASE("KeepContactDetails keeps e-mail and phone, removes the rest", "[redact]") {
    const char* text = "li@acme.cn 13812345678 https://x.cn/?token=abc 4111111111111111 DE89370400440532013000 "
                       "身份证11010519491231002X 10.0.0.1";
    auto all = redact_text(text);
    CHECK(all.text == "[email] [phone] [secret-url] [card] [iban] 身份证[id-number] [ip]");
    auto kept = redact_text(text, touchpoint::RedactScope::KeepContactDetails);
    CHECK(kept.text == "li@acme.cn 13812345678 [secret-url] [card] [iban] 身份证[id-number] [ip]");
    CHECK(kept.count == 5);
    CHECK(kept.of(PiiKind::Email) == 0);
    CHECK(kept.of(PiiKind::Phone) == 0);
    CHECK(kept.of(PiiKind::SecretUrl) == 1);
    CHECK(touchpoint::pii_kind_is_contact(PiiKind::Email));
    CHECK_FALSE(touchpoint::pii_kind_is_contact(PiiKind::Card));
}

TEST_CASE("counts redactions per kind", "[redact]") {
    auto r = redact_text("a@b.cn 或 b@c.cn，电话13812345678，IP 1.1.1.1，卡4111111111111111");
    CHECK(r.text == "[email] 或 [email]，电话[phone]，IP [ip]，卡[card]");
    CHECK(r.count == 5);
    CHECK(r.of(PiiKind::Email) == 2);
    CHECK(r.of(PiiKind::Phone) == 1);
    CHECK(r.of(PiiKind::Ip) == 1);
    CHECK(r.of(PiiKind::Card) == 1);
    CHECK(r.of(PiiKind::Iban) == 0);
    CHECK(std::string(touchpoint::pii_kind_name(PiiKind::IdNumber)) == "id-number");
    CHECK(std::string(touchpoint::pii_kind_placeholder(PiiKind::SecretUrl)) == "[secret-url]");
}

TEST_CASE("survives hostile input in linear time", "[redact]") {
    CHECK(redact_text("").text.empty());
    std::string invalid = "\xff\xfe\xc3 13812345678 \xe4\xb8";
    CHECK(redact_text(invalid).text == "\xff\xfe\xc3 [phone] \xe4\xb8");
    // Worst cases for naive scanners: long runs that almost match everywhere.
    for (std::string unit : {"1", "1.", "1-", "a@", "a.", "http://", "+1 ", "::", "DE89 ", "1:", "f:"}) {
        std::string big;
        while (big.size() < 200000) big += unit;
        auto r = redact_text(big);
        CHECK(r.text.size() > 0);
    }
    std::string emails;
    for (int i = 0; i < 10000; ++i) emails += "x@y.cn ";
    CHECK(redact_text(emails).count == 10000);
}
