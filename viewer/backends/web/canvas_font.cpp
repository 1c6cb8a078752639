// The browser-rasterized ImFontLoader (see canvas_font.hpp). Glyph bitmaps come from an
// OffscreenCanvas: measureText gives the ink box and advance, fillText draws white ink, and
// getImageData hands back the pixels — alpha only for text, RGBA for colour emoji.
//
// A frame's text glyphs are drawn together: loading one only measures it and reserves its atlas
// rectangle; flush_canvas_glyphs() draws every glyph reserved since the last flush into one canvas,
// reads it back with one getImageData and writes each into its rectangle, before the frame's
// texture upload. Read back one by one, each getImageData rasterized what was drawn since the
// previous one and copied it out (viewer/README.md, "The first frame in the browser"). A glyph
// that may be in colour (an emoji) is drawn at once, as before: whether it is coloured is known
// only from its pixels, and ImGui needs that when it first uses the glyph.
#include "canvas_font.hpp"

#include <emscripten/emscripten.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "imgui.h"
#include "imgui_internal.h"

// [SECTION] JavaScript side -----------------------------------------------------------------------
// All functions share one 2D context and the helpers below (Module.tpGlyphs). Sizes are in device
// pixels. The first frame bakes a few hundred glyphs, so per glyph only what changed is set: the
// CSS font (parsing the long font stack is costly) only when the size or family differs, the
// family's text decoded once per address (the atlas owns it), fill, baseline and language only
// after the canvas was resized (which resets its state).
EM_JS(void, tp_font_js_metrics, (const char* family, float size, float* out), {
    // A font size's metrics come before any of its glyphs: the first call of all sets the helpers up.
    const g = Module.tpGlyphs || (Module.tpGlyphs = {
        ctx: Module.tpGlyphContext || (Module.tpGlyphContext = (typeof OffscreenCanvas !== "undefined"
            ? new OffscreenCanvas(64, 64) : document.createElement("canvas")).getContext("2d", {willReadFrequently: true})),
        families: new Map(),
        font: "",
        styled: false,
        // (Four backslashes: EM_JS's text is itself a C string literal, which takes one level of escapes.)
        pictograph: new RegExp("\\\\p{Extended_Pictographic}|\\\\p{Regional_Indicator}", "u"),
        // Sets the CSS font of `family` (the address of its text) at `size` px, unless already set.
        use(family, size) {
            let name = this.families.get(family);
            if (name === undefined) this.families.set(family, name = UTF8ToString(family));
            const font = size + "px " + name;
            if (this.font !== font) {
                this.ctx.font = font;
                this.font = font;
            }
        },
        // A canvas of at least w x h, drawing white ink on the alphabetic baseline.
        fit(w, h) {
            const canvas = this.ctx.canvas;
            if (canvas.width < w || canvas.height < h) {
                canvas.width = Math.max(canvas.width, w);
                canvas.height = Math.max(canvas.height, h);
                this.font = "";
                this.styled = false;
            }
            if (!this.styled) {
                this.ctx.fillStyle = "#fff";
                this.ctx.textBaseline = "alphabetic";
                if (Module.tpGlyphLang && "lang" in this.ctx) this.ctx.lang = Module.tpGlyphLang;
                this.styled = true;
            }
        },
    });
    if (Module.tpGlyphLang && "lang" in g.ctx) g.ctx.lang = Module.tpGlyphLang;
    g.font = "";
    g.use(family, size);
    const m = g.ctx.measureText("Hg国");
    HEAPF32[(out >> 2) + 0] = m.fontBoundingBoxAscent || size * 0.88;
    HEAPF32[(out >> 2) + 1] = m.fontBoundingBoxDescent || size * 0.24;
});

// Measures one code point. out: [advance, x0, y0, w, h, may_be_coloured]; w and h are 0 for a blank
// glyph. may_be_coloured: a pictograph (an emoji, a regional indicator), which a colour font may draw.
EM_JS(void, tp_font_js_measure, (const char* family, float size, int codepoint, float* out), {
    const g = Module.tpGlyphs;
    g.use(family, size);
    const ch = String.fromCodePoint(codepoint);
    const m = g.ctx.measureText(ch);
    const x0 = Math.floor(-m.actualBoundingBoxLeft) - 1, x1 = Math.ceil(m.actualBoundingBoxRight) + 1;
    const y0 = Math.floor(-m.actualBoundingBoxAscent) - 1, y1 = Math.ceil(m.actualBoundingBoxDescent) + 1;
    const w = Math.max(0, x1 - x0), h = Math.max(0, y1 - y0);
    const visible = w > 2 && h > 2 && ch.trim() !== "";
    HEAPF32[(out >> 2) + 0] = m.width;
    HEAPF32[(out >> 2) + 1] = x0;
    HEAPF32[(out >> 2) + 2] = y0;
    HEAPF32[(out >> 2) + 3] = visible ? w : 0;
    HEAPF32[(out >> 2) + 4] = visible ? h : 0;
    HEAPF32[(out >> 2) + 5] = g.pictograph.test(ch) ? 1 : 0;
});

