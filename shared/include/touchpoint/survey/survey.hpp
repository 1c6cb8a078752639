// The survey/1 model: parsed and validated from JSON with precise Diagnostics (JSON pointer +
// sentence). Hostile input is bounded before parsing (size, nesting) and while loading (counts,
// text lengths, expression length and depth), so it cannot exhaust memory or the stack.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "touchpoint/base/diagnostics.hpp"
#include "touchpoint/survey/expr.hpp"
#include "touchpoint/survey/question.hpp"

namespace touchpoint {

struct SurveyLimits {
    std::size_t max_bytes = 1 << 20;      // the whole document
    int max_nesting = 32;                 // [ and { levels, checked before the JSON parser recurses
    std::size_t max_questions = 500;
    std::size_t max_text_chars = 5000;    // any one text, in characters
    std::size_t max_choices = 200;
    std::size_t max_pages = 500;
    std::size_t max_logic = 500;
    std::size_t max_scores = 50;
    std::size_t max_locales = 50;
    std::size_t max_fields = 50;          // hidden fields
};

struct Page {
    std::string id;                        // "" for the implicit one-question steps
    json title;                            // text or null
    std::vector<std::size_t> questions;    // indices into Survey::questions
};

struct LogicRule {
    expr::Expression condition;
    std::string from;                      // page or question id whose step it applies to; "" = every step
    std::string go_to;                     // question or page id, or "" with end
    bool end = false;
    std::size_t target_step = 0;           // resolved step of go_to
};

struct ScoreBand {
    std::string id;                        // "leader"
    double min = 0;                        // the band applies from this value up
    json label;                            // text: {"zh-CN":"领先者","en":"Leader"}
};

struct ScoreDef {
    std::string id;
    json title;
    std::vector<std::pair<std::string, double>> weights;   // question id -> weight
    expr::Expression expression;           // used instead of weights when valid
    std::vector<ScoreBand> bands;          // ascending by min
};

struct AlertPolicy {
    bool detractor = false, low_csat = false, high_effort = false;
    double low_csat_at_most = 2;           // csat value <= this (on the question's scale) alerts
    double high_effort_at_most = 3;        // ces value <= this alerts (CES: high = easy)
};

// A hidden field (docs/survey.md#fields): a value the site knows, stored with the response. Only
// declared fields are kept; hidden_fields.hpp resolves their values.
struct HiddenField {
    std::string id;
    std::vector<std::string> from;         // "url:PARAM", "attribute:NAME", "show": the first with a value wins
    std::size_t max_length = 200;          // characters kept (longer values are cut)
};

struct Survey {
    json document;                         // the definition as given (display, trigger... pass through)
    std::string id, version;
    std::string hash;                      // "sha256:" + 32 hex of the canonical dump
    std::vector<std::string> locales;      // default first
    json title, description, thank_you, messages;
    std::vector<std::unique_ptr<Question>> questions;
    std::vector<Page> steps;               // the pages, or one step per question
    bool paged = false;
    std::vector<std::size_t> step_of;      // question index -> step index
    std::vector<LogicRule> logic;
    std::vector<ScoreDef> scores;
    json journey;                          // {"map","stage","touchpoint"} or null
    AlertPolicy alerts;
    std::string time_resolution = "hour";
    bool redact = true;
    std::vector<std::string> context_fields;  // privacy.context: "page", "respondent", "segment.NAME"
    // trigger.audience (over segment.NAME) and trigger.eventCondition (over properties.NAME and
    // segment.NAME), parsed; invalid (empty) when absent. Evaluated by engine::trigger_test.
    expr::Expression audience, event_condition;
    std::vector<HiddenField> fields;       // declared hidden fields

    const Question* find(std::string_view question_id) const;
    std::size_t index_of(std::string_view question_id) const;   // questions.size() when absent
    const ScoreDef* find_score(std::string_view score_id) const;
    const HiddenField* find_field(std::string_view field_id) const;
};

// Rejects documents too large or too deeply nested before any recursive parser sees them.
bool precheck_json(std::string_view text, const SurveyLimits& limits, Diagnostics& diags);

// Parses and validates; returns nullptr when there is any error (warnings alone are fine).
std::unique_ptr<Survey> parse_survey(std::string_view text, Diagnostics& diags, const SurveyLimits& limits = {});
std::unique_ptr<Survey> load_survey(const json& document, Diagnostics& diags, const SurveyLimits& limits = {});

// "sha256:<first 32 hex of sha256 of the canonical dump>" (keys sorted, no whitespace).
std::string survey_content_hash(const json& document);

}  // namespace touchpoint
