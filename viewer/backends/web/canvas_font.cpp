// The browser-rasterized ImFontLoader (see canvas_font.hpp). Glyph bitmaps come from an
// OffscreenCanvas: measureText gives the ink box and advance, fillText draws white ink, and
// getImageData hands back the pixels — alpha only for text, RGBA for colour emoji.
#include "canvas_font.hpp"

#include <emscripten/emscripten.h>

#include <cstring>
#include <vector>

#include "imgui.h"
#include "imgui_internal.h"

// [SECTION] JavaScript side -----------------------------------------------------------------------
// All functions share one 2D context. Sizes are in device pixels. The first frame bakes a few
// hundred glyphs, so per glyph only what changed is set: the CSS font (parsing the long font stack
// is costly) only when the size or family differs, the family's text decoded once per address (the
// atlas owns it), fill and baseline only after the canvas was resized (which resets its state).
EM_JS(void, tp_font_js_metrics, (const char* family, float size, float* out), {
    const ctx = Module.tpGlyphContext || (Module.tpGlyphContext = (typeof OffscreenCanvas !== "undefined"
        ? new OffscreenCanvas(64, 64) : document.createElement("canvas")).getContext("2d", {willReadFrequently: true}));
    if (Module.tpGlyphLang && "lang" in ctx) ctx.lang = Module.tpGlyphLang;
    ctx.font = size + "px " + UTF8ToString(family);
    Module.tpGlyphFont = "";  // the per-glyph calls set their own
    const m = ctx.measureText("Hg国");
    HEAPF32[(out >> 2) + 0] = m.fontBoundingBoxAscent || size * 0.88;
    HEAPF32[(out >> 2) + 1] = m.fontBoundingBoxDescent || size * 0.24;
});

// Measures (and, when `pixels` is non-null and large enough, draws) one code point.
// out: [advance, x0, y0, w, h, colored]; returns the bytes needed (w*h*4).
EM_JS(int, tp_font_js_glyph, (const char* family, float size, int codepoint, unsigned char* pixels, int capacity, float* out), {
    const ctx = Module.tpGlyphContext;
    const families = Module.tpGlyphFamilies || (Module.tpGlyphFamilies = new Map());
    let name = families.get(family);
    if (name === undefined) families.set(family, name = UTF8ToString(family));
    const font = size + "px " + name;
    if (Module.tpGlyphFont !== font) {
        ctx.font = font;
        Module.tpGlyphFont = font;
    }
    const ch = String.fromCodePoint(codepoint);
    const m = ctx.measureText(ch);
    const x0 = Math.floor(-m.actualBoundingBoxLeft) - 1, x1 = Math.ceil(m.actualBoundingBoxRight) + 1;
    const y0 = Math.floor(-m.actualBoundingBoxAscent) - 1, y1 = Math.ceil(m.actualBoundingBoxDescent) + 1;
    const w = Math.max(0, x1 - x0), h = Math.max(0, y1 - y0);
    const visible = w > 2 && h > 2 && ch.trim() !== "";
    HEAPF32[(out >> 2) + 0] = m.width;
    HEAPF32[(out >> 2) + 1] = x0;
    HEAPF32[(out >> 2) + 2] = y0;
    HEAPF32[(out >> 2) + 3] = visible ? w : 0;
    HEAPF32[(out >> 2) + 4] = visible ? h : 0;
    HEAPF32[(out >> 2) + 5] = 0;
    if (!visible || !pixels || capacity < w * h * 4) return visible ? w * h * 4 : 0;
    const canvas = ctx.canvas;
    if (canvas.width < w || canvas.height < h || !Module.tpGlyphStyled) {
        if (canvas.width < w || canvas.height < h) {
            canvas.width = Math.max(canvas.width, w); canvas.height = Math.max(canvas.height, h);
            ctx.font = font;  // resizing resets the context state
        }
        ctx.fillStyle = "#fff";
        ctx.textBaseline = "alphabetic";
        Module.tpGlyphStyled = true;
    }
    ctx.clearRect(0, 0, w, h);
    ctx.fillText(ch, -x0, -y0);
    const data = ctx.getImageData(0, 0, w, h).data;
    // Text drawn in white stays grey-scale; any coloured pixel means a colour glyph (emoji).
    let colored = false;
    for (let i = 0; i < data.length; i += 4)
        if (data[i + 3] > 0 && (data[i] !== data[i + 1] || data[i + 1] !== data[i + 2])) { colored = true; break; }
    HEAPF32[(out >> 2) + 5] = colored ? 1 : 0;
    if (colored) HEAPU8.set(data, pixels);
    else for (let i = 0, j = pixels; i < data.length; i += 4, ++j) HEAPU8[j] = data[i + 3];
    return w * h * 4;
});

EM_JS(void, tp_font_js_set_lang, (const char* lang), { Module.tpGlyphLang = UTF8ToString(lang); });

