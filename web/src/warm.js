// Font warm-up. The survey's first layout is the widget's costliest task: the first use of a
// script's fallback font (a CJK face is tens of MB) and shaping happen inside it. Laying out the
// survey's own characters in an invisible, out-of-flow box earlier — while the engine is still
// downloading — moves that cost into a task of its own, so neither task is long for the host.
import { h } from './dom.js';
import { adoptStyles } from './styles.js';
import { yieldToHost } from './yield.js';

const MAX_CHARS = 1200;

/**
 * Distinct non-ASCII characters of the survey's strings (ASCII is the primary font's), of the
 * locale it will show in: a localized text ({"zh-CN": …, "en": …}, keys from survey.locales)
 * contributes its best match only (exact tag, then language, then the first). Only a hint: the
 * core picks the locale; a wrong guess merely warms fonts the survey then does not use.
 */
function surveyCharacters(survey, locale) {
  const locales = Array.isArray(survey?.locales) ? survey.locales : [];
  const tag = String(locale || '').toLowerCase();
  const localized = (obj) => {
    const keys = Object.keys(obj);
    if (!keys.length || !keys.every((k) => locales.includes(k))) return undefined;
    const lower = keys.map((k) => k.toLowerCase());
    const at = lower.indexOf(tag) >= 0 ? lower.indexOf(tag) : lower.findIndex((k) => k.split('-')[0] === tag.split('-')[0]);
    return obj[keys[at >= 0 ? at : 0]];
  };
  const seen = new Set();
  const walk = (value) => {
    if (seen.size >= MAX_CHARS) return;
    if (typeof value === 'string') {
      for (const ch of value) if (ch > '\u007f' && seen.size < MAX_CHARS) seen.add(ch);
    } else if (value && typeof value === 'object') {
      const text = Array.isArray(value) ? undefined : localized(value);
      if (text !== undefined) walk(text);
      else for (const item of Object.values(value)) walk(item);
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
  const text = surveyCharacters(survey, lang);
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
