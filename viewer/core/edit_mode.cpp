// Edit mode: the map belongs to the core's Editor (journey/edit.hpp) while editing, and v.map is
// its mirror after each change. The canvas adds direct manipulation on top of the view: drag a
// touchpoint card to another stage or position (a bar shows where it lands; it moves when dropped),
// drag a persona's emotion point up or down, the
// edit bar (undo, redo, add a stage or touchpoint, delete), and keys (Ctrl+Z, Ctrl+Shift+Z or
// Ctrl+Y, Delete, Alt+arrows to move the selected touchpoint). A drag is one Editor gesture, so it
// undoes in one step. Text is never typed here: the embedder's side panel sends edit commands
// (edit_commands.cpp), the same ops the canvas uses.
#include <algorithm>
#include <cmath>

#include "viewer.hpp"
#include "touchpoint/journey/map_diff.hpp"

namespace tpviewer {
namespace {

using json = nlohmann::json;

// The touchpoint's position among its stage's touchpoints (the Editor's `at`).
std::size_t position_in_stage(const jn::Map& m, int tp) {
    std::size_t at = 0;
    for (int i = 0; i < tp; ++i)
        if (m.touchpoints[i].stage == m.touchpoints[tp].stage) ++at;
    return at;
}

// Where a card dropped at canvas point (x, y) goes: the stage column under x, and the position
// among that stage's other cards (those before the point in reading order: a sub-column to the
// left, or above in the same sub-column).
bool drop_target(const Viewer& v, int dragged, float x, float y, std::string& stage, std::size_t& at) {
    int col = jn::column_at(v.layout, x);
    const int n = static_cast<int>(v.layout.columns.size());
    if (col < 0 && n > 0 && x >= v.layout.columns[n - 1].body.right()) col = n - 1;  // past the last stage
    if (col < 0 && n > 0 && x < v.layout.columns[0].body.x) col = 0;                   // before the first
    if (col < 0) return false;
    stage = v.map.stages[col].id;
    at = 0;
    for (std::size_t i = 0; i < v.layout.cards.size(); ++i) {
        const jn::Card& c = v.layout.cards[i];
        if (static_cast<int>(i) == dragged || c.stage != col) continue;
        const bool left = c.rect.right() < x;
        const bool above = c.rect.x <= x && c.rect.y + c.rect.h / 2 < y;
        if (left || above) ++at;
    }
    return true;
}

// The emotion point under the mouse: {curve, point} indices into v.layout.curves, or {-1, -1}.
std::pair<int, int> emotion_point_at(const Viewer& v, float x, float y) {
    const float reach = 8.f / v.zoom;  // 8 screen px, whatever the zoom
    for (std::size_t c = 0; c < v.layout.curves.size(); ++c) {
        const jn::Curve& curve = v.layout.curves[c];
        if (!v.filter.persona.empty() && v.map.personas[curve.persona].id != v.filter.persona) continue;
        for (std::size_t p = 0; p < curve.points.size(); ++p) {
            const jn::CurvePoint& cp = curve.points[p];
            if (cp.point >= 0 && std::fabs(cp.x - x) <= reach && std::fabs(cp.y - y) <= reach)
                return {static_cast<int>(c), static_cast<int>(p)};
        }
    }
    return {-1, -1};
}

void report(Viewer& v, const jn::EditResult& r) {
    if (r.ok) after_edit(v);
    else notify(v, "edit-error", json{{"error", r.error}}.dump(-1, ' ', false, json::error_handler_t::replace));
}

// The stage new touchpoints go to: the selected touchpoint's, else the selected stage, else the last.
int target_stage(const Viewer& v) {
    if (v.selected >= 0) return v.map.stage_index(v.map.touchpoints[v.selected].stage);
    if (v.edit.stage >= 0 && v.edit.stage < static_cast<int>(v.map.stages.size())) return v.edit.stage;
    return static_cast<int>(v.map.stages.size()) - 1;
}

}  // namespace

// The embedder reads the edit state when it redraws (edit_state_json): the event only says that
// something changed, so a drag step does not serialize the whole map.
void notify_edit(const Viewer& v) {
    notify(v, "edit", json{{"editing", v.edit.workshop.has_value()}, {"revision", v.edit.revision}}.dump());
}

bool set_editing(Viewer& v, bool on) {
    if (on == v.edit.workshop.has_value()) return true;
    if (on && !v.has_map) return false;
    if (on) start_workshop(v);
    else v.edit = {};
    notify_edit(v);
    return true;
}

void start_workshop(Viewer& v) {
    std::vector<jn::Map> others;
    if (v.counterpart && v.counterpart->id != v.map.id) others.push_back(*v.counterpart);
    v.edit = EditState{};
    v.edit.workshop.emplace(v.map, std::move(others));
}

void show_variants(Viewer& v) {
    if (!v.edit.workshop) return;
    const jn::Workshop& w = *v.edit.workshop;
    const int other = w.counterpart();
    if (other >= 0) v.counterpart = w.map(static_cast<std::size_t>(other));
    else if (w.size() > 1 || (v.counterpart && v.counterpart->id == w.map().id)) v.counterpart.reset();
    v.fitted = false;  // another variant may be wider or narrower
    after_edit(v);
}

void after_edit(Viewer& v) {
    if (!v.edit.workshop) return;
    // Files what the active variant's Editor just did in the shared history (a drag once).
    v.edit.workshop->record();
    v.map = v.edit.workshop->map();
    v.layout_dirty = true;
    if (v.selected >= static_cast<int>(v.map.touchpoints.size())) v.selected = -1;
    if (v.hovered >= static_cast<int>(v.map.touchpoints.size())) v.hovered = -1;
    if (v.edit.stage >= static_cast<int>(v.map.stages.size())) v.edit.stage = -1;
    if (v.present_stage >= static_cast<int>(v.map.stages.size())) v.present_stage = 0;
    if (!v.filter.persona.empty() && v.map.persona_index(v.filter.persona) < 0) v.filter.persona.clear();
    rebind_overlay(v);
    // Dragging an emotion point changes no touchpoint: the selected one's details (read from the
    // responses) stay valid through the drag's steps.
    if (v.selected >= 0 && v.edit.drag == EditState::Drag::None) compute_detail(v, v.selected);
    ++v.edit.revision;
    v.table_dirty = true;
    notify_edit(v);
}

bool edit_undo(Viewer& v, bool redo) {
    if (!v.edit.workshop) return false;
    jn::Workshop& w = *v.edit.workshop;
    const std::size_t active = w.active(), count = w.size();
    const bool ok = redo ? w.redo() : w.undo();
    if (!ok) return false;
    // Undoing may switch to the variant the step was made in, or remove a created one.
    if (w.active() != active || w.size() != count) show_variants(v);
    else after_edit(v);
    return ok;
}

void select_stage(Viewer& v, int stage) {
    v.edit.stage = stage;
    notify_edit(v);
}

void edit_bar(Viewer& v, ImVec2 origin) {
    if (!v.edit.workshop) return;
    jn::Editor& e = v.edit.workshop->editor();
    ImGui::SetNextWindowPos({origin.x + 8, origin.y + 8});
    ImGui::Begin("##edit", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_AlwaysAutoResize);
    auto button = [&v](const char* label, const char* name, bool enabled) {
        ImGui::BeginDisabled(!enabled);
        const bool hit = ImGui::Button(label);
        ImGui::EndDisabled();
        const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
        v.controls[name] = {a.x, a.y, b.x - a.x, b.y - a.y};
        ImGui::SameLine();
        return hit;
    };
    if (button(ui_text(v, "undo").c_str(), "undo", v.edit.workshop->can_undo())) edit_undo(v, false);
    if (button(ui_text(v, "redo").c_str(), "redo", v.edit.workshop->can_redo())) edit_undo(v, true);
    if (button(ui_text(v, "addStageButton").c_str(), "add_stage", true)) {
        const std::size_t at = v.edit.stage >= 0 ? static_cast<std::size_t>(v.edit.stage) + 1 : v.map.stages.size();
        const jn::EditResult r = e.add_stage(at, "", e.edit_locale(), ui_text(v, "newStage"));
        report(v, r);
        if (r.ok) select_stage(v, v.map.stage_index(r.id));
    }
    const int stage = target_stage(v);
    if (button(ui_text(v, "addTouchpointButton").c_str(), "add_touchpoint", stage >= 0)) {
        const jn::EditResult r = e.add_touchpoint(v.map.stages[stage].id, static_cast<std::size_t>(-1), "", e.edit_locale(),
                                                  ui_text(v, "newTouchpoint"));
        report(v, r);
        if (r.ok) {
            v.selected = v.map.touchpoint_index(r.id);
            notify(v, "select", json{{"touchpoint", r.id}}.dump());
        }
    }
    const bool can_delete = v.selected >= 0 || (v.edit.stage >= 0 && v.map.stages.size() > 1);
    if (button(ui_text(v, "delete").c_str(), "delete", can_delete)) edit_delete_selected(v);
    ImGui::NewLine();
    ImGui::End();
}

void edit_delete_selected(Viewer& v) {
    if (!v.edit.workshop) return;
    if (v.selected >= 0) {
        const std::string id = v.map.touchpoints[v.selected].id;
        v.selected = -1;
        report(v, v.edit.workshop->editor().delete_touchpoint(id));
        notify(v, "select", "{\"touchpoint\":null}");
    } else if (v.edit.stage >= 0) {
        const std::string id = v.map.stages[v.edit.stage].id;
        v.edit.stage = -1;
        report(v, v.edit.workshop->editor().delete_stage(id));
    }
}

bool edit_canvas_input(Viewer& v, ImVec2 local, bool over) {
    if (!v.edit.workshop) return false;
    jn::Editor& e = v.edit.workshop->editor();
    EditState& s = v.edit;
    const float cx = (local.x - v.pan_x) / v.zoom, cy = (local.y - v.pan_y) / v.zoom;
    if (over && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
        const auto [curve, point] = emotion_point_at(v, cx, cy);
        if (curve >= 0) {
            s.drag = EditState::Drag::Emotion;
            s.drag_curve = curve;
            s.drag_point = point;
        } else if (v.hovered >= 0) {
            s.drag = EditState::Drag::Card;
            s.drag_touchpoint = v.map.touchpoints[v.hovered].id;
            // The details panel opening beside the map must not refit the view under the mouse.
            v.user_moved = true;
            const jn::Rect& r = v.layout.cards[v.hovered].rect;
            s.grab = {cx - r.x, cy - r.y};
            if (v.selected != v.hovered) {
                v.selected = v.hovered;
                compute_detail(v, v.selected);
                notify(v, "select", json{{"touchpoint", s.drag_touchpoint}}.dump(-1, ' ', false, json::error_handler_t::replace));
            }
        } else {
            // A click on a stage header selects the stage (for "+ Touchpoint" and Delete).
            const int col = jn::column_at(v.layout, cx);
            if (col >= 0 && v.layout.columns[col].header.contains(cx, cy)) {
                if (v.selected >= 0) {
                    v.selected = -1;
                    notify(v, "select", "{\"touchpoint\":null}");
                }
                select_stage(v, col);
                return true;
            }
            return false;  // the view's own handling: pan, or a click that clears the selection
        }
        return true;
    }
    if (s.drag == EditState::Drag::None) return false;
    if (v.layout_dirty) relayout(v);
    if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
        // A card lands where it was dropped: one move, one undo step. (Moving it on every step of
        // the drag re-laid the whole map out per frame: ~10 ms at 1,000 touchpoints.)
        const int tp = v.map.touchpoint_index(s.drag_touchpoint);
        if (s.drag == EditState::Drag::Card && tp >= 0 && !s.drop_stage.empty() &&
            (s.drop_stage != v.map.touchpoints[tp].stage || s.drop_at != position_in_stage(v.map, tp))) {
            s.drag = EditState::Drag::None;  // not carried any more: after_edit reads its details again
            report(v, e.move_touchpoint(s.drag_touchpoint, s.drop_stage, s.drop_at));
            v.selected = v.map.touchpoint_index(s.drag_touchpoint);
        }
        e.end_gesture();
        s.drag = EditState::Drag::None;
        s.drop_stage.clear();
        return true;
    }
    if (s.drag == EditState::Drag::Card) {
        // While carried, the card's landing place is shown (draw_edit_overlay), not yet moved.
        const int tp = v.map.touchpoint_index(s.drag_touchpoint);
        s.drop_stage.clear();
        if (tp >= 0 && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 3.f) && drop_target(v, tp, cx, cy, s.drop_stage, s.drop_at) &&
            s.drop_stage == v.map.touchpoints[tp].stage && s.drop_at == position_in_stage(v.map, tp))
            s.drop_stage.clear();  // where it already is
    } else if (s.drag == EditState::Drag::Emotion && s.drag_curve < static_cast<int>(v.layout.curves.size())) {
        const jn::Curve& curve = v.layout.curves[s.drag_curve];
        if (s.drag_point >= static_cast<int>(curve.points.size())) return true;
        const jn::CurvePoint& cp = curve.points[s.drag_point];
        const jn::LaneRow& row = v.layout.lanes[curve.lane];
        const float mid = row.row.y + row.row.h / 2, amp = row.row.h / 2 - 10;
        // The layout draws value v at mid − v/2·amp; the inverse, clamped, in steps of 0.1.
        const double value = std::clamp(std::round(static_cast<double>((mid - cy) / amp) * 20) / 10, -2.0, 2.0);
        const jn::Lane& lane = v.map.lanes[curve.lane];
        const jn::EmotionPoint& pt = lane.points[cp.point];
        if (std::fabs(pt.value - value) > 1e-9)
            report(v, e.set_emotion(lane.id, v.map.personas[curve.persona].id, pt.stage, pt.touchpoint, value, "drag-emotion"));
    }
    return true;
}

