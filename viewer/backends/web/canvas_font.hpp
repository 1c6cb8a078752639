// Text in any language with no font download: an ImGui 1.92 font loader whose glyphs are drawn
// by the browser (canvas 2D fillText with the system's fonts), so Chinese, Japanese, Arabic and
// emoji (in colour) render like the rest of the page. ImGui's dynamic atlas asks for glyphs at
// the exact size and framebuffer density in use, so text stays crisp at every zoom and on HiDPI.
#pragma once

struct ImFont;
struct ImFontAtlas;

namespace tpviewer {

// Adds a font drawn by the browser with the CSS font stack `family` ("system-ui, sans-serif").
ImFont* add_canvas_font(ImFontAtlas* atlas, const char* family, float size_pixels);
// Language hint for glyph selection of unified Han characters ("zh-TW" picks Traditional forms).
void set_canvas_font_language(const char* bcp47);
// Draws the glyphs loaded since the last call into their atlas rectangles (one canvas read-back for
// all of them) and queues their upload. Call after ImGui::Render(), before the renderer uploads
// the frame's textures: until then a loaded glyph has its place in the atlas but no pixels.
void flush_canvas_glyphs();

}  // namespace tpviewer
