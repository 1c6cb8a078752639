// displays/1: the widget's anonymous display counts (how often a survey was shown, dismissed and
// completed, and — where partial responses are on — how many reached each question), per survey,
// version and UTC day, and the figures made of them: response rate (completed / shown) and
// drop-off per question. A batch carries no identifier of anyone: no visitor or response id, no
// address, user agent or page. Its own "id" is random per batch, the idempotency key of a retry.
// The format is described member by member in aggregate/displays_schema.cpp (docs/schema/
// displays-1.json) and docs/displays.md.
//
//   {"touchpoint":"displays/1","id":"<uuid v4>","counts":[
//     {"survey":"nps-support","version":"3","day":"2026-11-23","shown":4,"dismissed":1,"completed":2,
//      "reached":{"nps":4,"why":3}}]}
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "touchpoint/base/diagnostics.hpp"

namespace touchpoint {

constexpr std::size_t kDisplayCountsMax = 500;        // rows in one batch
constexpr std::int64_t kDisplayCountMax = 1000000;    // any one count in a row
constexpr std::size_t kDisplayReachedMax = 200;       // questions in one row's "reached"
constexpr std::size_t kDisplayVersionMaxChars = 64;

// One row: the counts of one survey version on one UTC day.
struct DisplayCount {
    std::string survey, version, day;  // day: "YYYY-MM-DD"
    std::int64_t shown = 0, dismissed = 0, completed = 0;
    std::vector<std::pair<std::string, std::int64_t>> reached;  // question id -> how many reached it
};

struct DisplayBatch {
    std::string id;  // UUID v4, random per batch
    std::vector<DisplayCount> counts;
};

// Checks a displays/1 document; every error names its JSON pointer ("/counts/2/shown: ...") and
// unknown members are errors too (a count must never smuggle in anything else). On success (no
// errors) *batch holds the rows; rows naming the same survey, version and day are summed.
Diagnostics read_displays(const nlohmann::json& doc, DisplayBatch* batch);

// completed / shown as a percentage rounded to 0.1, or null when nothing was shown.
nlohmann::json response_rate(std::int64_t shown, std::int64_t completed);

// The figures of stored rows (any order, one survey):
//   {"total":{"shown","dismissed","completed","rate","dismissal_rate"},
//    "by_day":[{"day",...same counts and rates}], "by_version":[{"version",...}],
//    "dropoff":{"base":N,"questions":[{"question","reached","share","lost"}]}}
// Drop-off counts only rows that carried "reached" (partial responses on): base = how many were
// shown there, share = reached / base in %, lost = how many reached the question before it and
// not this one. Questions follow `question_order` (the survey's order), then any others by id.
nlohmann::json display_report(const std::vector<DisplayCount>& rows, const std::vector<std::string>& question_order);

}  // namespace touchpoint
