// Live metrics laid over a journey map. The numbers come from the core's streaming aggregator
// (aggregate/aggregator.hpp, the same code as `touchpoint score`): this file only binds its groups
// to the map's touchpoints and stages, picks the heat colour of a metric and finds the top words of
// open-text answers. Pure and platform-free, so the viewer's canvas, its DOM table and the CLI
// agree to the digit.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "touchpoint/journey/map.hpp"

namespace touchpoint::journey {

// One aggregate group as `touchpoint score` prints it (fields absent when nothing was answered).
struct Scores {
    long long n = 0;
    std::optional<double> nps, nps_moe;
    long long promoters = 0, passives = 0, detractors = 0, nps_n = 0;
    std::optional<double> csat, csat_mean;
    long long csat_n = 0;
    std::optional<double> ces, ces_easy;
    long long ces_n = 0;
    bool small_sample = true;
};

// Reads one element of "groups" (its "n", "nps", "csat", "ces", "small_sample").
Scores scores_from_group(const nlohmann::json& group);

enum class HeatMetric { Nps, Csat, Ces, Responses };
const char* to_string(HeatMetric m);
std::optional<HeatMetric> heat_metric_from(std::string_view s);

// The value of `m` in `s`, if there is one (Responses = n).
std::optional<double> metric_value(const Scores& s, HeatMetric m);
// Position of a value on the metric's scale, 0 (worst) … 1 (best): NPS −100…100, CSAT 0…100 %,
// CES 1…7 (mean); Responses relative to `max_n`.
double heat_position(HeatMetric m, double value, double max_n = 1);
// Red (0) → amber (0.5) → green (1), as 0xRRGGBB; colour-blind safe enough with the number
// printed beside it (the table and cards always show the value too).
std::uint32_t heat_rgb(double position);

// Binding of grouped results to the map.
struct Overlay {
    std::vector<Scores> touchpoints;          // per Map::touchpoints index
    std::vector<Scores> stages;               // per Map::stages index
    std::vector<std::string> unmatched_keys;  // group keys naming no touchpoint/stage of the map
    double max_touchpoint_n = 0;
};
// `by_touchpoint` / `by_stage`: results of an aggregation grouped by "touchpoint" / "stage"
// (objects with a "groups" array); either may be null.
Overlay bind_overlay(const Map& map, const nlohmann::json* by_touchpoint, const nlohmann::json* by_stage);

// Most frequent terms of open-text answers, without a dictionary: Latin words (lower-cased,
// 3+ letters, a stop-list of English function words) and, for CJK text, character n-grams of 2 to
// 6 characters — the standard dictionary-free way to find recurring Chinese/Japanese terms — where
// an n-gram seen only inside a longer one is left out as a piece of it (付款流程, not 付款 + 款流 +
// 流程, unless 付款 also occurs elsewhere). N-grams never span a boundary: whitespace, punctuation (incl. full-width ，。！？、；：「」（）), digits, a change of
// script (Latin↔CJK, Han↔Hangul) or a very common function character (的 了 是 在 很 …, see
// overlay.cpp). `count` = how many texts contain the term (each text counts once); terms in
// fewer than 2 texts are left out; most frequent first, ties by term.
struct TermCount {
    std::string term;
    int count = 0;
};
std::vector<TermCount> top_terms(const std::vector<std::string_view>& texts, std::size_t k);
// The same for answers given as distinct texts with how many answers gave each: exactly
// top_terms over every text repeated `count` times, in time proportional to the distinct texts
// (the results page holds a million answers as a few hundred distinct ones).
struct TextCount {
    std::string_view text;
    int count = 0;
};
std::vector<TermCount> top_terms_weighted(const std::vector<TextCount>& texts, std::size_t k);

}  // namespace touchpoint::journey
