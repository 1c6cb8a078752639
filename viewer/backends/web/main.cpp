// The journey viewer's browser backend: WebGL2 context through GLFW, the ImGui backends, a
// render-on-demand main loop (emscripten_set_main_loop) around the shared frame function
// (../gl_frame.hpp), and the C API that the <touchpoint-journey> element calls (each a thin call
// into the core, viewer/core/, shared with the native backend). Input comes from the element as DOM pointer/wheel/key
// events in CSS pixels (it knows about shadow roots, pinch gestures and focus), so ImGui's GLFW
// backend is used for the context and clipboard but does not install its own callbacks.
#include <GLFW/glfw3.h>
#include <emscripten/emscripten.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

#include "canvas_font.hpp"
#include "gl_frame.hpp"
#include "touchpoint_viewer_exports.h"  // the C API's prototypes, from wasm/exports.json
#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "viewer.hpp"

// [SECTION] Browser glue ---------------------------------------------------------------------------
// Keeps the canvas backing store at CSS size × devicePixelRatio (crisp on HiDPI) and reports
// out = [css width, css height, device pixel ratio]. The CSS size comes from the element's
// ResizeObserver (Module.tpCanvasSize): reading clientWidth here forced a synchronous page layout
// in every frame, the largest single cost of the first frame (~400 ms of ~900 ms of frames).
EM_JS(void, tp_js_sync_canvas, (float* out), {
    const c = Module.canvas;
    const dpr = window.devicePixelRatio || 1;
    const size = Module.tpCanvasSize || [c.clientWidth, c.clientHeight];
    const w = Math.max(1, size[0] || 800), h = Math.max(1, size[1] || 600);
    const bw = Math.round(w * dpr), bh = Math.round(h * dpr);
    if (c.width !== bw || c.height !== bh) { c.width = bw; c.height = bh; }
    HEAPF32[(out >> 2) + 0] = w;
    HEAPF32[(out >> 2) + 1] = h;
    HEAPF32[(out >> 2) + 2] = dpr;
});
// Emscripten's GLFW listens for keys on the whole window and cancels Tab and Backspace there (page
// focus could not move with Tab, nor text be deleted in a field beside the canvas). The element
// forwards the canvas's own keys (tp_viewer_key), so those window listeners are taken off again.
EM_JS(void, tp_js_release_window_keys, (), {
    window.removeEventListener("keydown", GLFW.onKeydown, true);
    window.removeEventListener("keypress", GLFW.onKeyPress, true);
    window.removeEventListener("keyup", GLFW.onKeyup, true);
});
EM_JS(int, tp_js_hold_frames, (), { return Module.tpHoldFrames ? 1 : 0; });
// The canvas text's font stack and base size, from the element (web/src/journey/glyph-warmup.js),
// which measures the map's characters in them while the viewer loads.
EM_JS(void, tp_js_font_family, (char* out, int capacity), {
    stringToUTF8(Module.tpFontFamily || "sans-serif", out, capacity);
});
EM_JS(float, tp_js_font_px, (), { return Module.tpFontPx || 0; });
EM_JS(void, tp_js_notify, (const char* type, const char* json), {
    if (Module.onViewerEvent) Module.onViewerEvent(UTF8ToString(type), UTF8ToString(json));
});

namespace {

// The element's one viewer: the exported C functions below have no other way to reach it.
tpviewer::Viewer& viewer() {
    static tpviewer::Viewer v = [] {
        tpviewer::Viewer init;
        init.host.notify = [](const char* type, const std::string& json) { tp_js_notify(type, json.c_str()); };
        init.host.set_font_language = [](const char* bcp47) { tpviewer::set_canvas_font_language(bcp47); };
        return init;
    }();
    return v;
}

GLFWwindow* g_window = nullptr;
int g_frames_pending = 3;  // frames still to draw; input and API calls re-arm it
double g_last_frame_ms = 0;
// Timing of the first frame that drew a map (build on the CPU, and build + GL submission), and
// frames drawn so far: where a slow first frame goes (tests/bench/viewer_first_frame.mjs).
double g_first_map_frame_ms = -1, g_first_map_frame_total_ms = -1;
int g_frames = 0;
double g_last_time = 0;
std::string g_result;  // backing store of the last string returned to JS
std::string g_room;    // responses being written by JS (tp_viewer_responses_room)

const char* ret(std::string s) {
    g_result = std::move(s);
    return g_result.c_str();
}
// Whether main_loop() paused the browser's animation-frame loop, having nothing to draw.
bool g_loop_paused = false;
void wake() {
    g_frames_pending = std::max(g_frames_pending, 3);
    if (g_loop_paused) {
        g_loop_paused = false;
        emscripten_resume_main_loop();
    }
}

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

    const tpviewer::FrameTiming t = tpviewer::render_gl_frame(viewer(), tpviewer::flush_canvas_glyphs);
    g_last_frame_ms = t.build_ms;
    ++g_frames;
    if (g_first_map_frame_ms < 0 && viewer().has_map) {
        g_first_map_frame_ms = t.build_ms;
        g_first_map_frame_total_ms = t.total_ms;
    }
    if (viewer().table_dirty) {
        viewer().table_dirty = false;
        tpviewer::notify(viewer(), "table", "{}");
    }
    return g_last_frame_ms;
}

