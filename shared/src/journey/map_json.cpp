// journey/1 maps back to JSON (canonical key order), plus the small enum and lookup helpers.
#include "touchpoint/journey/map.hpp"

namespace touchpoint::journey {
namespace {
template <class T>
int index_of(const std::vector<T>& v, std::string_view id) {
    for (std::size_t i = 0; i < v.size(); ++i)
        if (v[i].id == id) return static_cast<int>(i);
    return -1;
}

void put_text(Json& o, const char* key, const Text& t) {
    if (!t.empty()) o[key] = text_to_json(t);
}
void put_str(Json& o, const char* key, const std::string& s) {
    if (!s.empty()) o[key] = s;
}
void put_num(Json& o, const char* key, double v) {
    // Whole numbers print without ".0" so exports read like the hand-written input.
    if (v == static_cast<double>(static_cast<long long>(v)) && v > -1e15 && v < 1e15) o[key] = static_cast<long long>(v);
    else o[key] = v;
}
}  // namespace

int Map::stage_index(std::string_view key) const { return index_of(stages, key); }
int Map::touchpoint_index(std::string_view key) const { return index_of(touchpoints, key); }
int Map::persona_index(std::string_view key) const { return index_of(personas, key); }
std::string_view Map::default_locale() const {
    return meta.locales.empty() ? std::string_view() : std::string_view(meta.locales.front());
}

const char* to_string(MapState s) { return s == MapState::Future ? "future" : "current"; }
const char* to_string(Layer l) { return l == Layer::Back ? "back" : "front"; }
const char* to_string(LaneKind k) {
    switch (k) {
        case LaneKind::Actions: return "actions";
        case LaneKind::Thoughts: return "thoughts";
        case LaneKind::Emotion: return "emotion";
        case LaneKind::PainPoints: return "pain-points";
        case LaneKind::Opportunities: return "opportunities";
        case LaneKind::Backstage: return "backstage";
        case LaneKind::Kpis: return "kpis";
    }
    return "actions";
}
const char* to_string(MetricKind k) {
    switch (k) {
        case MetricKind::Nps: return "nps";
        case MetricKind::Csat: return "csat";
        case MetricKind::Ces: return "ces";
        case MetricKind::Custom: return "custom";
    }
    return "custom";
}
std::optional<LaneKind> lane_kind_from(std::string_view s) {
    for (LaneKind k : {LaneKind::Actions, LaneKind::Thoughts, LaneKind::Emotion, LaneKind::PainPoints,
                       LaneKind::Opportunities, LaneKind::Backstage, LaneKind::Kpis})
        if (s == to_string(k)) return k;
    return std::nullopt;
}
std::optional<MetricKind> metric_kind_from(std::string_view s) {
    for (MetricKind k : {MetricKind::Nps, MetricKind::Csat, MetricKind::Ces, MetricKind::Custom})
        if (s == to_string(k)) return k;
    return std::nullopt;
}

Json map_to_json(const Map& map) {
    Json doc = Json::object();
    doc["touchpoint"] = "journey/1";
    doc["id"] = map.id;
    Json meta = Json::object();
    put_text(meta, "title", map.meta.title);
    put_text(meta, "description", map.meta.description);
    put_str(meta, "owner", map.meta.owner);
    meta["state"] = to_string(map.meta.state);
    if (!map.meta.locales.empty()) meta["locales"] = map.meta.locales;
    put_str(meta, "version", map.meta.version);
    put_str(meta, "updated", map.meta.updated);
    put_str(meta, "counterpart", map.meta.counterpart);
    doc["meta"] = std::move(meta);

    if (!map.personas.empty()) {
        Json arr = Json::array();
        for (const Persona& p : map.personas) {
            Json o = Json::object();
            o["id"] = p.id;
            put_text(o, "name", p.name);
            put_str(o, "role", p.role);
            put_text(o, "description", p.description);
            put_str(o, "color", p.color);
            arr.push_back(std::move(o));
        }
        doc["personas"] = std::move(arr);
    }
    Json stages = Json::array();
    for (const Stage& s : map.stages) {
        Json o = Json::object();
        o["id"] = s.id;
        put_text(o, "title", s.title);
        put_text(o, "description", s.description);
        stages.push_back(std::move(o));
    }
    doc["stages"] = std::move(stages);
    if (!map.touchpoints.empty()) {
        Json arr = Json::array();
        for (const Touchpoint& t : map.touchpoints) {
            Json o = Json::object();
            o["id"] = t.id;
            o["stage"] = t.stage;
            put_text(o, "title", t.title);
            put_str(o, "channel", t.channel);
            put_str(o, "owner", t.owner);
            if (t.layer == Layer::Back) o["layer"] = "back";
            if (!t.personas.empty()) o["personas"] = t.personas;
            put_text(o, "description", t.description);
            arr.push_back(std::move(o));
        }
        doc["touchpoints"] = std::move(arr);
    }
    if (!map.lanes.empty()) {
        Json arr = Json::array();
        for (const Lane& l : map.lanes) {
            Json o = Json::object();
            o["id"] = l.id;
            o["kind"] = to_string(l.kind);
            put_text(o, "title", l.title);
            if (l.kind == LaneKind::Emotion) {
                Json pts = Json::array();
                for (const EmotionPoint& p : l.points) {
                    Json po = Json::object();
                    if (!p.persona.empty()) po["persona"] = p.persona;
                    if (p.touchpoint.empty()) po["stage"] = p.stage;
                    else po["touchpoint"] = p.touchpoint;
                    put_num(po, "value", p.value);
                    put_text(po, "note", p.note);
                    pts.push_back(std::move(po));
                }
                o["points"] = std::move(pts);
            } else {
                Json items = Json::array();
                for (const LaneItem& it : l.items) {
                    Json io = Json::object();
                    if (it.touchpoint.empty()) io["stage"] = it.stage;
                    else io["touchpoint"] = it.touchpoint;
                    put_text(io, "text", it.text);
                    items.push_back(std::move(io));
                }
                o["items"] = std::move(items);
            }
            arr.push_back(std::move(o));
        }
        doc["lanes"] = std::move(arr);
    }
    if (!map.metrics.empty()) {
        Json arr = Json::array();
        for (const Metric& m : map.metrics) {
            Json o = Json::object();
            o["id"] = m.id;
            o["kind"] = to_string(m.kind);
            put_text(o, "title", m.title);
            if (m.touchpoint.empty()) o["stage"] = m.stage;
            else o["touchpoint"] = m.touchpoint;
            put_str(o, "survey", m.survey);
            put_str(o, "question", m.question);
            if (m.target) put_num(o, "target", *m.target);
            if (m.baseline) put_num(o, "baseline", *m.baseline);
            put_str(o, "unit", m.unit);
            arr.push_back(std::move(o));
        }
        doc["metrics"] = std::move(arr);
    }
    if (!map.evidence.empty()) {
        Json arr = Json::array();
        for (const Evidence& e : map.evidence) {
            Json o = Json::object();
            o["id"] = e.id;
            put_str(o, "kind", e.kind);
            put_text(o, "title", e.title);
            put_str(o, "source", e.source);
            put_str(o, "date", e.date);
            if (e.sample) o["sample"] = *e.sample;
            if (!e.refs.empty()) o["refs"] = e.refs;
            arr.push_back(std::move(o));
        }
        doc["evidence"] = std::move(arr);
    }
    return doc;
}

std::string dump_map(const Map& map, int indent) {
    // Non-ASCII stays as UTF-8 (readable Chinese); invalid bytes cannot occur (validated on input).
    return map_to_json(map).dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace touchpoint::journey
