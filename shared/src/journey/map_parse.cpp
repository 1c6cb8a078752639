// Reading and validating journey/1 maps. Every problem is reported with its JSON pointer; the
// parser keeps going after an error so one run lists them all.
#include <set>
#include <unordered_map>

#include "touchpoint/base/json_text.hpp"
#include "touchpoint/journey/map.hpp"
#include "touchpoint/base/utf8.hpp"

namespace touchpoint::journey {
namespace {

constexpr std::size_t kMaxIdChars = 100;
constexpr std::size_t kMaxShortChars = 200;  // owner, channel, role, dates ...

// Field access for one JSON object, reporting through `diags` with pointers under `ptr`.
class Reader {
public:
    Reader(const Json& obj, std::string ptr, Diagnostics& diags, const Limits& limits)
        : obj_(obj), ptr_(std::move(ptr)), diags_(diags), limits_(limits) {}

    const std::string& pointer() const { return ptr_; }
    std::string at(std::string_view key) const { return pointer_join(ptr_, key); }
    const Json* find(const char* key) const {
        auto it = obj_.find(key);
        return it == obj_.end() ? nullptr : &*it;
    }

    // Warns about keys the format does not know (likely typos), so they are not silently lost.
    void known_keys(std::initializer_list<const char*> keys) const {
        for (auto it = obj_.begin(); it != obj_.end(); ++it) {
            bool known = false;
            for (const char* k : keys) known = known || it.key() == k;
            if (!known) diags_.warning(at(it.key()), "unknown field \"" + it.key() + "\" is ignored");
        }
    }

    void id(const char* key, std::string& out, bool required) const {
        const Json* v = find(key);
        if (!v) {
            if (required) diags_.error(at(key), std::string("missing \"") + key + "\"");
            return;
        }
        if (!v->is_string()) {
            diags_.error(at(key), "expected a string id");
            return;
        }
        const std::string& s = v->get_ref<const std::string&>();
        if (!valid_map_id(s)) {
            diags_.error(at(key), "id must be 1-100 characters of a-z A-Z 0-9 - _ . :");
            return;
        }
        out = s;
    }

    void str(const char* key, std::string& out, bool required = false) const {
        const Json* v = find(key);
        if (!v) {
            if (required) diags_.error(at(key), std::string("missing \"") + key + "\"");
            return;
        }
        if (!v->is_string()) {
            diags_.error(at(key), "expected a string");
            return;
        }
        const std::string& s = v->get_ref<const std::string&>();
        if (!utf8_valid(s) || utf8_length(s) > kMaxShortChars) {
            diags_.error(at(key), "expected valid UTF-8 of at most 200 characters");
            return;
        }
        out = s;
    }

    void text(const char* key, Text& out, bool required = false) const {
        const Json* v = find(key);
        if (!v) {
            if (required) diags_.error(at(key), std::string("missing \"") + key + "\"");
            return;
        }
        parse_text(*v, at(key), limits_.max_text_chars, out, diags_);
    }

    void number(const char* key, std::optional<double>& out) const {
        const Json* v = find(key);
        if (!v) return;
        if (!v->is_number()) {
            diags_.error(at(key), "expected a number");
            return;
        }
        out = v->get<double>();
    }

    void ids(const char* key, std::vector<std::string>& out) const {
        const Json* v = find(key);
        if (!v) return;
        if (!v->is_array()) {
            diags_.error(at(key), "expected an array of ids");
            return;
        }
        for (std::size_t i = 0; i < v->size(); ++i) {
            const Json& e = (*v)[i];
            if (!e.is_string() || !valid_map_id(e.get_ref<const std::string&>())) {
                diags_.error(pointer_join(at(key), i), "expected an id (a-z A-Z 0-9 - _ . :)");
                continue;
            }
            out.push_back(e.get<std::string>());
        }
    }

