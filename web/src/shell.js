// The frame of a survey on the host page, per display mode, inside the element's shadow root:
//   inline    in the page flow, where the element stands
//   popover   a card in a corner;   slide-in  a panel sliding in from the side
//   modal     a <dialog> shown modal (the rest of the page inert; focus trapped; Esc closes)
//   fullpage  a modal <dialog> covering the viewport
// Every mode but inline is out of the page flow (fixed or top layer): no layout shift of the host.
import { h } from './dom.js';
import { adoptStyles } from './styles.js';
// The modes the core accepts and the defaults it documents (survey/1 schema, setting_defaults.def).
import DISPLAY from 'touchpoint:widget-display';

function hostPrefersDark() {
  const root = document.documentElement;
  const theme = (root.dataset.theme || root.getAttribute('data-color-scheme') || '').toLowerCase();
  if (theme === 'dark' || root.classList.contains('dark')) return true;
  if (theme === 'light' || root.classList.contains('light')) return false;
  const scheme = getComputedStyle(root).colorScheme || '';
  if (/\bdark\b/.test(scheme) && !/\blight\b/.test(scheme)) return true;
  if (/\blight\b/.test(scheme) && !/\bdark\b/.test(scheme)) return false;
  return matchMedia('(prefers-color-scheme: dark)').matches;
}

/**
 * @param host the <touchpoint-survey> element
 * @param o {mode, position, dir, lang, theme, tokens, dismissible, showProgress, t, onDismiss}
 */
export function createShell(host, o) {
  const mode = DISPLAY.modes.includes(o.mode) ? o.mode : DISPLAY.mode;
  const modal = mode === 'modal' || mode === 'fullpage';
  const root = host.shadowRoot || host.attachShadow({ mode: 'open' });
  adoptStyles(root);
  host.setAttribute('mode', mode);

  const content = h('div', { class: 'tp-content' });
  const polite = h('div', { class: 'tp-sr-only', role: 'status', 'aria-live': 'polite' });
  const assertive = h('div', { class: 'tp-sr-only', role: 'alert' });
  const close = h('button', { type: 'button', class: 'tp-close', 'aria-label': o.t('close'), onclick: () => o.onDismiss('close') }, '×');
  const panelClass = `tp-panel tp-${mode} tp-pos-${o.position || DISPLAY.position}`;
  const children = [mode === 'inline' || !o.dismissible ? null : close, content, polite, assertive];
  const panel = modal
    ? h('dialog', { class: panelClass }, ...children)
    : h('section', { class: panelClass, role: mode === 'inline' ? 'region' : 'dialog', 'aria-modal': mode === 'inline' ? null : 'false' }, ...children);
  const wrapper = h('div', { class: 'tp-root', dir: o.dir || 'ltr', lang: o.lang || null }, panel);
  // survey.display.theme {"accent": "#0b57d0", "radius": "8px"} -> --tp-accent, --tp-radius (CSSOM,
  // which a strict style-src allows; the host page's own --tp-* on the element still cascade in).
  for (const [token, value] of Object.entries(o.tokens || {}))
    if (/^[a-z][a-z0-9-]*$/i.test(token) && typeof value === 'string') wrapper.style.setProperty(`--tp-${token}`, value);
  if (o.showProgress === false) wrapper.classList.add('tp-no-progress');

  const applyTheme = () => {
    const dark = o.theme === 'dark' || (o.theme !== 'light' && hostPrefersDark());
    wrapper.dataset.theme = dark ? 'dark' : 'light';
  };
  applyTheme();
  const media = matchMedia('(prefers-color-scheme: dark)');
  media.addEventListener('change', applyTheme);

  const previousFocus = document.activeElement;
  const onKey = (event) => {
    if (event.key === 'Escape' && !event.isComposing && mode !== 'inline' && o.dismissible) {
      event.preventDefault();
      event.stopPropagation();
      o.onDismiss('escape');
    } else if (event.key === 'Tab' && modal) {
      trapTab(event);
    }
  };
  // Tab from the last control wraps to the first (and back): focus never leaves a modal survey.
  const trapTab = (event) => {
    const focusable = [...panel.querySelectorAll('button, input, textarea, select, [tabindex="0"], [href]')].filter(
      (el) => !el.disabled && !el.hidden && el.getClientRects().length,
    );
    if (!focusable.length) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    const active = root.activeElement;
    if (event.shiftKey && (active === first || !panel.contains(active))) (event.preventDefault(), last.focus());
    else if (!event.shiftKey && (active === last || !panel.contains(active))) (event.preventDefault(), first.focus());
  };
  panel.addEventListener('keydown', onKey);
  if (modal) panel.addEventListener('cancel', (event) => (event.preventDefault(), o.dismissible && o.onDismiss('escape')));

  return {
    mode,
    panel,
    setContent(node, labelId) {
      content.replaceChildren(node);
      panel.setAttribute('aria-labelledby', labelId);
    },
    /** Attaches the frame hidden: building the DOM and laying it out are separate tasks. */
    mount() {
      wrapper.classList.add('tp-pending');
      root.replaceChildren(wrapper);
    },
    open() {
      if (!wrapper.isConnected) root.replaceChildren(wrapper);
      // Lay out now (fonts, CJK fallback, shaping: the costly part), while still hidden; showing
      // it then needs only a style change and a paint in the next frame.
      const start = performance.now();
      void panel.offsetHeight;
      performance.measure?.('touchpoint:layout', { start, end: performance.now() });
      wrapper.classList.remove('tp-pending');
      if (modal) panel.showModal();
      requestAnimationFrame(() => panel.classList.add('tp-open'));
    },
    close() {
      media.removeEventListener('change', applyTheme);
      if (modal && panel.open) panel.close();
      wrapper.remove();
      host.removeAttribute('mode');
      if (mode !== 'inline' && previousFocus?.isConnected && typeof previousFocus.focus === 'function') previousFocus.focus();
    },
    /** Polite announcement (moves, counters); `alert` for errors after a failed "next". */
    announce(text, urgent = false) {
      const region = urgent ? assertive : polite;
      region.textContent = '';
      // A new text node in a cleared region is what screen readers reliably pick up.
      setTimeout(() => (region.textContent = text), 50);
    },
  };
}
