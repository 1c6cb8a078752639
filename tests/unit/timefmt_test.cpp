#include <catch2/catch.hpp>

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
}