void edit_keys(Viewer& v) {
    if (!v.edit.workshop) return;
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput) return;
    if (io.KeyCtrl && ImGui::IsKeyPressed(ImGuiKey_Z, false)) edit_undo(v, io.KeyShift);
    if (io.KeyCtrl && ImGui::IsKeyPressed(ImGuiKey_Y, false)) edit_undo(v, true);
    if (ImGui::IsKeyPressed(ImGuiKey_Delete, false)) edit_delete_selected(v);
    if (io.KeyAlt && v.selected >= 0) {
        const jn::Touchpoint& tp = v.map.touchpoints[v.selected];
        const int stage = v.map.stage_index(tp.stage);
        const std::size_t at = position_in_stage(v.map, v.selected);
        const std::string id = tp.id;
        jn::EditResult r;
        bool moved = true;
        if (ImGui::IsKeyPressed(ImGuiKey_LeftArrow) && stage > 0)
            r = v.edit.workshop->editor().move_touchpoint(id, v.map.stages[stage - 1].id, static_cast<std::size_t>(-1));
        else if (ImGui::IsKeyPressed(ImGuiKey_RightArrow) && stage + 1 < static_cast<int>(v.map.stages.size()))
            r = v.edit.workshop->editor().move_touchpoint(id, v.map.stages[stage + 1].id, static_cast<std::size_t>(-1));
        else if (ImGui::IsKeyPressed(ImGuiKey_UpArrow) && at > 0)
            r = v.edit.workshop->editor().move_touchpoint(id, tp.stage, at - 1);
        else if (ImGui::IsKeyPressed(ImGuiKey_DownArrow))
            r = v.edit.workshop->editor().move_touchpoint(id, tp.stage, at + 1);
        else moved = false;
        if (moved) {
            v.edit.workshop->editor().end_gesture();
            report(v, r);
            v.selected = v.map.touchpoint_index(id);
        }
    }
}

