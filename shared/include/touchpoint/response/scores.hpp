// Per-response scores: NPS value and category, CSAT top-2-box, CES value and "easy", custom
// weighted scores with bands (CX maturity leader / follower / laggard), and the alert a response
// raises under the survey's delivery policy. Aggregates live in aggregate/aggregator.hpp.
#pragma once
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "touchpoint/survey/expr.hpp"
#include "touchpoint/survey/survey.hpp"

namespace touchpoint {

// What expressions see: answers by question id, "score.ID"/"band.ID" (custom scores, and
// score.nps / score.csat / score.ces), "context.PATH" (the site-provided context object).
class AnswerScope : public expr::Scope {
public:
    AnswerScope(const json& answers, const json& scores, const json& context)
        : answers_(answers), scores_(scores), context_(context) {}
    json lookup(std::string_view name) const override;

private:
    const json& answers_;
    const json& scores_;
    const json& context_;
};

// {"nps":{"value","category","question"}, "csat":{"value","scale","top2","question"},
//  "ces":{"value","scale","easy","question"}, "custom":{"ID":{"value","band"}}} — keys present only
// when answered; each question says which built-in score it feeds (Question::feeds), derived.hpp
// derives the category and flags. `answers` holds normalized answers of the questions that count (visible ones).
json compute_scores(const Survey& s, const json& answers, const json& context);

// {"reason":"detractor|low-csat|high-effort","question":"<qid>"} or null, per /delivery/alerts.
json compute_alert(const Survey& s, const json& scores);

}  // namespace touchpoint
