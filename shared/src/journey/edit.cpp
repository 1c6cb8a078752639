// [SECTION] helpers · history · meta · stages · touchpoints · personas · lanes · metrics · variants
// The rules an edit must keep are journey/1's own (map_parse.cpp): ids valid and unique, a
// touchpoint in an existing stage, bindings to existing stages/touchpoints/personas, the Limits.
// Every operation keeps them by construction, so a map that was valid stays valid; the tests
// round-trip each result through the parser to prove it.
#include "touchpoint/journey/edit.hpp"

#include <algorithm>
#include <utility>

#include "touchpoint/base/utf8.hpp"
#include "touchpoint/journey/ui_strings.hpp"

namespace touchpoint::journey {
namespace {

// ------------------------------------------------------------------------------- [SECTION] helpers
template <class T>
T* find_by_id(std::vector<T>& v, std::string_view id) {
    for (auto& e : v)
        if (e.id == id) return &e;
    return nullptr;
}

template <class T>
void move_to(std::vector<T>& v, std::size_t from, std::size_t to) {
    to = std::min(to, v.size() - 1);
    T item = std::move(v[from]);
    v.erase(v.begin() + static_cast<std::ptrdiff_t>(from));
    v.insert(v.begin() + static_cast<std::ptrdiff_t>(to), std::move(item));
}

// Writes one locale's variant of a text ("" = the plain string). An empty string removes it.
void set_variant(Text& t, std::string_view locale, std::string value) {
    auto& vs = t.variants;
    auto it = std::find_if(vs.begin(), vs.end(), [&](const auto& v) { return v.first == locale; });
    if (value.empty()) {
        if (it != vs.end()) vs.erase(it);
        return;
    }
    if (it != vs.end()) it->second = std::move(value);
    else if (locale.empty() && vs.size() == 1 && vs.front().first.empty()) vs.front().second = std::move(value);
    else vs.emplace_back(std::string(locale), std::move(value));
}

}  // namespace

// ------------------------------------------------------------------------------- [SECTION] history
Editor::Editor(Map map, Limits limits, std::size_t max_undo)
    : map_(std::move(map)), limits_(limits), max_undo_(max_undo == 0 ? 1 : max_undo) {}

template <class F>
EditResult Editor::apply(std::string_view gesture, F&& change) {
    const bool continuing = !gesture.empty() && gesture == gesture_ && !undo_.empty();
    if (continuing) return change(map_);  // the gesture's snapshot is already on the stack
    Map before = map_;
    EditResult r = change(map_);
    if (!r.ok) {
        map_ = std::move(before);  // a change may fail half-way: restore it whole
        return r;
    }
    undo_.push_back(std::move(before));
    if (undo_.size() > max_undo_) undo_.erase(undo_.begin());
    redo_.clear();
    ++recorded_;
    gesture_ = std::string(gesture);
    return r;
}

bool Editor::undo() {
    if (undo_.empty()) return false;
    redo_.push_back(std::move(map_));
    map_ = std::move(undo_.back());
    undo_.pop_back();
    gesture_.clear();
    return true;
}

bool Editor::redo() {
    if (redo_.empty()) return false;
    undo_.push_back(std::move(map_));
    map_ = std::move(redo_.back());
    redo_.pop_back();
    gesture_.clear();
    return true;
}

bool Editor::id_taken(std::string_view id) const {
    auto in = [&](const auto& v) {
        return std::any_of(v.begin(), v.end(), [&](const auto& e) { return e.id == id; });
    };
    return in(map_.stages) || in(map_.touchpoints) || in(map_.personas) || in(map_.lanes) || in(map_.metrics);
}

std::string Editor::fresh_id(const char* prefix) const {
    for (std::size_t n = 1;; ++n) {
        std::string id = std::string(prefix) + "-" + std::to_string(n);
        if (!id_taken(id)) return id;
    }
}

namespace {
// The checks every new id and text go through.
EditResult check_new_id(const std::string& id, bool taken) {
    if (!valid_map_id(id)) return EditResult::fail("\"" + id + "\" is not a valid id (letters, digits, - _ . :)");
    if (taken) return EditResult::fail("the id \"" + id + "\" is already used");
    return {};
}
EditResult check_text(const std::string& text, std::size_t max_chars, bool required, const char* what) {
    if (required && text.empty()) return EditResult::fail(std::string(what) + " needs a text");
    if (!utf8_valid(text)) return EditResult::fail(std::string(what) + ": not valid UTF-8");
    if (utf8_length(text) > max_chars)
        return EditResult::fail(std::string(what) + ": longer than " + std::to_string(max_chars) + " characters");
    return {};
}
EditResult too_many(const char* what, std::size_t max) {
    return EditResult::fail(std::string("a map holds at most ") + std::to_string(max) + " " + what);
}
// Required texts (titles, names) may lose a locale but not their last variant.
EditResult write_text(Text& t, std::string_view locale, std::string value, std::size_t max_chars, bool required,
                      const char* what) {
    if (auto r = check_text(value, max_chars, false, what); !r) return r;
    set_variant(t, locale, std::move(value));
    if (required && t.empty()) return EditResult::fail(std::string(what) + " needs a text");
    return {};
}
}  // namespace

// ------------------------------------------------------------------------------- [SECTION] meta
EditResult Editor::set_title(std::string_view locale, std::string text) {
    return apply({}, [&](Map& m) { return write_text(m.meta.title, locale, std::move(text), limits_.max_text_chars, true, "the map's title"); });
}

EditResult Editor::set_state(MapState state) {
    return apply({}, [&](Map& m) {
        m.meta.state = state;
        return EditResult{};
    });
}

// ------------------------------------------------------------------------------- [SECTION] stages
EditResult Editor::add_stage(std::size_t at, std::string id, std::string_view locale, std::string title) {
    if (map_.stages.size() >= limits_.max_stages) return too_many("stages", limits_.max_stages);
    if (id.empty()) id = fresh_id("stage");
    if (auto r = check_new_id(id, id_taken(id)); !r) return r;
    if (auto r = check_text(title, limits_.max_text_chars, true, "a stage"); !r) return r;
    return apply({}, [&](Map& m) {
        Stage s;
        s.id = id;
        set_variant(s.title, locale, std::move(title));
        at = std::min(at, m.stages.size());
        m.stages.insert(m.stages.begin() + static_cast<std::ptrdiff_t>(at), std::move(s));
        EditResult r;
        r.id = id;
        return r;
    });
}

EditResult Editor::set_stage_text(std::string_view id, TextField field, std::string_view locale, std::string text) {
    if (!find_by_id(map_.stages, id)) return EditResult::fail("unknown stage \"" + std::string(id) + "\"");
    return apply({}, [&](Map& m) {
        Stage& s = *find_by_id(m.stages, id);
        return field == TextField::Title ? write_text(s.title, locale, std::move(text), limits_.max_text_chars, true, "a stage")
                                         : write_text(s.description, locale, std::move(text), limits_.max_text_chars, false, "a description");
    });
}

EditResult Editor::move_stage(std::string_view id, std::size_t to) {
    const int i = map_.stage_index(id);
    if (i < 0) return EditResult::fail("unknown stage \"" + std::string(id) + "\"");
    return apply({}, [&](Map& m) {
        move_to(m.stages, static_cast<std::size_t>(i), to);
        return EditResult{};
    });
}

namespace {
// Everything bound to a touchpoint goes with it.
void drop_touchpoint_bindings(Map& m, std::string_view tp) {
    for (auto& lane : m.lanes) {
        lane.items.erase(std::remove_if(lane.items.begin(), lane.items.end(), [&](const LaneItem& e) { return e.touchpoint == tp; }),
                         lane.items.end());
        lane.points.erase(std::remove_if(lane.points.begin(), lane.points.end(), [&](const EmotionPoint& e) { return e.touchpoint == tp; }),
                          lane.points.end());
    }
    m.metrics.erase(std::remove_if(m.metrics.begin(), m.metrics.end(), [&](const Metric& e) { return e.touchpoint == tp; }),
                    m.metrics.end());
    for (auto& ev : m.evidence) ev.refs.erase(std::remove(ev.refs.begin(), ev.refs.end(), tp), ev.refs.end());
}
}  // namespace

EditResult Editor::delete_stage(std::string_view id) {
    if (map_.stage_index(id) < 0) return EditResult::fail("unknown stage \"" + std::string(id) + "\"");
    if (map_.stages.size() == 1) return EditResult::fail("a map needs at least one stage");
    return apply({}, [&](Map& m) {
        const std::string sid(id);
        for (const auto& t : m.touchpoints)
            if (t.stage == sid) drop_touchpoint_bindings(m, t.id);
        m.touchpoints.erase(std::remove_if(m.touchpoints.begin(), m.touchpoints.end(), [&](const Touchpoint& t) { return t.stage == sid; }),
                            m.touchpoints.end());
        for (auto& lane : m.lanes) {
            lane.items.erase(std::remove_if(lane.items.begin(), lane.items.end(), [&](const LaneItem& e) { return e.stage == sid; }),
                             lane.items.end());
            lane.points.erase(std::remove_if(lane.points.begin(), lane.points.end(), [&](const EmotionPoint& e) { return e.stage == sid; }),
                              lane.points.end());
        }
        m.metrics.erase(std::remove_if(m.metrics.begin(), m.metrics.end(), [&](const Metric& e) { return e.stage == sid; }), m.metrics.end());
        for (auto& ev : m.evidence) ev.refs.erase(std::remove(ev.refs.begin(), ev.refs.end(), sid), ev.refs.end());
        m.stages.erase(m.stages.begin() + m.stage_index(sid));
        return EditResult{};
    });
}

// ------------------------------------------------------------------------------- [SECTION] touchpoints
namespace {
// The position in the touchpoint list for the `at`-th place of `stage`: touchpoints are listed
// stage by stage, so a stage without any gets its first one after the earlier stages' ones.
std::size_t slot_in_stage(const Map& m, std::string_view stage, std::size_t at) {
    std::size_t seen = 0, after_last = 0;
    bool any = false;
    for (std::size_t i = 0; i < m.touchpoints.size(); ++i) {
        if (m.touchpoints[i].stage != stage) continue;
        if (seen == at) return i;
        ++seen;
        after_last = i + 1;
        any = true;
    }
    if (any) return after_last;
    const int target = m.stage_index(stage);
    for (std::size_t i = 0; i < m.touchpoints.size(); ++i)
        if (m.stage_index(m.touchpoints[i].stage) > target) return i;
    return m.touchpoints.size();
}
}  // namespace

EditResult Editor::add_touchpoint(std::string_view stage, std::size_t at, std::string id, std::string_view locale,
                                  std::string title) {
    if (map_.stage_index(stage) < 0) return EditResult::fail("unknown stage \"" + std::string(stage) + "\"");
    if (map_.touchpoints.size() >= limits_.max_touchpoints) return too_many("touchpoints", limits_.max_touchpoints);
    if (id.empty()) id = fresh_id("touchpoint");
    if (auto r = check_new_id(id, id_taken(id)); !r) return r;
    if (auto r = check_text(title, limits_.max_text_chars, true, "a touchpoint"); !r) return r;
    return apply({}, [&](Map& m) {
        Touchpoint t;
        t.id = id;
        t.stage = std::string(stage);
        set_variant(t.title, locale, std::move(title));
        const std::size_t slot = slot_in_stage(m, stage, at);
        m.touchpoints.insert(m.touchpoints.begin() + static_cast<std::ptrdiff_t>(slot), std::move(t));
        EditResult r;
        r.id = id;
        return r;
    });
}

EditResult Editor::set_touchpoint_text(std::string_view id, TextField field, std::string_view locale, std::string text) {
    if (!find_by_id(map_.touchpoints, id)) return EditResult::fail("unknown touchpoint \"" + std::string(id) + "\"");
    return apply({}, [&](Map& m) {
        Touchpoint& t = *find_by_id(m.touchpoints, id);
        return field == TextField::Title
                   ? write_text(t.title, locale, std::move(text), limits_.max_text_chars, true, "a touchpoint")
                   : write_text(t.description, locale, std::move(text), limits_.max_text_chars, false, "a description");
    });
}

namespace {
EditResult check_short(const std::string& s, const char* what) {
    if (!utf8_valid(s)) return EditResult::fail(std::string(what) + ": not valid UTF-8");
    if (utf8_length(s) > 200) return EditResult::fail(std::string(what) + ": longer than 200 characters");
    return {};
}
}  // namespace

EditResult Editor::set_touchpoint_channel(std::string_view id, std::string channel) {
    if (!find_by_id(map_.touchpoints, id)) return EditResult::fail("unknown touchpoint \"" + std::string(id) + "\"");
    if (auto r = check_short(channel, "a channel"); !r) return r;
    return apply({}, [&](Map& m) {
        find_by_id(m.touchpoints, id)->channel = std::move(channel);
        return EditResult{};
    });
}

EditResult Editor::set_touchpoint_owner(std::string_view id, std::string owner) {
    if (!find_by_id(map_.touchpoints, id)) return EditResult::fail("unknown touchpoint \"" + std::string(id) + "\"");
    if (auto r = check_short(owner, "an owner"); !r) return r;
    return apply({}, [&](Map& m) {
        find_by_id(m.touchpoints, id)->owner = std::move(owner);
        return EditResult{};
    });
}

EditResult Editor::set_touchpoint_layer(std::string_view id, Layer layer) {
    if (!find_by_id(map_.touchpoints, id)) return EditResult::fail("unknown touchpoint \"" + std::string(id) + "\"");
    return apply({}, [&](Map& m) {
        find_by_id(m.touchpoints, id)->layer = layer;
        return EditResult{};
    });
}

EditResult Editor::set_touchpoint_personas(std::string_view id, std::vector<std::string> personas) {
    if (!find_by_id(map_.touchpoints, id)) return EditResult::fail("unknown touchpoint \"" + std::string(id) + "\"");
    for (const auto& p : personas)
        if (map_.persona_index(p) < 0) return EditResult::fail("unknown persona \"" + p + "\"");
    return apply({}, [&](Map& m) {
        find_by_id(m.touchpoints, id)->personas = std::move(personas);
        return EditResult{};
    });
}

EditResult Editor::move_touchpoint(std::string_view id, std::string_view stage, std::size_t at, std::string_view gesture) {
    const int from = map_.touchpoint_index(id);
    if (from < 0) return EditResult::fail("unknown touchpoint \"" + std::string(id) + "\"");
    if (map_.stage_index(stage) < 0) return EditResult::fail("unknown stage \"" + std::string(stage) + "\"");
    // A drag repeats the same target frame after frame: only a real move is recorded.
    {
        const std::size_t now = slot_in_stage(map_, stage, at);
        const auto& t = map_.touchpoints[static_cast<std::size_t>(from)];
        if (t.stage == stage && (now == static_cast<std::size_t>(from) || now == static_cast<std::size_t>(from) + 1))
            return EditResult{};
    }
    return apply(gesture, [&](Map& m) {
        const auto i = static_cast<std::size_t>(m.touchpoint_index(id));
        Touchpoint t = std::move(m.touchpoints[i]);
        m.touchpoints.erase(m.touchpoints.begin() + static_cast<std::ptrdiff_t>(i));
        const std::string old_stage = t.stage;
        t.stage = std::string(stage);
        const std::size_t slot = slot_in_stage(m, stage, at);
        const std::string tid = t.id;
        m.touchpoints.insert(m.touchpoints.begin() + static_cast<std::ptrdiff_t>(slot), std::move(t));
        if (old_stage != stage) {
            for (auto& lane : m.lanes) {
                for (auto& e : lane.items)
                    if (e.touchpoint == tid) e.stage = std::string(stage);
                for (auto& e : lane.points)
                    if (e.touchpoint == tid) e.stage = std::string(stage);
            }
            for (auto& e : m.metrics)
                if (e.touchpoint == tid && !e.stage.empty()) e.stage = std::string(stage);
        }
        return EditResult{};
    });
}

EditResult Editor::delete_touchpoint(std::string_view id) {
    if (map_.touchpoint_index(id) < 0) return EditResult::fail("unknown touchpoint \"" + std::string(id) + "\"");
    return apply({}, [&](Map& m) {
        const std::string tid(id);
        drop_touchpoint_bindings(m, tid);
        m.touchpoints.erase(m.touchpoints.begin() + m.touchpoint_index(tid));
        return EditResult{};
    });
}

// ------------------------------------------------------------------------------- [SECTION] personas
EditResult Editor::add_persona(std::string id, std::string_view locale, std::string name, std::string role) {
    if (map_.personas.size() >= limits_.max_personas) return too_many("personas", limits_.max_personas);
    if (id.empty()) id = fresh_id("persona");
    if (auto r = check_new_id(id, id_taken(id)); !r) return r;
    if (auto r = check_text(name, limits_.max_text_chars, true, "a persona"); !r) return r;
    if (auto r = check_short(role, "a role"); !r) return r;
    return apply({}, [&](Map& m) {
        Persona p;
        p.id = id;
        set_variant(p.name, locale, std::move(name));
        p.role = std::move(role);
        m.personas.push_back(std::move(p));
        EditResult r;
        r.id = id;
        return r;
    });
}

EditResult Editor::set_persona_name(std::string_view id, std::string_view locale, std::string name) {
    if (!find_by_id(map_.personas, id)) return EditResult::fail("unknown persona \"" + std::string(id) + "\"");
    return apply({}, [&](Map& m) {
        return write_text(find_by_id(m.personas, id)->name, locale, std::move(name), limits_.max_text_chars, true, "a persona");
    });
}

EditResult Editor::set_persona_role(std::string_view id, std::string role) {
    if (!find_by_id(map_.personas, id)) return EditResult::fail("unknown persona \"" + std::string(id) + "\"");
    if (auto r = check_short(role, "a role"); !r) return r;
    return apply({}, [&](Map& m) {
        find_by_id(m.personas, id)->role = std::move(role);
        return EditResult{};
    });
}

EditResult Editor::set_persona_color(std::string_view id, std::string color) {
    if (!find_by_id(map_.personas, id)) return EditResult::fail("unknown persona \"" + std::string(id) + "\"");
    const bool hex = color.size() == 7 && color[0] == '#' &&
                     std::all_of(color.begin() + 1, color.end(), [](char c) {
                         return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
                     });
    if (!color.empty() && !hex) return EditResult::fail("a colour is \"#rrggbb\"");
    return apply({}, [&](Map& m) {
        find_by_id(m.personas, id)->color = std::move(color);
        return EditResult{};
    });
}

EditResult Editor::move_persona(std::string_view id, std::size_t to) {
    const int i = map_.persona_index(id);
    if (i < 0) return EditResult::fail("unknown persona \"" + std::string(id) + "\"");
    return apply({}, [&](Map& m) {
        move_to(m.personas, static_cast<std::size_t>(i), to);
        return EditResult{};
    });
}

EditResult Editor::delete_persona(std::string_view id) {
    if (map_.persona_index(id) < 0) return EditResult::fail("unknown persona \"" + std::string(id) + "\"");
    return apply({}, [&](Map& m) {
        const std::string pid(id);
        for (auto& lane : m.lanes)
            lane.points.erase(std::remove_if(lane.points.begin(), lane.points.end(), [&](const EmotionPoint& e) { return e.persona == pid; }),
                              lane.points.end());
        for (auto& t : m.touchpoints) t.personas.erase(std::remove(t.personas.begin(), t.personas.end(), pid), t.personas.end());
        m.personas.erase(m.personas.begin() + m.persona_index(pid));
        return EditResult{};
    });
}

// ------------------------------------------------------------------------------- [SECTION] lanes
namespace {
std::size_t lane_entries(const Map& m) {
    std::size_t n = 0;
    for (const auto& l : m.lanes) n += l.items.size() + l.points.size();
    return n;
}
// A (stage, touchpoint) pair as journey/1 binds it: the touchpoint implies its stage.
EditResult resolve_binding(const Map& m, std::string_view stage, std::string_view touchpoint, std::string& out_stage) {
    if (!touchpoint.empty()) {
        const int ti = m.touchpoint_index(touchpoint);
        if (ti < 0) return EditResult::fail("unknown touchpoint \"" + std::string(touchpoint) + "\"");
        const auto& t = m.touchpoints[static_cast<std::size_t>(ti)];
        if (!stage.empty() && t.stage != stage)
            return EditResult::fail("touchpoint \"" + t.id + "\" belongs to stage \"" + t.stage + "\", not \"" + std::string(stage) + "\"");
        out_stage = t.stage;
        return {};
    }
    if (m.stage_index(stage) < 0) return EditResult::fail("unknown stage \"" + std::string(stage) + "\"");
    out_stage = std::string(stage);
    return {};
}
}  // namespace

EditResult Editor::add_lane(std::size_t at, std::string id, LaneKind kind, std::string_view locale, std::string title) {
    if (map_.lanes.size() >= limits_.max_lanes) return too_many("lanes", limits_.max_lanes);
    if (id.empty()) id = fresh_id("lane");
    if (auto r = check_new_id(id, id_taken(id)); !r) return r;
    if (auto r = check_text(title, limits_.max_text_chars, false, "a lane"); !r) return r;
    return apply({}, [&](Map& m) {
        Lane l;
        l.id = id;
        l.kind = kind;
        set_variant(l.title, locale, std::move(title));
        at = std::min(at, m.lanes.size());
        m.lanes.insert(m.lanes.begin() + static_cast<std::ptrdiff_t>(at), std::move(l));
        EditResult r;
        r.id = id;
        return r;
    });
}

EditResult Editor::set_lane_title(std::string_view id, std::string_view locale, std::string title) {
    if (!find_by_id(map_.lanes, id)) return EditResult::fail("unknown lane \"" + std::string(id) + "\"");
    return apply({}, [&](Map& m) {
        return write_text(find_by_id(m.lanes, id)->title, locale, std::move(title), limits_.max_text_chars, false, "a lane");
    });
}

EditResult Editor::move_lane(std::string_view id, std::size_t to) {
    Lane* l = find_by_id(map_.lanes, id);
    if (!l) return EditResult::fail("unknown lane \"" + std::string(id) + "\"");
    const auto from = static_cast<std::size_t>(l - map_.lanes.data());
    return apply({}, [&](Map& m) {
        move_to(m.lanes, from, to);
        return EditResult{};
    });
}

EditResult Editor::delete_lane(std::string_view id) {
    Lane* l = find_by_id(map_.lanes, id);
    if (!l) return EditResult::fail("unknown lane \"" + std::string(id) + "\"");
    const auto at = l - map_.lanes.data();
    return apply({}, [&](Map& m) {
        m.lanes.erase(m.lanes.begin() + at);
        return EditResult{};
    });
}

EditResult Editor::add_lane_item(std::string_view lane, std::string_view stage, std::string_view touchpoint,
                                 std::string_view locale, std::string text) {
    Lane* l = find_by_id(map_.lanes, lane);
    if (!l) return EditResult::fail("unknown lane \"" + std::string(lane) + "\"");
    if (l->kind == LaneKind::Emotion) return EditResult::fail("the emotion lane holds points, not items");
    if (lane_entries(map_) >= limits_.max_lane_entries) return too_many("lane entries", limits_.max_lane_entries);
    std::string sid;
    if (auto r = resolve_binding(map_, stage, touchpoint, sid); !r) return r;
    if (auto r = check_text(text, limits_.max_text_chars, true, "an item"); !r) return r;
    return apply({}, [&](Map& m) {
        LaneItem item;
        item.stage = sid;
        item.touchpoint = std::string(touchpoint);
        set_variant(item.text, locale, std::move(text));
        find_by_id(m.lanes, lane)->items.push_back(std::move(item));
        return EditResult{};
    });
}

EditResult Editor::set_lane_item(std::string_view lane, std::size_t index, std::string_view locale, std::string text) {
    Lane* l = find_by_id(map_.lanes, lane);
    if (!l || index >= l->items.size()) return EditResult::fail("no item " + std::to_string(index) + " in lane \"" + std::string(lane) + "\"");
    return apply({}, [&](Map& m) {
        return write_text(find_by_id(m.lanes, lane)->items[index].text, locale, std::move(text), limits_.max_text_chars, true, "an item");
    });
}

EditResult Editor::delete_lane_item(std::string_view lane, std::size_t index) {
    Lane* l = find_by_id(map_.lanes, lane);
    if (!l || index >= l->items.size()) return EditResult::fail("no item " + std::to_string(index) + " in lane \"" + std::string(lane) + "\"");
    return apply({}, [&](Map& m) {
        auto& items = find_by_id(m.lanes, lane)->items;
        items.erase(items.begin() + static_cast<std::ptrdiff_t>(index));
        return EditResult{};
    });
}

EditResult Editor::set_emotion(std::string_view lane, std::string_view persona, std::string_view stage,
                               std::string_view touchpoint, double value, std::string_view gesture) {
    Lane* l = find_by_id(map_.lanes, lane);
    if (!l) return EditResult::fail("unknown lane \"" + std::string(lane) + "\"");
    if (l->kind != LaneKind::Emotion) return EditResult::fail("lane \"" + std::string(lane) + "\" is not an emotion lane");
    if (map_.persona_index(persona) < 0) return EditResult::fail("unknown persona \"" + std::string(persona) + "\"");
    std::string sid;
    if (auto r = resolve_binding(map_, stage, touchpoint, sid); !r) return r;
    if (!(value == value)) return EditResult::fail("an emotion is a number from -2 to 2");  // NaN
    value = std::clamp(value, -2.0, 2.0);
    auto same = [&](const EmotionPoint& p) { return p.persona == persona && p.stage == sid && p.touchpoint == touchpoint; };
    const auto existing = std::find_if(l->points.begin(), l->points.end(), same);
    if (existing != l->points.end() && existing->value == value) return EditResult{};  // nothing moved this frame
    if (existing == l->points.end() && lane_entries(map_) >= limits_.max_lane_entries)
        return too_many("lane entries", limits_.max_lane_entries);
    return apply(gesture, [&](Map& m) {
        auto& points = find_by_id(m.lanes, lane)->points;
        auto it = std::find_if(points.begin(), points.end(), same);
        if (it != points.end()) {
            it->value = value;
        } else {
            EmotionPoint p;
            p.persona = std::string(persona);
            p.stage = sid;
            p.touchpoint = std::string(touchpoint);
            p.value = value;
            points.push_back(std::move(p));
        }
        return EditResult{};
    });
}

EditResult Editor::delete_emotion(std::string_view lane, std::string_view persona, std::string_view stage,
                                  std::string_view touchpoint) {
    Lane* l = find_by_id(map_.lanes, lane);
    if (!l) return EditResult::fail("unknown lane \"" + std::string(lane) + "\"");
    std::string sid;
    if (auto r = resolve_binding(map_, stage, touchpoint, sid); !r) return r;
    auto same = [&](const EmotionPoint& p) { return p.persona == persona && p.stage == sid && p.touchpoint == touchpoint; };
    if (std::none_of(l->points.begin(), l->points.end(), same)) return EditResult::fail("no such emotion point");
    return apply({}, [&](Map& m) {
        auto& points = find_by_id(m.lanes, lane)->points;
        points.erase(std::remove_if(points.begin(), points.end(), same), points.end());
        return EditResult{};
    });
}

// ------------------------------------------------------------------------------- [SECTION] metrics
EditResult Editor::bind_metric(MetricKind kind, std::string_view stage, std::string_view touchpoint, std::string survey,
                               std::string question) {
    std::string sid;
    if (auto r = resolve_binding(map_, stage, touchpoint, sid); !r) return r;
    if (!valid_map_id(survey)) return EditResult::fail("\"" + survey + "\" is not a valid survey id");
    if (!valid_map_id(question)) return EditResult::fail("\"" + question + "\" is not a valid question id");
    auto same = [&](const Metric& e) { return e.kind == kind && e.touchpoint == touchpoint && (!touchpoint.empty() || e.stage == sid); };
    const auto existing = std::find_if(map_.metrics.begin(), map_.metrics.end(), same);
    if (existing == map_.metrics.end() && map_.metrics.size() >= limits_.max_metrics) return too_many("metrics", limits_.max_metrics);
    const std::string id = existing != map_.metrics.end()
                               ? existing->id
                               : fresh_id(kind == MetricKind::Nps ? "nps" : kind == MetricKind::Csat ? "csat" : kind == MetricKind::Ces ? "ces" : "metric");
    return apply({}, [&](Map& m) {
        auto it = std::find_if(m.metrics.begin(), m.metrics.end(), same);
        if (it == m.metrics.end()) {
            Metric metric;
            metric.id = id;
            metric.kind = kind;
            metric.stage = touchpoint.empty() ? sid : std::string();
            metric.touchpoint = std::string(touchpoint);
            m.metrics.push_back(std::move(metric));
            it = m.metrics.end() - 1;
        }
        it->survey = std::move(survey);
        it->question = std::move(question);
        EditResult r;
        r.id = id;
        return r;
    });
}

EditResult Editor::unbind_metric(std::string_view id) {
    if (!find_by_id(map_.metrics, id)) return EditResult::fail("unknown metric \"" + std::string(id) + "\"");
    return apply({}, [&](Map& m) {
        m.metrics.erase(std::remove_if(m.metrics.begin(), m.metrics.end(), [&](const Metric& e) { return e.id == id; }), m.metrics.end());
        return EditResult{};
    });
}

// ------------------------------------------------------------------------------- [SECTION] variants
Map make_variant(const Map& map, std::string new_id) {
    Map v = map;
    v.meta.counterpart = map.id;
    v.id = std::move(new_id);
    v.meta.state = map.meta.state == MapState::Current ? MapState::Future : MapState::Current;
    return v;
}

Map blank_map(std::string id, std::string_view locale, const std::vector<std::string>& stage_titles) {
    Map m;
    m.id = std::move(id);
    if (!locale.empty()) m.meta.locales.emplace_back(locale);
    set_variant(m.meta.title, locale, ui_text("newJourney", locale));
    Persona p;
    p.id = "customer";
    set_variant(p.name, locale, ui_text("customer", locale));
    p.role = ui_text("customerRole", locale);
    m.personas.push_back(std::move(p));
    const std::vector<std::string> titles = stage_titles.empty() ? std::vector<std::string>{"1"} : stage_titles;
    for (std::size_t i = 0; i < titles.size(); ++i) {
        Stage s;
        s.id = "stage-" + std::to_string(i + 1);
        set_variant(s.title, locale, titles[i]);
        m.stages.push_back(std::move(s));
    }
    Lane emotion;
    emotion.id = "emotion";
    emotion.kind = LaneKind::Emotion;
    m.lanes.push_back(std::move(emotion));
    Lane pains;
    pains.id = "pain-points";
    pains.kind = LaneKind::PainPoints;
    m.lanes.push_back(std::move(pains));
    return m;
}

}  // namespace touchpoint::journey
