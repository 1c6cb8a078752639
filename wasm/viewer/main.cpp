// The journey viewer's platform side: WebGL2 context through GLFW, the ImGui backends, a
// render-on-demand main loop (emscripten_set_main_loop shim), and the C API that the
// <touchpoint-journey> element calls. Input comes from the element as DOM pointer/wheel/key
// events in CSS pixels (it knows about shadow roots, pinch gestures and focus), so ImGui's GLFW
// backend is used for the context and clipboard but does not install its own callbacks.
#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <emscripten/emscripten.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <string>

#include "canvas_font.hpp"
#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "viewer.hpp"

// [SECTION] Browser glue ---------------------------------------------------------------------------
// Keeps the canvas backing store at CSS size × devicePixelRatio (crisp on HiDPI) and reports
// out = [css width, css height, device pixel ratio].
EM_JS(void, tp_js_sync_canvas, (float* out), {
    const c = Module.canvas;
    const dpr = window.devicePixelRatio || 1;
    const w = Math.max(1, c.clientWidth || 800), h = Math.max(1, c.clientHeight || 600);
    const bw = Math.round(w * dpr), bh = Math.round(h * dpr);
    if (c.width !== bw || c.height !== bh) { c.width = bw; c.height = bh; }
    HEAPF32[(out >> 2) + 0] = w;
    HEAPF32[(out >> 2) + 1] = h;
    HEAPF32[(out >> 2) + 2] = dpr;
});
EM_JS(void, tp_js_notify, (const char* type, const char* json), {
    if (Module.onViewerEvent) Module.onViewerEvent(UTF8ToString(type), UTF8ToString(json));
});

namespace tpviewer {
Viewer& viewer() {
    static Viewer v;
    return v;
}
void notify(const char* type, const std::string& json) { tp_js_notify(type, json.c_str()); }
}  // namespace tpviewer

