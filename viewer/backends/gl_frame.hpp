// The one frame function both backends' main loops call: the OpenGL 3 renderer's NewFrame, the
// core's frame (build_frame), then clear to the theme's background and draw. The backend sets
// io.DisplaySize, DisplayFramebufferScale and DeltaTime first (and its platform NewFrame, if any)
// and binds the target framebuffer (the window's, or an offscreen one for screenshots).
#pragma once
#include "viewer.hpp"

namespace tpviewer {

struct FrameTiming {
    double build_ms = 0;  // CPU time building the frame (NewFrame .. Render, then before_upload)
    double total_ms = 0;  // build + GL submission
};

// before_upload, if any, runs after the frame is built and before its textures are uploaded and
// drawn (the web backend's glyphs are written into the font atlas then: flush_canvas_glyphs).
FrameTiming render_gl_frame(Viewer& v, void (*before_upload)() = nullptr);

}  // namespace tpviewer
