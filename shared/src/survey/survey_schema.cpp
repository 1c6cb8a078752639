// survey/1, field by field: the table `touchpoint schema survey` writes as a JSON Schema
// (docs/schema/survey-1.json). The loader (survey_load.cpp, survey_sections.cpp, question_*.cpp)
// reads the same fields: the enumerations come from survey_enums.hpp and the trigger rows from
// trigger_fields.def, which both use; tests/schema/agreement.mjs checks that the loader accepts
// exactly what this table accepts. Rules a schema cannot state (ids that must exist, expressions
// that must parse, jumps that must go forward) are the loader's alone: docs/survey.md lists them.
#include "touchpoint/survey/schema.hpp"

#include <iterator>

#include "survey/survey_enums.hpp"
#include "touchpoint/survey/survey.hpp"

namespace touchpoint {
namespace {

using schema::Field;
using schema::kNone;
using schema::Shape;
using schema::limit;
using schema::Type;
using schema::Variant;

constexpr const char* kSurveyTag[] = {"survey/1", nullptr};
constexpr SurveyLimits kSurveyLimits{};  // the loader's default limits

// [SECTION] Choices ----------------------------------------------------------------------------

constexpr const char* kChoices =
    R"({"type": "array", "minItems": 1, "maxItems": 200, "items": {"anyOf": [{"type": "string", "minLength": 1, "maxLength": 100}, {"$ref": "#/$defs/choice"}]}})";
constexpr const char* kChoicesAtLeast2 =
    R"({"type": "array", "minItems": 2, "maxItems": 200, "items": {"anyOf": [{"type": "string", "minLength": 1, "maxLength": 100}, {"$ref": "#/$defs/choice"}]}})";
constexpr const char* kOther =
    R"({"description": "true adds an \"other\" choice with a text field; a text sets its label.", "anyOf": [{"type": "boolean"}, {"$ref": "#/$defs/text"}]})";

constexpr Field kChoiceFields[] = {
    {"value", Type::String, true, 1, 100, nullptr, nullptr,
     "What the answer stores (unique within the question)."},
    {"label", Type::Text, false, kNone, kNone, nullptr, nullptr,
     "What the respondent sees; default: the value."},
    {"score", Type::Number, false, kNone, kNone, nullptr, nullptr,
     "The number this choice counts for in a weighted score."},
};
constexpr Shape kChoice{
    "choice", "A choice with a label or a score (a plain string is a choice whose label is its value).",
    kChoiceFields, std::size(kChoiceFields), true};

// [SECTION] Questions --------------------------------------------------------------------------

constexpr Field kCommonQuestionFields[] = {
    {"id", Type::Id, true, kNone, kNone, nullptr, nullptr,
     "Unique in the survey; the answer's key and the name expressions use."},
    {"type", Type::String, true, kNone, kNone, nullptr, nullptr, "The question type."},
    {"title", Type::Text, true, kNone, kNone, nullptr, nullptr, "The question as shown."},
    {"description", Type::Text, false, kNone, kNone, nullptr, nullptr, "Help text under the title."},
    {"required", Type::Boolean, false, kNone, kNone, nullptr, nullptr,
     "An answer is needed to go on (default false)."},
    {"visibleIf", Type::Expression, false, kNone, kNone, nullptr, nullptr,
     "Shown only when this expression is true."},
    {"validation", Type::Array, false, kNone, kNone, nullptr, "validationRule",
     "Extra checks of the answer, each with its message."},
    {"pii", Type::String, false, kNone, kNone, enums::kPii, nullptr,
     "Free text: redact personal data before sending (default), allow (keeps e-mail/phone only) or drop the "
     "text."},
};

constexpr Field kScaleLabels[] = {
    {"minLabel", Type::Text, false, kNone, kNone, nullptr, nullptr, "The label under the lowest point."},
    {"maxLabel", Type::Text, false, kNone, kNone, nullptr, nullptr, "The label under the highest point."},
};
// csat, ces and rating: the points of their scale may be changed (question_scale.cpp's ranges).
constexpr Field scale_points(long long min, long long max) {
    return {"scale", Type::Integer, false,   min,
            max,     nullptr,       nullptr, "The number of points, counted from 1."};
}
constexpr Field kShapeField{
    "shape", Type::String,        false,   kNone,
    kNone,   enums::kScaleShapes, nullptr, "How the points are drawn (smileys: at most 5 points)."};
