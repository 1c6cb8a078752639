// Binned distributions of number, slider and date answers: a question with hundreds of distinct
// values reads as a histogram of about ten bars, not one bar per value. The input is the
// aggregator's result for the grouping answer.<qid> (one group per distinct value, from a scan or
// from stored rollups alike), so binning adds no pass over the responses and needs nothing the
// rollups do not already carry. `touchpoint score --bins QID` and the collector's results API
// (each number/slider/date question's "bins") print the same object.
//
// The rule (docs/scoring.md#binned-distributions):
// - Numbers (every answered value a number): a unit is the question's `step` when it declares one
//   (slider), else 1 when it is `integer` or every answered value is whole, else none. Bins start
//   on a multiple of the width counted from the question's `min` (0 when it declares none). When
//   the observed range holds at most 12 possible values (lowest..highest in units), each value is a
//   bin; otherwise the width is the smallest 1, 2 or 5 × 10^k (× unit) that covers the observed
//   range in at most 10 steps, which gives 10 to 12 bins. A bin holds from ≤ value < to; its label
//   is the value ("7"), the first and last possible value ("10–19") or, without a unit, "[0.5, 1)".
// - Dates (every answered value "YYYY-MM-DD"): by day when the observed span is under 31 days, by
//   ISO week (Monday to Sunday, "2026-W09") under 182 days, by month ("2026-03") under 3 years,
//   else by year ("2026"); from and to are the bin's first and last day.
// Bins between the lowest and highest answer are listed even when empty. Unanswered responses
// (the null group) are counted apart.
//
// Output:
//   {"by":"value","width":10,"answered":40,"unanswered":3,
//    "bins":[{"from":0,"to":10,"label":"0–9","n":12}, ...]}
// "by" is "value" (numbers) or "day", "week", "month", "year"; "width" only for numbers.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace touchpoint {

// What the survey declares about a question's values: min, max, step, integer (absent ones stay
// absent). Read through the core's survey model, so defaults (a slider's 0..100, step 1) apply.
// nullopt when the survey cannot be loaded or has no such question.
std::optional<nlohmann::json> declared_value_range(const nlohmann::json& survey, std::string_view question_id);

// Bins of `groups` (the "groups" of an aggregation by exactly `key`, e.g. "answer.age") under
// `declared` (declared_value_range). nullopt and `error` when the answered values are neither all
// numbers nor all dates.
std::optional<nlohmann::json> answer_bins(const nlohmann::json& groups, std::string_view key, const nlohmann::json& declared,
                                          std::string* error = nullptr);

}  // namespace touchpoint
