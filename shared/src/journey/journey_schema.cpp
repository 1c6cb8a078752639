// journey/1, field by field: the table `touchpoint schema journey` writes as a JSON Schema
// (docs/schema/journey-1.json). map_parse.cpp reads the same fields; tests/schema/agreement.mjs
// checks that it accepts exactly what this table accepts. The reader alone checks what a schema
// cannot: references (a touchpoint's stage, a lane item's touchpoint) that must exist, unique ids,
// an NPS target within -100..100, a metric or lane entry bound to a stage or touchpoint.
#include "touchpoint/journey/schema.hpp"

#include <iterator>

#include "touchpoint/journey/map.hpp"

namespace touchpoint {
namespace {

using schema::Field;
using schema::kNone;
using schema::Shape;
using schema::limit;
using schema::Type;
using schema::Variant;

// valid_map_id (map_parse.cpp): wider than a survey's ids (':' and up to 100 characters, for
// imported maps).
#define TP_MAP_ID R"({"type": "string", "pattern": "^[A-Za-z0-9_.:-]{1,100}$"})"
constexpr const char* kMapId = TP_MAP_ID;
constexpr const char* kMapIds = R"({"type": "array", "items": )" TP_MAP_ID "}";
#undef TP_MAP_ID

constexpr const char* kJourneyTag[] = {"journey/1", nullptr};
constexpr const char* kStates[] = {"current", "future", nullptr};
constexpr const char* kLayers[] = {"front", "back", nullptr};
constexpr const char* kMetricKinds[] = {"nps", "csat", "ces", "custom", nullptr};
constexpr journey::Limits kJourneyLimits{};  // the reader's default limits
constexpr long long kShort = 200;  // owner, channel, role, dates ... (kMaxShortChars)

constexpr Field kMetaFields[] = {
    {"title", Type::Text, true, kNone, kNone, nullptr, nullptr, "The map's title."},
    {"description", Type::Text, false, kNone, kNone, nullptr, nullptr, ""},
    {"owner", Type::String, false, kNone, kShort, nullptr, nullptr, "Who keeps the map."},
    {"state", Type::String, false, kNone, kNone, kStates, nullptr,
     "The journey as it is (default) or as it should be."},
    {"locales", Type::Raw, false, kNone, kNone, nullptr,
     R"({"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 35}})",
     "The languages of the map's texts."},
    {"version", Type::String, false, kNone, kShort, nullptr, nullptr, ""},
    {"updated", Type::String, false, kNone, kShort, nullptr, nullptr,
     "When it was last changed, e.g. 2026-11-20."},
    {"counterpart", Type::Raw, false, kNone, kNone, nullptr, kMapId,
     "The id of the current-state map this future state answers (or the reverse)."},
};
constexpr Shape kMeta{"meta", "About the map.", kMetaFields, std::size(kMetaFields), true};

