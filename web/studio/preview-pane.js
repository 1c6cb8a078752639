// <tp-preview-pane>: the survey as visitors will see it. An iframe (/studio/preview.html) loads
// the widget from /dist/ — the same files the install snippet loads — and shows the document in
// the chosen display mode, locale and theme, in a phone or desktop frame; it is re-shown as the
// author types. "Answer it" asks the widget for preview(): the exact payload it would send.
import { html, nothing } from 'lit';
import { StudioElement } from './studio-element.js';
import { displayModeOf, displayModes } from './model.js';

class TpPreviewPane extends StudioElement {
  static properties = {
    locale: {},
    theme: {},
    doc: {},
    problems: {}, // errors the core reports in the document: nothing to preview until fixed
    mode: { state: true },
    surveyLocale: { state: true },
    previewTheme: { state: true },
    frame: { state: true },
    payload: { state: true },
  };

  constructor() {
    super();
    this.mode = '';
    this.surveyLocale = '';
    this.previewTheme = '';
    this.frame = 'desktop';
    this.payload = null;
    this.onMessage = this.onMessage.bind(this);
  }

  connectedCallback() {
    super.connectedCallback();
    addEventListener('message', this.onMessage);
  }

  disconnectedCallback() {
    removeEventListener('message', this.onMessage);
    super.disconnectedCallback();
  }

  get iframe() {
    return this.querySelector('iframe');
  }

  onMessage(e) {
    if (e.origin !== location.origin || e.source !== this.iframe?.contentWindow) return;
    if (e.data?.type === 'ready') this.push();
    if (e.data?.type === 'shown') {
      // A modal survey takes the focus into the iframe (showModal): give it back to the control
      // the author was using, so a keyboard user stays where they were.
      if (document.activeElement === this.iframe && this.focusBefore?.isConnected) this.focusBefore.focus();
    }
    if (e.data?.type === 'shown') this.dispatchEvent(new CustomEvent('preview-shown', { bubbles: true, detail: e.data }));
    if (e.data?.type === 'payload') this.payload = e.data.payload ? JSON.stringify(e.data.payload, null, 2) : String(e.data.error);
  }

  updated(changed) {
    if (['doc', 'mode', 'surveyLocale', 'previewTheme', 'problems'].some((k) => changed.has(k))) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.push(), 250);
    }
  }

  push() {
    if (this.problems) return;
    // Wherever the author is in Studio (a preview control, the tab they opened the preview with).
    // A push while a modal still holds the focus in the iframe (two changes in quick succession)
    // keeps the control remembered before: forgetting it would leave the author in the iframe.
    const active = document.activeElement;
    if (active !== this.iframe && active !== document.body) this.focusBefore = active;
    const locales = this.doc?.locales || [];
    this.iframe?.contentWindow?.postMessage({
      type: 'show',
      survey: this.doc,
      mode: this.mode || displayModeOf(this.doc),
      locale: this.surveyLocale || locales[0] || 'en',
      theme: this.previewTheme || this.theme,
    }, location.origin);
  }

  answerIt() {
    this.iframe?.contentWindow?.postMessage({ type: 'preview' }, location.origin);
  }

  render() {
    const locales = this.doc?.locales || [];
    const select = (id, label, value, options, set) => html`<label for=${id}>${label}</label>
      <select id=${id} @change=${(e) => set(e.target.value)}>
        ${options.map(([v, text]) => html`<option value=${v} ?selected=${v === value}>${text}</option>`)}
      </select>`;
    return html`<section class="card" aria-labelledby="preview-title">
      <h3 id="preview-title">${this.t('previewTitle')}</h3>
      <div class="preview-controls">
        ${select('preview-mode', this.t('previewMode'), this.mode || displayModeOf(this.doc), displayModes.map((m) => [m, m]), (v) => (this.mode = v))}
        ${select('preview-locale', this.t('previewLocale'), this.surveyLocale || locales[0], locales.map((l) => [l, l]), (v) => (this.surveyLocale = v))}
        ${select('preview-theme', this.t('previewTheme'), this.previewTheme || this.theme, [['light', this.t('themeLight')], ['dark', this.t('themeDark')]], (v) => (this.previewTheme = v))}
        ${select('preview-frame', this.t('previewFrame'), this.frame, [['phone', this.t('framePhone')], ['desktop', this.t('frameDesktop')]], (v) => (this.frame = v))}
        <button type="button" class="primary" @click=${this.answerIt}>${this.t('answerIt')}</button>
      </div>
      ${this.problems ? html`<p class="error-text">${this.t('problems', { n: this.problems })}</p>` : nothing}
      <div class=${`device ${this.frame}`}>
        <iframe src="/studio/preview.html" title=${this.t('previewTitle')}></iframe>
      </div>
      <h4 id="payload-title">${this.t('payloadTitle')}</h4>
      ${this.payload == null ? html`<p>${this.t('payloadEmpty')}</p>`
        : html`<pre class="code payload" role="region" aria-labelledby="payload-title" tabindex="0">${this.payload}</pre>`}
    </section>${nothing}`;
  }
}
customElements.define('tp-preview-pane', TpPreviewPane);
