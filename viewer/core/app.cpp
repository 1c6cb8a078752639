// The viewer's platform-neutral side, shared by the browser and the native backend
// (viewer/backends/): ImGui style, building a frame, loading maps and applying settings. Both
// backends call exactly these, so a setting behaves the same in the element and on the desktop.
#include <algorithm>
#include <cstdio>

#include "imgui.h"
#include "viewer.hpp"

namespace tpviewer {

using json = nlohmann::json;

void notify(const Viewer& v, const char* type, const std::string& payload) {
    if (v.host.notify) v.host.notify(type, payload);
}

void set_font_language(const Viewer& v) {
    if (v.host.set_font_language) v.host.set_font_language(v.locale.c_str());
}

void setup_imgui() {
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no files: state lives in the embedder (attributes, command line)
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    ImGui::StyleColorsLight();
    ImGui::GetStyle().FrameRounding = 4.f;
}

void build_frame(Viewer& v) {
    ImGui::NewFrame();
    draw_ui(v);
    ImGui::Render();
}

json load_map(Viewer& v, std::string_view text, std::string_view locale) {
    touchpoint::Diagnostics diags;
    auto map = jn::parse_map(text, diags);
    json out = {{"ok", map.has_value()}, {"diagnostics", json::array()}};
    for (const auto& d : diags.items())
        out["diagnostics"].push_back({{"severity", d.severity == touchpoint::Severity::Error ? "error" : "warning"},
                                      {"pointer", d.pointer}, {"message", d.message}});
    if (!map) return out;
    v.map = std::move(*map);
    v.has_map = true;
    v.locale = !locale.empty() ? std::string(locale) : std::string(v.map.default_locale());
    set_font_language(v);
    v.layout_dirty = true;
    v.fitted = false;
    v.selected = v.hovered = -1;
    v.presenting = false;
    v.counterpart.reset();
    v.filter = {};
    v.answer_pick.clear();
    reaggregate(v);
    if (v.edit.workshop) {
        // Still editing, now this map: a fresh history (undo does not cross into the previous map).
        start_workshop(v);
        notify_edit(v);
    }
    out["id"] = v.map.id;
    out["locale"] = v.locale;
    out["title"] = std::string(v.map.meta.title.get(v.locale));  // in the language shown
    return out;
}

bool load_counterpart(Viewer& v, std::string_view text, std::string* errors) {
    touchpoint::Diagnostics diags;
    v.counterpart = jn::parse_map(text, diags);
    if (errors) *errors = diags.to_string();
    if (v.counterpart && v.edit.workshop) {
        // Editing already: the comparison map becomes a variant (a fresh history, as for a new map).
        start_workshop(v);
        notify_edit(v);
    }
    return v.counterpart.has_value();
}

namespace {
ImVec2 map_area() {
    const ImVec2 ds = ImGui::GetIO().DisplaySize;
    return {ds.x, ds.y - kToolbarHeight};
}
}  // namespace

void set_presenting(Viewer& v, bool on, int stage) {
    const int n = static_cast<int>(v.map.stages.size());
    v.presenting = on && n > 0;
    v.present_stage = std::clamp(stage, 0, std::max(0, n - 1));
    if (v.presenting) focus_stage(v, v.present_stage, map_area());
    else fit_to_view(v, map_area());
    // The element announces the stage in its live region and marks its rows in the DOM table.
    json ev = {{"presenting", v.presenting}, {"stage", v.present_stage}, {"count", n}};
    if (v.presenting) {
        ev["id"] = v.map.stages[v.present_stage].id;
        ev["title"] = std::string(v.map.stages[v.present_stage].title.get(v.locale));
    }
    notify(v, "present", ev.dump(-1, ' ', false, json::error_handler_t::replace));
}

void set_answer_filter(Viewer& v, const std::string& question, const std::string& value) {
    v.filter.question = question;
    v.answer_pick = question;
    v.filter.value = question.empty() ? std::string() : value;
    reaggregate(v);
    notify(v, "filter", json{{"question", v.filter.question}, {"value", v.filter.value}}.dump(
                         -1, ' ', false, json::error_handler_t::replace));
}

std::string apply_setting(Viewer& v, const std::string& key, const std::string& value) {
    std::string error;
    if (key == "metric") {
        if (auto m = jn::heat_metric_from(value)) {
            v.metric = *m;
            if (v.selected >= 0) compute_detail(v, v.selected);
            v.table_dirty = true;
        } else error = "metric must be nps, csat, ces or n";
    } else if (key == "persona") {
        if (!value.empty() && v.map.persona_index(value) < 0) error = "unknown persona \"" + value + "\"";
        else { v.filter.persona = value; reaggregate(v); }
    } else if (key == "answer") {
        const auto eq = value.find('=');
        if (!value.empty() && eq == std::string::npos) error = "answer filter is question=value";
        else set_answer_filter(v, value.empty() ? "" : value.substr(0, eq), value.empty() ? "" : value.substr(eq + 1));
    } else if (key == "until") {
        auto it = std::find(v.periods.begin(), v.periods.end(), value);
        if (!value.empty() && it == v.periods.end()) error = "no responses in period \"" + value + "\"";
        else { v.filter.period_to = value.empty() ? -1 : static_cast<int>(it - v.periods.begin()); reaggregate(v); }
    } else if (key == "theme") {
        if (value != "dark" && value != "light") error = "theme must be light or dark";
        else v.theme = make_theme(value == "dark");
    } else if (key == "locale") {
        v.locale = value.empty() ? std::string(v.map.default_locale()) : value;
        set_font_language(v);
        v.layout_dirty = true;
        v.table_dirty = true;
    } else if (key == "search") {
        std::snprintf(v.search, sizeof v.search, "%s", value.c_str());
        v.search_hits.clear();
        for (std::size_t i = 0; i < v.map.touchpoints.size(); ++i) {
            const auto& tp = v.map.touchpoints[i];
            bool hit = tp.id.find(value) != std::string::npos;
            for (const auto& t : tp.title.variants) hit = hit || t.second.find(value) != std::string::npos;
            if (hit && !value.empty()) v.search_hits.push_back(static_cast<int>(i));
        }
    } else if (key == "select") {
        const int tp = value.empty() ? -1 : v.map.touchpoint_index(value);
        if (!value.empty() && tp < 0) error = "unknown touchpoint \"" + value + "\"";
        else {
            v.selected = tp;
            if (tp >= 0) compute_detail(v, tp);
            v.table_dirty = true;
        }
    } else if (key == "present") {
        if (value == "on") set_presenting(v, true, 0);
        else if (value == "off") set_presenting(v, false, 0);
        else if (value == "next") set_presenting(v, v.presenting, v.present_stage + 1);
        else if (value == "prev") set_presenting(v, v.presenting, v.present_stage - 1);
        else error = "present is on, off, next or prev";
    } else if (key == "zoom") {
        const ImVec2 area = map_area();
        if (value == "fit") fit_to_view(v, area);
        else if (value == "in" || value == "out") zoom_at(v, value == "in" ? 1.25f : 1 / 1.25f, {area.x / 2, area.y / 2});
        else error = "zoom is in, out or fit";
    } else if (key == "alerts") {
        error = set_open_alerts(v, value);
    } else if (key == "edit") {
        if (value != "on" && value != "off") error = "edit is on or off";
        else if (!set_editing(v, value == "on")) error = "no map to edit";
    } else {
        error = "unknown setting \"" + key + "\"";
    }
    return error;
}

std::string state_json(const Viewer& v, double frame_ms) {
    json s = {{"zoom", v.zoom}, {"pan", {v.pan_x, v.pan_y}},
              {"selected", v.selected >= 0 ? json(v.map.touchpoints[v.selected].id) : json()},
              {"hovered", v.hovered >= 0 ? json(v.map.touchpoints[v.hovered].id) : json()},
              {"metric", jn::to_string(v.metric)}, {"presenting", v.presenting},
              {"stage", v.present_stage}, {"frame_ms", frame_ms}, {"responses", v.responses_total},
              {"periods", v.periods}, {"detail_terms", json::array()},
              {"filter", {{"persona", v.filter.persona}, {"question", v.filter.question}, {"value", v.filter.value}}},
              {"controls", v.controls}, {"editing", v.edit.workshop.has_value()},
              {"locale", v.locale}, {"strings", jn::ui_strings_column(v.locale)}};
    if (v.edit.workshop) {
        // Edit mode: where each emotion point's handle is (CSS px on the canvas), for tests and embedders.
        json points = json::array();
        for (const jn::Curve& c : v.layout.curves)
            for (const jn::CurvePoint& cp : c.points) {
                if (cp.point < 0) continue;
                const jn::EmotionPoint& p = v.map.lanes[c.lane].points[cp.point];
                points.push_back({{"lane", v.map.lanes[c.lane].id}, {"persona", p.persona}, {"stage", p.stage},
                                  {"touchpoint", p.touchpoint}, {"value", p.value},
                                  {"x", v.pan_x + cp.x * v.zoom}, {"y", kToolbarHeight + v.pan_y + cp.y * v.zoom}});
            }
        s["emotion_points"] = std::move(points);
        json headers = json::array();  // each stage's header [x, y, w, h]: a click there selects the stage
        for (const jn::StageColumn& col : v.layout.columns)
            headers.push_back({v.pan_x + col.header.x * v.zoom, kToolbarHeight + v.pan_y + col.header.y * v.zoom,
                               col.header.w * v.zoom, col.header.h * v.zoom});
        s["stage_headers"] = std::move(headers);
        s["selected_stage"] = v.edit.stage >= 0 ? json(v.map.stages[v.edit.stage].id) : json();
    }
    if (v.selected >= 0 && v.detail.touchpoint == v.selected) {
        for (const auto& t : v.detail.terms) s["detail_terms"].push_back({t.term, t.count});
        s["detail_histogram"] = v.detail.nps_histogram;
        s["detail_verbatims"] = v.detail.verbatims.size();
    }
    return s.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string card_rect_json(const Viewer& v, std::string_view id) {
    const int i = v.has_map ? v.map.touchpoint_index(std::string(id)) : -1;
    if (i < 0 || i >= static_cast<int>(v.layout.cards.size())) return "[]";
    const auto& r = v.layout.cards[i].rect;
    return json{v.pan_x + r.x * v.zoom, kToolbarHeight + v.pan_y + r.y * v.zoom, r.w * v.zoom, r.h * v.zoom}.dump();
}

}  // namespace tpviewer