void draw_edit_overlay(Viewer& v, ImVec2 origin) {
    const EditState& s = v.edit;
    if (!s.workshop || !v.has_map) return;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImGuiIO& io = ImGui::GetIO();
    auto pt = [&](float x, float y) { return ImVec2{origin.x + v.pan_x + x * v.zoom, origin.y + v.pan_y + y * v.zoom}; };
    if (v.edit.stage >= 0 && v.edit.stage < static_cast<int>(v.layout.columns.size())) {
        const jn::Rect& h = v.layout.columns[v.edit.stage].header;
        dl->AddRect(pt(h.x, h.y), pt(h.right(), h.bottom()), v.theme.selection, 6 * v.zoom, 0, 3.f);
    }
    if (s.drag == EditState::Drag::Card && !s.drop_stage.empty()) {
        // Where the carried card will land: a bar before the card that will follow it in the
        // target stage, or after the stage's last card (or at the top of an empty stage).
        const int col = v.map.stage_index(s.drop_stage);
        const int tp = v.map.touchpoint_index(s.drag_touchpoint);
        const jn::Rect* before = nullptr;
        const jn::Rect* last = nullptr;
        std::size_t seen = 0;
        for (std::size_t i = 0; i < v.layout.cards.size(); ++i) {
            if (v.layout.cards[i].stage != col || static_cast<int>(i) == tp) continue;
            if (seen++ == s.drop_at) before = &v.layout.cards[i].rect;
            last = &v.layout.cards[i].rect;
        }
        float bx = 0, by = 0, bw = 0;
        if (before) bx = before->x, by = before->y - 5, bw = before->w;
        else if (last) bx = last->x, by = last->bottom() + 5, bw = last->w;
        else if (col >= 0 && col < static_cast<int>(v.layout.columns.size()))
            bx = v.layout.columns[col].body.x + 10, by = v.layout.cards_band.y + 5, bw = v.layout.columns[col].body.w - 20;
        if (bw > 0) dl->AddRectFilled(pt(bx, by - 2), pt(bx + bw, by + 2), v.theme.accent, 2.f);
    }
    if (s.drag == EditState::Drag::Card) {
        // The card under the mouse while it is carried.
        const int tp = v.map.touchpoint_index(s.drag_touchpoint);
        if (tp >= 0 && tp < static_cast<int>(v.layout.cards.size())) {
            const jn::Rect& r = v.layout.cards[tp].rect;
            const ImVec2 a{io.MousePos.x - s.grab.x * v.zoom, io.MousePos.y - s.grab.y * v.zoom};
            dl->AddRect(a, {a.x + r.w * v.zoom, a.y + r.h * v.zoom}, v.theme.accent, 6 * v.zoom, 0, 2.f);
        }
    }
    // Emotion points are handles: a ring on the one under the mouse (or being dragged).
    const float cx = (io.MousePos.x - origin.x - v.pan_x) / v.zoom, cy = (io.MousePos.y - origin.y - v.pan_y) / v.zoom;
    auto [curve, point] = s.drag == EditState::Drag::Emotion ? std::pair<int, int>{s.drag_curve, s.drag_point}
                                                               : emotion_point_at(v, cx, cy);
    if (curve >= 0 && curve < static_cast<int>(v.layout.curves.size()) &&
        point < static_cast<int>(v.layout.curves[curve].points.size())) {
        const jn::CurvePoint& cp = v.layout.curves[curve].points[point];
        dl->AddCircle(pt(cp.x, cp.y), 8.f, v.theme.selection, 0, 2.f);
    }
}

