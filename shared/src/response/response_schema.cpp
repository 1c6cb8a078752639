// response/1, member by member: the table `touchpoint schema response` writes as a JSON Schema
// (docs/schema/response-1.json). validate.cpp checks the same members; tests/schema/agreement.mjs
// checks that it accepts exactly what this table accepts. The validator alone checks what a
// schema cannot: that a category or flag matches its value, a score's value against its scale,
// that submitted is a real instant.
#include "touchpoint/response/schema.hpp"

#include <iterator>

namespace touchpoint {
namespace {

using schema::Field;
using schema::kNone;
using schema::Shape;
using schema::Type;

constexpr const char* kResponseTag[] = {"response/1", nullptr};
constexpr const char* kNpsCategories[] = {"detractor", "passive", "promoter", nullptr};
constexpr const char* kAlertReasons[] = {"detractor", "low-csat", "high-effort", nullptr};

constexpr Field kSurveyRefFields[] = {
    {"id", Type::Id, true, kNone, kNone, nullptr, nullptr, "The survey's id."},
    {"version", Type::String, true, 1, kNone, nullptr, nullptr, "The survey's version label."},
    {"hash", Type::Raw, true, kNone, kNone, nullptr,
     R"({"type": "string", "pattern": "^sha256:[0-9a-f]{32}$"})",
     "The survey's content hash: which exact definition was answered."},
};
constexpr Shape kSurveyRef{"surveyRef", "The survey answered.", kSurveyRefFields, std::size(kSurveyRefFields),
                           true};

// An answer, by the shape the question type gives it (docs/response.md): a number, a string, a
// boolean, a list of choice values, {"value", "text"} for an "other" choice, or {row: column}.
constexpr const char* kAnswers = R"({
  "type": "object",
  "propertyNames": {"$ref": "#/$defs/id"},
  "additionalProperties": {"anyOf": [
    {"type": ["string", "number", "boolean"]},
    {"type": "array", "items": {"type": "string"}},
    {"type": "object", "required": ["value"], "additionalProperties": false, "properties": {
      "value": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
      "text": {"type": "string"}}},
    {"type": "object", "not": {"required": ["value"]}, "additionalProperties": {"type": "string"}}
  ]}
})";

constexpr Field kNpsFields[] = {
    {"value", Type::Integer, true, 0, 10, nullptr, nullptr, "The answer, 0–10."},
    {"category", Type::String, true, kNone, kNone, kNpsCategories, nullptr,
     "promoter 9–10, passive 7–8, detractor 0–6."},
    {"question", Type::Id, true, kNone, kNone, nullptr, nullptr, "The question that gave it."},
};
constexpr Shape kNps{"npsScore", "The NPS answer.", kNpsFields, std::size(kNpsFields), true};

constexpr Field kCsatFields[] = {
    {"value", Type::Integer, true, 1, 10, nullptr, nullptr, "The answer, 1–scale."},
    {"scale", Type::Integer, true, 2, 10, nullptr, nullptr, "The number of points."},
    {"top2", Type::Boolean, true, kNone, kNone, nullptr, nullptr, "The answer is one of the top two points."},
    {"question", Type::Id, true, kNone, kNone, nullptr, nullptr, "The question that gave it."},
};
constexpr Shape kCsat{"csatScore", "The CSAT answer.", kCsatFields, std::size(kCsatFields), true};

constexpr Field kCesFields[] = {
    {"value", Type::Integer, true, 1, 10, nullptr, nullptr, "The answer, 1–scale."},
    {"scale", Type::Integer, true, 2, 10, nullptr, nullptr, "The number of points."},
    {"easy", Type::Boolean, true, kNone, kNone, nullptr, nullptr,
     "value × 7 ≥ scale × 5 (5–7 on the 7-point scale)."},
    {"question", Type::Id, true, kNone, kNone, nullptr, nullptr, "The question that gave it."},
};
constexpr Shape kCes{"cesScore", "The CES answer.", kCesFields, std::size(kCesFields), true};

constexpr Field kCustomFields[] = {
    {"value", Type::Number, true, kNone, kNone, nullptr, nullptr, "The score."},
    {"band", Type::String, false, kNone, kNone, nullptr, nullptr, "The band it falls in."},
    {"label", Type::Raw, false, kNone, kNone, nullptr, "{}", "The band's label."},
};
constexpr Shape kCustom{"customScore", "A custom score of the survey.", kCustomFields,
                        std::size(kCustomFields), true};

