// One class per question type, registered explicitly by its type string (no static
// self-registration: linkers drop it). Each type validates its own definition fields, normalizes
// and checks a respondent's answer, describes itself for the renderer, says which built-in score
// it feeds and, when it can, turns an answer into a number for custom scores. Beside each class
// (same file, outside its vtable) live its sample answers: plausible ones for generated data and
// boundary ones for tests.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "touchpoint/base/diagnostics.hpp"
#include "touchpoint/survey/expr.hpp"
#include "touchpoint/survey/piping.hpp"
#include "touchpoint/survey/scales.hpp"

namespace touchpoint {

using nlohmann::json;

// Why an answer was refused; the session turns it into a localized sentence for the respondent.
enum class AnswerError {
    None,
    Required,      // nothing (or not everything) answered on a required question
    Type,          // wrong JSON type for this question
    Range,         // number outside min..max (param: "min–max")
    NotInteger,
    TooLong,       // text longer than maxLength characters (param: max)
    UnknownChoice, // a value that is not one of the choices
    OtherText,     // "other" chosen without its text
    TooFew,        // multi: fewer than minPicks (param)
    TooMany,       // multi: more than maxPicks (param)
    Incomplete,    // matrix/ranking: rows or items missing
    Date,          // not a YYYY-MM-DD calendar date, or outside min..max
    Consent,       // a required consent not given
    Invalid,       // a survey-defined validation rule failed (its own message is shown)
};

struct AnswerCheck {
    AnswerError error = AnswerError::None;
    std::string param;  // substituted into the message ("{n}")
    bool ok() const { return error == AnswerError::None; }
};

// What a question's loader needs to know about the survey around it.
struct LoadContext {
    const std::vector<std::string>* locales = nullptr;  // survey locales, default first
    std::size_t max_text_chars = 2000;
    std::size_t max_choices = 200;
    // Every text read (its pointer and value, inside the document being loaded), so the loader can
    // check their piping placeholders once all ids are known (survey/piping.hpp). nullptr = not kept.
    std::vector<std::pair<std::string, const json*>>* texts = nullptr;
};

// Renders texts for the view in the negotiated locale, with their piping placeholders filled in
// from `pipe` when there is one (survey/piping.hpp).
struct Localizer {
    std::string locale;
    std::string default_locale;
    const piping::Values* pipe = nullptr;
    std::string text(const json& t) const;
};

struct ValidationRule {
    expr::Expression rule;  // true = the answer is acceptable
    json message;           // a text shown when it is not
};

class Question {
public:
    virtual ~Question() = default;

    // [SECTION] Common fields, read by the survey loader for every type.
    std::string id;
    std::string type_name;
    json title;                      // text
    json description;                // text or null
    bool required = false;
    expr::Expression visible_if;     // invalid = always visible
    std::vector<ValidationRule> validation;
    std::string pii = "redact";      // free text: "redact" (default), "allow" (keeps e-mail/phone only) or "drop"