namespace {

using tpviewer::viewer;
GLFWwindow* g_window = nullptr;
int g_frames_pending = 3;  // frames still to draw; input and API calls re-arm it
double g_last_frame_ms = 0;
double g_last_time = 0;
std::string g_result;  // backing store of the last string returned to JS

const char* ret(std::string s) {
    g_result = std::move(s);
    return g_result.c_str();
}
void wake() { g_frames_pending = std::max(g_frames_pending, 3); }

// Builds and renders one frame; returns the CPU time spent building it (NewFrame..Render).
double render_frame() {
    float css[3];
    tp_js_sync_canvas(css);
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = {css[0], css[1]};
    io.DisplayFramebufferScale = {css[2], css[2]};
    const double now = emscripten_get_now() / 1000.0;
    io.DeltaTime = g_last_time > 0 ? static_cast<float>(std::max(1e-4, now - g_last_time)) : 1.f / 60.f;
    g_last_time = now;

    const auto t0 = std::chrono::steady_clock::now();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
    tpviewer::draw_ui(viewer());
    ImGui::Render();
    const auto t1 = std::chrono::steady_clock::now();

    const int fbw = static_cast<int>(std::lround(css[0] * css[2])), fbh = static_cast<int>(std::lround(css[1] * css[2]));
    glViewport(0, 0, fbw, fbh);
    const ImVec4 bg = ImGui::ColorConvertU32ToFloat4(viewer().theme.bg);
    glClearColor(bg.x, bg.y, bg.z, 1.f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    g_last_frame_ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
    if (viewer().table_dirty) {
        viewer().table_dirty = false;
        tpviewer::notify("table", "{}");
    }
    return g_last_frame_ms;
}

void main_loop() {
    // Hover and animations need a few frames after each event; an idle map costs nothing.
    if (g_frames_pending <= 0) return;
    --g_frames_pending;
    render_frame();
}

ImGuiKey key_from_dom(const char* k) {
    struct Entry {
        const char* name;
        ImGuiKey key;
    };
    static const Entry kKeys[] = {
        {"ArrowLeft", ImGuiKey_LeftArrow}, {"ArrowRight", ImGuiKey_RightArrow}, {"ArrowUp", ImGuiKey_UpArrow},
        {"ArrowDown", ImGuiKey_DownArrow}, {"Escape", ImGuiKey_Escape}, {"Enter", ImGuiKey_Enter},
        {"Backspace", ImGuiKey_Backspace}, {"Delete", ImGuiKey_Delete}, {"Tab", ImGuiKey_Tab},
        {"Home", ImGuiKey_Home}, {"End", ImGuiKey_End}, {"+", ImGuiKey_Equal}, {"=", ImGuiKey_Equal},
        {"-", ImGuiKey_Minus}, {"0", ImGuiKey_0}, {" ", ImGuiKey_Space}, {"PageUp", ImGuiKey_PageUp},
        {"PageDown", ImGuiKey_PageDown}};
    for (const Entry& e : kKeys)
        if (!std::strcmp(k, e.name)) return e.key;
    if (k[0] && !k[1]) {
        const char c = static_cast<char>(k[0] | 0x20);
        if (c >= 'a' && c <= 'z') return static_cast<ImGuiKey>(ImGuiKey_A + (c - 'a'));
        if (k[0] >= '1' && k[0] <= '9') return static_cast<ImGuiKey>(ImGuiKey_1 + (k[0] - '1'));
    }
    return ImGuiKey_None;
}

}  // namespace

// [SECTION] C API for the element --------------------------------------------------------------
extern "C" {

// Loads a journey/1 map; `locale` "" = the map's default. -> {"ok":true,...} or {"ok":false,"diagnostics":[...]}
EMSCRIPTEN_KEEPALIVE const char* tp_viewer_load_map(const char* json, const char* locale) {
    touchpoint::Diagnostics diags;
    auto map = tpviewer::jn::parse_map(json ? json : "", diags);
    nlohmann::json out = {{"ok", map.has_value()}, {"diagnostics", nlohmann::json::array()}};
    for (const auto& d : diags.items())
        out["diagnostics"].push_back({{"severity", d.severity == touchpoint::Severity::Error ? "error" : "warning"},
                                      {"pointer", d.pointer}, {"message", d.message}});
    if (map) {
        auto& v = viewer();
        v.map = std::move(*map);
        v.has_map = true;
        v.locale = locale && *locale ? locale : std::string(v.map.default_locale());
        tpviewer::set_canvas_font_language(v.locale.c_str());
        v.layout_dirty = true;
        v.fitted = false;
        v.selected = v.hovered = -1;
        v.counterpart.reset();
        v.filter = {};
        tpviewer::reaggregate(v);
        out["id"] = v.map.id;
        out["locale"] = v.locale;
    }
    wake();
    return ret(out.dump());
}

// The as-is/to-be counterpart whose emotion curve is drawn dashed over this map's.
EMSCRIPTEN_KEEPALIVE const char* tp_viewer_load_counterpart(const char* json) {
    touchpoint::Diagnostics diags;
    auto map = tpviewer::jn::parse_map(json ? json : "", diags);
    viewer().counterpart = std::move(map);
    wake();
    return ret(nlohmann::json{{"ok", viewer().counterpart.has_value()}, {"errors", diags.to_string()}}.dump());
}

// Responses as bytes (NDJSON or the collector's CSV); the caller frees `bytes` afterwards.
EMSCRIPTEN_KEEPALIVE const char* tp_viewer_load_responses(const char* bytes, int length, const char* format) {
    std::string data(bytes ? bytes : "", bytes ? static_cast<std::size_t>(length) : 0);
    const std::string status = tpviewer::load_responses(viewer(), std::move(data), format ? format : "ndjson");
    wake();
    return ret(status);
}

// Streaming: responses too large to keep (a live feed, a million-row export) are aggregated
// chunk by chunk into the overlay without being stored; details then have no verbatims.
EMSCRIPTEN_KEEPALIVE void tp_viewer_stream_begin(int with_stages) { tpviewer::stream_begin(viewer(), with_stages != 0); }
EMSCRIPTEN_KEEPALIVE void tp_viewer_stream_chunk(const char* bytes, int length) {
    tpviewer::stream_chunk(viewer(), std::string_view(bytes, static_cast<std::size_t>(length)));
}
EMSCRIPTEN_KEEPALIVE const char* tp_viewer_stream_end() {
    wake();
    return ret(tpviewer::stream_end(viewer()));
}

EMSCRIPTEN_KEEPALIVE const char* tp_viewer_table() { return ret(tpviewer::table_json(viewer())); }
EMSCRIPTEN_KEEPALIVE const char* tp_viewer_export_json() { return ret(tpviewer::export_json(viewer())); }

// Settings: metric (nps|csat|ces|n), persona (id or ""), answer ("question=value" or ""),
// theme (light|dark), locale, search, select (touchpoint id or ""), present (on|off|next|prev),
// zoom (in|out|fit), until (YYYY-MM or ""). -> "" or an error message.
EMSCRIPTEN_KEEPALIVE const char* tp_viewer_set(const char* key_c, const char* value_c) {
    auto& v = viewer();
    const std::string key = key_c ? key_c : "", value = value_c ? value_c : "";
    const ImVec2 size = ImGui::GetIO().DisplaySize;
    std::string error;
    if (key == "metric") {
        if (auto m = tpviewer::jn::heat_metric_from(value)) {
            v.metric = *m;
            if (v.selected >= 0) tpviewer::compute_detail(v, v.selected);
            v.table_dirty = true;
        } else error = "metric must be nps, csat, ces or n";
    } else if (key == "persona") {
        if (!value.empty() && v.map.persona_index(value) < 0) error = "unknown persona \"" + value + "\"";
        else { v.filter.persona = value; tpviewer::reaggregate(v); }
    } else if (key == "answer") {
        const auto eq = value.find('=');
        if (!value.empty() && eq == std::string::npos) error = "answer filter is question=value";
        else {
            v.filter.question = value.empty() ? "" : value.substr(0, eq);
            v.filter.value = value.empty() ? "" : value.substr(eq + 1);
            tpviewer::reaggregate(v);
        }
    } else if (key == "until") {
        auto it = std::find(v.periods.begin(), v.periods.end(), value);
        if (!value.empty() && it == v.periods.end()) error = "no responses in period \"" + value + "\"";
        else { v.filter.period_to = value.empty() ? -1 : static_cast<int>(it - v.periods.begin()); tpviewer::reaggregate(v); }
    } else if (key == "theme") {
        v.theme = tpviewer::make_theme(value == "dark");
    } else if (key == "locale") {
        v.locale = value.empty() ? std::string(v.map.default_locale()) : value;
        tpviewer::set_canvas_font_language(v.locale.c_str());
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
            if (tp >= 0) tpviewer::compute_detail(v, tp);
            v.table_dirty = true;
        }
    } else if (key == "present") {
        const int n = static_cast<int>(v.map.stages.size());
        if (value == "on") { v.presenting = true; v.present_stage = 0; }
        else if (value == "off") v.presenting = false;
        else if (value == "next" && v.present_stage + 1 < n) ++v.present_stage;
        else if (value == "prev" && v.present_stage > 0) --v.present_stage;
        if (v.presenting) tpviewer::focus_stage(v, v.present_stage, {size.x, size.y - 44});
        else tpviewer::fit_to_view(v, {size.x, size.y - 44});
    } else if (key == "zoom") {
        if (value == "fit") tpviewer::fit_to_view(v, {size.x, size.y - 44});
        else tpviewer::zoom_at(v, value == "in" ? 1.25f : 1 / 1.25f, {size.x / 2, (size.y - 44) / 2});
    } else {
        error = "unknown setting \"" + key + "\"";
    }
    wake();
    return ret(error);
}

// {"zoom","pan":[x,y],"selected","hovered","metric","presenting","stage","frame_ms","responses"}
EMSCRIPTEN_KEEPALIVE const char* tp_viewer_state() {
    const auto& v = viewer();
    nlohmann::json s = {{"zoom", v.zoom}, {"pan", {v.pan_x, v.pan_y}},
                        {"selected", v.selected >= 0 ? nlohmann::json(v.map.touchpoints[v.selected].id) : nlohmann::json()},
                        {"hovered", v.hovered >= 0 ? nlohmann::json(v.map.touchpoints[v.hovered].id) : nlohmann::json()},
                        {"metric", tpviewer::jn::to_string(v.metric)}, {"presenting", v.presenting},
                        {"stage", v.present_stage}, {"frame_ms", g_last_frame_ms}, {"responses", v.responses_total},
                        {"periods", v.periods}, {"detail_terms", nlohmann::json::array()}};
    if (v.selected >= 0 && v.detail.touchpoint == v.selected) {
        for (const auto& t : v.detail.terms) s["detail_terms"].push_back({t.term, t.count});
        s["detail_histogram"] = v.detail.nps_histogram;
        s["detail_verbatims"] = v.detail.verbatims.size();
    }
    // Where each card is on screen (CSS px), so tests and the DOM table can point at it.
    return ret(s.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

// Screen rectangle (CSS px, relative to the canvas) of a touchpoint's card: [x, y, w, h] or [].
EMSCRIPTEN_KEEPALIVE const char* tp_viewer_card_rect(const char* id) {
    const auto& v = viewer();
    const int i = v.has_map ? v.map.touchpoint_index(id ? id : "") : -1;
    if (i < 0 || i >= static_cast<int>(v.layout.cards.size())) return ret("[]");
    const auto& r = v.layout.cards[i].rect;
    const float oy = 44.f;  // below the toolbar
    return ret(nlohmann::json{v.pan_x + r.x * v.zoom, oy + v.pan_y + r.y * v.zoom, r.w * v.zoom, r.h * v.zoom}.dump());
}

// Input, in CSS pixels relative to the canvas. buttons: DOM bit mask (1 = primary).
EMSCRIPTEN_KEEPALIVE void tp_viewer_pointer(float x, float y, int buttons) {
    ImGuiIO& io = ImGui::GetIO();
    io.AddMousePosEvent(x, y);
    io.AddMouseButtonEvent(0, (buttons & 1) != 0);
    io.AddMouseButtonEvent(1, (buttons & 2) != 0);
    wake();
}
EMSCRIPTEN_KEEPALIVE void tp_viewer_pointer_leave() {
    ImGui::GetIO().AddMousePosEvent(-FLT_MAX, -FLT_MAX);
    wake();
}
EMSCRIPTEN_KEEPALIVE void tp_viewer_wheel(float x, float y, float dy) {
    ImGuiIO& io = ImGui::GetIO();
    io.AddMousePosEvent(x, y);
    io.AddMouseWheelEvent(0, dy);
    wake();
}
// Two-finger pinch: zoom by `factor` around (x, y) on the map canvas.
EMSCRIPTEN_KEEPALIVE void tp_viewer_pinch(float factor, float x, float y) {
    tpviewer::zoom_at(viewer(), factor, {x, y - 44.f});
    wake();
}
EMSCRIPTEN_KEEPALIVE void tp_viewer_key(const char* key, int down, int mods) {
    ImGuiIO& io = ImGui::GetIO();
    io.AddKeyEvent(ImGuiMod_Ctrl, (mods & 1) != 0);
    io.AddKeyEvent(ImGuiMod_Shift, (mods & 2) != 0);
    io.AddKeyEvent(ImGuiMod_Alt, (mods & 4) != 0);
    const ImGuiKey k = key_from_dom(key ? key : "");
    if (k != ImGuiKey_None) io.AddKeyEvent(k, down != 0);
    wake();
}
EMSCRIPTEN_KEEPALIVE void tp_viewer_text(const char* utf8) {
    ImGui::GetIO().AddInputCharactersUTF8(utf8);
    wake();
}

// Draws a frame now (for PNG export: read the canvas in the same task) -> CPU ms to build it.
EMSCRIPTEN_KEEPALIVE double tp_viewer_render() { return render_frame(); }

}  // extern "C"

int main() {
    if (!glfwInit()) return 1;
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    g_window = glfwCreateWindow(800, 600, "Touchpoint journey", nullptr, nullptr);
    if (!g_window) return 1;
    glfwMakeContextCurrent(g_window);
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no files: state lives in the element's attributes
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    ImGui_ImplGlfw_InitForOpenGL(g_window, /*install_callbacks=*/false);
    ImGui_ImplOpenGL3_Init("#version 300 es");
    ImGui::StyleColorsLight();
    ImGui::GetStyle().FrameRounding = 4.f;
    tpviewer::add_canvas_font(io.Fonts,
        "system-ui, -apple-system, \"Segoe UI\", \"Noto Sans\", \"Noto Sans CJK SC\", \"PingFang SC\", "
        "\"Microsoft YaHei\", \"Noto Sans Arabic\", sans-serif, \"Noto Color Emoji\", \"Apple Color Emoji\", "
        "\"Segoe UI Emoji\"", 14.f);
    emscripten_set_main_loop(main_loop, 0, false);
    return 0;
}
