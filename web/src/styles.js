// The widget's styles live in one constructable stylesheet adopted by each shadow root: no <style>
// element and no style attribute, so a host CSP `style-src 'self'` (no 'unsafe-inline') holds, and
// the host's styles cannot reach inside nor ours leak out.
import css from './widget.css';

let sheet = null;

/** Parses the CSS once per page; called early, so the parse is not part of the render task. */
export function prepareStyles() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
  }
  return sheet;
}

export function adoptStyles(root) {
  prepareStyles();
  if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}