    // The array at `key` (nullptr if absent; error if not an array or longer than `max`).
    const Json* array(const char* key, std::size_t max, bool required) const {
        const Json* v = find(key);
        if (!v) {
            if (required) diags_.error(at(key), std::string("missing \"") + key + "\"");
            return nullptr;
        }
        if (!v->is_array()) {
            diags_.error(at(key), "expected an array");
            return nullptr;
        }
        if (v->size() > max) {
            diags_.error(at(key), "too many entries (" + std::to_string(v->size()) + ", the limit is " +
                                      std::to_string(max) + ")");
            return nullptr;
        }
        return v;
    }

private:
    const Json& obj_;
    std::string ptr_;
    Diagnostics& diags_;
    const Limits& limits_;
};

// Calls fn(Reader) for each element of an array that is an object.
template <class Fn>
void each_object(const Json* arr, const std::string& ptr, Diagnostics& diags, const Limits& limits, Fn fn) {
    if (!arr) return;
    for (std::size_t i = 0; i < arr->size(); ++i) {
        const std::string p = pointer_join(ptr, i);
        if (!(*arr)[i].is_object()) {
            diags.error(p, "expected an object");
            continue;
        }
        fn(Reader((*arr)[i], p, diags, limits));
    }
}

void check_unique(const std::vector<std::string>& ids, const std::vector<std::string>& ptrs, const char* what,
                  Diagnostics& diags) {
    std::set<std::string_view> seen;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (ids[i].empty()) continue;
        if (!seen.insert(ids[i]).second) diags.error(ptrs[i], std::string("duplicate ") + what + " id \"" + ids[i] + "\"");
    }
}

void read_meta(const Reader& r, Meta& meta, Diagnostics& diags) {
    r.known_keys({"title", "description", "owner", "state", "locales", "version", "updated", "counterpart"});
    r.text("title", meta.title, true);
    r.text("description", meta.description);
    r.str("owner", meta.owner);
    std::string state;
    r.str("state", state);
    if (state == "future") meta.state = MapState::Future;
    else if (!state.empty() && state != "current") diags.error(r.at("state"), "state must be \"current\" or \"future\"");
    if (const Json* loc = r.find("locales")) {
        if (!loc->is_array()) diags.error(r.at("locales"), "expected an array of locale tags");
        else
            for (std::size_t i = 0; i < loc->size() && i < 100; ++i) {
                const Json& l = (*loc)[i];
                if (!l.is_string() || l.get_ref<const std::string&>().empty() || l.get_ref<const std::string&>().size() > 35)
                    diags.error(pointer_join(r.at("locales"), i), "expected a locale tag such as \"zh-CN\"");
                else meta.locales.push_back(l.get<std::string>());
            }
    }
    r.str("version", meta.version);
    r.str("updated", meta.updated);
    r.id("counterpart", meta.counterpart, false);
}

}  // namespace

std::optional<Map> parse_map(std::string_view json_text, Diagnostics& diags, const Limits& limits) {
    if (json_text.size() > limits.max_bytes) {
        diags.error("", "the map is " + std::to_string(json_text.size()) + " bytes, more than the limit of " +
                            std::to_string(limits.max_bytes));
        return std::nullopt;
    }
    Json doc;
    if (!parse_json(json_text, doc, diags)) return std::nullopt;
    return map_from_json(doc, diags, limits);
}

