// One class per question type, registered explicitly by its type string (no static
// self-registration: linkers drop it). Each type validates its own definition fields, normalizes
// and checks a respondent's answer, describes itself for the renderer and, when it can, turns an
// answer into a number for custom scores.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "touchpoint/base/diagnostics.hpp"
#include "touchpoint/survey/expr.hpp"

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
};

// Renders texts for the view in the negotiated locale.
struct Localizer {
    std::string locale;
    std::string default_locale;
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
    // Adds the renderer's type fields ("min", "choices", ...) to `out`, texts localized.
    virtual void describe(json& out, const Localizer& loc) const = 0;
    // The number an answer counts for in a weighted custom score; false when it has none.
    virtual bool numeric(const json& answer, double& out) const;
    // Whether answers carry free text that must pass through the redactor before leaving.
    virtual bool has_free_text() const { return false; }
};

using QuestionFactory = std::unique_ptr<Question> (*)();

// The registry: type string -> factory. register_builtin_question_types() is idempotent; every
// entry point (engine, CLI, tests) calls it before parsing surveys.
void register_question_type(std::string_view type, QuestionFactory factory);
void register_builtin_question_types();
std::unique_ptr<Question> make_question(std::string_view type);   // nullptr when unknown
std::vector<std::string> registered_question_types();

}  // namespace touchpoint
