// The native viewer's text: a font file (TTF, OTF or a TTC collection) loaded by ImGui's own
// stb_truetype loader. ImGui 1.92's dynamic atlas bakes glyphs on demand at the size in use, so
// Chinese, Japanese and Korean need no glyph ranges and text stays crisp at any zoom.
#pragma once
#include <string>

struct ImFontAtlas;

namespace tpviewer {

// The font the viewer uses when --font is not given (from Debian's fonts-noto-cjk).
inline constexpr const char* kDefaultFont = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

// Which face of a collection to use for a locale. For the Noto Sans CJK collections (faces JP, KR,
// SC, TC, HK, as `fc-query` lists them) this picks the regional glyph forms of unified Han
// characters; any other file uses face 0 unless the caller names one.
int default_face(const std::string& font_path, const std::string& locale);

// Adds the font at `size_pixels`, plus DejaVu Sans merged in when installed (symbols such as
// ⚠ and ± that CJK fonts lack). -> "" or an error message naming the file.
std::string add_font_file(ImFontAtlas* atlas, const std::string& path, int face, float size_pixels);

}  // namespace tpviewer