std::string edit_state_json(const Viewer& v) {
    json out = {{"editing", v.edit.workshop.has_value()}, {"revision", v.edit.revision}};
    if (!v.edit.workshop) return out.dump();
    const std::string& loc = v.locale;
    out["can_undo"] = v.edit.workshop->can_undo();
    out["can_redo"] = v.edit.workshop->can_redo();
    out["locale"] = loc;
    out["title"] = std::string(v.map.meta.title.get(loc));
    out["selected"] = v.selected >= 0 ? json(v.map.touchpoints[v.selected].id) : json();
    out["selected_stage"] = v.edit.stage >= 0 ? json(v.map.stages[v.edit.stage].id) : json();
    json stages = json::array();
    for (const jn::Stage& st : v.map.stages) {
        json tps = json::array();
        for (const jn::Touchpoint& tp : v.map.touchpoints)
            if (tp.stage == st.id)
                tps.push_back({{"id", tp.id}, {"title", std::string(tp.title.get(loc))}, {"channel", tp.channel}, {"owner", tp.owner}});
        stages.push_back({{"id", st.id}, {"title", std::string(st.title.get(loc))}, {"touchpoints", std::move(tps)}});
    }
    out["stages"] = std::move(stages);
    json personas = json::array();
    for (const jn::Persona& p : v.map.personas)
        personas.push_back({{"id", p.id}, {"name", std::string(p.name.get(loc))}, {"role", p.role}});
    out["personas"] = std::move(personas);
    json lanes = json::array();
    for (const jn::Lane& l : v.map.lanes) {
        json lane = {{"id", l.id}, {"kind", jn::to_string(l.kind)}, {"title", std::string(l.title.get(loc))}};
        if (l.kind == jn::LaneKind::Emotion) {
            json points = json::array();
            for (const jn::EmotionPoint& p : l.points)
                points.push_back({{"persona", p.persona}, {"stage", p.stage}, {"touchpoint", p.touchpoint}, {"value", p.value}});
            lane["points"] = std::move(points);
        } else {
            json items = json::array();  // pain points, opportunities, backstage, KPIs ...: by index
            for (const jn::LaneItem& it : l.items)
                items.push_back({{"stage", it.stage}, {"touchpoint", it.touchpoint}, {"text", std::string(it.text.get(loc))}});
            lane["items"] = std::move(items);
        }
        lanes.push_back(std::move(lane));
    }
    out["lanes"] = std::move(lanes);
    json kinds = json::array();  // what "add_lane" takes, from the model
    for (jn::LaneKind k : {jn::LaneKind::Actions, jn::LaneKind::Thoughts, jn::LaneKind::Emotion, jn::LaneKind::PainPoints,
                           jn::LaneKind::Opportunities, jn::LaneKind::Backstage, jn::LaneKind::Kpis})
        kinds.push_back(jn::to_string(k));
    out["lane_kinds"] = std::move(kinds);
    out["variants"] = variants_json(v);
    return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

namespace {
json optional_json(const std::optional<double>& x) { return x ? json(*x) : json(); }

json step_json(const jn::StepDiff& d, const jn::Map& as_is, const jn::Map& to_be, bool stage, const std::string& loc) {
    const jn::Map& m = d.after >= 0 ? to_be : as_is;
    const int i = d.after >= 0 ? d.after : d.before;
    const auto u = static_cast<std::size_t>(i);
    json out = {{"id", d.id},
                {"title", std::string(stage ? m.stages[u].title.get(loc) : m.touchpoints[u].title.get(loc))},
                {"change", jn::to_string(d.change)},
                {"edited", d.edited},
                {"emotion_before", optional_json(d.emotion_before)},
                {"emotion_after", optional_json(d.emotion_after)}};
    if (!stage) {
        out["stage_before"] = d.stage_before;
        out["stage_after"] = d.stage_after;
    }
    if (d.metrics) {
        const auto change = [](const touchpoint::stats::Change& c) {
            return json{{"delta", c.delta}, {"p", c.p_value}, {"testable", c.testable}, {"significant", c.significant}};
        };
        out["nps"] = change(d.metrics->nps);
        out["csat"] = change(d.metrics->csat);
    }
    return out;
}

bool differs(const jn::StepDiff& d) {
    const bool emotion = d.emotion_before.has_value() != d.emotion_after.has_value() ||
                         (d.emotion_before && std::abs(*d.emotion_before - *d.emotion_after) > 1e-9);
    return d.change != jn::StepChange::Same || d.edited || emotion;
}
}  // namespace

json variants_json(const Viewer& v) {
    if (!v.edit.workshop) return json();
    const jn::Workshop& w = *v.edit.workshop;
    const std::string& loc = v.locale;
    json list = json::array();
    for (std::size_t i = 0; i < w.size(); ++i) {
        const jn::Map& m = w.map(i);
        list.push_back({{"id", m.id}, {"state", jn::to_string(m.meta.state)},
                        {"title", std::string(m.meta.title.get(loc))}, {"active", i == w.active()}});
    }
    json out = {{"active", w.map().id}, {"list", std::move(list)}, {"compare", json()}};
    const int other = w.counterpart();
    if (other < 0) return out;
    // As-is is the "current" one of the pair; if both (or neither) are, the counterpart is.
    const jn::Map& active = w.map();
    const jn::Map& counterpart = w.map(static_cast<std::size_t>(other));
    const bool active_is_as_is =
        active.meta.state == jn::MapState::Current && counterpart.meta.state == jn::MapState::Future;
    const jn::Map& as_is = active_is_as_is ? active : counterpart;
    const jn::Map& to_be = active_is_as_is ? counterpart : active;
    const jn::MapDiff d = jn::diff_maps(as_is, to_be);
    json stages = json::array(), touchpoints = json::array();
    for (const jn::StepDiff& s : d.stages)
        if (differs(s)) stages.push_back(step_json(s, as_is, to_be, true, loc));
    for (const jn::StepDiff& t : d.touchpoints)
        if (differs(t)) touchpoints.push_back(step_json(t, as_is, to_be, false, loc));
    out["compare"] = {{"as_is", as_is.id}, {"to_be", to_be.id},
                      {"added", d.added}, {"removed", d.removed}, {"moved", d.moved}, {"edited", d.edited},
                      {"stages", std::move(stages)}, {"touchpoints", std::move(touchpoints)}};
    return out;
}

}  // namespace tpviewer