constexpr Field kScoresFields[] = {
    {"nps", Type::Object, false, kNone, kNone, nullptr, "npsScore", ""},
    {"csat", Type::Object, false, kNone, kNone, nullptr, "csatScore", ""},
    {"ces", Type::Object, false, kNone, kNone, nullptr, "cesScore", ""},
    {"custom", Type::Map, false, kNone, kNone, nullptr, "customScore", "Score id → its value."},
};
constexpr Shape kScores{"scores", "The scores the answers give.", kScoresFields, std::size(kScoresFields),
                        true};

constexpr Field kJourneyFields[] = {
    {"map", Type::Id, false, kNone, kNone, nullptr, nullptr, ""},
    {"stage", Type::Id, false, kNone, kNone, nullptr, nullptr, ""},
    {"touchpoint", Type::Id, false, kNone, kNone, nullptr, nullptr, ""},
};
constexpr Shape kJourney{"journeyRef", "Where on a journey map the response belongs.", kJourneyFields,
                         std::size(kJourneyFields), true};

constexpr Field kContextFields[] = {
    {"page", Type::Raw, false, kNone, kNone, nullptr, R"({"type": "string", "pattern": "^[^?#]*$"})",
     "The page's path, without query or fragment."},
    {"respondent", Type::Raw, false, kNone, kNone, nullptr,
     R"({"type": "string", "pattern": "^[0-9a-f]{64}$"})",
     "A keyed hash of the respondent's id (never the id)."},
    {"segment", Type::Raw, false, kNone, kNone, nullptr,
     R"({"type": "object", "additionalProperties": {"type": ["string", "number", "boolean"]}})",
     "Segment values the host page passed."},
};
constexpr Shape kContext{"context", "What the survey's privacy settings allow to travel with a response.",
                         kContextFields, std::size(kContextFields), true};

constexpr Field kAlertFields[] = {
    {"reason", Type::String, true, kNone, kNone, kAlertReasons, nullptr, ""},
    {"question", Type::Id, true, kNone, kNone, nullptr, nullptr, ""},
};
constexpr Shape kAlert{"alert", "Why this response raised an alert.", kAlertFields, std::size(kAlertFields),
                       true};

constexpr Field kResponseFields[] = {
    {"touchpoint", Type::String, true, kNone, kNone, kResponseTag, nullptr, "The format and its version."},
    {"id", Type::Raw, true, kNone, kNone, nullptr,
     R"({"type": "string", "pattern": "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"})",
     "A lowercase UUID v4: the response's identity (sending it again is a duplicate)."},
    {"survey", Type::Object, true, kNone, kNone, nullptr, "surveyRef", ""},
    {"submitted", Type::Raw, true, kNone, kNone, nullptr,
     R"({"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"})",
     "When, in UTC, rounded to the survey's time resolution."},
    {"partial", Type::Boolean, true, kNone, kNone, nullptr, nullptr, "The respondent left before the end."},
    {"locale", Type::Raw, true, kNone, kNone, nullptr,
     R"({"type": "string", "maxLength": 35, "pattern": "^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$"})",
     "The locale the survey was shown in."},
    {"answers", Type::Raw, true, kNone, kNone, nullptr, kAnswers, "Question id → answer."},
    {"fields", Type::Raw, false, kNone, kNone, nullptr,
     R"({"type": "object", "propertyNames": {"$ref": "#/$defs/id"}, "additionalProperties": {"type": "string", "maxLength": 2000}})",
     "Hidden field id → its value (declared in the survey; cut to its maxLength and redacted like free text)."},
    {"scores", Type::Object, true, kNone, kNone, nullptr, "scores", ""},
    {"journey", Type::Object, false, kNone, kNone, nullptr, "journeyRef", ""},
    {"context", Type::Object, false, kNone, kNone, nullptr, "context", ""},
    {"alert", Type::Object, false, kNone, kNone, nullptr, "alert", ""},
    {"redactions", Type::Integer, true, 0, 1000000, nullptr, nullptr,
     "How many pieces of personal data were redacted."},
};
constexpr Shape kResponse{"response", "", kResponseFields, std::size(kResponseFields), true};

constexpr const Shape* kShapes[] = {&kSurveyRef, &kScores,  &kNps,     &kCsat, &kCes,
                                    &kCustom,    &kJourney, &kContext, &kAlert};

}  // namespace

const schema::Document& response_schema() {
    static constexpr schema::Document kDocument{
        "urn:touchpoint:schema:response-1",
        "Touchpoint response/1",
        "One response as the widget sends it and the collector stores it (docs/response.md). Generated by "
        "`touchpoint "
        "schema response` from the core's field table; the core also checks what a schema cannot (a category "
        "or flag "
        "against its value, a value against its scale, a real UTC instant).",
        &kResponse,
        kShapes,
        std::size(kShapes),
        0};
    return kDocument;
}

}  // namespace touchpoint
