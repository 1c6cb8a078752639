// Typed queries over a set of response/1 payloads held as NDJSON bytes: which responses a view
// counts (persona and time filters, on the core's AggregateFilter), the months present, filtered aggregation in one
// pass over several groupings, one touchpoint's score histogram, open-text answers and monthly
// groups, and the values answered per question (the choices of an answer filter). The journey
// viewer asks these; they are plain data in and out, so tests check them without a viewer.
#pragma once
#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "touchpoint/aggregate/aggregator.hpp"

namespace touchpoint {

// Which responses a view counts is an AggregateFilter (the one filter of the core: the results
// page's and the CLI's too). The viewer's persona filter: a persona is named by its id and by its
// role ("funder"), in answers.role / answers.persona or in context.segment.role / .persona; this
// adds those names as `any` pairs.
void filter_by_persona(AggregateFilter& filter, const std::vector<std::string>& names);
// The viewer's "until this month" ("YYYY-MM"): only responses submitted in or before it.
void filter_until_month(AggregateFilter& filter, const std::string& month);

// The months ("YYYY-MM") in which the responses were submitted, sorted, each once.
std::vector<std::string> response_months(std::string_view ndjson);

struct GroupedResponses {
    nlohmann::json groups;              // {"groups":[...]} as Aggregator::result gives it
    long long total = 0;                // responses counted
    std::vector<std::string> warnings;  // "line 17: ..." (the first five), then how many more
};

// Several groupings (e.g. {{"touchpoint"}, {"stage"}}) in ONE pass over the bytes, by the
// aggregator's fast scanner, filtered or not (bad lines are reported either way).
std::vector<GroupedResponses> aggregate_filtered(std::string_view ndjson,
                                                 const std::vector<std::vector<std::string>>& groupings,
                                                 const AggregateFilter& filter = {});

// One touchpoint's responses (those with "touchpoint":"ID" that the filter accepts).
struct TouchpointResponses {
    std::array<long long, 11> nps_histogram{};  // scores.nps.value 0..10
    std::vector<std::string> texts;             // open-text answers (prose), in file order
    nlohmann::json by_month;                    // the aggregator's groups keyed by "month"
};
TouchpointResponses touchpoint_responses(std::string_view ndjson, std::string_view touchpoint_id,
                                         const AggregateFilter& filter = {});

// Where one payload goes, read by the aggregator's fast line scan (no document built): its
// `submitted` and `locale` (views of the texts; empty when absent or not strings), the sorted,
// distinct names of its answers and of its context.segment's members (none when that is not an
// object), and its answers' parts as Aggregator::part_keys lists them (a matrix's rows, a list's
// strings): what a parsed payload gives. False when the scan cannot be sure (not plain JSON of
// the usual shape: an escape in a name, in those values or in a part, a repeated member it reads,
// a question answered twice with parts, a line that is not JSON at all): then parse the payload.
// The collector reads stored payloads' rollup facts this way.
struct PayloadOutline {
    std::string_view submitted, locale;
    std::vector<std::string> answers, segments;
    std::vector<std::string> parts;  // "answer.<qid>/<part>" keys
};
bool outline_payload(std::string_view payload, PayloadOutline& out);

// Open text: an answer that reads like prose (at least 4 bytes with a space or a non-ASCII
// letter), which leaves out choice values such as "price" or "other".
bool is_prose(std::string_view answer);

// Per question id (sorted), the values answered to it (numbers numerically, then text): choices,
// numbers and yes/no. Free text, lists, and questions with more than 30 distinct values are left
// out; at most the first 50,000 responses are read.
using AnswerValues = std::vector<std::pair<std::string, std::vector<std::string>>>;
AnswerValues answer_values(std::string_view ndjson);

}  // namespace touchpoint