    // [SECTION] Per type.
    // Reads the type's own fields from the question object `def` at `pointer`.
    virtual void load(const json& def, const std::string& pointer, const LoadContext& ctx, Diagnostics& diags) = 0;
    // True for a field this type understands (common fields are checked by the loader).
    virtual bool knows_field(std::string_view key) const = 0;
    // Normalizes a raw answer into `out` (null = unanswered). Values of the wrong shape are refused.
    virtual AnswerCheck normalize(const json& raw, json& out) const = 0;
    // For a required question: is this normalized answer complete? Default: any non-null value.
    virtual bool complete(const json& answer) const { return !answer.is_null(); }
    // Why a required answer that is not complete() is refused (a consent: Consent, not given).
    virtual AnswerError incomplete_error() const { return AnswerError::Incomplete; }
    // Adds the renderer's type fields ("min", "choices", ...) to `out`, texts localized.
    virtual void describe(json& out, const Localizer& loc) const = 0;
    // The number an answer counts for in a weighted custom score; false when it has none.
    virtual bool numeric(const json& answer, double& out) const;
    // Whether answers carry free text that must pass through the redactor before leaving.
    virtual bool has_free_text() const { return false; }
    // A normalized answer as the respondent would read it, for piping ({answer.ID}): the text,
    // the number, the chosen choices' labels joined by ", "; "" when it has no readable form.
    virtual std::string answer_text(const json& answer, const Localizer& loc) const;
    // The built-in score an answer feeds (nps, csat, ces), with the top of its 1..N scale.
    struct ScoreFeed {
        BuiltinScore score = BuiltinScore::None;
        long long scale = 0;
    };
    virtual ScoreFeed feeds() const { return {}; }
};

using QuestionFactory = std::unique_ptr<Question> (*)();

// The registry: type string -> factory. register_builtin_question_types() is idempotent; every
// entry point (engine, CLI, tests) calls it before parsing surveys.
void register_question_type(std::string_view type, QuestionFactory factory);
void register_builtin_question_types();
std::unique_ptr<Question> make_question(std::string_view type);   // nullptr when unknown
std::vector<std::string> registered_question_types();

// [SECTION] Sample answers, per type. They sit beside each class but outside its vtable: only
// the response generator and the tests use them, so the widget's engine does not carry them.

// Where sample answers get their randomness and their respondent's mood (the response generator
// implements it with a seeded generator).
class AnswerSampler {
public:
    virtual ~AnswerSampler() = default;
    virtual int below(int n) = 0;              // uniform in 0..n-1 (0 when n <= 0)
    virtual double uniform() = 0;              // uniform in [0, 1)
    virtual double gauss() = 0;                // about normal, mean 0, deviation 1
    virtual double sentiment() const = 0;      // the respondent's mood on the NPS scale, 0..10
    virtual int scaled(int lo, int hi) = 0;    // the mood on lo..hi, with noise
    virtual std::string text() = 0;            // a comment in the respondent's tone and locale
};

struct AnswerSamples {
    // A plausible answer for generated data; null leaves the question unanswered.
    json (*sample)(const Question& question, AnswerSampler& sampler) = nullptr;
    // Answers on every edge the type has (each point of a scale, each choice, the fewest and most
    // picks, the longest text, ...), each one accepted by normalize(); the first is the plainest.
    std::vector<json> (*boundaries)(const Question& question) = nullptr;
};

// Samples of an already registered type (registering the type again drops them: they belong to
// its class). register_builtin_answer_samples() is idempotent.
void register_answer_samples(std::string_view type, AnswerSamples samples);
void register_builtin_answer_samples();
const AnswerSamples* answer_samples(std::string_view type);   // nullptr when none

// [SECTION] Result layouts, per type: how results show a question's answers (the collector's
// results page). Beside each class and outside its vtable, like the samples: the collector asks,
// the widget's engine does not carry them.
enum class ResultShape : unsigned char {
    Groups,  // the answer grouped as a whole (answer.ID): scales, choices, consent, call to action
    Bins,    // the same, with the core's binned distribution of the values (number, slider, date)
    Texts,   // open text: each distinct (redacted) answer, and their top terms
    Parts,   // part by part (answer.ID/PART): a matrix row by row, a ranking item by item
};
struct ResultPart {
    std::string value;
    json label;  // a text as the survey gives it (null: none, e.g. a ranking's positions)
};
struct ResultLayout {
    ResultShape shape = ResultShape::Groups;
    std::vector<ResultPart> parts;    // Parts: each part, in the survey's order
    std::vector<ResultPart> options;  // Parts: what a part's groups are (a matrix's columns, positions "1".."n")
    // false when the aggregator's part keys (what rollups store) never list one of the parts: a
    // matrix row named "value" makes the answer read as an "other" answer (other_answer.def).
    bool parts_in_rollups = true;
};
using ResultLayoutOf = ResultLayout (*)(const Question& question);

// A type's layout function (the last registered wins). register_builtin_result_layouts() is idempotent.
void register_result_layout(std::string_view type, ResultLayoutOf layout);
void register_builtin_result_layouts();
ResultLayout result_layout(const Question& question);  // Groups for a type that registered none

}  // namespace touchpoint
