// Font warm-up. The survey's first layout is the widget's costliest task: the first use of a
// script's fallback font (a CJK face is tens of MB) and shaping happen inside it. Laying out the
// survey's own characters in an invisible, out-of-flow box earlier — while the engine is still
// downloading — moves that cost into a task of its own, so neither task is long for the host.
import { h } from './dom.js';
import { adoptStyles } from './styles.js';
import { yieldToHost } from './yield.js';

const MAX_CHARS = 1200;

/**
 * Distinct non-ASCII characters of the survey's strings (ASCII is the primary font's), in every
 * locale: which locale shows is the core's decision (locale negotiation), and this runs before the
 * core has loaded, so it does not guess — a survey in zh-CN and en warms the CJK face either way,
 * and ASCII costs nothing. Capped, so a long survey warms its first characters only.
 */
function surveyCharacters(survey) {
  const seen = new Set();
  const walk = (value) => {
    if (seen.size >= MAX_CHARS) return;
    if (typeof value === 'string') {
      for (const ch of value) if (ch > '\u007f' && seen.size < MAX_CHARS) seen.add(ch);
    } else if (value && typeof value === 'object') {
      for (const item of Object.values(value)) walk(item);
    }
  };
  walk(survey);
  // Breaks every 16 characters: short lines keep the line breaker's work small.
  return [...seen].join('').replace(/(.{16})/gu, '$1 ');
}

/**
 * Lays the survey's characters out, hidden, in the shadow root (removed when the survey mounts):
 * in the regular weight, then — a task later, as it is another font file — in bold (headings).
 */
export async function warmFonts(host, survey, lang) {
  const text = surveyCharacters(survey);
  if (!text) return;
  const root = host.shadowRoot || host.attachShadow({ mode: 'open' });
  adoptStyles(root);
  const panel = h('div', { class: 'tp-panel' }, text);
  const box = h('div', { class: 'tp-root tp-warm', lang: lang || null, 'aria-hidden': 'true' }, panel);
  root.replaceChildren(box);
  void box.offsetHeight;
  await yieldToHost();
  if (!box.isConnected) return;
  panel.append(h('b', null, text));
  void box.offsetHeight;
}