// [SECTION] ImFontLoader --------------------------------------------------------------------------
namespace {

std::vector<unsigned char> g_pixels;  // scratch for one glyph's pixels

// The CSS font stack travels as the source's "font data" (a NUL-terminated string the atlas
// copies and owns), since a canvas font needs no file.
const char* family_of(const ImFontConfig* src) {
    return src->FontData ? static_cast<const char*>(src->FontData) : "sans-serif";
}

bool src_init(ImFontAtlas*, ImFontConfig*) { return true; }
void src_destroy(ImFontAtlas*, ImFontConfig*) {}
// The browser falls back through the system's fonts, so every code point has some glyph.
bool src_contains(ImFontAtlas*, ImFontConfig*, ImWchar) { return true; }

bool baked_init(ImFontAtlas*, ImFontConfig* src, ImFontBaked* baked, void*) {
    if (src->MergeMode) return true;
    float m[2];
    tp_font_js_metrics(family_of(src), baked->Size, m);
    baked->Ascent = ImCeil(m[0]);
    baked->Descent = -ImCeil(m[1]);
    return true;
}

bool baked_load_glyph(ImFontAtlas* atlas, ImFontConfig* src, ImFontBaked* baked, void*, ImWchar codepoint,
                      ImFontGlyph* out_glyph, float* out_advance_x) {
    const float density = src->RasterizerDensity * baked->RasterizerDensity;
    const float px = baked->Size * density;
    float info[6];
    if (out_advance_x) {  // metrics-only mode (very large sizes)
        tp_font_js_glyph(family_of(src), px, static_cast<int>(codepoint), nullptr, 0, info);
        *out_advance_x = info[0] / density;
        return true;
    }
    // Measured and drawn in one call when the scratch holds the glyph (nearly always); a bigger one
    // is measured first, then drawn into a grown scratch.
    if (g_pixels.size() < 64 * 64 * 4) g_pixels.resize(64 * 64 * 4);
    const int need = tp_font_js_glyph(family_of(src), px, static_cast<int>(codepoint), g_pixels.data(),
                                      static_cast<int>(g_pixels.size()), info);
    if (need > static_cast<int>(g_pixels.size())) {
        g_pixels.resize(static_cast<std::size_t>(need));
        tp_font_js_glyph(family_of(src), px, static_cast<int>(codepoint), g_pixels.data(), need, info);
    }
    out_glyph->Codepoint = codepoint;
    out_glyph->AdvanceX = info[0] / density;
    const int w = static_cast<int>(info[3]), h = static_cast<int>(info[4]);
    if (w <= 0 || h <= 0) return true;  // blank glyph (space): advance only
    const ImFontAtlasRectId pack_id = ImFontAtlasPackAddRect(atlas, w, h);
    if (pack_id == ImFontAtlasRectId_Invalid) return false;
    ImTextureRect* r = ImFontAtlasPackGetRect(atlas, pack_id);
    const float off_y = IM_ROUND(baked->Ascent);
    out_glyph->X0 = info[1] / density;
    out_glyph->Y0 = info[2] / density + off_y;
    out_glyph->X1 = (info[1] + static_cast<float>(w)) / density;
    out_glyph->Y1 = (info[2] + static_cast<float>(h)) / density + off_y;
    out_glyph->Visible = true;
    out_glyph->Colored = info[5] != 0;
    out_glyph->PackId = pack_id;
    const bool rgba = out_glyph->Colored;
    ImFontAtlasBakedSetFontGlyphBitmap(atlas, baked, src, out_glyph, r, g_pixels.data(),
                                       rgba ? ImTextureFormat_RGBA32 : ImTextureFormat_Alpha8, rgba ? w * 4 : w);
    return true;
}

const ImFontLoader* canvas_loader() {
    static ImFontLoader loader;
    loader.Name = "browser-canvas";
    loader.FontSrcInit = src_init;
    loader.FontSrcDestroy = src_destroy;
    loader.FontSrcContainsGlyph = src_contains;
    loader.FontBakedInit = baked_init;
    loader.FontBakedLoadGlyph = baked_load_glyph;
    return &loader;
}

}  // namespace

namespace tpviewer {

ImFont* add_canvas_font(ImFontAtlas* atlas, const char* family, float size_pixels) {
    ImFontConfig cfg;
    cfg.FontLoader = canvas_loader();
    cfg.SizePixels = size_pixels;
    ImFormatString(cfg.Name, IM_ARRAYSIZE(cfg.Name), "canvas %.0fpx", size_pixels);
    cfg.FontData = const_cast<char*>(family);
    cfg.FontDataSize = static_cast<int>(std::strlen(family)) + 1;
    cfg.FontDataOwnedByAtlas = false;  // AddFont copies it
    return atlas->AddFont(&cfg);
}

void set_canvas_font_language(const char* bcp47) { tp_font_js_set_lang(bcp47); }

}  // namespace tpviewer
