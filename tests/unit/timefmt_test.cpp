#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "touchpoint/base/timefmt.hpp"

using namespace touchpoint;

TEST_CASE("format_iso_utc and parse_iso_utc round-trip", "[timefmt]") {
    const std::int64_t t = 1795412232000;  // 2026-11-23T05:37:12Z
    CHECK(format_iso_utc(t) == "2026-11-23T05:37:12Z");
    CHECK(format_iso_utc(0) == "1970-01-01T00:00:00Z");
    CHECK(format_iso_utc(-1) == "1969-12-31T23:59:59Z");
    CHECK(format_iso_utc(951782400000) == "2000-02-29T00:00:00Z");
    CHECK(parse_iso_utc("2026-11-23T05:37:12Z") == t);
    CHECK(parse_iso_utc("2026-11-23T05:37:12.250Z") == t + 250);
    CHECK(parse_iso_utc("2026-11-23T13:37:12+08:00") == t);
    CHECK(parse_iso_utc("2026-11-23T00:37:12-0500") == t);
    CHECK(parse_iso_utc("2026-11-23t05:37:12z") == t);
    CHECK(parse_iso_utc("2026-11-23 05:37Z") == t - 12000);
    CHECK(parse_iso_utc("2026-11-23") == t - (5 * 3600 + 37 * 60 + 12) * 1000LL);
    for (std::int64_t ms : {std::int64_t(0), std::int64_t(-86400000LL * 365 * 80), std::int64_t(4102444800000)})
        CHECK(parse_iso_utc(format_iso_utc(ms)) == ms);
}

TEST_CASE("parse_iso_utc rejects malformed or zone-less times", "[timefmt]") {
    for (const char* bad : {"", "2026", "2026-11", "2026-13-01", "2026-02-29", "2026-11-31", "2026-11-23T05:37:12",
                            "2026-11-23T24:00:00Z", "2026-11-23T05:60Z", "2026-11-23T05:37:12Zjunk",
                            "2026-11-23T05:37:12+8", "20261123", "2026-11-23T05:37:12.Z", "２０２６-11-23"})
        CHECK_FALSE(parse_iso_utc(bad).has_value());
}

TEST_CASE("coarsen floors to minute, hour or day", "[timefmt]") {
    const std::int64_t t = 1795412232123;
    CHECK(format_iso_utc(coarsen(t, TimeResolution::Minute)) == "2026-11-23T05:37:00Z");
    CHECK(format_iso_utc(coarsen(t, TimeResolution::Hour)) == "2026-11-23T05:00:00Z");
    CHECK(format_iso_utc(coarsen(t, TimeResolution::Day)) == "2026-11-23T00:00:00Z");
    CHECK(format_iso_utc(coarsen(-1, TimeResolution::Hour)) == "1969-12-31T23:00:00Z");
    CHECK(parse_time_resolution("hour") == TimeResolution::Hour);
    CHECK_FALSE(parse_time_resolution("second").has_value());
}

TEST_CASE("period keys: day, ISO week (with week-year), month", "[timefmt]") {
    auto at = [](const char* iso) { return *parse_iso_utc(iso); };
    CHECK(day_key(at("2026-11-23T05:00:00Z")) == "2026-11-23");
    CHECK(month_key(at("2026-11-23T05:00:00Z")) == "2026-11");
    CHECK(week_key(at("2026-11-23T05:00:00Z")) == "2026-W48");
    CHECK(week_key(at("2027-01-01T00:00:00Z")) == "2026-W53");
    CHECK(week_key(at("2021-01-03T23:59:59Z")) == "2020-W53");
    CHECK(week_key(at("2020-12-31T00:00:00Z")) == "2020-W53");
    CHECK(week_key(at("2024-12-30T00:00:00Z")) == "2025-W01");
    CHECK(week_key(CivilDate{2026, 11, 23}) == "2026-W48");
    // Every 997th day from 0190 to 9999: a day's key is read back as the start of that day, and
    // its month is the key's first 7 characters.
    const std::int64_t day_ms = 86400000;
    std::size_t days = 0;
    for (std::int64_t day = -650000; day < 2932896; day += 997, ++days) {
        const std::int64_t ms = day * day_ms + (day & 0xFFFF) * 1000;  // some time in that day
        INFO(ms);
        REQUIRE(day_key(ms).size() == 10);
        CHECK(parse_iso_utc(day_key(ms)) == day * day_ms);
        CHECK(month_key(ms) == day_key(ms).substr(0, 7));
        CHECK(format_iso_utc(ms).substr(0, 10) == day_key(ms));
    }
    CHECK(days > 3000);
}

// parse_iso_utc reads the form every stored payload has ("2026-10-22T18:00:00Z") by a shorter
// path than the rest. The same time written with "+00:00" for its "Z" takes the general path: the
// two must agree on every 20-byte text, valid or not. Texts: valid times (every month's last days,
// leap years, 00 and 23:59:60) with each byte replaced, one at a time, by bytes that a digit check
// or a separator check could let through.
TEST_CASE("parse_iso_utc: the canonical form's shorter path agrees with the general one", "[timefmt]") {
    const std::vector<std::string> valid = {"2026-10-22T18:00:00Z", "2024-02-29T23:59:60Z", "2023-02-28T00:00:00Z",
                                            "1900-02-28T12:34:56Z", "2000-02-29T09:09:09Z", "0000-01-01T00:00:00Z",
                                            "9999-12-31T23:59:59Z", "2026-04-30T05:37:12Z", "2026-11-30T10:10:10Z"};
    const std::string bytes = std::string("0123456789-:TtZz /+.@Aa\x7f\x80\xff") + std::string(1, '\0');
    std::size_t compared = 0, accepted = 0;
    for (const std::string& time : valid) {
        REQUIRE(parse_iso_utc(time).has_value());
        for (std::size_t at = 0; at < 19; ++at) {  // byte 19, the 'Z', is what the general text replaces
            for (char b : bytes) {
                std::string s = time;
                s[at] = b;
                const std::string general = s.substr(0, 19) + "+00:00";
                INFO(s);
                CHECK(parse_iso_utc(s) == parse_iso_utc(general));
                ++compared;
                accepted += parse_iso_utc(s).has_value();
            }
        }
    }
    CHECK(compared == valid.size() * 19 * bytes.size());
    CHECK(accepted > valid.size() * 19);  // many changed texts are still times (another digit)
    CHECK(accepted < compared / 2);       // and most are not
    CHECK(parse_iso_utc("2024-02-29T23:59:60Z") == *parse_iso_utc("2024-02-29T23:59:59Z"));
}