// Draws one measured code point (its ink box from tp_font_js_measure) and writes its pixels at
// `pixels`: w*h*4 bytes of RGBA if it came out in colour (returns 1), else w*h bytes of alpha.
EM_JS(int, tp_font_js_draw, (const char* family, float size, int codepoint, int x0, int y0, int w, int h, unsigned char* pixels), {
    const g = Module.tpGlyphs;
    g.fit(w, h);
    g.use(family, size);
    g.ctx.clearRect(0, 0, w, h);
    g.ctx.fillText(String.fromCodePoint(codepoint), -x0, -y0);
    const data = g.ctx.getImageData(0, 0, w, h).data;
    // Text drawn in white stays grey-scale; any coloured pixel means a colour glyph (emoji).
    let colored = false;
    for (let i = 0; i < data.length; i += 4)
        if (data[i + 3] > 0 && (data[i] !== data[i + 1] || data[i + 1] !== data[i + 2])) { colored = true; break; }
    if (colored) HEAPU8.set(data, pixels);
    else for (let i = 0, j = pixels; i < data.length; i += 4, ++j) HEAPU8[j] = data[i + 3];
    return colored ? 1 : 0;
});

// Draws `count` measured glyphs, each entry `stride` int32s starting [family, size (float bits),
// codepoint, x0, y0, w, h] (a PendingGlyph), side by side in rows with a pixel between (no glyph's edge reaches into the next), reads
// them back with one getImageData per canvas-full and writes each one's alpha, w*h bytes, one after
// another at `pixels`. Each glyph is placed at whole pixels: drawn as it would be alone.
EM_JS(void, tp_font_js_draw_batch, (const void* entries, int count, int stride, unsigned char* pixels), {
    const g = Module.tpGlyphs;
    const maxHeight = 2048;  // the tallest canvas read back at once
    let width = 512;
    for (let i = 0; i < count; i++) width = Math.max(width, HEAP32[(entries >> 2) + i * stride + 5] + 1);
    let out = pixels;
    for (let first = 0; first < count;) {
        // Rows of glyphs until the canvas-full is as tall as allowed.
        const at = [];
        let x = 0, y = 0, rowH = 0, end = first;
        for (; end < count; end++) {
            const e = (entries >> 2) + end * stride, w = HEAP32[e + 5], h = HEAP32[e + 6];
            let gx = x, gy = y;
            if (gx + w > width) { gx = 0; gy = y + rowH + 1; }
            if (end > first && gy + h > maxHeight) break;
            if (gy !== y) { y = gy; rowH = 0; }
            at.push(gx, gy);
            x = gx + w + 1;
            rowH = Math.max(rowH, h);
        }
        const height = y + rowH;
        g.fit(width, height);
        g.ctx.clearRect(0, 0, width, height);
        for (let i = first; i < end; i++) {
            const e = (entries >> 2) + i * stride, k = (i - first) * 2;
            g.use(HEAP32[e], HEAPF32[e + 1]);
            g.ctx.fillText(String.fromCodePoint(HEAP32[e + 2]), at[k] - HEAP32[e + 3], at[k + 1] - HEAP32[e + 4]);
        }
        const data = g.ctx.getImageData(0, 0, width, height).data;
        for (let i = first; i < end; i++) {
            const e = (entries >> 2) + i * stride, w = HEAP32[e + 5], h = HEAP32[e + 6];
            const k = (i - first) * 2;
            for (let row = 0; row < h; row++)
                for (let col = 0, src = ((at[k + 1] + row) * width + at[k]) * 4 + 3; col < w; col++, src += 4)
                    HEAPU8[out++] = data[src];
        }
        first = end;
    }
});

EM_JS(void, tp_font_js_set_lang, (const char* lang), { Module.tpGlyphLang = UTF8ToString(lang); });

