// The journey viewer's canvas text (viewer/backends/web/canvas_font.cpp): the fonts it asks the
// browser for, and a warm-up of the map's characters while the viewer's code is still loading.
//
// The viewer lays a map out by measuring its texts with a 2D canvas, character by character. A
// page's first measurement of text in a fallback font (the CJK fonts, for a Chinese map) loads that
// font: most of the ~20 ms the layout of the B2B example spent measuring, in the first frame. The
// map arrives well before the viewer's code, while the page's main thread mostly waits for the glue
// and the wasm; its characters are measured then, in tasks of their own, so that whatever arrives
// meanwhile waits for one of them at most.

import { nextTask } from '../yield.js';

// Both handed to the viewer (Module.tpFontFamily, Module.tpFontPx), which uses no other.
/** The CSS font stack of the viewer's canvas text: system UI fonts, then CJK, Arabic and emoji. */
export const CANVAS_FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", ' +
  '"PingFang SC", "Microsoft YaHei", "Noto Sans Arabic", sans-serif, "Noto Color Emoji", "Apple Color Emoji", "Segoe UI Emoji"';
/** The viewer's base text size (CSS px), at which it lays maps out: what the warm-up measures at (a measurement is per size). */
export const CANVAS_FONT_PX = 14;

/** The 2D context the viewer draws its glyphs with (handed to it as Module.tpGlyphContext); null without OffscreenCanvas. */
export function glyphContext() {
  return typeof OffscreenCanvas === 'undefined' ? null : new OffscreenCanvas(64, 64).getContext('2d', { willReadFrequently: true });
}

/**
 * Measures each character of `text` beyond ASCII (the primary font has those) once, at `px`,
 * 40 to a task; stops when `stopped()` says the viewer has begun measuring them itself.
 */
export function warmGlyphs(ctx, text, px, stopped) {
  if (!ctx) return;
  const chars = [...new Set(text)].filter((ch) => ch > '~');
  const font = `${px}px ${CANVAS_FONT_FAMILY}`;
  let next = 0;
  const step = () => {
    if (stopped()) return;
    // The viewer may have set another font in between, and sets it again only when it changes its
    // own: its font is put back after each step.
    const viewerFont = ctx.font;
    ctx.font = font;
    for (const end = Math.min(chars.length, next + 40); next < end; next++) ctx.measureText(chars[next]);
    ctx.font = viewerFont;
    if (next < chars.length) nextTask(step);
  };
  nextTask(step);
}