std::optional<Map> map_from_json(const Json& doc, Diagnostics& diags, const Limits& limits) {
    const std::size_t errors_before = diags.error_count();
    if (!doc.is_object()) {
        diags.error("", "a journey map must be a JSON object");
        return std::nullopt;
    }
    Map map;
    Reader root(doc, "", diags, limits);
    root.known_keys({"touchpoint", "id", "meta", "personas", "stages", "touchpoints", "lanes", "metrics", "evidence",
                     "$schema"});
    const Json* kind = root.find("touchpoint");
    if (!kind || !kind->is_string() || *kind != "journey/1") {
        diags.error("/touchpoint", "expected \"touchpoint\": \"journey/1\"");
        return std::nullopt;
    }
    root.id("id", map.id, true);
    if (const Json* meta = root.find("meta")) {
        if (meta->is_object()) read_meta(Reader(*meta, "/meta", diags, limits), map.meta, diags);
        else diags.error("/meta", "expected an object");
    } else {
        diags.error("/meta", "missing \"meta\"");
    }

    // Personas.
    std::vector<std::string> ptrs;
    each_object(root.array("personas", limits.max_personas, false), "/personas", diags, limits, [&](const Reader& r) {
        r.known_keys({"id", "name", "role", "description", "color"});
        Persona p;
        r.id("id", p.id, true);
        r.text("name", p.name, true);
        r.str("role", p.role);
        r.text("description", p.description);
        r.str("color", p.color);
        if (!p.color.empty() && (p.color.size() != 7 || p.color[0] != '#' ||
                                 p.color.find_first_not_of("0123456789abcdefABCDEF", 1) != std::string::npos))
            diags.error(r.at("color"), "color must be \"#rrggbb\"");
        ptrs.push_back(r.pointer() + "/id");
        map.personas.push_back(std::move(p));
    });
    {
        std::vector<std::string> ids;
        for (auto& p : map.personas) ids.push_back(p.id);
        check_unique(ids, ptrs, "persona", diags);
    }

    // Stages.
    ptrs.clear();
    each_object(root.array("stages", limits.max_stages, true), "/stages", diags, limits, [&](const Reader& r) {
        r.known_keys({"id", "title", "description"});
        Stage s;
        r.id("id", s.id, true);
        r.text("title", s.title, true);
        r.text("description", s.description);
        ptrs.push_back(r.pointer() + "/id");
        map.stages.push_back(std::move(s));
    });
    {
        std::vector<std::string> ids;
        for (auto& s : map.stages) ids.push_back(s.id);
        check_unique(ids, ptrs, "stage", diags);
    }
    if (map.stages.empty() && root.find("stages") && root.find("stages")->is_array())
        diags.error("/stages", "a journey needs at least one stage");

    // Hash indices: maps may hold thousands of touchpoints and lane entries refer to them.
    std::unordered_map<std::string_view, int> stage_ix, tp_ix, persona_ix;
    for (std::size_t i = 0; i < map.stages.size(); ++i) stage_ix.emplace(map.stages[i].id, static_cast<int>(i));
    for (std::size_t i = 0; i < map.personas.size(); ++i) persona_ix.emplace(map.personas[i].id, static_cast<int>(i));
    auto persona_ref = [&](const std::string& id, const std::string& ptr) {
        if (!id.empty() && !persona_ix.count(id)) diags.error(ptr, "unknown persona \"" + id + "\"");
    };
    auto stage_ref = [&](const std::string& id, const std::string& ptr) {
        if (!id.empty() && !stage_ix.count(id)) diags.error(ptr, "unknown stage \"" + id + "\"");
    };

    // Touchpoints.
    ptrs.clear();
    each_object(root.array("touchpoints", limits.max_touchpoints, false), "/touchpoints", diags, limits,
                [&](const Reader& r) {
                    r.known_keys({"id", "stage", "title", "channel", "owner", "layer", "personas", "description"});
                    Touchpoint t;
                    r.id("id", t.id, true);
                    r.id("stage", t.stage, true);
                    stage_ref(t.stage, r.at("stage"));
                    r.text("title", t.title, true);
                    r.str("channel", t.channel);
                    r.str("owner", t.owner);
                    std::string layer;
                    r.str("layer", layer);
                    if (layer == "back") t.layer = Layer::Back;
                    else if (!layer.empty() && layer != "front")
                        diags.error(r.at("layer"), "layer must be \"front\" or \"back\"");
                    r.ids("personas", t.personas);
                    for (std::size_t i = 0; i < t.personas.size(); ++i)
                        persona_ref(t.personas[i], pointer_join(r.at("personas"), i));
                    r.text("description", t.description);
                    ptrs.push_back(r.pointer() + "/id");
                    map.touchpoints.push_back(std::move(t));
                });
    {
        std::vector<std::string> ids;
        for (auto& t : map.touchpoints) ids.push_back(t.id);
        check_unique(ids, ptrs, "touchpoint", diags);
    }
    for (std::size_t i = 0; i < map.touchpoints.size(); ++i) tp_ix.emplace(map.touchpoints[i].id, static_cast<int>(i));

    // A (stage, touchpoint) binding: the touchpoint must exist and belong to the stage; a
    // touchpoint alone implies its stage.
    auto bind = [&](const Reader& r, std::string& stage, std::string& touchpoint, bool required) {
        r.id("stage", stage, false);
        r.id("touchpoint", touchpoint, false);
        stage_ref(stage, r.at("stage"));
        if (!touchpoint.empty()) {
            auto found = tp_ix.find(touchpoint);
            const int ti = found == tp_ix.end() ? -1 : found->second;
            if (ti < 0) diags.error(r.at("touchpoint"), "unknown touchpoint \"" + touchpoint + "\"");
            else if (stage.empty()) stage = map.touchpoints[ti].stage;
            else if (map.touchpoints[ti].stage != stage)
                diags.error(r.at("touchpoint"), "touchpoint \"" + touchpoint + "\" belongs to stage \"" +
                                                    map.touchpoints[ti].stage + "\", not \"" + stage + "\"");
        }
        if (required && stage.empty() && touchpoint.empty())
            diags.error(r.pointer(), "needs a \"stage\" or a \"touchpoint\"");
    };

    // Lanes.
    std::size_t entries = 0;
    ptrs.clear();
    each_object(root.array("lanes", limits.max_lanes, false), "/lanes", diags, limits, [&](const Reader& r) {
        r.known_keys({"id", "kind", "title", "items", "points"});
        Lane lane;
        r.id("id", lane.id, true);
        std::string kind_s;
        r.str("kind", kind_s, true);
        if (auto k = lane_kind_from(kind_s)) lane.kind = *k;
        else if (!kind_s.empty())
            diags.error(r.at("kind"),
                        "kind must be actions, thoughts, emotion, pain-points, opportunities, backstage or kpis");
        r.text("title", lane.title);
        const std::size_t room = limits.max_lane_entries - std::min(entries, limits.max_lane_entries);
        if (lane.kind == LaneKind::Emotion) {
            if (r.find("items")) diags.error(r.at("items"), "an emotion lane has \"points\", not \"items\"");
            each_object(r.array("points", room, true), r.at("points"), diags, limits, [&](const Reader& pr) {
                pr.known_keys({"persona", "stage", "touchpoint", "value", "note"});
                EmotionPoint p;
                pr.id("persona", p.persona, false);  // none: the step's feeling for everyone (Mermaid tasks without actors)
                persona_ref(p.persona, pr.at("persona"));
                bind(pr, p.stage, p.touchpoint, true);
                std::optional<double> v;
                pr.number("value", v);
                if (!v) {
                    if (!pr.find("value")) diags.error(pr.at("value"), "missing \"value\"");
                } else if (*v < -2 || *v > 2) {
                    diags.error(pr.at("value"), "an emotion is between -2 and +2");
                } else {
                    p.value = *v;
                }
                pr.text("note", p.note);
                lane.points.push_back(std::move(p));
            });
        } else {
            if (r.find("points")) diags.error(r.at("points"), "only an emotion lane has \"points\"");
            each_object(r.array("items", room, true), r.at("items"), diags, limits, [&](const Reader& ir) {
                ir.known_keys({"stage", "touchpoint", "text"});
                LaneItem it;
                bind(ir, it.stage, it.touchpoint, true);
                ir.text("text", it.text, true);
                lane.items.push_back(std::move(it));
            });
        }
        entries += lane.items.size() + lane.points.size();
        ptrs.push_back(r.pointer() + "/id");
        map.lanes.push_back(std::move(lane));
    });
    {
        std::vector<std::string> ids;
        for (auto& l : map.lanes) ids.push_back(l.id);
        check_unique(ids, ptrs, "lane", diags);
    }

    // Metrics.
    ptrs.clear();
    each_object(root.array("metrics", limits.max_metrics, false), "/metrics", diags, limits, [&](const Reader& r) {
        r.known_keys({"id", "kind", "title", "stage", "touchpoint", "survey", "question", "target", "baseline", "unit"});
        Metric m;
        r.id("id", m.id, true);
        std::string kind_s;
        r.str("kind", kind_s, true);
        if (auto k = metric_kind_from(kind_s)) m.kind = *k;
        else if (!kind_s.empty()) diags.error(r.at("kind"), "kind must be nps, csat, ces or custom");
        r.text("title", m.title);
        bind(r, m.stage, m.touchpoint, true);
        r.id("survey", m.survey, false);
        r.id("question", m.question, false);
        r.number("target", m.target);
        r.number("baseline", m.baseline);
        r.str("unit", m.unit);
        if (m.kind == MetricKind::Nps) {
            for (const auto* v : {&m.target, &m.baseline})
                if (*v && (**v < -100 || **v > 100))
                    diags.error(r.at(v == &m.target ? "target" : "baseline"), "an NPS is between -100 and 100");
        }
        ptrs.push_back(r.pointer() + "/id");
        map.metrics.push_back(std::move(m));
    });
    {
        std::vector<std::string> ids;
        for (auto& m : map.metrics) ids.push_back(m.id);
        check_unique(ids, ptrs, "metric", diags);
    }

    // Evidence / provenance.
    each_object(root.array("evidence", limits.max_metrics, false), "/evidence", diags, limits, [&](const Reader& r) {
        r.known_keys({"id", "kind", "title", "source", "date", "sample", "refs"});
        Evidence e;
        r.id("id", e.id, true);
        r.str("kind", e.kind);
        r.text("title", e.title, true);
        r.str("source", e.source);
        r.str("date", e.date);
        if (const Json* n = r.find("sample")) {
            if (!n->is_number_integer() || n->get<long long>() < 0) diags.error(r.at("sample"), "expected a count >= 0");
            else e.sample = n->get<long long>();
        }
        r.ids("refs", e.refs);
        for (std::size_t i = 0; i < e.refs.size(); ++i) {
            const std::string& ref = e.refs[i];
            bool found = stage_ix.count(ref) || tp_ix.count(ref);
            for (auto& l : map.lanes) found = found || l.id == ref;
            for (auto& m : map.metrics) found = found || m.id == ref;
            if (!found) diags.warning(pointer_join(r.at("refs"), i), "refers to nothing in this map: \"" + ref + "\"");
        }
        map.evidence.push_back(std::move(e));
    });

    if (diags.error_count() > errors_before) return std::nullopt;
    return map;
}

bool valid_map_id(std::string_view s) {
    if (s.empty() || s.size() > kMaxIdChars) return false;
    for (char c : s) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                        c == '_' || c == '.' || c == ':';
        if (!ok) return false;
    }
    return true;
}

}  // namespace touchpoint::journey
