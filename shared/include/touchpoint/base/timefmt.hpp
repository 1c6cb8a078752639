// Time for response/1: ISO-8601 UTC text <-> epoch milliseconds, coarsening (a payload carries
// "2026-11-23T05:00:00Z", not the respondent's exact second), and the period keys aggregation
// groups by (day "2026-11-23", ISO week "2026-W48", month "2026-11"). Proleptic Gregorian, UTC
// only, no time-zone database: platform-free and identical natively and in wasm.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace touchpoint {

enum class TimeResolution { Minute, Hour, Day };

struct CivilDate {
    int year = 1970;
    int month = 1;  // 1..12
    int day = 1;    // 1..31
};

std::int64_t days_from_civil(int year, int month, int day);  // days since 1970-01-01
CivilDate civil_from_days(std::int64_t days);
bool valid_civil_date(int year, int month, int day);

// "YYYY-MM-DDTHH:MM:SSZ" (whole seconds; ms are truncated toward the past).
std::string format_iso_utc(std::int64_t epoch_ms);
// Accepts "YYYY-MM-DD", "YYYY-MM-DDTHH:MM", "...:SS", "...:SS.fff" followed by "Z" or "+HH:MM" /
// "-HH:MM" (required when a time is given; a lowercase "t"/"z" or a space separator is accepted).
std::optional<std::int64_t> parse_iso_utc(std::string_view text);

std::optional<TimeResolution> parse_time_resolution(std::string_view name);  // "minute|hour|day"
std::int64_t coarsen(std::int64_t epoch_ms, TimeResolution resolution);      // floor to the unit

std::string day_key(std::int64_t epoch_ms);    // "2026-11-23"
std::string week_key(std::int64_t epoch_ms);   // ISO 8601 week: "2026-W48" (week-year may differ)
std::string month_key(std::int64_t epoch_ms);  // "2026-11"
// The same from a civil date, for callers that already split "YYYY-MM-DD" (the NDJSON fast path).
std::string week_key(const CivilDate& date);

}  // namespace touchpoint
