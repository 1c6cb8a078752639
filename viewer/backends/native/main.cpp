// touchpoint-viewer MAP [RESPONSES] — the journey viewer's native backend: the viewer core
// (viewer/core) on a GLFW window with OpenGL 3, the frame function shared with the browser
// (../gl_frame.hpp), text from a font file. With
// --screenshot it draws offscreen (a framebuffer object of --size) and writes a PNG instead of
// opening a window, which is how tests run it under Xvfb with Mesa's software GL.
#define GL_GLEXT_PROTOTYPES 1
#include <GLFW/glfw3.h>
#include <GL/gl.h>
#include <GL/glext.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "cli/file_io.hpp"
#include "font_file.hpp"
#include "gl_frame.hpp"
#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "png_file.hpp"
#include "viewer.hpp"

namespace {

struct Options {
    std::string map, responses, compare, font, screenshot, report, size = "1600x900", locale;
    int face = -1, frames = 3;
    std::vector<std::string> settings;  // key=value, as the element's set(key, value)
};

// Pixels of the framebuffer currently bound, top row first.
std::vector<unsigned char> read_pixels(int w, int h) {
    std::vector<unsigned char> px(static_cast<std::size_t>(w) * h * 4), flipped(px.size());
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
    const std::size_t row = static_cast<std::size_t>(w) * 4;
    for (int y = 0; y < h; ++y) std::memcpy(&flipped[y * row], &px[(h - 1 - y) * row], row);
    return flipped;
}

// The program's state: the viewer and the window it draws in (null when headless).
struct App {
    tpviewer::Viewer viewer;
    GLFWwindow* window = nullptr;
};

// One frame: GLFW's input and window size, then the shared frame function, drawn into the bound
// framebuffer. `display` overrides the window's size (offscreen rendering has no window of that size).
void frame(App& app, const ImVec2* display) {
    ImGui_ImplGlfw_NewFrame();
    ImGuiIO& io = ImGui::GetIO();
    if (display) {
        io.DisplaySize = *display;
        io.DisplayFramebufferScale = {1, 1};
    }
    tpviewer::render_gl_frame(app.viewer);
    app.viewer.table_dirty = false;  // no DOM table on the desktop
}

// "file.json: /stages/2/id: duplicate stage id", the CLI's format for the core's diagnostics.
void print_diagnostics(const std::string& file, const nlohmann::json& diags) {
    if (!diags.is_array()) return;
    for (const auto& d : diags) {
        const std::string pointer = d.contains("pointer") && d["pointer"].is_string() ? d["pointer"].get<std::string>() : "";
        const std::string message = d.contains("message") && d["message"].is_string() ? d["message"].get<std::string>() : "";
        const bool warning = d.contains("severity") && d["severity"] == "warning";
        std::fprintf(stderr, "%s: %s%s%s%s\n", file.c_str(), warning ? "warning: " : "", pointer.c_str(),
                     pointer.empty() ? "" : ": ", message.c_str());
    }
}

std::optional<std::string> read_file(const std::string& path) {
    std::string error;
    auto text = touchpoint::cli::read_whole(path, &error);
    if (!text) std::fprintf(stderr, "%s: %s\n", path.c_str(), error.c_str());
    return text;
}

// Loads the map, the comparison map and the responses. -> false after printing what is wrong.
bool load_inputs(tpviewer::Viewer& v, const Options& o) {
    auto map_text = read_file(o.map);
    if (!map_text) return false;
    const nlohmann::json res = tpviewer::load_map(v, *map_text, o.locale);
    print_diagnostics(o.map, res["diagnostics"]);
    if (!res["ok"].get<bool>()) return false;
    if (!o.compare.empty()) {
        auto text = read_file(o.compare);
        std::string errors;
        if (!text) return false;
        if (!tpviewer::load_counterpart(v, *text, &errors)) {
            std::fprintf(stderr, "%s: %s\n", o.compare.c_str(), errors.c_str());
            return false;
        }
    }
    if (!o.responses.empty()) {
        auto bytes = read_file(o.responses);
        if (!bytes) return false;
        // The collector's CSV export starts with its header ("id,..."); anything else is NDJSON.
        const bool csv = (o.responses.size() > 4 && o.responses.compare(o.responses.size() - 4, 4, ".csv") == 0) ||
                         bytes->rfind("id,", 0) == 0;
        const std::size_t size = bytes->size();
        const nlohmann::json status =
            nlohmann::json::parse(tpviewer::load_responses(v, std::move(*bytes), csv ? "csv" : "ndjson"), nullptr, false);
        if (status.contains("error")) {
            std::fprintf(stderr, "%s: %s\n", o.responses.c_str(), status["error"].dump().c_str());
            return false;
        }
        for (const std::string& w : v.warnings) std::fprintf(stderr, "%s: %s\n", o.responses.c_str(), w.c_str());
        if (v.responses_total == 0 && size > 0) {
            std::fprintf(stderr, "%s: no readable response/1 lines\n", o.responses.c_str());
            return false;
        }
        tpviewer::answer_options(v);  // the answer filter's pickers from the first frame on, as before
    }
    return true;
}

bool apply_settings(tpviewer::Viewer& v, const Options& o) {
    for (const std::string& kv : o.settings) {
        const auto eq = kv.find('=');
        const std::string error = eq == std::string::npos ? "--set takes key=value"
                                                          : tpviewer::apply_setting(v, kv.substr(0, eq), kv.substr(eq + 1));
        if (!error.empty()) {
            std::fprintf(stderr, "--set %s: %s\n", kv.c_str(), error.c_str());
            return false;
        }
    }
    return true;
}

// What was drawn, for tests and scripts: the viewer state, the table's numbers (the same JSON as
// the element's table()) and each card's rectangle on the screenshot (logical px).
bool write_report(const tpviewer::Viewer& v, const std::string& path) {
    nlohmann::json cards = nlohmann::json::object();
    for (const auto& tp : v.map.touchpoints)
        cards[tp.id] = nlohmann::json::parse(tpviewer::card_rect_json(v, tp.id), nullptr, false);
    const nlohmann::json report = {{"state", nlohmann::json::parse(tpviewer::state_json(v, 0), nullptr, false)},
                                   {"table", nlohmann::json::parse(tpviewer::table_json(v), nullptr, false)},
                                   {"cards", cards}};
    if (touchpoint::cli::write_whole(path, report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"))
        return true;
    std::fprintf(stderr, "%s: could not write the report\n", path.c_str());
    return false;
}

// Headless: frames into a framebuffer object of the requested size, then the last one to a PNG.
int screenshot(App& app, const Options& o, int w, int h) {
    GLuint fbo = 0, color = 0;
    glGenFramebuffers(1, &fbo);
    glGenRenderbuffers(1, &color);
    glBindRenderbuffer(GL_RENDERBUFFER, color);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, w, h);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, color);
    if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
        std::fprintf(stderr, "touchpoint-viewer: cannot create a %dx%d offscreen framebuffer\n", w, h);
        return 1;
    }
    const ImVec2 display{static_cast<float>(w), static_cast<float>(h)};
    // The first frame lays the map out and fits it; settings such as present=on need that layout.
    frame(app, &display);
    if (!apply_settings(app.viewer, o)) return 2;
    for (int i = 1; i < o.frames; ++i) frame(app, &display);
    glFinish();
    const std::string error = tpviewer::write_png(o.screenshot, read_pixels(w, h), w, h);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glDeleteRenderbuffers(1, &color);
    glDeleteFramebuffers(1, &fbo);
    if (!error.empty()) {
        std::fprintf(stderr, "%s\n", error.c_str());
        return 1;
    }
    return o.report.empty() || write_report(app.viewer, o.report) ? 0 : 1;
}

