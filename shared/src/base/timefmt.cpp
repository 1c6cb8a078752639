// Civil-date arithmetic after H. Hinnant's public-domain algorithms ("chrono-Compatible Low-Level
// Date Algorithms"), re-derived here: exact for every day of the proleptic Gregorian calendar.
#include "touchpoint/base/timefmt.hpp"

namespace touchpoint {
namespace {

constexpr std::int64_t kMsPerDay = 86400000;

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

void put2(std::string& out, int v) {
    out.push_back(char('0' + v / 10));
    out.push_back(char('0' + v % 10));
}
void put4(std::string& out, int v) {
    if (v < 0 || v > 9999) {  // outside the ISO basic range: still unambiguous text
        out += std::to_string(v);
        return;
    }
    put2(out, v / 100);
    put2(out, v % 100);
}

// Reads exactly `n` ASCII digits at `pos`. Inlined with the count known, so the loop unrolls:
// aggregation checks every response's time with parse_iso_utc, and a call per field was half its
// instructions.
template <int n>
__attribute__((always_inline)) inline bool digits(std::string_view s, std::size_t& pos, int& value) {
    if (pos + std::size_t(n) > s.size()) return false;
    int v = 0;
    for (int i = 0; i < n; ++i) {
        char c = s[pos + std::size_t(i)];
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    pos += std::size_t(n);
    value = v;
    return true;
}

int iso_weekday(std::int64_t days) {  // 1 = Monday ... 7 = Sunday; 1970-01-01 was a Thursday
    std::int64_t w = (days + 3) % 7;
    if (w < 0) w += 7;
    return int(w) + 1;
}

}  // namespace

std::int64_t days_from_civil(int year, int month, int day) {
    std::int64_t y = std::int64_t(year) - (month <= 2);
    std::int64_t era = floor_div(y, 400);
    std::int64_t yoe = y - era * 400;
    std::int64_t mp = (month + 9) % 12;
    std::int64_t doy = (153 * mp + 2) / 5 + day - 1;
    std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

CivilDate civil_from_days(std::int64_t days) {
    std::int64_t z = days + 719468;
    std::int64_t era = floor_div(z, 146097);
    std::int64_t doe = z - era * 146097;
    std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    std::int64_t mp = (5 * doy + 2) / 153;
    int d = int(doy - (153 * mp + 2) / 5 + 1);
    int m = int(mp < 10 ? mp + 3 : mp - 9);
    std::int64_t y = yoe + era * 400 + (m <= 2);
    return CivilDate{int(y), m, d};
}

bool valid_civil_date(int year, int month, int day) {
    if (month < 1 || month > 12 || day < 1) return false;
    static const int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    int max = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
    return day <= max;
}

std::string format_iso_utc(std::int64_t epoch_ms) {
    std::int64_t days = floor_div(epoch_ms, kMsPerDay);
    std::int64_t ms_of_day = epoch_ms - days * kMsPerDay;
    CivilDate d = civil_from_days(days);
    int secs = int(ms_of_day / 1000);
    std::string out;
    out.reserve(20);
    put4(out, d.year);
    out.push_back('-');
    put2(out, d.month);
    out.push_back('-');
    put2(out, d.day);
    out.push_back('T');
    put2(out, secs / 3600);
    out.push_back(':');
    put2(out, secs / 60 % 60);
    out.push_back(':');
    put2(out, secs % 60);
    out.push_back('Z');
    return out;
}

std::optional<std::int64_t> parse_iso_utc(std::string_view s) {
    std::size_t p = 0;
    int year = 0, month = 0, day = 0;
    if (!digits<4>(s, p, year) || p >= s.size() || s[p++] != '-' || !digits<2>(s, p, month) ||
        p >= s.size() || s[p++] != '-' || !digits<2>(s, p, day))
        return std::nullopt;
    if (!valid_civil_date(year, month, day)) return std::nullopt;
    std::int64_t ms = days_from_civil(year, month, day) * kMsPerDay;
    if (p == s.size()) return ms;
    if (s[p] != 'T' && s[p] != 't' && s[p] != ' ') return std::nullopt;
    ++p;
    int hour = 0, minute = 0, second = 0, millis = 0;
    if (!digits<2>(s, p, hour) || p >= s.size() || s[p++] != ':' || !digits<2>(s, p, minute)) return std::nullopt;
    if (p < s.size() && s[p] == ':') {
        ++p;
        if (!digits<2>(s, p, second)) return std::nullopt;
        if (p < s.size() && s[p] == '.') {
            ++p;
            std::size_t start = p;
            int scale = 100;
            while (p < s.size() && s[p] >= '0' && s[p] <= '9') {
                millis += (s[p] - '0') * scale;  // digits past milliseconds are dropped
                scale /= 10;
                ++p;
            }
            if (p == start || p - start > 9) return std::nullopt;
        }
    }
    if (hour > 23 || minute > 59 || second > 60) return std::nullopt;  // 60: a leap second, folded below
    if (second == 60) second = 59;
    ms += (hour * 3600LL + minute * 60LL + second) * 1000 + millis;
    if (p >= s.size()) return std::nullopt;  // a time without a zone is local time: refuse it
    if (s[p] == 'Z' || s[p] == 'z') {
        ++p;
    } else if (s[p] == '+' || s[p] == '-') {
        int sign = s[p] == '+' ? 1 : -1;
        ++p;
        int oh = 0, om = 0;
        if (!digits<2>(s, p, oh)) return std::nullopt;
        if (p < s.size() && s[p] == ':') ++p;
        if (!digits<2>(s, p, om) || oh > 23 || om > 59) return std::nullopt;
        ms -= sign * (oh * 3600LL + om * 60LL) * 1000;
    } else {
        return std::nullopt;
    }
    if (p != s.size()) return std::nullopt;
    return ms;
}

std::optional<TimeResolution> parse_time_resolution(std::string_view name) {
    if (name == "minute") return TimeResolution::Minute;
    if (name == "hour") return TimeResolution::Hour;
    if (name == "day") return TimeResolution::Day;
    return std::nullopt;
}

std::int64_t coarsen(std::int64_t epoch_ms, TimeResolution resolution) {
    std::int64_t unit = resolution == TimeResolution::Minute ? 60000 : resolution == TimeResolution::Hour ? 3600000 : kMsPerDay;
    return floor_div(epoch_ms, unit) * unit;
}

std::string day_key(std::int64_t epoch_ms) { return format_iso_utc(epoch_ms).substr(0, 10); }
std::string month_key(std::int64_t epoch_ms) { return format_iso_utc(epoch_ms).substr(0, 7); }
std::string week_key(std::int64_t epoch_ms) { return week_key(civil_from_days(floor_div(epoch_ms, kMsPerDay))); }

std::string week_key(const CivilDate& date) {
    // ISO 8601: the week belongs to the year that holds its Thursday.
    std::int64_t days = days_from_civil(date.year, date.month, date.day);
    std::int64_t thursday = days - iso_weekday(days) + 4;
    int week_year = civil_from_days(thursday).year;
    std::int64_t jan1 = days_from_civil(week_year, 1, 1);
    int week = int((thursday - jan1) / 7 + 1);
    std::string out;
    put4(out, week_year);
    out += "-W";
    put2(out, week);
    return out;
}

}  // namespace touchpoint
