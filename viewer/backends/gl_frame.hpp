// The one frame function both backends' main loops call: the OpenGL 3 renderer's NewFrame, the
// core's frame (build_frame), then clear to the theme's background and draw. The backend sets
// io.DisplaySize, DisplayFramebufferScale and DeltaTime first (and its platform NewFrame, if any)
// and binds the target framebuffer (the window's, or an offscreen one for screenshots).
#pragma once
#include "viewer.hpp"

namespace tpviewer {

struct FrameTiming {
    double build_ms = 0;  // CPU time building the frame (NewFrame .. Render)
    double total_ms = 0;  // build + GL submission
};

FrameTiming render_gl_frame(Viewer& v);

}  // namespace tpviewer
