// response/1, member by member: the rows of touchpoint/response/members.def (the one table of its
// member names) as the JSON Schema `touchpoint schema response` writes (docs/schema/response-1.json).
// validate.cpp checks the same members; tests/cli/schema_agreement.test.sh checks that it accepts
// exactly what this schema accepts. The validator alone checks what a schema cannot: that a
// category or flag matches its value, a score's value against its scale, that submitted is a real
// instant.
#include "touchpoint/response/schema.hpp"

#include <iterator>

#include "touchpoint/response/members.hpp"
#include "touchpoint/survey/other_answer.hpp"

namespace touchpoint {
namespace {

using schema::Field;
using schema::kNone;
using schema::Shape;
using schema::Type;

constexpr const char* kResponseTag[] = {"response/1", nullptr};
constexpr const char* kNpsCategories[] = {"detractor", "passive", "promoter", nullptr};
constexpr const char* kAlertReasons[] = {"detractor", "low-csat", "high-effort", nullptr};

// The JSON Schema literals of the Raw rows (members.def names them).
using schema::kUuidV4;
constexpr const char* kUtcSecond =
    R"({"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"})";
constexpr const char* kLocaleTag =
    R"({"type": "string", "maxLength": 35, "pattern": "^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$"})";
constexpr const char* kHiddenFields =
    R"({"type": "object", "propertyNames": {"$ref": "#/$defs/id"}, "additionalProperties": {"type": "string", "maxLength": 2000}})";
constexpr const char* kSurveyHash = R"({"type": "string", "pattern": "^sha256:[0-9a-f]{32}$"})";
constexpr const char* kPagePath = R"({"type": "string", "pattern": "^[^?#]*$"})";
constexpr const char* kKeyedHash = R"({"type": "string", "pattern": "^[0-9a-f]{64}$"})";
constexpr const char* kSegment =
    R"({"type": "object", "additionalProperties": {"type": ["string", "number", "boolean"]}})";

// An answer, by the shape the question type gives it (docs/response.md): a number, a string, a
// boolean, a list of choice values, {"value", "text"} for an "other" choice (other_answer.def), or
// {row: column}.
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

// The "other" answer's object above is written inline (an answer is one of several shapes); its
// members are other_answer.def's rows: each must be a property of it, a required one also listed
// in its "required", so a row renamed or added there stops this build until the schema follows.
constexpr bool has_at(const char* s, const char* open, const char* name, const char* close) {
    for (; *s; ++s) {
        const char* at = s;
        const char* part = open;
        while (*part && *at == *part) ++at, ++part;
        if (*part) continue;
        for (part = name; *part && *at == *part; ++at, ++part) {
        }
        if (*part) continue;
        for (part = close; *part && *at == *part; ++at, ++part) {
        }
        if (!*part) return true;
    }
    return false;
}
constexpr bool other_answer_rows_in_schema() {
    for (const other_answer::Row& row : other_answer::kRows) {
        if (!has_at(kAnswers, "\"", row.name, "\": {")) return false;
        if (row.required && !has_at(kAnswers, "\"required\": [\"", row.name, "\"]")) return false;
    }
    return true;
}
static_assert(other_answer_rows_in_schema(), "kAnswers: the \"other\" answer's object lists other_answer.def's rows");

// [SECTION] The rows of members.def, and each shape's run of them

constexpr Field kFields[] = {
#define TP_RESPONSE_MEMBER(shape, name, type, required, min, max, values, ref, description) \
    {#name, Type::type, required, min, max, values, ref, description},
#include "touchpoint/response/members.def"
#undef TP_RESPONSE_MEMBER
};
constexpr std::size_t kRowCount = std::size(kFields);
static_assert(kRowCount == std::size(members::kRows), "members.hpp reads every row of members.def");

constexpr bool same(const char* a, const char* b) {
    while (*a && *a == *b) ++a, ++b;
    return *a == *b;
}
constexpr std::size_t first_row(const char* shape) {
    std::size_t i = 0;
    while (i < kRowCount && !same(members::kRows[i].shape, shape)) ++i;
    return i;
}
constexpr std::size_t row_count(const char* shape) {
    std::size_t n = 0;
    for (std::size_t i = first_row(shape); i < kRowCount && same(members::kRows[i].shape, shape); ++i) ++n;
    return n;
}
// A shape's rows are one run: none of them after another shape's rows.
constexpr bool runs_are_contiguous() {
    for (std::size_t i = 0; i < kRowCount; ++i) {
        const char* shape = members::kRows[i].shape;
        if (i >= first_row(shape) + row_count(shape)) return false;
    }
    return true;
}
static_assert(runs_are_contiguous(), "members.def: keep the rows of one shape together");

// The shape of members.def rows `shape`, under $defs name `def`.
constexpr Shape shape_of(const char* shape, const char* def, const char* description) {
    return Shape{def, description, kFields + first_row(shape), row_count(shape), true};
}

constexpr Shape kSurveyRef = shape_of("survey", "surveyRef", "The survey answered.");
constexpr Shape kScores = shape_of("scores", "scores", "The scores the answers give.");
constexpr Shape kNps = shape_of("nps", "npsScore", "The NPS answer.");
constexpr Shape kCsat = shape_of("csat", "csatScore", "The CSAT answer.");
constexpr Shape kCes = shape_of("ces", "cesScore", "The CES answer.");
constexpr Shape kCustom = shape_of("custom", "customScore", "A custom score of the survey.");
constexpr Shape kJourneyRef = shape_of("journey", "journeyRef", "Where on a journey map the response belongs.");
constexpr Shape kContext =
    shape_of("context", "context", "What the survey's privacy settings allow to travel with a response.");
constexpr Shape kAlert = shape_of("alert", "alert", "Why this response raised an alert.");
constexpr Shape kResponse = shape_of("payload", "response", "");

constexpr const Shape* kResponseShapes[] = {&kSurveyRef, &kScores,  &kNps,     &kCsat, &kCes,
                                            &kCustom,    &kJourneyRef, &kContext, &kAlert};
// Every shape of the table is written: a shape added to members.def needs its line above.
static_assert(kResponse.count + kSurveyRef.count + kScores.count + kNps.count + kCsat.count + kCes.count +
                      kCustom.count + kJourneyRef.count + kContext.count + kAlert.count ==
                  kRowCount,
              "members.def: every shape is one of the JSON Schema's");

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
        kResponseShapes,
        std::size(kResponseShapes),
        0};
    return kDocument;
}

}  // namespace touchpoint
