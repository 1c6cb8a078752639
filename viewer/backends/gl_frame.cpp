// See gl_frame.hpp. WebGL2 is OpenGL ES 3; the calls used here are in both it and desktop GL.
#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#else
#include <GL/gl.h>
#endif

#include <chrono>
#include <cmath>

#include "gl_frame.hpp"
#include "imgui_impl_opengl3.h"

namespace tpviewer {

FrameTiming render_gl_frame(Viewer& v, void (*before_upload)()) {
    using clock = std::chrono::steady_clock;
    const auto t0 = clock::now();
    ImGui_ImplOpenGL3_NewFrame();
    build_frame(v);
    if (before_upload) before_upload();
    const auto t1 = clock::now();
    const ImGuiIO& io = ImGui::GetIO();
    const int fbw = static_cast<int>(std::lround(io.DisplaySize.x * io.DisplayFramebufferScale.x));
    const int fbh = static_cast<int>(std::lround(io.DisplaySize.y * io.DisplayFramebufferScale.y));
    glViewport(0, 0, fbw, fbh);
    const ImVec4 bg = ImGui::ColorConvertU32ToFloat4(v.theme.bg);
    glClearColor(bg.x, bg.y, bg.z, 1.f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    FrameTiming t;
    t.build_ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
    t.total_ms = std::chrono::duration<double, std::milli>(clock::now() - t0).count();
    return t;
}

}  // namespace tpviewer