constexpr Field kCsatFields[] = {kScaleLabels[0], kScaleLabels[1], scale_points(3, 10), kShapeField};
constexpr Field kCesFields[] = {kScaleLabels[0], kScaleLabels[1], scale_points(3, 10), kShapeField};
constexpr Field kRatingFields[] = {kScaleLabels[0], kScaleLabels[1], scale_points(2, 10), kShapeField};

constexpr Field kSingleFields[] = {
    {"choices", Type::Raw, true, kNone, kNone, nullptr, kChoicesAtLeast2,
     "The choices (2–200), values unique."},
    {"other", Type::Raw, false, kNone, kNone, nullptr, kOther, ""},
};
constexpr Field kMultiFields[] = {
    {"choices", Type::Raw, true, kNone, kNone, nullptr, kChoices, "The choices (1–200), values unique."},
    {"other", Type::Raw, false, kNone, kNone, nullptr, kOther, ""},
    {"minPicks", Type::Integer, false, 0, kNone, nullptr, nullptr,
     "At least this many picks (at most the number of choices)."},
    {"maxPicks", Type::Integer, false, 1, kNone, nullptr, nullptr,
     "At most this many picks (at most the number of choices)."},
};
constexpr Field kRankingFields[] = {
    {"choices", Type::Raw, true, kNone, kNone, nullptr, kChoicesAtLeast2, "The items to order (2–200)."},
};
constexpr Field kTextFields[] = {
    {"multiline", Type::Boolean, false, kNone, kNone, nullptr, nullptr,
     "A text area (default maxLength 2000) instead of a line (200)."},
    {"maxLength", Type::Integer, false, 1, 10000, nullptr, nullptr, "At most this many characters."},
    {"placeholder", Type::Text, false, kNone, kNone, nullptr, nullptr, "Shown in the empty field."},
};
constexpr Field kMatrixFields[] = {
    {"rows", Type::Raw, true, kNone, kNone, nullptr, kChoices, "The statements, one answer each."},
    {"columns", Type::Raw, true, kNone, kNone, nullptr, kChoicesAtLeast2,
     "The answer scale, the same for every row (2–200)."},
};
constexpr Field kNumberFields[] = {
    {"min", Type::Number, false, kNone, kNone, nullptr, nullptr, "The smallest accepted number."},
    {"max", Type::Number, false, kNone, kNone, nullptr, nullptr, "The largest accepted number."},
    {"integer", Type::Boolean, false, kNone, kNone, nullptr, nullptr, "Only whole numbers."},
    {"placeholder", Type::Text, false, kNone, kNone, nullptr, nullptr, "Shown in the empty field."},
};
constexpr const char* kDate = R"({"type": "string", "pattern": "^([0-9]{4}-[0-9]{2}-[0-9]{2})?$"})";
constexpr Field kDateFields[] = {
    {"min", Type::Raw, false, kNone, kNone, nullptr, kDate, "The earliest accepted date, YYYY-MM-DD."},
    {"max", Type::Raw, false, kNone, kNone, nullptr, kDate, "The latest accepted date, YYYY-MM-DD."},
};
constexpr Field kConsentFields[] = {
    {"consentText", Type::Text, true, kNone, kNone, nullptr, nullptr,
     "The statement the respondent agrees to."},
};

constexpr const char* kStep = R"({"type": "number", "exclusiveMinimum": 0})";
constexpr Field kSliderFields[] = {
    {"min", Type::Number, false, kNone, kNone, nullptr, nullptr, "The low end of the track (default 0; less than max)."},
    {"max", Type::Number, false, kNone, kNone, nullptr, nullptr, "The high end of the track (default 100)."},
    {"step", Type::Raw, false, kNone, kNone, nullptr, kStep,
     "The distance between two values (default 1; max − min a whole number of steps)."},
    kScaleLabels[0],
    kScaleLabels[1],
};
// The same rule as question_cta.cpp's valid_link(): http(s), no spaces or control characters.
constexpr const char* kLink =
    R"({"type": "string", "maxLength": 2000, "pattern": "^https?://[^\\u0000-\\u0020\\u007f]+$"})";
constexpr Field kCtaFields[] = {
    {"buttonLabel", Type::Text, true, kNone, kNone, nullptr, nullptr, "The button that opens the link."},
    {"url", Type::Raw, true, kNone, kNone, nullptr, kLink, "The link, opened in a new tab: an http:// or https:// URL."},
    {"dismissLabel", Type::Text, false, kNone, kNone, nullptr, nullptr,
     "The button that declines (default: the widget's \"No thanks\")."},
};