void main_loop() {
    // While the element loads its first map and responses (Module.tpHoldFrames), frames would only
    // be drawn again a moment later: they compete with loading for the CPU, so the element holds
    // them (polled here each animation frame until it lets go).
    if (tp_js_hold_frames()) return;
    // Hover and animations need a few frames after each event (wake()); then the loop pauses until
    // the next one. A loop left running with nothing to draw still took an animation frame 60 times
    // a second: about 50 ms of the browser's CPU per second for an idle map on the page (a page with
    // the element, headless Chromium: 56-64 ms/s, 10-12 with the loop paused, about:blank 2-4).
    if (g_frames_pending <= 0) {
        g_loop_paused = true;
        emscripten_pause_main_loop();
        return;
    }
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
// Exported by name from wasm/exports.json (its generated header declares each one).
extern "C" {

// Loads a journey/1 map; `locale` "" = the map's default. -> {"ok":true,...} or {"ok":false,"diagnostics":[...]}
const char* tp_viewer_load_map(const char* json, const char* locale) {
    const nlohmann::json out = tpviewer::load_map(viewer(), json ? json : "", locale ? locale : "");
    wake();
    return ret(out.dump());
}

// The as-is/to-be counterpart whose emotion curve is drawn dashed over this map's.
const char* tp_viewer_load_counterpart(const char* json) {
    std::string errors;
    const bool ok = tpviewer::load_counterpart(viewer(), json ? json : "", &errors);
    wake();
    return ret(nlohmann::json{{"ok", ok}, {"errors", errors}}.dump());
}

// Responses (NDJSON or the collector's CSV) are written by the caller into room made here, then
// loaded: kept responses are in wasm memory once. Copied in through a buffer of the caller's (as
// before 6 December 2026), a file was there twice while it loaded (64 MB of NDJSON, the largest
// kept, took 128 MB), and the second copy cost the first load of 4,500 responses ~5 ms
// (tools/bench.sh viewer_first_frame: viewer_ff_responses_load_ms).
char* tp_viewer_responses_room(int length) {
    const std::size_t n = length > 0 ? static_cast<std::size_t>(length) : 0;
    g_room = std::string();
    // A size the heap cannot take is refused (null), where the string alone would abort the module
    // (no exceptions). The probe's block is the one the string then takes. Volatile: an unused
    // malloc/free pair may be removed by the compiler, which then assumes it succeeded.
    void* volatile probe = std::malloc(n + 1);
    if (!probe) return nullptr;
    std::free(probe);
    g_room.assign(n, '\0');
    return g_room.data();
}
const char* tp_viewer_load_responses_room(const char* format) {
    const std::string status = tpviewer::load_responses(viewer(), std::move(g_room), format ? format : "ndjson");
    g_room = std::string();  // moved from: empty, its memory the viewer's now
    wake();
    return ret(status);
}

// Streaming: responses too large to keep (a live feed, a million-row export) are aggregated
// chunk by chunk into the overlay without being stored; details then have no verbatims.
void tp_viewer_stream_begin(int with_stages) { tpviewer::stream_begin(viewer(), with_stages != 0); }
void tp_viewer_stream_chunk(const char* bytes, int length) {
    tpviewer::stream_chunk(viewer(), std::string_view(bytes, static_cast<std::size_t>(length)));
}
const char* tp_viewer_stream_groupings() { return ret(tpviewer::stream_groupings(viewer())); }
const char* tp_viewer_stream_merge(const char* state) { return ret(tpviewer::stream_merge(viewer(), state ? state : "")); }
const char* tp_viewer_stream_end() {
    wake();
    return ret(tpviewer::stream_end(viewer()));
}

const char* tp_viewer_table() { return ret(tpviewer::table_json(viewer())); }
const char* tp_viewer_export_json() { return ret(tpviewer::export_json(viewer())); }
// The any-answer filter's choices: {"questions":[{"id","values":[...]}],"question","value"}.
const char* tp_viewer_answer_options() { return ret(tpviewer::answer_options_json(viewer())); }

// Settings (see tpviewer::apply_setting) -> "" or an error message.
const char* tp_viewer_set(const char* key, const char* value) {
    std::string error = tpviewer::apply_setting(viewer(), key ? key : "", value ? value : "");
    wake();
    return ret(std::move(error));
}

// {"zoom","pan":[x,y],"selected","hovered","metric","presenting","stage","frame_ms","responses","filter",...}
const char* tp_viewer_state() { return ret(tpviewer::state_json(viewer(), g_last_frame_ms)); }

// {"first_map_frame_ms","first_map_frame_total_ms","frames"}: see g_first_map_frame_ms.
const char* tp_viewer_timing() {
    return ret(nlohmann::json{{"first_map_frame_ms", g_first_map_frame_ms},
                              {"first_map_frame_total_ms", g_first_map_frame_total_ms}, {"frames", g_frames}}.dump());
}

// Screen rectangle (CSS px, relative to the canvas) of a touchpoint's card: [x, y, w, h] or [].
const char* tp_viewer_card_rect(const char* id) {
    return ret(tpviewer::card_rect_json(viewer(), id ? id : ""));
}

// Input, in CSS pixels relative to the canvas. buttons: DOM bit mask (1 = primary).
void tp_viewer_pointer(float x, float y, int buttons) {
    ImGuiIO& io = ImGui::GetIO();
    io.AddMousePosEvent(x, y);
    io.AddMouseButtonEvent(0, (buttons & 1) != 0);
    io.AddMouseButtonEvent(1, (buttons & 2) != 0);
    wake();
}
void tp_viewer_pointer_leave() {
    ImGui::GetIO().AddMousePosEvent(-FLT_MAX, -FLT_MAX);
    wake();
}
void tp_viewer_wheel(float x, float y, float dy) {
    ImGuiIO& io = ImGui::GetIO();
    io.AddMousePosEvent(x, y);
    io.AddMouseWheelEvent(0, dy);
    wake();
}
// Two-finger pinch: zoom by `factor` around (x, y) on the map canvas.
void tp_viewer_pinch(float factor, float x, float y) {
    tpviewer::zoom_at(viewer(), factor, {x, y - tpviewer::kToolbarHeight});
    wake();
}
void tp_viewer_key(const char* key, int down, int mods) {
    ImGuiIO& io = ImGui::GetIO();
    io.AddKeyEvent(ImGuiMod_Ctrl, (mods & 1) != 0);
    io.AddKeyEvent(ImGuiMod_Shift, (mods & 2) != 0);
    io.AddKeyEvent(ImGuiMod_Alt, (mods & 4) != 0);
    const ImGuiKey k = key_from_dom(key ? key : "");
    if (k == ImGuiKey_None) return wake();
    // The browser's repeat of a held key (down == 2) is one more press: released, then pressed
    // again (ImGui's event queue spreads the two over two frames).
    if (down == 2) io.AddKeyEvent(k, false);
    io.AddKeyEvent(k, down != 0);
    wake();
}
void tp_viewer_text(const char* utf8) {
    ImGui::GetIO().AddInputCharactersUTF8(utf8);
    wake();
}

// Edit mode (set "edit" to "on" first): one edit command {"op": ...} -> {"ok","error","id"}.
const char* tp_viewer_edit(const char* command) {
    const nlohmann::json out = tpviewer::edit_command(viewer(), command ? command : "");
    wake();
    return ret(out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

// What the edit side panel shows: stages with their touchpoints, personas, lanes, undo/redo.
const char* tp_viewer_edit_state() { return ret(tpviewer::edit_state_json(viewer())); }

// A map from journey/1, Mermaid, TheyDo or "blank" (text: a JSON array of stage titles).
const char* tp_viewer_import(const char* format, const char* text, const char* locale) {
    const nlohmann::json out = tpviewer::import_map(viewer(), format ? format : "", text ? text : "", locale ? locale : "");
    wake();
    return ret(out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

// The map as journey/1 JSON, Mermaid or TheyDo -> {"ok","text"} or {"ok":false,"error"}.
const char* tp_viewer_export_map(const char* format) {
    return ret(tpviewer::export_map(viewer(), format ? format : "").dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

// Asks for frames from the main loop (e.g. after a resize): coalesced into animation frames.
void tp_viewer_wake() { wake(); }

// Draws a frame now (for PNG export: read the canvas in the same task) -> CPU ms to build it.
double tp_viewer_render() { return render_frame(); }

}  // extern "C"

int main() {
    if (!glfwInit()) return 1;
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    // ImGui draws 2D triangles only: no depth or stencil buffer to allocate, clear and resize.
    glfwWindowHint(GLFW_DEPTH_BITS, 0);
    glfwWindowHint(GLFW_STENCIL_BITS, 0);
    g_window = glfwCreateWindow(800, 600, "Touchpoint journey", nullptr, nullptr);
    if (!g_window) return 1;
    tp_js_release_window_keys();
    glfwMakeContextCurrent(g_window);
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    tpviewer::setup_imgui();
    // Held keys repeat at the browser's pace (the user's own repeat delay and rate, which some set
    // long for motor reasons), never at ImGui's: its repeat counts the frames' wall time, so one
    // short press whose key-up came after a slow frame (a loaded phone, a busy CI machine) moved
    // twice. The element forwards the browser's repeats as presses (tp_viewer_key's down == 2).
    ImGui::GetIO().KeyRepeatDelay = 1e9f;
    ImGui_ImplGlfw_InitForOpenGL(g_window, /*install_callbacks=*/false);
    ImGui_ImplOpenGL3_Init("#version 300 es");
    char family[512];  // copied by the atlas
    tp_js_font_family(family, sizeof family);
    if (const float px = tp_js_font_px(); px > 0) viewer().base_font = px;
    tpviewer::add_canvas_font(ImGui::GetIO().Fonts, family, viewer().base_font);
    emscripten_set_main_loop(main_loop, 0, false);
    return 0;
}
