// The journey map model ("touchpoint": "journey/1"): who (personas, incl. B2B buying roles) goes
// through which stages, meeting which touchpoints, with what actions, thoughts and emotions —
// and which survey metrics measure each stage or touchpoint. Reference: docs/journey.md.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "touchpoint/base/diagnostics.hpp"
#include "touchpoint/journey/text.hpp"

namespace touchpoint::journey {

enum class MapState { Current, Future };  // as-is vs to-be
enum class Layer { Front, Back };         // front stage (customer sees it) vs back stage
enum class LaneKind { Actions, Thoughts, Emotion, PainPoints, Opportunities, Backstage, Kpis };
enum class MetricKind { Nps, Csat, Ces, Custom };

struct Meta {
    Text title;
    Text description;
    std::string owner;
    MapState state = MapState::Current;
    std::vector<std::string> locales;  // default first
    std::string version;
    std::string updated;               // ISO date of the last edit
    std::string counterpart;           // id of the as-is (or to-be) map this one is compared with
};

struct Persona {
    std::string id;
    Text name;
    std::string role;  // decision-maker | funder | influencer | user | customer | other
    Text description;
    std::string color;  // "#rrggbb", optional
};

struct Stage {
    std::string id;
    Text title;
    Text description;
};

struct Touchpoint {
    std::string id;
    std::string stage;
    Text title;
    std::string channel;  // web, email, phone, in-person, app, chat, event, document ...
    std::string owner;    // the team answerable for it
    Layer layer = Layer::Front;
    std::vector<std::string> personas;  // empty = everyone
    Text description;
};

// One entry of a text lane: bound to a stage and optionally to one of its touchpoints.
struct LaneItem {
    std::string stage;
    std::string touchpoint;
    Text text;
};

// One point of a persona's emotion curve, −2 (very negative) … +2 (very positive). Without a persona
// it is the step's feeling for everyone (a Mermaid task with no actors); curves skip it.
struct EmotionPoint {
    std::string persona;
    std::string stage;
    std::string touchpoint;
    double value = 0;
    Text note;
};

struct Lane {
    std::string id;
    LaneKind kind = LaneKind::Actions;
    Text title;
    std::vector<LaneItem> items;       // every kind but Emotion
    std::vector<EmotionPoint> points;  // Emotion only
};

struct Metric {
    std::string id;
    MetricKind kind = MetricKind::Nps;
    Text title;
    std::string stage;       // bound to a stage, or
    std::string touchpoint;  // to a touchpoint (then stage is implied)
    std::string survey;      // survey id whose responses measure it
    std::string question;    // question id inside that survey
    std::optional<double> target;
    std::optional<double> baseline;  // a value recorded in the map itself (e.g. imported)
    std::string unit;
};

struct Evidence {
    std::string id;
    std::string kind;  // interview, survey, analytics, observation, support-tickets ...
    Text title;
    std::string source;
    std::string date;
    std::optional<long long> sample;  // how many people / records
    std::vector<std::string> refs;    // ids of stages, touchpoints, lanes or metrics it supports
};

struct Map {
    std::string id;
    Meta meta;
    std::vector<Persona> personas;
    std::vector<Stage> stages;
    std::vector<Touchpoint> touchpoints;
    std::vector<Lane> lanes;
    std::vector<Metric> metrics;
    std::vector<Evidence> evidence;

    int stage_index(std::string_view key) const;       // -1 if absent
    int touchpoint_index(std::string_view key) const;  // -1 if absent
    int persona_index(std::string_view key) const;     // -1 if absent
    std::string_view default_locale() const;          // meta.locales[0] or ""
};

// Bounds on what a map may contain, so a hostile file cannot exhaust memory or time.
struct Limits {
    std::size_t max_bytes = 8u << 20;
    std::size_t max_stages = 200;
    std::size_t max_touchpoints = 20000;
    std::size_t max_personas = 100;
    std::size_t max_lanes = 50;
    std::size_t max_lane_entries = 100000;  // items + points over all lanes
    std::size_t max_metrics = 20000;
    std::size_t max_text_chars = 4000;
};

const char* to_string(MapState s);
const char* to_string(Layer l);
const char* to_string(LaneKind k);
const char* to_string(MetricKind k);
std::optional<LaneKind> lane_kind_from(std::string_view s);
std::optional<MetricKind> metric_kind_from(std::string_view s);

// The journey/1 id rule: 1–100 of letters, digits, '-', '_', '.', ':'.
bool valid_map_id(std::string_view id);

// Parses and validates; errors (and warnings) name the JSON pointer. Returns nothing on error.
std::optional<Map> parse_map(std::string_view json_text, Diagnostics& diags, const Limits& limits = {});
std::optional<Map> map_from_json(const Json& doc, Diagnostics& diags, const Limits& limits = {});
// Canonical journey/1 JSON (key order fixed, empty optional fields left out).
Json map_to_json(const Map& map);
std::string dump_map(const Map& map, int indent = 2);

}  // namespace touchpoint::journey
