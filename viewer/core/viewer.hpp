// The journey viewer's core, shared by the browser and the native program: its state (one Viewer
// object, passed explicitly), the map canvas (map_view.cpp), the toolbar and details panel
// (panels.cpp), the response data (data.cpp, asking the core's aggregate/response_queries.hpp),
// the answer filter's choices (answer_options.cpp) and frame, loading and settings (app.cpp).
// No GL, GLFW, Emscripten or DOM here: a backend (viewer/backends/web, viewer/backends/native)
// supplies the GL context, the frame loop, a font and the Host callbacks below.
#pragma once
#include <array>
#include <map>
#include <memory>
#include <functional>
#include <optional>
#include <string_view>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "imgui.h"
#include "touchpoint/aggregate/response_queries.hpp"
#include "touchpoint/journey/edit.hpp"
#include "touchpoint/journey/workshop.hpp"
#include "touchpoint/journey/layout.hpp"
#include "touchpoint/journey/overlay.hpp"
#include "touchpoint/journey/period_changes.hpp"
#include "touchpoint/journey/ui_strings.hpp"

namespace tpviewer {

namespace jn = touchpoint::journey;

// Details of one touchpoint, computed on demand from the raw responses (not per frame).
struct Detail {
    int touchpoint = -1;
    std::array<long long, 11> nps_histogram{};  // answers 0..10
    std::vector<std::string> periods;           // "2026-09", oldest first
    std::vector<double> trend;                  // the heat metric per period (NaN = no data)
    std::vector<std::string> verbatims;         // newest first, at most 50
    std::vector<jn::TermCount> terms;
};

struct Filter {
    std::string persona;       // persona id ("" = all): matched against answers.role / segment.role
    std::string question;      // any answer filter: answers[question] == value
    std::string value;
    int period_from = 0;       // index into Viewer::periods (time slider)
    int period_to = -1;        // -1 = latest
};

// Values seen per question in the loaded responses, for the in-canvas answer filter.
struct AnswerOptions {
    std::size_t source_size = 0;  // v.responses.size() they were computed from (recomputed on change)
    const void* source_data = nullptr;
    touchpoint::AnswerValues questions;  // sorted by id; values sorted
    // The response set whose first frame went without the pickers (see answer_options_settled).
    std::size_t deferred_size = 0;
    const void* deferred_data = nullptr;
};

struct Theme {
    bool dark = false;
    ImU32 bg, grid, header_bg, header_text, card_bg, card_border, text, muted, lane_bg, accent, selection;
};
Theme make_theme(bool dark);

// What the viewer asks of its backend: events to the embedder (the element's DOM events, or the
// native program's export files) and the font's language hint. Either may be left empty.
struct Host {
    std::function<void(const char* type, const std::string& json)> notify;
    std::function<void(const char* bcp47)> set_font_language;
};

// Edit mode (edit_mode.cpp): while editing, the core's Workshop owns the map's variants (as-is,
// to-be) and v.map mirrors the active one, v.counterpart the one it is compared with.
struct EditState {
    std::optional<jn::Workshop> workshop;  // empty = viewing
    enum class Drag { None, Card, Emotion } drag = Drag::None;
    std::string drag_touchpoint;       // the card being carried
    ImVec2 grab{0, 0};                 // where in the card it was grabbed (canvas units)
    std::string drop_stage;            // where the carried card lands if dropped now ("" = nowhere new)
    std::size_t drop_at = 0;
    int drag_curve = -1, drag_point = -1;  // the emotion point being dragged (indices into Layout::curves)
    int stage = -1;                    // the selected stage (its header clicked), or -1
    long long revision = 0;            // counts changes; the element redraws its side panel on each
};

struct Viewer {
    Host host;
    // The map.
    bool has_map = false;
    jn::Map map;
    jn::Layout layout;
    std::string locale;
    std::optional<jn::Map> counterpart;  // the to-be (or as-is) map to compare with
    // Responses: kept raw for on-demand details; aggregated into the overlay.
    std::string responses;
    std::string responses_format;  // "ndjson" | "csv"
    long long responses_total = 0;
    std::vector<std::string> periods;  // months present, sorted
    jn::Overlay overlay;
    nlohmann::json groups_by_touchpoint, groups_by_stage;  // the aggregates the overlay was bound from
    nlohmann::json groups_by_month_touchpoint, groups_by_month_stage;  // the same per month, for the changes
    // The newest month in view against the one before: the significant changes, by touchpoint id.
    std::unordered_map<std::string, jn::MetricChange> changes;
    std::string changes_at, changes_before;
    // Open alerts per touchpoint id, as the collector that serves the map counts them (setting
    // "alerts"). has_alerts false: not known (offline, or no collector), so nothing is drawn.
    bool has_alerts = false;
    std::unordered_map<std::string, long long> open_alerts;
    EditState edit;
    std::shared_ptr<void> stream;  // the aggregators of a streamed load in progress (data.cpp)
    std::vector<std::string> warnings;
    Filter filter;
    jn::HeatMetric metric = jn::HeatMetric::Nps;
    Detail detail;
    AnswerOptions answer_options;
    std::string answer_pick;  // question chosen in the in-canvas picker (its value not chosen yet)
    // Where the toolbar's controls were drawn last frame ([x, y, w, h], logical px), so tests and
    // embedders can point at them: "metric", "persona", "answer_question", "answer_value", "search",
    // "present", "png", "json".
    std::map<std::string, std::array<float, 4>> controls;
    // The view.
    float zoom = 1.f, pan_x = 0.f, pan_y = 0.f;
    bool fitted = false;
    bool user_moved = false;  // once the user pans or zooms, resizes no longer refit the map
    ImVec2 fitted_size{0, 0};
    int hovered = -1, selected = -1;
    char search[128] = {};
    std::vector<int> search_hits;
    bool presenting = false;
    int present_stage = 0;
    Theme theme = make_theme(false);
    float base_font = 14.f;
    bool layout_dirty = true;
    bool table_dirty = true;  // the DOM table needs a refresh (JS polls via an event)
};

// Height of the toolbar above the map canvas (logical px).
constexpr float kToolbarHeight = 44.f;

// app.cpp: what both platforms do the same way.
void setup_imgui();                    // context flags and style (after ImGui::CreateContext)
void build_frame(Viewer& v);           // ImGui::NewFrame .. ImGui::Render (after the backends' NewFrame)
nlohmann::json load_map(Viewer& v, std::string_view json, std::string_view locale);  // {"ok","diagnostics","id","locale","title"}
bool load_counterpart(Viewer& v, std::string_view json, std::string* errors);
// Settings: metric, persona, answer ("question=value"), until, theme, locale, search, select,
// present (on|off|next|prev), zoom (in|out|fit), edit (on|off), alerts (the collector's
// GET /v1/alerts/open answer, {"touchpoints": {"ID": n}}; "" = unknown). -> "" or an error message.
std::string apply_setting(Viewer& v, const std::string& key, const std::string& value);
std::string state_json(const Viewer& v, double frame_ms);
std::string card_rect_json(const Viewer& v, std::string_view touchpoint_id);  // [x,y,w,h] CSS px or []
void set_presenting(Viewer& v, bool on, int stage);  // enter/leave/step presentation mode (refits, notifies)
void set_answer_filter(Viewer& v, const std::string& question, const std::string& value);
// answer_options.cpp
const AnswerOptions& answer_options(Viewer& v);
// The same for a frame: null in the first frame drawn with a new response set (the toolbar then
// shows no pickers yet), the options from the next frame on.
const AnswerOptions* answer_options_settled(Viewer& v);
std::string answer_options_json(Viewer& v);  // {"questions":[{"id":..,"values":[..]}],"question":..,"value":..}

// map_view.cpp
void relayout(Viewer& v);
void draw_map(Viewer& v, ImVec2 origin, ImVec2 size);
void fit_to_view(Viewer& v, ImVec2 size);
void focus_stage(Viewer& v, int stage, ImVec2 size);
void zoom_at(Viewer& v, float factor, ImVec2 anchor_local);
// panels.cpp
void draw_ui(Viewer& v);
// data.cpp
std::string load_responses(Viewer& v, std::string bytes, const std::string& format);  // -> status JSON
void reaggregate(Viewer& v);
void rebind_overlay(Viewer& v);  // the same aggregates on a changed map (after an edit: no new pass)
void recompute_changes(Viewer& v);  // v.changes from the per-month aggregates (after a new aggregation)
// with_stages: also aggregate per stage (in the same pass over each chunk: Aggregator::for_groupings).
void stream_begin(Viewer& v, bool with_stages);
void stream_chunk(Viewer& v, std::string_view bytes);
std::string stream_end(Viewer& v);  // -> status JSON
// Parallel streaming (the element's aggregation workers): the stream's groupings as JSON, and one
// worker's aggregate-state/1 merged in (parts in input order) -> "" or why it was refused.
std::string stream_groupings(Viewer& v);
std::string stream_merge(Viewer& v, std::string_view state_text);
void compute_detail(Viewer& v, int touchpoint);
touchpoint::AggregateFilter response_filter(const Viewer& v);  // the view's filter, as the core's query takes it
std::string table_json(const Viewer& v);
// The significant change of a touchpoint's NPS (else CSAT) in v.changes, or null.
const touchpoint::stats::Change* marked_change(const Viewer& v, std::size_t touchpoint, const char** metric);
std::string change_text(const Viewer& v, const touchpoint::stats::Change& c, const char* metric);  // "NPS −40.0 vs 2026-08 (p < 0.001)", "NPS −40.0，对比 2026-08（p < 0.001）"
// Open alerts at a touchpoint (index into v.map.touchpoints): -1 = not known, else the count.
long long open_alerts_at(const Viewer& v, std::size_t touchpoint);
// The viewer's own words in its language (journey/ui_strings.def, the column of v.locale).
inline std::string ui_text(const Viewer& v, std::string_view code,
                           std::initializer_list<std::pair<std::string_view, std::string>> fields = {}) {
    return jn::ui_text(code, v.locale, fields);
}
std::string open_alerts_text(const Viewer& v, long long n);  // "2 open alerts" / "2 条未处理警报"
std::string set_open_alerts(Viewer& v, const std::string& answer);  // the "alerts" setting -> "" or an error
std::string export_json(const Viewer& v);

// edit_mode.cpp: edit mode on the canvas.
bool set_editing(Viewer& v, bool on);        // false when there is no map to edit
void start_workshop(Viewer& v);              // a fresh edit history on v.map (and v.counterpart, if loaded)
void show_variants(Viewer& v);               // v.map / v.counterpart from the Workshop after a switch, then after_edit
void after_edit(Viewer& v);                  // mirror the Editor's map, relayout, rebind, notify "edit"
bool edit_undo(Viewer& v, bool redo);
void edit_delete_selected(Viewer& v);        // the selected touchpoint, else the selected stage
void edit_bar(Viewer& v, ImVec2 map_origin); // undo, redo, + stage, + touchpoint, delete
bool edit_canvas_input(Viewer& v, ImVec2 local, bool over);  // true when it took the mouse
void edit_keys(Viewer& v);                   // Ctrl+Z, Ctrl+Shift+Z / Ctrl+Y, Delete, Alt+arrows
void draw_edit_overlay(Viewer& v, ImVec2 map_origin);
std::string edit_state_json(const Viewer& v);  // what the side panel shows
nlohmann::json variants_json(const Viewer& v);  // the variants and, with a counterpart, as-is against to-be
void notify_edit(const Viewer& v);             // the "edit" event: {"editing","revision"}
// edit_commands.cpp: {"op": ...} -> {"ok", "error", "id"}
nlohmann::json edit_command(Viewer& v, std::string_view command_json);
// edit_io.cpp: maps in and out (journey/1, Mermaid, TheyDo; "blank" takes a JSON array of stage titles)
nlohmann::json import_map(Viewer& v, std::string_view format, std::string_view text, std::string_view locale);
nlohmann::json export_map(const Viewer& v, std::string_view format);  // {"ok","text"} or {"ok":false,"error"}

// Text helpers.
std::string format_metric(const jn::Scores& s, jn::HeatMetric m);
void notify(const Viewer& v, const char* type, const std::string& json);  // through v.host
void set_font_language(const Viewer& v);  // v.locale, through v.host

}  // namespace tpviewer