constexpr Field kPersonaFields[] = {
    {"id", Type::Raw, true, kNone, kNone, nullptr, kMapId, ""},
    {"name", Type::Text, true, kNone, kNone, nullptr, nullptr, ""},
    {"role", Type::String, false, kNone, kShort, nullptr, nullptr, ""},
    {"description", Type::Text, false, kNone, kNone, nullptr, nullptr, ""},
    {"color", Type::Raw, false, kNone, kNone, nullptr,
     R"({"type": "string", "pattern": "^(#[0-9a-fA-F]{6})?$"})", "#rrggbb"},
};
constexpr Shape kPersona{"persona", "Someone who walks the journey.", kPersonaFields,
                         std::size(kPersonaFields), true};

constexpr Field kStageFields[] = {
    {"id", Type::Raw, true, kNone, kNone, nullptr, kMapId, ""},
    {"title", Type::Text, true, kNone, kNone, nullptr, nullptr, ""},
    {"description", Type::Text, false, kNone, kNone, nullptr, nullptr, ""},
};
constexpr Shape kStage{"stage", "A column of the map.", kStageFields, std::size(kStageFields), true};

constexpr Field kTouchpointFields[] = {
    {"id", Type::Raw, true, kNone, kNone, nullptr, kMapId, ""},
    {"stage", Type::Raw, true, kNone, kNone, nullptr, kMapId, "The stage it belongs to."},
    {"title", Type::Text, true, kNone, kNone, nullptr, nullptr, ""},
    {"channel", Type::String, false, kNone, kShort, nullptr, nullptr, "e.g. web, app, phone, store."},
    {"owner", Type::String, false, kNone, kShort, nullptr, nullptr, ""},
    {"layer", Type::String, false, kNone, kNone, kLayers, nullptr,
     "Seen by the customer (front, default) or behind the scenes."},
    {"personas", Type::Raw, false, kNone, kNone, nullptr, kMapIds,
     "Only these personas meet it (default: all)."},
    {"description", Type::Text, false, kNone, kNone, nullptr, nullptr, ""},
};
constexpr Shape kTouchpoint{"touchpoint", "Where the customer meets the company.", kTouchpointFields,
                            std::size(kTouchpointFields), true};

constexpr Field kItemFields[] = {
    {"stage", Type::Raw, false, kNone, kNone, nullptr, kMapId, "The stage (or give a touchpoint)."},
    {"touchpoint", Type::Raw, false, kNone, kNone, nullptr, kMapId, "The touchpoint (its stage is implied)."},
    {"text", Type::Text, true, kNone, kNone, nullptr, nullptr, ""},
};
constexpr Shape kLaneItem{"laneItem", "A note in a lane, at a stage or touchpoint.", kItemFields,
                          std::size(kItemFields), true};

constexpr Field kPointFields[] = {
    {"persona", Type::Raw, false, kNone, kNone, nullptr, kMapId, "Whose feeling (none: everyone's)."},
    {"stage", Type::Raw, false, kNone, kNone, nullptr, kMapId, ""},
    {"touchpoint", Type::Raw, false, kNone, kNone, nullptr, kMapId, ""},
    {"value", Type::Number, true, -2, 2, nullptr, nullptr, "-2 (very negative) to +2 (very positive)."},
    {"note", Type::Text, false, kNone, kNone, nullptr, nullptr, ""},
};
constexpr Shape kEmotionPoint{"emotionPoint", "A point of the emotion curve.", kPointFields,
                              std::size(kPointFields), true};

constexpr Field kCommonLaneFields[] = {
    {"id", Type::Raw, true, kNone, kNone, nullptr, kMapId, ""},
    {"kind", Type::String, true, kNone, kNone, nullptr, nullptr, "What the lane holds."},
    {"title", Type::Text, false, kNone, kNone, nullptr, nullptr, ""},
};
constexpr Field kItemsLane[] = {{"items", Type::Array, true, kNone, kNone, nullptr, "laneItem", ""}};
constexpr Field kPointsLane[] = {{"points", Type::Array, true, kNone, kNone, nullptr, "emotionPoint", ""}};
constexpr Variant kLaneKinds[] = {
    {"actions", kItemsLane, 1, ""},
    {"thoughts", kItemsLane, 1, ""},
    {"emotion", kPointsLane, 1, "The emotion curve."},
    {"pain-points", kItemsLane, 1, ""},
    {"opportunities", kItemsLane, 1, ""},
    {"backstage", kItemsLane, 1, ""},
    {"kpis", kItemsLane, 1, ""},
};
constexpr Shape kLane{"lane",
                      "A row of the map: items at stages or touchpoints (an emotion lane: points).",
                      kCommonLaneFields,
                      std::size(kCommonLaneFields),
                      true,
                      "kind",
                      kLaneKinds,
                      std::size(kLaneKinds)};

constexpr Field kMetricFields[] = {
    {"id", Type::Raw, true, kNone, kNone, nullptr, kMapId, ""},
    {"kind", Type::String, true, kNone, kNone, kMetricKinds, nullptr, ""},
    {"title", Type::Text, false, kNone, kNone, nullptr, nullptr, ""},
    {"stage", Type::Raw, false, kNone, kNone, nullptr, kMapId,
     "Where it is measured (a stage or a touchpoint)."},
    {"touchpoint", Type::Raw, false, kNone, kNone, nullptr, kMapId, ""},
    {"survey", Type::Raw, false, kNone, kNone, nullptr, kMapId, "The survey whose responses it counts."},
    {"question", Type::Raw, false, kNone, kNone, nullptr, kMapId, ""},
    {"target", Type::Number, false, kNone, kNone, nullptr, nullptr, "The goal (an NPS: -100..100)."},
    {"baseline", Type::Number, false, kNone, kNone, nullptr, nullptr, "Where it started."},
    {"unit", Type::String, false, kNone, kShort, nullptr, nullptr, ""},
};
constexpr Shape kMetric{"metric", "A measure shown at a stage or touchpoint, fed by responses.",
                        kMetricFields, std::size(kMetricFields), true};

constexpr Field kEvidenceFields[] = {
    {"id", Type::Raw, true, kNone, kNone, nullptr, kMapId, ""},
    {"kind", Type::String, false, kNone, kShort, nullptr, nullptr, "e.g. interview, survey, analytics."},
    {"title", Type::Text, true, kNone, kNone, nullptr, nullptr, ""},
    {"source", Type::String, false, kNone, kShort, nullptr, nullptr, ""},
    {"date", Type::String, false, kNone, kShort, nullptr, nullptr, ""},
    {"sample", Type::Integer, false, 0, kNone, nullptr, nullptr, "How many people or records."},
    {"refs", Type::Raw, false, kNone, kNone, nullptr, kMapIds,
     "The stages, touchpoints, lanes or metrics it supports."},
};
constexpr Shape kEvidence{"evidence", "Where the map's claims come from.", kEvidenceFields,
                          std::size(kEvidenceFields), true};

constexpr Field kJourneyFields[] = {
    {"$schema", Type::Raw, false, kNone, kNone, nullptr, "{}",
     "Where this document's JSON Schema is, for editors (any value; the core ignores it)."},
    {"touchpoint", Type::String, true, kNone, kNone, kJourneyTag, nullptr, "The format and its version."},
    {"id", Type::Raw, true, kNone, kNone, nullptr, kMapId, "The map's id (surveys and responses name it)."},
    {"meta", Type::Object, true, kNone, kNone, nullptr, "meta", ""},
    {"personas", Type::Array, false, kNone, limit(kJourneyLimits.max_personas), nullptr, "persona", ""},
    {"stages", Type::Array, true, 1, limit(kJourneyLimits.max_stages), nullptr, "stage", "The columns, in order."},
    {"touchpoints", Type::Array, false, kNone, limit(kJourneyLimits.max_touchpoints), nullptr, "touchpoint", ""},
    {"lanes", Type::Array, false, kNone, limit(kJourneyLimits.max_lanes), nullptr, "lane", ""},
    {"metrics", Type::Array, false, kNone, limit(kJourneyLimits.max_metrics), nullptr, "metric", ""},
    {"evidence", Type::Array, false, kNone, limit(kJourneyLimits.max_metrics), nullptr, "evidence", ""},
};
constexpr Shape kJourneyRoot{"journey", "", kJourneyFields, std::size(kJourneyFields), true};

constexpr const Shape* kJourneyShapes[] = {&kMeta,     &kPersona,      &kStage,  &kTouchpoint, &kLane,
                                           &kLaneItem, &kEmotionPoint, &kMetric, &kEvidence};

}  // namespace

const schema::Document& journey_schema() {
    static constexpr schema::Document kDocument{"urn:touchpoint:schema:journey-1",
                                                "Touchpoint journey/1",
                                                "A customer journey map for the Touchpoint viewer "
                                                "(docs/journey.md). Generated by `touchpoint schema journey` "
                                                "from the core's field table; the core also checks what a "
                                                "schema cannot (references that must exist, unique ids).",
                                                &kJourneyRoot,
                                                kJourneyShapes,
                                                std::size(kJourneyShapes),
                                                limit(kJourneyLimits.max_text_chars)};
    return kDocument;
}

}  // namespace touchpoint