// The toolbar's PNG and JSON buttons: files named after the map in the current directory.
void on_event(App& app, const char* type, const std::string& json) {
    if (std::strcmp(type, "export") != 0 || !app.window) return;
    const tpviewer::Viewer& v = app.viewer;
    const std::string base = v.map.id.empty() ? "journey" : v.map.id;
    if (json.find("png") != std::string::npos) {
        int w = 0, h = 0;
        glfwGetFramebufferSize(app.window, &w, &h);
        glReadBuffer(GL_FRONT);  // the last frame shown (this event comes while the next is built)
        const std::string error = tpviewer::write_png(base + ".png", read_pixels(w, h), w, h);
        glReadBuffer(GL_BACK);
        std::fprintf(stderr, "%s\n", error.empty() ? ("wrote " + base + ".png").c_str() : error.c_str());
    } else {
        const bool ok = touchpoint::cli::write_whole(base + ".json", tpviewer::export_json(v));
        std::fprintf(stderr, "%s %s.json\n", ok ? "wrote" : "could not write", base.c_str());
    }
}

// Interactive: draw on demand; a few frames after each event so hover and popups settle.
int run_window(App& app, const Options& o) {
    // As headless: settings such as present=on need the layout of a first frame.
    frame(app, nullptr);
    if (!apply_settings(app.viewer, o)) return 2;
    int pending = 3;
    while (!glfwWindowShouldClose(app.window)) {
        if (pending > 0) {
            glfwPollEvents();
            --pending;
        } else {
            glfwWaitEvents();
            pending = 3;
        }
        frame(app, nullptr);
        glfwSwapBuffers(app.window);
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    CLI::App app{"touchpoint-viewer: the journey-map viewer (journey/1 + response/1) on the desktop"};
    app.add_option("map", o.map, "journey/1 map (JSON)")->required();
    app.add_option("responses", o.responses, "responses: response/1 NDJSON or the collector's CSV export");
    app.add_option("--compare", o.compare, "the as-is/to-be map drawn over this one");
    app.add_option("--font", o.font, std::string("font file (TTF/OTF/TTC); default ") + tpviewer::kDefaultFont);
    app.add_option("--font-face", o.face, "face index in a font collection (default: by locale)");
    app.add_option("--locale", o.locale, "display language, e.g. zh-CN or en (default: the map's first)");
    app.add_option("--set", o.settings, "a viewer setting key=value (metric, persona, answer, until, theme, "
                                        "search, select, present, zoom, alerts), as <touchpoint-journey>.set()");
    app.add_option("--screenshot", o.screenshot, "draw offscreen and write a PNG instead of opening a window");
    app.add_option("--report", o.report, "with --screenshot: write the state, table and card rectangles as JSON");
    app.add_option("--frames", o.frames, "frames to draw before the screenshot")->check(CLI::Range(1, 1000));
    app.add_option("--size", o.size, "window or screenshot size WxH in pixels");
    CLI11_PARSE(app, argc, argv);
    App viewer_app;
    tpviewer::Viewer& v = viewer_app.viewer;
    // Events: the toolbar's exports become files. The font's face is chosen once, from the locale
    // given at start (see default_face), so the language hint is not needed.
    v.host.notify = [&viewer_app](const char* type, const std::string& json) { on_event(viewer_app, type, json); };

    int w = 0, h = 0;
    if (std::sscanf(o.size.c_str(), "%dx%d", &w, &h) != 2 || w < 200 || h < 150 || w > 8192 || h > 8192) {
        std::fprintf(stderr, "--size: WxH between 200x150 and 8192x8192, got \"%s\"\n", o.size.c_str());
        return 2;
    }
    const bool headless = !o.screenshot.empty();
    // Inputs and the font first: a bad file is reported without starting a display or GL.
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    tpviewer::setup_imgui();
    int status = load_inputs(v, o) ? 0 : 1;
    if (status == 0) {
        const std::string font = o.font.empty() ? tpviewer::kDefaultFont : o.font;
        // The map's language (or --locale) picks the face of a font collection.
        const int face = o.face >= 0 ? o.face : tpviewer::default_face(font, v.locale);
        const std::string error = tpviewer::add_font_file(ImGui::GetIO().Fonts, font, face, 14.f);
        if (!error.empty()) {
            std::fprintf(stderr, "touchpoint-viewer: %s\n", error.c_str());
            status = 1;
        }
    }
    if (status != 0) {
        ImGui::DestroyContext();
        return status;
    }

    if (!glfwInit()) {
        std::fprintf(stderr, "touchpoint-viewer: no display (GLFW could not start; on a headless machine run it "
                             "under xvfb-run)\n");
        ImGui::DestroyContext();
        return 1;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    if (headless) glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
    viewer_app.window = glfwCreateWindow(headless ? 64 : w, headless ? 64 : h, "Touchpoint journey", nullptr, nullptr);
    if (!viewer_app.window) {
        std::fprintf(stderr, "touchpoint-viewer: could not create an OpenGL 3.3 context\n");
        glfwTerminate();
        ImGui::DestroyContext();
        return 1;
    }
    glfwMakeContextCurrent(viewer_app.window);
    glfwSwapInterval(1);
    ImGui_ImplGlfw_InitForOpenGL(viewer_app.window, /*install_callbacks=*/!headless);
    ImGui_ImplOpenGL3_Init("#version 150");

    status = headless ? screenshot(viewer_app, o, w, h) : run_window(viewer_app, o);
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(viewer_app.window);
    glfwTerminate();
    return status;
}
