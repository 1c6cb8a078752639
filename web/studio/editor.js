// <tp-editor>: one survey. Tabs: the form editor, the JSON view, the live preview (the real
// widget), publish & history (versions, diff, roll back) and install. The document is the survey
// JSON text (`text`, saved byte for byte) and its parse (`doc`); the form edits `doc` and
// re-serializes, the JSON view edits `text`. On every change the core — the engine compiled to
// wasm, the same one visitors run — validates the whole document; each diagnostic is shown at the
// field its JSON pointer names.
//
// [SECTION] State and validation
// [SECTION] Editing operations
// [SECTION] Rendering: shell and tabs
// [SECTION] Rendering: form
// [SECTION] Rendering: JSON, publish, install
import { html, nothing } from 'lit';
import { StudioElement } from './studio-element.js';
import { live } from 'lit/directives/live.js';
import { loadEngine } from '../src/engine.js';
import { api, ApiError } from './api.js';
import { History, clone, duplicated, journeyFields, missingLocales, newQuestion, pipingPlaceholders, placeOnPage, pointer, questionTypes, removeFromPages, renameOnPages, sectionLabels, sections, textIn, typeFields, withText } from './model.js';
import './preview-pane.js';

const engineUrl = new URL('/dist/touchpoint-engine.js', location.href).href;
const tabs = ['edit', 'json', 'preview', 'publish', 'install'];
const tabLabel = { edit: 'tabEdit', json: 'tabJson', preview: 'tabPreview', publish: 'tabPublish', install: 'tabInstall' };
const fieldId = (ptr) => 'f' + ptr.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`);

class TpEditor extends StudioElement {
  static properties = {
    locale: {},
    theme: {},
    surveyId: {},
    initialText: {},
    record: {},
    isNew: {},
    tab: { state: true },
    text: { state: true },
    doc: { state: true },
    diagnostics: { state: true },
    jsonError: { state: true },
    status: { state: true },
    versions: { state: true },
    diff: { state: true },
    saving: { state: true },
    publishedVersion: { state: true },
  };

  constructor() {
    super();
    this.tab = 'edit';
    this.diagnostics = null; // null = not checked yet
    this.jsonError = '';
    this.status = '';
    this.versions = [];
    this.diff = null;
    this.history = new History();
    this.lastRecord = { at: 0, key: '' };
    this.savedText = null;
  }

  // [SECTION] State and validation ---------------------------------------------------------------

  willUpdate(changed) {
    if (changed.has('initialText')) {
      this.setText(this.initialText, { record: false });
      this.savedText = this.isNew ? null : this.initialText;
      if (!this.isNew) this.loadVersions();
    }
  }

  /** Replaces the document text (from the JSON view, undo/redo or load). */
  setText(text, { record = true } = {}) {
    if (record && text !== this.text) this.history.record(this.text);
    this.text = text;
    try {
      const doc = JSON.parse(text);
      this.doc = doc && typeof doc === 'object' && !Array.isArray(doc) ? doc : this.doc || {};
      this.jsonError = '';
    } catch (error) {
      this.jsonError = error.message;
    }
    this.scheduleValidation();
  }

  /** Applies a form edit: mutate a copy of the document, then re-serialize. `key` groups typing. */
  change(mutate, key = '') {
    const now = performance.now();
    if (key === '' || key !== this.lastRecord.key || now - this.lastRecord.at > 800) this.history.record(this.text);
    this.lastRecord = { at: now, key };
    const doc = clone(this.doc);
    mutate(doc);
    this.doc = doc;
    this.text = JSON.stringify(doc, null, 2);
    this.jsonError = '';
    this.scheduleValidation();
  }

  scheduleValidation() {
    clearTimeout(this.validateTimer);
    const text = this.text;
    this.validateTimer = setTimeout(async () => {
      try {
        const engine = await loadEngine(engineUrl);
        const result = engine.validate(text);
        if (text === this.text) this.diagnostics = result.diagnostics || [];
      } catch (error) {
        this.diagnostics = [{ severity: 'error', pointer: '', message: String(error.message || error) }];
      }
      this.dispatchEvent(new CustomEvent('studio-validated', { bubbles: true }));
    }, 120);
  }

  get errors() {
    return (this.diagnostics || []).filter((d) => d.severity === 'error');
  }

  /** Diagnostics for exactly this pointer (and, `withMembers`, for its members: a map edited as lines). */
  problemsAt(ptr, withMembers = false) {
    return (this.diagnostics || []).filter((d) => d.pointer === ptr || (withMembers && d.pointer.startsWith(`${ptr}/`)));
  }

  // [SECTION] Editing operations -----------------------------------------------------------------

  undo() {
    const text = this.history.undo(this.text);
    if (text != null) this.setText(text, { record: false });
  }

  redo() {
    const text = this.history.redo(this.text);
    if (text != null) this.setText(text, { record: false });
  }

  onKeydown(e) {
    const mod = e.ctrlKey || e.metaKey;
    if (!mod || e.target.closest?.('textarea.json')) return;
    if (e.key.toLowerCase() === 'z' && !e.shiftKey) {
      e.preventDefault();
      this.undo();
    } else if ((e.key.toLowerCase() === 'z' && e.shiftKey) || e.key.toLowerCase() === 'y') {
      e.preventDefault();
      this.redo();
    }
  }

  moveQuestion(from, to) {
    const n = this.doc.questions?.length || 0;
    if (to < 0 || to >= n || from === to) return;
    this.change((d) => d.questions.splice(to, 0, ...d.questions.splice(from, 1)));
    this.announce(this.t('moved', { n: to + 1 }));
    this.updateComplete.then(() => this.querySelector(`[data-question="${to}"] .handle`)?.focus());
  }

  announce(text) {
    this.status = '';
    requestAnimationFrame(() => (this.status = text));
  }

  async loadVersions() {
    try {
      const answer = await api.versions(this.surveyId);
      this.versions = answer.versions;
      this.publishedVersion = answer.publishedVersion;
    } catch {
      this.versions = [];
      this.publishedVersion = 0;
    }
  }

  async save(publish = false) {
    if (this.jsonError || this.errors.length) {
      this.tab = 'edit';
      this.announce(this.t('problems', { n: this.errors.length || 1 }));
      return;
    }
    this.saving = true;
    try {
      const id = this.doc.id;
      const saved = await api.save(id, this.text);
      this.surveyId = id;
      this.isNew = false;
      this.savedText = this.text;
      let message = saved.unchanged ? this.t('unchanged', { n: saved.version }) : this.t('saved', { n: saved.version });
      if (publish) {
        const p = await api.publish(id, saved.version);
        message = this.t('published', { n: p.version });
      }
      this.announce(message);
      await this.loadVersions();
    } catch (error) {
      if (error instanceof ApiError && error.errors.length) this.diagnostics = error.errors.map((e) => ({ severity: 'error', ...e }));
      this.announce(error.message);
    } finally {
      this.saving = false;
    }
  }

  async showDiff(version) {
    const newest = this.versions[0]?.version;
    this.diff = await api.diff(this.surveyId, version, newest);
  }

  async rollback(version) {
    const saved = await api.rollback(this.surveyId, version);
    const record = await api.get(this.surveyId);
    this.setText(record.text);
    this.savedText = record.text;
    this.announce(this.t('rolledBack', { n: saved.version }));
    await this.loadVersions();
  }

  /** The document differs from the last saved version (by content, not by formatting). */
  get unsaved() {
    if (this.savedText == null) return true;
    if (this.savedText === this.text) return false;
    try {
      return JSON.stringify(JSON.parse(this.savedText)) !== JSON.stringify(this.doc);
    } catch {
      return true;
    }
  }

  // [SECTION] Rendering: shell and tabs ----------------------------------------------------------

  render() {
    if (!this.doc) return nothing;
    const errors = this.errors;
    return html`
      <div class="editor" @keydown=${this.onKeydown}>
        <div class="toolbar">
          <button type="button" @click=${() => this.dispatchEvent(new CustomEvent('studio-back', { bubbles: true }))}>← ${this.t('back')}</button>
          <h2 class="survey-name">${textIn(this.doc.title, this.locale === 'zh-CN' ? 'zh-CN' : 'en') || textIn(this.doc.title, this.doc.locales?.[0])} <code>${this.doc.id}</code></h2>
          <button type="button" @click=${this.undo} ?disabled=${!this.history.past.length} aria-keyshortcuts="Control+Z">${this.t('undo')}</button>
          <button type="button" @click=${this.redo} ?disabled=${!this.history.future.length} aria-keyshortcuts="Control+Shift+Z">${this.t('redo')}</button>
          <button type="button" @click=${() => this.save(false)} ?disabled=${this.saving}>${this.t('save')}</button>
          <button type="button" class="primary" @click=${() => this.save(true)} ?disabled=${this.saving}>${this.t('publish')}</button>
        </div>
        <p class="status" role="status" aria-live="polite">${this.status}</p>
        <div class="problems" aria-live="polite">
          ${this.diagnostics == null ? html`<p>${this.t('checking')}</p>`
            : errors.length || this.jsonError
              ? html`<p class="error-text"><strong>${this.t('problems', { n: errors.length || 1 })}</strong></p>
                  <ul class="problem-list">${errors.map((d) => html`<li><button type="button" class="link" @click=${() => this.focusPointer(d.pointer)}>${d.pointer || '/'}</button>: ${d.message}</li>`)}</ul>`
              : html`<p class="ok-text">${this.t('noProblems')}</p>`}
        </div>
        <div role="tablist" aria-label=${this.t('appName')} @keydown=${this.onTabKey}>
          ${tabs.map((tab) => html`<button type="button" role="tab" id=${`tab-${tab}`} aria-controls=${this.tab === tab ? `panel-${tab}` : nothing}
            aria-selected=${this.tab === tab ? 'true' : 'false'} tabindex=${this.tab === tab ? 0 : -1}
            @click=${() => this.selectTab(tab)}>${this.t(tabLabel[tab])}</button>`)}
        </div>
        <div role="tabpanel" id=${`panel-${this.tab}`} aria-labelledby=${`tab-${this.tab}`} class="panel">
          ${this.tab === 'edit' ? this.renderForm()
            : this.tab === 'json' ? this.renderJson()
            : this.tab === 'preview' ? html`<tp-preview-pane .locale=${this.locale} .theme=${this.theme} .doc=${this.doc}
                .problems=${this.diagnostics == null ? 0 : errors.length + (this.jsonError ? 1 : 0)}></tp-preview-pane>`
            : this.tab === 'publish' ? this.renderPublish()
            : this.renderInstall()}
        </div>
      </div>`;
  }

  selectTab(tab) {
    this.tab = tab;
    if (tab === 'publish') this.loadVersions();
  }

  onTabKey(e) {
    const i = tabs.indexOf(this.tab);
    const next = e.key === 'ArrowRight' ? (i + 1) % tabs.length : e.key === 'ArrowLeft' ? (i + tabs.length - 1) % tabs.length : -1;
    if (next < 0) return;
    e.preventDefault();
    this.selectTab(tabs[next]);
    this.updateComplete.then(() => this.querySelector(`#tab-${tabs[next]}`)?.focus());
  }

  /** Focuses the field a pointer names (or its nearest ancestor that has one). */
  async focusPointer(ptr) {
    if (this.tab !== 'edit') {
      this.tab = 'edit';
      await this.updateComplete;
    }
    for (let p = ptr; ; p = p.slice(0, p.lastIndexOf('/'))) {
      const el = this.querySelector(`[data-pointer="${CSS.escape(p)}"]`);
      if (el) return el.focus();
      if (!p) return;
    }
  }

  // [SECTION] Rendering: form --------------------------------------------------------------------

  get locales() {
    return Array.isArray(this.doc.locales) && this.doc.locales.length ? this.doc.locales : ['en'];
  }

  /** Error lines under a field, and the attributes tying them to it. */
  fieldErrors(ptr, withMembers = false) {
    const problems = this.problemsAt(ptr, withMembers);
    return problems.length ? html`<p class="field-error" id=${`${fieldId(ptr)}-error`}>${problems.map((d) => html`<span>${d.message}</span>`)}</p>` : nothing;
  }

  describedBy(ptr, withMembers = false) {
    return this.problemsAt(ptr, withMembers).length ? `${fieldId(ptr)}-error` : undefined;
  }

  /** The survey's placeholders (model.js) as buttons that insert one at the caret of the text field last edited. */
  renderPipingTokens() {
    const tokens = pipingPlaceholders(this.doc);
    if (!tokens.length) return nothing;
    return html`<div class="piping-tokens" role="group" aria-label=${this.t('pipingInsert')}>
      <span class="hint">${this.t('pipingInsert')}</span>
      ${tokens.map((token) => html`<button type="button" class="token" @click=${() => this.insertToken(token)}>${token}</button>`)}
    </div>`;
  }

  /** Inserts `token` at the caret of the last text field edited (as typing would), and returns there. */
  insertToken(token) {
    const field = this.lastTextField;
    if (!field?.isConnected) return;
    const at = field.selectionStart ?? field.value.length;
    const end = field.selectionEnd ?? at;
    field.value = field.value.slice(0, at) + token + field.value.slice(end);
    field.dispatchEvent(new Event('input', { bubbles: true }));
    field.focus();
    field.setSelectionRange(at + token.length, at + token.length);
  }

  /** One input per locale side by side; a missing translation is flagged. */
  textField(ptr, label, value, set, { multiline = false } = {}) {
    const locales = this.locales;
    const missing = missingLocales(value, locales);
    const anyText = locales.some((l) => textIn(value, l));
    return html`<fieldset class="texts" @focusin=${(e) => (this.lastTextField = e.target)}>
      <legend>${label}</legend>
      <div class="locale-row">
        ${locales.map((l, i) => {
          const p = (typeof value === 'object' && value !== null) || i > 0 ? `${ptr}/${l.replace(/~/g, '~0').replace(/\//g, '~1')}` : ptr;
          const id = fieldId(`${ptr}@${l}`);
          const flagged = anyText && missing.includes(l);
          const onInput = (e) => {
            if (e.isComposing) return; // IME: the text is committed at compositionend
            set(withText(value, l, e.target.value, locales));
          };
          return html`<div class="locale-cell">
            <label for=${id}>${l}${flagged ? html` <span class="missing">(${this.t('missingTranslation')})</span>` : nothing}</label>
            ${multiline
              ? html`<textarea id=${id} lang=${l} data-pointer=${i === 0 ? ptr : p} .value=${live(textIn(value, l))} @input=${onInput} @compositionend=${onInput}
                  aria-invalid=${this.problemsAt(p).length ? 'true' : 'false'} aria-describedby=${this.describedBy(p) ?? nothing}></textarea>`
              : html`<input id=${id} lang=${l} data-pointer=${i === 0 ? ptr : p} .value=${live(textIn(value, l))} @input=${onInput} @compositionend=${onInput}
                  aria-invalid=${this.problemsAt(p).length || (i === 0 && this.problemsAt(ptr).length) ? 'true' : 'false'}
                  aria-describedby=${(i === 0 ? this.describedBy(ptr) : this.describedBy(p)) ?? nothing} />`}
            ${p !== ptr ? this.fieldErrors(p) : nothing}
          </div>`;
        })}
      </div>
      ${this.fieldErrors(ptr)}
    </fieldset>`;
  }

  /** A plain (non-localized) field: string, number, bool, enum, list (comma separated) or map (lines). */
  plainField(ptr, label, kind, value, set, options = []) {
    const id = fieldId(ptr);
    const members = kind === 'map' || kind === 'list'; // a map's lines, a list's items: their problems show here
    const invalid = this.problemsAt(ptr, members).length ? 'true' : 'false';
    const described = this.describedBy(ptr, members) ?? nothing;
    const key = ptr;
    let control;
    if (kind === 'bool') {
      return html`<div class="field check">
        <input type="checkbox" id=${id} data-pointer=${ptr} .checked=${live(value === true)} @change=${(e) => set(e.target.checked ? true : undefined)}
          aria-invalid=${invalid} aria-describedby=${described} />
        <label for=${id}>${label}</label>${this.fieldErrors(ptr)}</div>`;
    }
    if (kind === 'enum') {
      control = html`<select id=${id} data-pointer=${ptr} @change=${(e) => set(e.target.value || undefined)} aria-invalid=${invalid} aria-describedby=${described}>
        <option value="" ?selected=${value == null}>${this.t('none')}</option>
        ${options.map((o) => html`<option value=${o} ?selected=${value === o}>${o}</option>`)}
      </select>`;
    } else if (kind === 'number') {
      control = html`<input id=${id} type="number" data-pointer=${ptr} .value=${live(value == null ? '' : String(value))}
        @input=${(e) => this.inputChange(() => set(e.target.value === '' ? undefined : Number(e.target.value)), key)} aria-invalid=${invalid} aria-describedby=${described} />`;
    } else if (kind === 'list') {
      // A list and a map commit on change, not on each key: their value is bound without live(), so a
      // re-render meanwhile (the core's validation answering) leaves text typed but not yet committed.
      control = html`<input id=${id} data-pointer=${ptr} .value=${Array.isArray(value) ? value.join(', ') : ''}
        @change=${(e) => set(e.target.value.trim() ? e.target.value.split(',').map((s) => s.trim()).filter(Boolean) : undefined)} aria-invalid=${invalid} aria-describedby=${described} />`;
    } else if (kind === 'map') {
      const textValue = value && typeof value === 'object' ? Object.entries(value).map(([k, v]) => `${k} = ${v}`).join('\n') : '';
      control = html`<textarea id=${id} data-pointer=${ptr} rows="3" .value=${textValue} aria-invalid=${invalid} aria-describedby=${described}
        @change=${(e) => {
          const lines = e.target.value.split('\n').map((l) => l.trim()).filter(Boolean);
          const map = {};
          for (const line of lines) {
            const at = line.indexOf('=');
            if (at > 0) map[line.slice(0, at).trim()] = kind === 'map' && /^-?\d+(\.\d+)?$/.test(line.slice(at + 1).trim()) && ptr.endsWith('weights') ? Number(line.slice(at + 1).trim()) : line.slice(at + 1).trim();
          }
          set(lines.length ? map : undefined);
        }}></textarea>`;
    } else {
      control = html`<input id=${id} data-pointer=${ptr} .value=${live(value == null ? '' : String(value))}
        @input=${(e) => { if (!e.isComposing) this.inputChange(() => set(e.target.value === '' ? undefined : e.target.value), key); }}
        @compositionend=${(e) => this.inputChange(() => set(e.target.value === '' ? undefined : e.target.value), key)}
        aria-invalid=${invalid} aria-describedby=${described} />`;
    }
    return html`<div class="field"><label for=${id}>${label}</label>${control}${this.fieldErrors(ptr, members)}</div>`;
  }

  inputChange(apply) {
    apply();
  }

  /** Setter of one member of an object found by path in a document copy (undefined deletes it). */
  setter(path, key, group = pointer(...path, key)) {
    return (v) =>
      this.change((d) => {
        let o = d;
        for (const p of path) o = o[p] ??= typeof p === 'number' ? {} : {};
        if (v === undefined) delete o[key];
        else o[key] = v;
      }, group);
  }

  renderForm() {
    const d = this.doc;
    const questions = Array.isArray(d.questions) ? d.questions : [];
    return html`
      <section class="card" aria-labelledby="sec-general">
        <h3 id="sec-general">${this.t('general')}</h3>
        <div class="grid2">
          ${this.plainField('/id', this.t('surveyId'), 'string', d.id, this.setter([], 'id'))}
          ${this.plainField('/version', this.t('version'), 'string', d.version, this.setter([], 'version'))}
        </div>
        ${this.plainField('/locales', this.t('locales'), 'list', d.locales, this.setter([], 'locales'))}
        ${this.textField('/title', this.t('title'), d.title, this.setter([], 'title'))}
        ${this.textField('/description', this.t('description'), d.description, this.setter([], 'description'), { multiline: true })}
      </section>
      <section class="card" aria-labelledby="sec-questions">
        <h3 id="sec-questions">${this.t('questions')}</h3>
        <p class="hint" id="drag-hint">${this.t('dragHint')}</p>
        <p class="hint" id="piping-hint">${this.t('pipingHint')}</p>
        ${this.renderPipingTokens()}
        <ol class="questions">
          ${questions.map((q, i) => this.renderQuestion(q, i, questions.length))}
        </ol>
        <div class="add-question">
          <label for="add-type">${this.t('type')}</label>
          <select id="add-type">${questionTypes.map((ty) => html`<option value=${ty}>${ty}</option>`)}</select>
          <button type="button" id="add-question" @click=${() => {
            const type = this.querySelector('#add-type').value;
            this.change((doc) => {
              const q = newQuestion(type, doc);
              (doc.questions ||= []).push(q);
              placeOnPage(doc, q.id, doc.questions[doc.questions.length - 2]?.id);
            });
            this.updateComplete.then(() => this.querySelector(`[data-question="${questions.length}"] input`)?.focus());
          }}>${this.t('addQuestion')}</button>
        </div>
      </section>
      ${this.renderPages()} ${this.renderLogic()} ${this.renderScores()} ${this.renderHiddenFields()} ${this.renderMessages()}
      <section class="card" aria-labelledby="sec-thanks">
        <h3 id="sec-thanks">${this.t('thankYou')}</h3>
        ${this.textField('/thankYou/title', this.t('title'), d.thankYou?.title, this.sectionSetter('thankYou', 'title'))}
        ${this.textField('/thankYou/message', this.t('message'), d.thankYou?.message, this.sectionSetter('thankYou', 'message'), { multiline: true })}
      </section>
      <section class="card" aria-labelledby="sec-journey">
        <h3 id="sec-journey">${this.t('journey')}</h3>
        <div class="grid2">
          ${journeyFields.map(([key, kind]) => this.plainField(pointer('journey', key), this.t(`journey_${key}`), kind, d.journey?.[key], this.sectionSetter('journey', key)))}
        </div>
      </section>
      ${Object.entries(sections).map(([name, fields]) => html`<section class="card" aria-labelledby=${`sec-${name}`}>
        <h3 id=${`sec-${name}`}>${this.t(name)}</h3>
        <div class="grid2">
          ${fields.map(([key, kind, options]) => this.plainField(pointer(name, key), this.t(sectionLabels[key] ?? key), kind, d[name]?.[key], this.sectionSetter(name, key), options))}
        </div>
        ${name === 'delivery' ? this.renderAlerts() : nothing}
      </section>`)}
    `;
  }

  sectionSetter(name, key) {
    return (v) =>
      this.change((doc) => {
        const o = (doc[name] ||= {});
        if (v === undefined) delete o[key];
        else o[key] = v;
        if (!Object.keys(o).length) delete doc[name];
      }, pointer(name, key));
  }

  renderAlerts() {
    const a = this.doc.delivery?.alerts;
    const set = (key) => (v) =>
      this.change((doc) => {
        const o = ((doc.delivery ||= {}).alerts ||= {});
        if (v === undefined) delete o[key];
        else o[key] = v;
        if (!Object.keys(o).length) delete doc.delivery.alerts;
      }, `/delivery/alerts/${key}`);
    return html`<div class="grid2">
      ${this.plainField('/delivery/alerts/endpoint', this.t('alertEndpoint'), 'string', a?.endpoint, set('endpoint'))}
      ${this.plainField('/delivery/alerts/on', this.t('alertOn'), 'list', a?.on, set('on'))}
    </div>`;
  }

  renderQuestion(q, i, count) {
    const base = pointer('questions', i);
    const set = (key) => this.setter(['questions', i], key);
    const extra = typeFields[q.type] || [];
    const onKey = (e) => {
      if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
      e.preventDefault();
      this.moveQuestion(i, e.key === 'ArrowUp' ? i - 1 : i + 1);
    };
    return html`<li class="question card" data-question=${i} @dragover=${(e) => e.preventDefault()}
        @drop=${(e) => { e.preventDefault(); this.moveQuestion(Number(e.dataTransfer.getData('text/x-question')), i); }}>
      <div class="question-head" @keydown=${onKey}>
        <button type="button" class="handle" draggable="true" aria-describedby="drag-hint" aria-label=${this.t('dragHandle', { n: i + 1 })}
          @dragstart=${(e) => { e.dataTransfer.setData('text/x-question', String(i)); e.dataTransfer.effectAllowed = 'move'; }}>⠿</button>
        <h4>${this.t('question', { n: i + 1 })}: <code>${q.id}</code> <span class="type">${q.type}</span></h4>
        <button type="button" @click=${() => this.moveQuestion(i, i - 1)} ?disabled=${i === 0}>${this.t('moveUp')}</button>
        <button type="button" @click=${() => this.moveQuestion(i, i + 1)} ?disabled=${i === count - 1}>${this.t('moveDown')}</button>
        <button type="button" @click=${() => this.change((d) => {
          const copy = duplicated(d, i);
          d.questions.splice(i + 1, 0, copy);
          placeOnPage(d, copy.id, q.id);
        })}>${this.t('duplicate')}</button>
        <button type="button" @click=${() => this.change((d) => {
          d.questions.splice(i, 1);
          removeFromPages(d, q.id);
        })}>${this.t('delete')}</button>
      </div>
      <div class="grid2">
        ${this.plainField(`${base}/id`, this.t('questionId'), 'string', q.id, (v) => this.change((d) => {
          d.questions[i].id = v ?? '';
          renameOnPages(d, q.id, v ?? '');
        }, `${base}/id`))}
        ${this.plainField(`${base}/type`, this.t('type'), 'enum', q.type, set('type'), questionTypes)}
      </div>
      ${this.textField(`${base}/title`, this.t('title'), q.title, set('title'))}
      ${this.textField(`${base}/description`, this.t('description'), q.description, set('description'))}
      <div class="grid2">
        ${this.plainField(`${base}/visibleIf`, this.t('visibleIf'), 'string', q.visibleIf, set('visibleIf'))}
        ${this.plainField(`${base}/required`, this.t('required'), 'bool', q.required, set('required'))}
      </div>
      ${this.renderPageChoice(q)} ${this.renderValidation(q, i)}
      ${extra.map(([key, kind, options]) => kind === 'text' ? this.textField(`${base}/${key}`, this.t(key), q[key], set(key))
        : kind === 'choices' ? this.renderChoices(q, i, key)
        : kind === 'other' ? this.renderOther(q, i)
        : this.plainField(`${base}/${key}`, this.t(key), kind, q[key], set(key), options))}
    </li>`;
  }

  /** "Other": off, on with the widget's default label (true), or on with a label of its own. */
  renderOther(q, i) {
    const ptr = pointer('questions', i, 'other');
    const set = this.setter(['questions', i], 'other');
    const on = q.other != null && q.other !== false;
    return html`${this.plainField(ptr, this.t('other'), 'bool', on || undefined, (v) => set(v ? true : undefined))}
      ${on ? this.textField(ptr, this.t('bandLabel'), typeof q.other === 'boolean' ? undefined : q.other, (v) => set(v === '' || (typeof v === 'object' && !Object.keys(v).length) ? true : v)) : nothing}`;
  }

  renderChoices(q, i, key) {
    const list = Array.isArray(q[key]) ? q[key] : [];
    const base = pointer('questions', i, key);
    return html`<fieldset class="choices" data-pointer=${base} tabindex="-1"><legend>${this.t(key)}</legend>
      ${list.map((c, j) => html`<div class="choice">
        ${this.plainField(`${base}/${j}/value`, this.t('choiceValue'), 'string', c.value, this.setter(['questions', i, key, j], 'value'))}
        ${this.textField(`${base}/${j}/label`, this.t('bandLabel'), c.label, this.setter(['questions', i, key, j], 'label'))}
        <button type="button" @click=${() => this.change((d) => d.questions[i][key].splice(j, 1))}>${this.t('removeChoice')}</button>
      </div>`)}
      ${this.fieldErrors(base)}
      <button type="button" @click=${() => this.change((d) => {
        const arr = (d.questions[i][key] ||= []);
        arr.push({ value: `v${arr.length + 1}`, label: withText(undefined, this.locales[0], '', this.locales) });
      })}>${this.t('addChoice')}</button>
    </fieldset>`;
  }

  /** Pages group questions into steps; off, every question is its own step (survey/1 `pages`). */
  renderPages() {
    const pages = Array.isArray(this.doc.pages) ? this.doc.pages : null;
    const ids = (Array.isArray(this.doc.questions) ? this.doc.questions : []).map((q) => q.id);
    const toggle = (on) =>
      this.change((d) => {
        if (on) d.pages = [{ id: 'page1', questions: ids.slice() }];
        else delete d.pages;
      }, '/pages');
    return html`<section class="card" aria-labelledby="sec-pages"><h3 id="sec-pages">${this.t('pages')}</h3>
      <div class="field check">
        <input type="checkbox" id="pages-on" data-pointer="/pages" .checked=${live(!!pages)} @change=${(e) => toggle(e.target.checked)} />
        <label for="pages-on">${this.t('pagesOn')}</label>
      </div>
      <p class="hint">${this.t(pages ? 'pagesHint' : 'pagesOffHint')}</p>
      ${pages ? html`<ol class="pages">${pages.map((pg, j) => html`<li class="page">
          <div class="grid2">
            ${this.plainField(pointer('pages', j, 'id'), this.t('pageId'), 'string', pg.id, this.setter(['pages', j], 'id'))}
            <p class="page-questions" id=${`page-${j}-questions`}>${this.t('pageQuestions')}: ${(pg.questions || []).join(', ') || this.t('none')}</p>
          </div>
          ${this.textField(pointer('pages', j, 'title'), this.t('title'), pg.title, this.setter(['pages', j], 'title'))}
          ${this.fieldErrors(pointer('pages', j, 'questions'))}
          <button type="button" @click=${() => this.movePage(j, j - 1)} ?disabled=${j === 0}>${this.t('moveUp')}</button>
          <button type="button" @click=${() => this.movePage(j, j + 1)} ?disabled=${j === pages.length - 1}>${this.t('moveDown')}</button>
          <button type="button" ?disabled=${pages.length === 1} @click=${() => this.change((d) => {
            // Its questions go to the page before (or after, for the first): none is left on no page.
            const [gone] = d.pages.splice(j, 1);
            const into = d.pages[Math.max(0, j - 1)];
            into.questions = j === 0 ? [...(gone.questions || []), ...(into.questions || [])] : [...(into.questions || []), ...(gone.questions || [])];
          })}>${this.t('deletePage')}</button>
        </li>`)}</ol>
        <button type="button" @click=${() => this.change((d) => {
          const used = new Set(d.pages.map((pg) => pg.id));
          let n = d.pages.length + 1;
          while (used.has(`page${n}`)) n++;
          d.pages.push({ id: `page${n}`, questions: [] });
        })}>${this.t('addPage')}</button>` : nothing}
      ${this.fieldErrors('/pages')}
    </section>`;
  }

  movePage(from, to) {
    if (to < 0 || to >= (this.doc.pages?.length || 0)) return;
    this.change((d) => d.pages.splice(to, 0, ...d.pages.splice(from, 1)));
  }

  /** Which page a question is on (only when the survey has pages): moving it keeps it on exactly one. */
  renderPageChoice(q) {
    const pages = Array.isArray(this.doc.pages) ? this.doc.pages : null;
    if (!pages) return nothing;
    const at = pages.findIndex((pg) => Array.isArray(pg.questions) && pg.questions.includes(q.id));
    const id = fieldId(`page-of-${q.id}`);
    return html`<div class="field"><label for=${id}>${this.t('onPage')}</label>
      <select id=${id} @change=${(e) => this.change((d) => {
        removeFromPages(d, q.id);
        (d.pages[Number(e.target.value)].questions ||= []).push(q.id);
      })}>
        ${at < 0 ? html`<option value="" selected disabled>${this.t('none')}</option>` : nothing}
        ${pages.map((pg, j) => html`<option value=${j} ?selected=${j === at}>${j + 1}. ${pg.id || ''} ${textIn(pg.title, this.locales[0])}</option>`)}
      </select></div>`;
  }

  /** Answer rules of a question (survey/1 `validation`): an expression and the message shown when it is false. */
  renderValidation(q, i) {
    const rules = Array.isArray(q.validation) ? q.validation : [];
    const base = pointer('questions', i, 'validation');
    return html`<fieldset class="validation" data-pointer=${base} tabindex="-1"><legend>${this.t('validation')}</legend>
      ${rules.map((r, j) => html`<div class="rule">
        ${this.plainField(`${base}/${j}/rule`, this.t('validationRule'), 'string', r.rule, this.setter(['questions', i, 'validation', j], 'rule'))}
        ${this.textField(`${base}/${j}/message`, this.t('message'), r.message, this.setter(['questions', i, 'validation', j], 'message'))}
        <button type="button" @click=${() => this.change((d) => {
          d.questions[i].validation.splice(j, 1);
          if (!d.questions[i].validation.length) delete d.questions[i].validation;
        })}>${this.t('delete')}</button>
      </div>`)}
      ${this.fieldErrors(base)}
      <button type="button" @click=${() => this.change((d) => (d.questions[i].validation ||= []).push({ rule: '', message: withText(undefined, this.locales[0], '', this.locales) }))}>${this.t('addValidation')}</button>
    </fieldset>`;
  }

  /** The survey's own wording of the widget's messages (survey/1 `messages`, {code: text}); the
   *  core checks the codes. A text given per locale is edited in the JSON view. */
  renderMessages() {
    const m = this.doc.messages;
    const perLocale = m && typeof m === 'object' && Object.values(m).some((v) => v !== null && typeof v === 'object');
    return html`<section class="card" aria-labelledby="sec-messages"><h3 id="sec-messages">${this.t('messages')}</h3>
      <p class="hint">${this.t('messagesHint')}</p>
      ${perLocale
        ? html`<p class="hint">${this.t('messagesInJson')}</p>${this.fieldErrors('/messages')}`
        : this.plainField('/messages', this.t('messageLines'), 'map', m, this.setter([], 'messages'))}
    </section>`;
  }

  renderLogic() {
    const rules = Array.isArray(this.doc.logic) ? this.doc.logic : [];
    return html`<section class="card" aria-labelledby="sec-logic"><h3 id="sec-logic">${this.t('logic')}</h3>
      ${rules.map((r, i) => html`<div class="rule grid2">
        ${this.plainField(pointer('logic', i, 'if'), this.t('logicIf'), 'string', r.if, this.setter(['logic', i], 'if'))}
        ${this.plainField(pointer('logic', i, 'from'), this.t('logicFrom'), 'string', r.from, this.setter(['logic', i], 'from'))}
        ${this.plainField(pointer('logic', i, 'goto'), this.t('logicGoto'), 'string', r.goto, this.setter(['logic', i], 'goto'))}
        ${this.plainField(pointer('logic', i, 'end'), this.t('logicEnd'), 'bool', r.end, this.setter(['logic', i], 'end'))}
        <button type="button" @click=${() => this.change((d) => { d.logic.splice(i, 1); if (!d.logic.length) delete d.logic; })}>${this.t('delete')}</button>
      </div>`)}
      <button type="button" @click=${() => this.change((d) => (d.logic ||= []).push({ if: '', end: true }))}>${this.t('addRule')}</button>
    </section>`;
  }

  renderScores() {
    const scores = Array.isArray(this.doc.scores) ? this.doc.scores : [];
    return html`<section class="card" aria-labelledby="sec-scores"><h3 id="sec-scores">${this.t('scores')}</h3>
      ${scores.map((s, i) => html`<div class="score">
        ${this.plainField(pointer('scores', i, 'id'), this.t('scoreId'), 'string', s.id, this.setter(['scores', i], 'id'))}
        ${this.textField(pointer('scores', i, 'title'), this.t('title'), s.title, this.setter(['scores', i], 'title'))}
        ${this.plainField(pointer('scores', i, 'weights'), this.t('weights'), 'map', s.weights, this.setter(['scores', i], 'weights'))}
        <fieldset><legend>${this.t('bands')}</legend>
          ${(s.bands || []).map((b, j) => html`<div class="band grid2">
            ${this.plainField(pointer('scores', i, 'bands', j, 'id'), this.t('bandId'), 'string', b.id, this.setter(['scores', i, 'bands', j], 'id'))}
            ${this.plainField(pointer('scores', i, 'bands', j, 'min'), this.t('bandMin'), 'number', b.min, this.setter(['scores', i, 'bands', j], 'min'))}
            ${this.textField(pointer('scores', i, 'bands', j, 'label'), this.t('bandLabel'), b.label, this.setter(['scores', i, 'bands', j], 'label'))}
          </div>`)}
          <button type="button" @click=${() => this.change((d) => (d.scores[i].bands ||= []).push({ id: `band${(d.scores[i].bands || []).length + 1}`, label: '' }))}>${this.t('addBand')}</button>
        </fieldset>
        <button type="button" @click=${() => this.change((d) => { d.scores.splice(i, 1); if (!d.scores.length) delete d.scores; })}>${this.t('delete')}</button>
      </div>`)}
      <button type="button" @click=${() => this.change((d) => (d.scores ||= []).push({ id: `score${(d.scores || []).length + 1}`, weights: {} }))}>${this.t('addScore')}</button>
    </section>`;
  }

  renderHiddenFields() {
    const list = Array.isArray(this.doc.fields) ? this.doc.fields : [];
    return html`<section class="card" aria-labelledby="sec-fields"><h3 id="sec-fields">${this.t('hiddenFields')}</h3>
      <p class="hint">${this.t('hiddenFieldsHelp')}</p>
      ${this.fieldErrors('/fields')}
      ${list.map((f, i) => html`<div class="hidden-field grid2" data-field=${i}>
        ${this.plainField(pointer('fields', i, 'id'), this.t('fieldId'), 'string', f.id, this.setter(['fields', i], 'id'))}
        ${this.plainField(pointer('fields', i, 'from'), this.t('fieldFrom'), 'list', typeof f.from === 'string' ? [f.from] : f.from, this.setter(['fields', i], 'from'))}
        ${this.plainField(pointer('fields', i, 'maxLength'), this.t('fieldMaxLength'), 'number', f.maxLength, this.setter(['fields', i], 'maxLength'))}
        <button type="button" @click=${() => this.change((d) => { d.fields.splice(i, 1); if (!d.fields.length) delete d.fields; })}>${this.t('delete')}</button>
      </div>`)}
      <button type="button" id="add-field" @click=${() => this.change((d) => (d.fields ||= []).push({ id: `field${(d.fields || []).length + 1}`, from: ['show'] }))}>${this.t('addField')}</button>
    </section>`;
  }

  // [SECTION] Rendering: JSON, publish, install --------------------------------------------------

  renderJson() {
    return html`<section class="card" aria-labelledby="json-title">
      <h3 id="json-title">${this.t('tabJson')}</h3>
      <p id="json-help">${this.t('jsonHelp')}</p>
      <textarea class="json" aria-labelledby="json-title" aria-describedby="json-help" spellcheck="false" rows="30" .value=${live(this.text)}
        @input=${(e) => this.setText(e.target.value)}></textarea>
      ${this.jsonError ? html`<p class="error-text" role="alert">${this.t('jsonInvalid', { message: this.jsonError })}</p>` : nothing}
    </section>`;
  }

  renderPublish() {
    const newest = this.versions[0]?.version;
    return html`<section class="card" aria-labelledby="history-title">
      <h3 id="history-title">${this.t('history')}</h3>
      ${this.unsaved ? html`<p class="hint">${this.t('saveFirst')}</p>` : nothing}
      <table class="list">
        <thead><tr><th scope="col">${this.t('colVersion')}</th><th scope="col">${this.t('colHash')}</th><th scope="col">${this.t('colAuthor')}</th>
          <th scope="col">${this.t('colSaved')}</th><th scope="col">${this.t('colState')}</th><th scope="col"><span class="visually-hidden">${this.t('rollback')}</span></th></tr></thead>
        <tbody>${this.versions.map((v) => html`<tr>
          <th scope="row">${v.version}</th><td><code>${v.hash}</code></td><td>${v.author}</td>
          <td>${new Date(v.created).toLocaleString(this.locale)}</td>
          <td>${v.version === this.publishedVersion ? this.t('isPublished') : v.published ? this.t('wasPublished') : this.t('draft')}</td>
          <td>${v.version !== newest ? html`<button type="button" @click=${() => this.showDiff(v.version)}>${this.t('diffWith')} (${v.version})</button>
              <button type="button" @click=${() => this.rollback(v.version)}>${this.t('rollback')} (${v.version})</button>` : nothing}</td>
        </tr>`)}</tbody>
      </table>
      ${this.diff ? html`<h4>${this.t('diffTitle', { a: this.diff.from, b: this.diff.to })}</h4>
        ${this.diff.changes.length ? html`<ul class="diff">${this.diff.changes.map((c) => html`<li class=${`op-${c.op}`}>
          <strong>${this.t(`op${c.op[0].toUpperCase()}${c.op.slice(1)}`)}</strong> <code>${c.pointer}</code>
          ${c.op === 'moved' ? html` ← <code>${c.before}</code>` : nothing}
          ${c.op === 'changed' || c.op === 'removed' ? html`<del>${JSON.stringify(c.before)}</del>` : nothing}
          ${c.op === 'changed' || c.op === 'added' ? html`<ins>${JSON.stringify(c.after)}</ins>` : nothing}
        </li>`)}</ul>` : html`<p>${this.t('noChanges')}</p>`}` : nothing}
    </section>`;
  }

  renderInstall() {
    const origin = location.origin;
    const id = this.doc.id;
    const snippet = `<script async src="${origin}/dist/touchpoint.js"\n  data-survey="${id}"\n  data-surveys="${origin}/v1/surveys/"\n  data-endpoint="${origin}/v1/responses"></script>`;
    const element = `<script async src="${origin}/dist/touchpoint.js"></script>\n<touchpoint-survey src="${origin}/v1/surveys/${id}"\n  endpoint="${origin}/v1/responses" mode="inline"></touchpoint-survey>`;
    const copy = async (text) => {
      await navigator.clipboard?.writeText(text).catch(() => {});
      this.announce(this.t('copied'));
    };
    const isPublished = this.versions.some((v) => v.published);
    return html`<section class="card" aria-labelledby="install-title">
      <h3 id="install-title">${this.t('installTitle')}</h3>
      ${isPublished ? nothing : html`<p class="hint">${this.t('notPublishedYet')}</p>`}
      <h4 id="snippet-label">${this.t('installSnippet')}</h4>
      <pre class="code" role="region" aria-labelledby="snippet-label" tabindex="0"><code class="snippet">${snippet}</code></pre>
      <button type="button" @click=${() => copy(snippet)}>${this.t('copy')}</button>
      <h4 id="element-label">${this.t('installElement')}</h4>
      <pre class="code" role="region" aria-labelledby="element-label" tabindex="0"><code class="element-snippet">${element}</code></pre>
      <button type="button" @click=${() => copy(element)}>${this.t('copy')}</button>
    </section>`;
  }
}
customElements.define('tp-editor', TpEditor);