// The smallest valid question of each type, as Studio starts a new one (its id is then made unique,
// its texts put in the survey's locales); a test loads each one with the core.
#define TP_NEW_QUESTION(type, own) R"({"id": "q1", "type": ")" type R"(", "title": "")" own "}"
#define TP_TWO(a, b, prefix) R"([{"value": ")" prefix R"(1", "label": ")" a R"("}, {"value": ")" prefix R"(2", "label": ")" b R"("}])"

// The types the loader registers (question.cpp); a test checks this list against the registry.
constexpr Variant kQuestionTypes[] = {
    {"nps", kScaleLabels, std::size(kScaleLabels), "Net Promoter Score: 0–10, the scale is fixed.",
     TP_NEW_QUESTION("nps", "")},
    {"csat", kCsatFields, std::size(kCsatFields), "Customer satisfaction: 1–5 by default.",
     TP_NEW_QUESTION("csat", "")},
    {"ces", kCesFields, std::size(kCesFields), "Customer effort: 1–7 by default.", TP_NEW_QUESTION("ces", "")},
    {"rating", kRatingFields, std::size(kRatingFields), "A rating of 2–10 points (default 5).",
     TP_NEW_QUESTION("rating", "")},
    {"single", kSingleFields, std::size(kSingleFields), "One choice.",
     TP_NEW_QUESTION("single", R"(, "choices": )" TP_TWO("A", "B", "c"))},
    {"multi", kMultiFields, std::size(kMultiFields), "Several choices.",
     TP_NEW_QUESTION("multi", R"(, "choices": )" TP_TWO("A", "B", "c"))},
    {"ranking", kRankingFields, std::size(kRankingFields), "Put the items in order.",
     TP_NEW_QUESTION("ranking", R"(, "choices": )" TP_TWO("A", "B", "c"))},
    {"text", kTextFields, std::size(kTextFields), "Free text.", TP_NEW_QUESTION("text", "")},
    {"matrix", kMatrixFields, std::size(kMatrixFields), "One column per row.",
     TP_NEW_QUESTION("matrix", R"(, "rows": )" TP_TWO("1", "2", "r") R"(, "columns": )" TP_TWO("1", "2", "k"))},
    {"number", kNumberFields, std::size(kNumberFields), "A number.", TP_NEW_QUESTION("number", "")},
    {"date", kDateFields, std::size(kDateFields), "A calendar date.", TP_NEW_QUESTION("date", "")},
    {"consent", kConsentFields, std::size(kConsentFields), "A consent box.",
     TP_NEW_QUESTION("consent", R"(, "consentText": "")")},
    {"slider", kSliderFields, std::size(kSliderFields), "A number picked on a track, in steps.",
     TP_NEW_QUESTION("slider", "")},
    {"cta", kCtaFields, std::size(kCtaFields), "A call to action: a link button; records clicked or dismissed.",
     TP_NEW_QUESTION("cta", R"(, "buttonLabel": "", "url": "https://example.com")")},
};
#undef TP_TWO
#undef TP_NEW_QUESTION
constexpr Shape kQuestion{"question",
                          "One question: the common fields and those of its type.",
                          kCommonQuestionFields,
                          std::size(kCommonQuestionFields),
                          true,
                          "type",
                          kQuestionTypes,
                          std::size(kQuestionTypes)};

constexpr Field kValidationFields[] = {
    {"rule", Type::Expression, true, kNone, kNone, nullptr, nullptr, "True when the answer is acceptable."},
    {"message", Type::Text, true, kNone, kNone, nullptr, nullptr, "Shown when it is not."},
};
constexpr Shape kValidationRule{"validationRule", "A check of the answer.", kValidationFields,
                                std::size(kValidationFields), true};

// [SECTION] Pages, logic, scores ---------------------------------------------------------------

constexpr Field kPageFields[] = {
    {"id", Type::Id, false, kNone, kNone, nullptr, nullptr, "A name for logic jumps (not a question id)."},
    {"title", Type::Text, false, kNone, kNone, nullptr, nullptr, "The page's heading."},
    {"questions", Type::Array, true, 1, kNone, nullptr, "id",
     "The ids of the questions on this page, in order; each question on exactly one page."},
};
constexpr Shape kPage{"page", "A step showing several questions at once.", kPageFields,
                      std::size(kPageFields), true};

constexpr Field kLogicFields[] = {
    {"if", Type::Expression, true, kNone, kNone, nullptr, nullptr,
     "When true (checked as the respondent leaves a step)..."},
    {"from", Type::Id, false, kNone, kNone, nullptr, nullptr, "Only when leaving this question or page."},
    {"goto", Type::Id, false, kNone, kNone, nullptr, nullptr, "...jump forward to this question or page, or"},
    {"end", Type::Boolean, false, kNone, kNone, nullptr, nullptr,
     "...end the survey (true). A rule has exactly one of goto and end."},
};
constexpr Shape kLogicRule{"logicRule", "A jump: {\"if\", \"goto\"} or {\"if\", \"end\": true}.",
                           kLogicFields, std::size(kLogicFields), true};

constexpr Field kBandFields[] = {
    {"id", Type::String, true, kNone, 64, nullptr, nullptr, "The band's name (band.SCORE in expressions)."},
    {"min", Type::Number, false, kNone, kNone, nullptr, nullptr,
     "The band starts here (only the lowest band may omit it); increasing."},
    {"label", Type::Text, false, kNone, kNone, nullptr, nullptr, "What reports show; default: the id."},
};
constexpr Shape kBand{"band", "A named range of a score.", kBandFields, std::size(kBandFields), true};

constexpr Field kScoreFields[] = {
    {"id", Type::Id, true, kNone, kNone, nullptr, nullptr,
     "The score's name (score.ID in expressions); not nps, csat or ces."},
    {"title", Type::Text, false, kNone, kNone, nullptr, nullptr, "What reports show."},
    {"weights", Type::Raw, false, kNone, kNone, nullptr,
     R"({"type": "object", "minProperties": 1, "propertyNames": {"$ref": "#/$defs/id"}, "additionalProperties": {"type": "number"}})",
     "Question id → weight: the weighted mean of the answers' numbers. A score has weights or an "
     "expression."},
    {"expression", Type::Expression, false, kNone, kNone, nullptr, nullptr,
     "The score as an expression of answers and earlier scores."},
    {"bands", Type::Array, false, 1, 20, nullptr, "band", "Named ranges, in increasing order of min."},
};
constexpr Shape kScore{"score", "A custom score.", kScoreFields, std::size(kScoreFields), true};

// [SECTION] Settings ---------------------------------------------------------------------------

constexpr Field kJourneyLinkFields[] = {
    {"map", Type::Id, true, kNone, kNone, nullptr, nullptr, "The journey/1 map's id."},
    {"stage", Type::Id, false, kNone, kNone, nullptr, nullptr, "The stage's id in that map."},
    {"touchpoint", Type::Id, false, kNone, kNone, nullptr, nullptr, "The touchpoint's id in that map."},
};
constexpr Shape kJourneyLink{"journeyLink", "Where on a journey map this survey's answers belong.",
                             kJourneyLinkFields, std::size(kJourneyLinkFields), true};

constexpr Field kDisplayFields[] = {
    {"mode", Type::String, false, kNone, kNone, enums::kDisplayModes, nullptr,
     "How the widget shows the survey (default popover)."},
    {"position", Type::String, false, kNone, kNone, enums::kDisplayPositions, nullptr,
     "Where (default bottom-right)."},
    {"theme", Type::Raw, false, kNone, kNone, nullptr,
     R"({"type": "object", "additionalProperties": {"type": "string", "maxLength": 200}})",
     "Theme tokens: name → CSS value (docs/survey.md lists the tokens)."},
    {"showProgress", Type::Boolean, false, kNone, kNone, nullptr, nullptr,
     "Show the progress bar (default true)."},
    {"dismissible", Type::Boolean, false, kNone, kNone, nullptr, nullptr,
     "The respondent may close it (default true)."},
};
constexpr Shape kDisplay{"display", "How the survey is shown.", kDisplayFields, std::size(kDisplayFields),
                         true};

// trigger_fields.def: the loader and the widget's loader read the same rows.
constexpr Field kTriggerFields[] = {
#define TP_TRIGGER_FIELD(name, kind, min, max) TP_TRIGGER_ROW_##kind(name, min, max),
#define TP_TRIGGER_ROW_int(name, min, max) \
    { #name, Type::Integer, false, min, max, nullptr, nullptr, "" }
#define TP_TRIGGER_ROW_bool(name, min, max) \
    { #name, Type::Boolean, false, kNone, kNone, nullptr, nullptr, "" }
#define TP_TRIGGER_ROW_string(name, min, max) \
    { #name, Type::String, false, kNone, max, nullptr, nullptr, "" }
#define TP_TRIGGER_ROW_expr(name, min, max) \
    { #name, Type::String, false, kNone, max, nullptr, nullptr, "An expression (docs/expressions.md)." }
#include "trigger_fields.def"
#undef TP_TRIGGER_ROW_int
#undef TP_TRIGGER_ROW_bool
#undef TP_TRIGGER_ROW_string
#undef TP_TRIGGER_ROW_expr
#undef TP_TRIGGER_FIELD
};
constexpr Shape kTrigger{
    "trigger",
    "When the widget shows the survey: delayMs, scrollDepth (%), exitIntent, urlPattern, event (with "
    "eventCondition), clickSelector, visibleSelector, pageViews; audience (an expression over segment.NAME), "
    "sampling (% of visitors), recontactDays and maxDisplays (docs/survey.md).",
    kTriggerFields, std::size(kTriggerFields), true};

constexpr Field kAlertFields[] = {
    {"endpoint", Type::Url, true, kNone, kNone, nullptr, nullptr, "Where alerts are posted."},
    {"on", Type::Raw, false, kNone, kNone, nullptr,
     R"({"type": "array", "items": {"enum": ["detractor", "low-csat", "high-effort"]}})",
     "Which answers raise an alert (default: all three)."},
    {"lowCsatAtMost", Type::Number, false, kNone, kNone, nullptr, nullptr, "A CSAT at or below this is low."},
    {"highEffortAtMost", Type::Number, false, kNone, kNone, nullptr, nullptr,
     "A CES at or below this is high effort."},
};
constexpr Shape kAlerts{"alerts", "Alerts on a detractor, a low CSAT or a high effort.", kAlertFields,
                        std::size(kAlertFields), true};

constexpr Field kDeliveryFields[] = {
    {"endpoint", Type::Url, true, kNone, kNone, nullptr, nullptr,
     "Where the widget sends each response (e.g. the collector's /v1/responses)."},
    {"method", Type::String, false, kNone, kNone, enums::kDeliveryMethods, nullptr, "Default POST."},
    {"format", Type::String, false, kNone, kNone, enums::kDeliveryFormats, nullptr,
     "response/1 JSON (default) or a CloudEvent."},
    {"batch", Type::Integer, false, 1, 100, nullptr, nullptr,
     "Responses per request when several are queued."},
    {"headers", Type::Map, false, kNone, kNone, nullptr, "string", "Extra request headers."},
    {"alerts", Type::Object, false, kNone, kNone, nullptr, "alerts", ""},
};
constexpr Shape kDelivery{"delivery", "Where and how responses are sent.", kDeliveryFields,
                          std::size(kDeliveryFields), true};

constexpr Field kPrivacyFields[] = {
    {"timeResolution", Type::String, false, kNone, kNone, enums::kTimeResolutions, nullptr,
     "submitted is rounded to this."},
    {"redact", Type::Boolean, false, kNone, kNone, nullptr, nullptr,
     "Redact personal data in free text (default true)."},
    {"context", Type::Raw, false, kNone, kNone, nullptr,
     R"({"type": "array", "items": {"type": "string", "pattern": "^(page|respondent|segment\\.[A-Za-z0-9_.-]{1,64})$"}})",
     "The context fields a response may carry."},
};
constexpr Shape kPrivacy{"privacy", "What a response may carry (docs/privacy.md).", kPrivacyFields,
                         std::size(kPrivacyFields), true};

constexpr Field kThankYouFields[] = {
    {"title", Type::Text, false, kNone, kNone, nullptr, nullptr, ""},
    {"message", Type::Text, false, kNone, kNone, nullptr, nullptr, ""},
};
constexpr Shape kThankYou{"thankYou", "The closing screen.", kThankYouFields, std::size(kThankYouFields),
                          true};

// [SECTION] Hidden fields --------------------------------------------------------------------

#define TP_FIELD_SOURCE R"({"type": "string", "pattern": "^(show|url:[A-Za-z0-9_.-]{1,64}|attribute:[A-Za-z0-9_.-]{1,64})$"})"
constexpr Field kHiddenFieldFields[] = {
    {"id", Type::Id, true, kNone, kNone, nullptr, nullptr,
     "The field's name: its key in the response's \"fields\" and {field.ID} in texts."},
    {"from", Type::Raw, false, kNone, kNone, nullptr,
     R"({"anyOf": [)" TP_FIELD_SOURCE R"(, {"type": "array", "minItems": 1, "maxItems": 5, "items": )" TP_FIELD_SOURCE R"(}]})",
     "Where the value comes from: url:PARAM (the page's query), attribute:NAME (the visitor's attributes) or "
     "show (show(id, {fields})); a list is tried in order. Default: show."},
    {"maxLength", Type::Integer, false, 1, 1000, nullptr, nullptr,
     "Characters kept (default 200); the value is then redacted like free text."},
};
#undef TP_FIELD_SOURCE
constexpr Shape kHiddenField{"hiddenField", "A value the site knows, stored with the response (an allowlist).",
                             kHiddenFieldFields, std::size(kHiddenFieldFields), true};

// [SECTION] The document -----------------------------------------------------------------------

constexpr Field kSurveyFields[] = {
    {"$schema", Type::Raw, false, kNone, kNone, nullptr, "{}",
     "Where this document's JSON Schema is, for editors (any value; the core ignores it)."},
    {"touchpoint", Type::String, true, kNone, kNone, kSurveyTag, nullptr, "The format and its version."},
    {"id", Type::Id, true, kNone, kNone, nullptr, nullptr, "The survey's id (responses carry it)."},
    {"version", Type::Raw, true, kNone, kNone, nullptr,
     R"({"anyOf": [{"type": "string", "minLength": 1, "maxLength": 32}, {"type": "integer"}]})",
     "The author's version label, e.g. \"3\" or \"2026-11\"."},
    {"locales", Type::Array, true, 1, limit(kSurveyLimits.max_locales), nullptr, "locale",
     "The survey's languages, default first, e.g. [\"zh-CN\", \"en\"]; no duplicates."},
    {"title", Type::Text, false, kNone, kNone, nullptr, nullptr, "The survey's title."},
    {"description", Type::Text, false, kNone, kNone, nullptr, nullptr, "Shown under the title."},
    {"questions", Type::Array, true, 1, limit(kSurveyLimits.max_questions), nullptr, "question",
     "The questions, in order."},
    {"pages", Type::Array, false, 1, limit(kSurveyLimits.max_pages), nullptr, "page",
     "Questions grouped in steps (default: one question per step)."},
    {"logic", Type::Array, false, 0, limit(kSurveyLimits.max_logic), nullptr, "logicRule", "Jumps and early ends."},
    {"scores", Type::Array, false, 0, limit(kSurveyLimits.max_scores), nullptr, "score",
     "Custom scores (nps, csat and ces are built in)."},
    {"journey", Type::Object, false, kNone, kNone, nullptr, "journeyLink", ""},
    {"display", Type::Object, false, kNone, kNone, nullptr, "display", ""},
    {"trigger", Type::Object, false, kNone, kNone, nullptr, "trigger", ""},
    {"delivery", Type::Object, false, kNone, kNone, nullptr, "delivery", ""},
    {"privacy", Type::Object, false, kNone, kNone, nullptr, "privacy", ""},
    {"thankYou", Type::Object, false, kNone, kNone, nullptr, "thankYou", ""},
    {"fields", Type::Array, false, 0, limit(kSurveyLimits.max_fields), nullptr, "hiddenField",
     "Hidden fields: values from the URL, the visitor's attributes or show(), stored with the response."},
    {"messages", Type::Map, false, kNone, kNone, nullptr, "text",
     "The widget's own messages, replaced (docs/survey.md lists the codes)."},
};
constexpr Shape kSurvey{"survey", "", kSurveyFields, std::size(kSurveyFields), true};

constexpr const Shape* kSurveyShapes[] = {&kQuestion, &kChoice, &kValidationRule, &kPage,    &kLogicRule,
                                          &kScore,    &kBand,   &kJourneyLink,        &kDisplay, &kTrigger,
                                          &kDelivery, &kAlerts, &kPrivacy,        &kThankYou, &kHiddenField};

}  // namespace

const schema::Document& survey_schema() {
    static constexpr schema::Document kDocument{"urn:touchpoint:schema:survey-1",
                                                "Touchpoint survey/1",
                                                "A survey for the Touchpoint widget (docs/survey.md). "
                                                "Generated by `touchpoint schema survey` from the core's "
                                                "field table; the core also checks what a schema cannot (ids "
                                                "that must exist, expressions, forward jumps).",
                                                &kSurvey,
                                                kSurveyShapes,
                                                std::size(kSurveyShapes),
                                                limit(kSurveyLimits.max_text_chars)};
    return kDocument;
}

}  // namespace touchpoint