// [SECTION] ImFontLoader --------------------------------------------------------------------------
namespace {

std::vector<unsigned char> g_pixels;  // scratch for one glyph's pixels, or a batch's

// A glyph reserved since the last flush. The batch drawer (tp_font_js_draw_batch) reads its first
// seven fields as int32s: what to draw; the flush then writes the pixels where the rest say.
struct PendingGlyph {
    std::int32_t family;     // the address of the CSS font stack (wasm32)
    std::int32_t size_bits;  // the size in device pixels, a float's bits
    std::int32_t codepoint, x0, y0, w, h;
    ImFontAtlas* atlas;
    ImFontAtlasRectId pack_id;
    ImTextureData* tex;  // the atlas texture it was reserved in, at x, y
    std::int32_t x, y;
};
static_assert(sizeof(PendingGlyph) % sizeof(std::int32_t) == 0 && offsetof(PendingGlyph, h) == 6 * sizeof(std::int32_t),
              "tp_font_js_draw_batch reads PendingGlyph as int32s");
std::vector<PendingGlyph> g_pending;

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
    tp_font_js_measure(family_of(src), px, static_cast<int>(codepoint), info);
    if (out_advance_x) {  // metrics-only mode (very large sizes, and the layout's base size)
        *out_advance_x = info[0] / density;
        return true;
    }
    out_glyph->Codepoint = codepoint;
    out_glyph->AdvanceX = info[0] / density;
    const int w = static_cast<int>(info[3]), h = static_cast<int>(info[4]);
    if (w <= 0 || h <= 0) return true;  // blank glyph (space): advance only
    ImTextureData* const tex_before = atlas->TexData;
    const ImFontAtlasRectId pack_id = ImFontAtlasPackAddRect(atlas, w, h);
    if (pack_id == ImFontAtlasRectId_Invalid) return false;
    // The atlas grew into a new texture: what this frame drew so far still uses the old one (ImGui
    // destroys it only next frame), with the glyphs reserved until now in it. Drawn now, in both.
    if (atlas->TexData != tex_before) tpviewer::flush_canvas_glyphs();
    ImTextureRect* r = ImFontAtlasPackGetRect(atlas, pack_id);
    const float off_y = IM_ROUND(baked->Ascent);
    out_glyph->X0 = info[1] / density;
    out_glyph->Y0 = info[2] / density + off_y;
    out_glyph->X1 = (info[1] + static_cast<float>(w)) / density;
    out_glyph->Y1 = (info[2] + static_cast<float>(h)) / density + off_y;
    out_glyph->Visible = true;
    out_glyph->PackId = pack_id;
    const int x0 = static_cast<int>(info[1]), y0 = static_cast<int>(info[2]);
    if (info[5] == 0) {
        // Text: drawn at the flush, with no post-processing of its pixels (the canvas font has none).
        IM_ASSERT(src->RasterizerMultiply == 1.0f);
        PendingGlyph g{};
        g.family = static_cast<std::int32_t>(reinterpret_cast<std::uintptr_t>(family_of(src)));
        std::memcpy(&g.size_bits, &px, sizeof g.size_bits);
        g.codepoint = static_cast<std::int32_t>(codepoint);
        g.x0 = x0;
        g.y0 = y0;
        g.w = w;
        g.h = h;
        g.atlas = atlas;
        g.pack_id = pack_id;
        g.tex = atlas->TexData;
        g.x = r->x;
        g.y = r->y;
        g_pending.push_back(g);
        return true;
    }
    // A possible colour glyph: drawn now, its pixels telling whether it is coloured.
    const std::size_t bytes = static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4;
    if (g_pixels.size() < bytes) g_pixels.resize(bytes);
    out_glyph->Colored =
        tp_font_js_draw(family_of(src), px, static_cast<int>(codepoint), x0, y0, w, h, g_pixels.data()) != 0;
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

void flush_canvas_glyphs() {
    if (g_pending.empty()) return;
    std::size_t bytes = 0;
    for (const PendingGlyph& g : g_pending) bytes += static_cast<std::size_t>(g.w) * static_cast<std::size_t>(g.h);
    if (g_pixels.size() < bytes) g_pixels.resize(bytes);
    tp_font_js_draw_batch(g_pending.data(), static_cast<int>(g_pending.size()),
                          static_cast<int>(sizeof(PendingGlyph) / sizeof(std::int32_t)), g_pixels.data());
    const unsigned char* p = g_pixels.data();
    for (const PendingGlyph& g : g_pending) {
        const auto write = [&](ImTextureData* tex, int x, int y) {
            ImFontAtlasTextureBlockConvert(p, ImTextureFormat_Alpha8, g.w, static_cast<unsigned char*>(tex->GetPixelsAt(x, y)),
                                           tex->Format, tex->GetPitch(), g.w, g.h);
            ImFontAtlasTextureBlockQueueUpload(g.atlas, tex, x, y, g.w, g.h);
        };
        // Looked up now: a texture grown since the glyph was reserved has moved its rectangle. A font
        // size discarded meanwhile has given its rectangles up (the lookup finds none): skipped.
        const ImTextureRect* r = ImFontAtlasPackGetRectSafe(g.atlas, g.pack_id);
        if (r && r->w == g.w && r->h == g.h) write(g.atlas->TexData, r->x, r->y);
        // The texture it was reserved in, if another since, for what was drawn with that one.
        if (g.tex != g.atlas->TexData && g.atlas->TexList.contains(g.tex) && g.tex->Pixels != nullptr &&
            g.tex->Status != ImTextureStatus_WantDestroy && g.tex->Status != ImTextureStatus_Destroyed)
            write(g.tex, g.x, g.y);
        p += static_cast<std::size_t>(g.w) * static_cast<std::size_t>(g.h);
    }
    g_pending.clear();
}

}  // namespace tpviewer
