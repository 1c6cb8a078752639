// Touchpoint Studio: the root element (<tp-studio>): header, sign-in, survey list and templates;
// the editor is <tp-editor> (editor.js). Lit renders into the light DOM (one stylesheet, labels
// and ARIA ids work across components). Survey texts only ever reach the page through Lit's
// text bindings: never as HTML.
import { html, nothing } from 'lit';
import { StudioElement } from './studio-element.js';
import { versionTable } from './version-table.js';
import { api, ApiError } from './api.js';
import { uiLocales } from './strings.js';
import { templates } from './templates.js';
import './editor.js';
import './maps.js';

const storedLocale = () =>
  localStorage.getItem('tp-studio-locale') || (navigator.language?.startsWith('zh') ? 'zh-CN' : 'en');
const storedTheme = () =>
  localStorage.getItem('tp-studio-theme') ||
  (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');

class TpStudio extends StudioElement {
  static properties = {
    locale: { state: true },
    theme: { state: true },
    session: { state: true },
    screen: { state: true },
    surveys: { state: true },
    open: { state: true },
    message: { state: true },
  };

  constructor() {
    super();
    this.locale = storedLocale();
    this.theme = storedTheme();
    this.session = null;
    this.screen = 'loading';
    this.surveys = [];
    this.open = null; // {id, text, record}
    this.message = '';
    this.navigation = 0; // counts screen changes: see navigate()
  }

  /**
   * Shows a screen that first waits for something (a list, a record, a chunk of code): `load`
   * resolves to the function that shows it. The user's latest choice wins: a screen still waiting
   * when another is chosen is not shown once it is ready (it took the user back to where they left).
   */
  async navigate(load) {
    const turn = ++this.navigation;
    const show = await load();
    if (turn === this.navigation) show();
  }

  connectedCallback() {
    super.connectedCallback();
    this.applyPage();
    api.session().then(
      (s) => this.signedIn(s),
      () => (this.screen = 'signin'),
    );
  }

  updated() {
    this.applyPage();
  }

  applyPage() {
    document.documentElement.lang = this.locale;
    document.documentElement.dataset.theme = this.theme;
    document.title = this.t('appName');
  }

  async signedIn(session) {
    this.session = session;
    // #survey=ID opens that survey at once (a bookmark, a link from the history, a reload).
    const wanted = /^#survey=([A-Za-z0-9._-]{1,64})$/.exec(location.hash)?.[1];
    if (wanted) return this.openSurvey(wanted).catch(() => this.loadList());
    if (/^#maps?\b/.test(location.hash)) {
      // #maps, #map=ID: maps.js opens that map, so the address stays as it is.
      this.navigation++;
      this.screen = 'maps';
      return;
    }
    if (location.hash === '#alerts') return this.showInbox();
    const results = /^#results=([A-Za-z0-9._-]{1,64})$/.exec(location.hash)?.[1];
    if (results) return this.openResults(results);
    await this.loadList();
  }

  loadList() {
    return this.navigate(async () => {
      const { surveys } = await api.list();
      return () => {
        this.surveys = surveys;
        this.screen = 'list';
        this.open = null;
        if (location.hash) history.replaceState(null, '', location.pathname);
      };
    });
  }

  async onSignIn(e) {
    e.preventDefault();
    const token = new FormData(e.target).get('token');
    try {
      await this.signedIn(await api.signIn(String(token)));
      this.message = '';
    } catch (error) {
      this.message =
        error instanceof ApiError && error.status < 500 ? this.t('wrongToken') : String(error.message);
    }
  }

  async onSignOut() {
    await api.signOut().catch(() => {});
    this.navigation++;
    this.session = null;
    this.screen = 'signin';
  }

  openSurvey(id) {
    return this.navigate(async () => {
      const record = await api.get(id);
      return () => {
        this.open = { id, text: record.text, record, isNew: false };
        this.screen = 'editor';
        history.replaceState(null, '', `#survey=${id}`);
      };
    });
  }

  /** A new survey made elsewhere (a map's coverage view): opened in the editor as a new draft. */
  onNewSurvey(e) {
    this.navigation++;
    this.open = { id: e.detail.id, text: e.detail.text, record: null, isNew: true };
    this.screen = 'editor';
  }

  showMaps() {
    this.navigation++;
    this.screen = 'maps';
    history.replaceState(null, '', '#maps');
  }

  renderNav() {
    const sections = [
      ['list', 'navSurveys', () => this.loadList()],
      ['maps', 'navMaps', () => this.showMaps()],
      ['inbox', 'navAlerts', () => this.showInbox()],
    ];
    if (!this.session || !sections.some(([screen]) => screen === this.screen)) return nothing;
    return html`<nav class="toolbar" aria-label=${this.t('sections')}>
      ${sections.map(
        ([screen, label, show]) =>
          html`<button type="button" aria-current=${this.screen === screen ? 'page' : nothing} @click=${show}>
            ${this.t(label)}
          </button>`,
      )}
    </nav>`;
  }

  showInbox() {
    return this.navigate(async () => {
      await import('./inbox.js');
      return () => {
        this.screen = 'inbox';
        history.replaceState(null, '', '#alerts');
      };
    });
  }

  openResults(id) {
    return this.navigate(async () => {
      await import('./results.js'); // its own chunk: the charting library loads only here
      return () => {
        this.open = { id };
        this.screen = 'results';
        history.replaceState(null, '', `#results=${id}`);
      };
    });
  }

  onCreate(e) {
    e.preventDefault();
    const form = new FormData(e.target);
    const pasted = String(form.get('json') || '').trim();
    const id = String(form.get('id') || '').trim();
    let text;
    if (pasted) {
      text = pasted;
    } else {
      const doc = JSON.parse(JSON.stringify(templates[form.get('template')]));
      if (id) doc.id = id;
      text = JSON.stringify(doc, null, 2);
    }
    let docId = id;
    try {
      docId = JSON.parse(text).id || id;
    } catch {
      /* the editor shows the syntax error */
    }
    this.navigation++;
    this.open = { id: docId || 'survey', text, record: null, isNew: true };
    this.screen = 'editor';
  }

  setLocale(e) {
    this.locale = e.target.value;
    localStorage.setItem('tp-studio-locale', this.locale);
  }

  setTheme(e) {
    this.theme = e.target.value;
    localStorage.setItem('tp-studio-theme', this.theme);
  }

  render() {
    return html`
      <header class="bar">
        <h1 class="app-name">${this.t('appName')}</h1>
        <div class="bar-controls">
          <label
            >${this.t('language')}
            <select @change=${this.setLocale} name="ui-locale">
              ${uiLocales.map((l) => html`<option value=${l} ?selected=${l === this.locale}>${l === 'zh-CN' ? '中文' : 'English'}</option>`)}
            </select>
          </label>
          <label
            >${this.t('theme')}
            <select @change=${this.setTheme} name="ui-theme">
              <option value="light" ?selected=${this.theme === 'light'}>${this.t('themeLight')}</option>
              <option value="dark" ?selected=${this.theme === 'dark'}>${this.t('themeDark')}</option>
            </select>
          </label>
          ${
            this.session
              ? html`<span class="who">${this.t('signedInAs', { author: this.session.author })}</span>
                  <button type="button" @click=${this.onSignOut}>${this.t('signOut')}</button>`
              : nothing
          }
        </div>
      </header>
      <main id="main">${this.renderNav()}${this.renderScreen()}</main>
    `;
  }

  renderScreen() {
    switch (this.screen) {
      case 'signin':
        return html` <section class="card narrow" aria-labelledby="signin-title">
          <h2 id="signin-title">${this.t('signInTitle')}</h2>
          <p>${this.t('signInHelp')}</p>
          <form @submit=${this.onSignIn}>
            <label for="token">${this.t('token')}</label>
            <input id="token" name="token" type="password" autocomplete="current-password" required />
            <button type="submit" class="primary">${this.t('signIn')}</button>
            <p role="alert" class="error-text">${this.message}</p>
          </form>
        </section>`;
      case 'list':
        return this.renderList();
      case 'maps':
        return html`<tp-maps .locale=${this.locale} @studio-new-survey=${this.onNewSurvey}></tp-maps>`;
      case 'editor':
        return html`<tp-editor
          .locale=${this.locale}
          .theme=${this.theme}
          .surveyId=${this.open.id}
          .initialText=${this.open.text}
          .record=${this.open.record}
          .isNew=${this.open.isNew}
          @studio-back=${() => this.loadList()}
        ></tp-editor>`;
      case 'inbox':
        return html`<tp-inbox .locale=${this.locale}></tp-inbox>`;
      case 'results':
        return html`<tp-results
          .locale=${this.locale}
          .theme=${this.theme}
          .surveyId=${this.open.id}
          @studio-back=${() => this.loadList()}
        ></tp-results>`;
      default:
        return html`<p aria-busy="true">…</p>`;
    }
  }

  renderList() {
    return html`
      <section class="card" aria-labelledby="list-title">
        <h2 id="list-title">${this.t('surveys')}</h2>
        ${
          this.surveys.length === 0
            ? html`<p>${this.t('noSurveys')}</p>`
            : versionTable(
                (key) => this.t(key),
                this.t('colSurvey'),
                this.surveys.map((s) => ({ ...s, name: s.survey })),
                [
                  { label: this.t('open'), run: (id) => this.openSurvey(id) },
                  { label: this.t('results'), run: (id) => this.openResults(id) },
                ],
              )
        }
      </section>
      <section class="card" aria-labelledby="new-title">
        <h2 id="new-title">${this.t('newSurvey')}</h2>
        <form @submit=${this.onCreate} class="grid">
          <label for="new-template">${this.t('template')}</label>
          <select id="new-template" name="template">
            ${Object.entries(templates).map(([key, doc]) => html`<option value=${key}>${doc.title?.[this.locale] || doc.title?.en || key}</option>`)}
          </select>
          <label for="new-id">${this.t('newId')}</label>
          <input id="new-id" name="id" pattern="[A-Za-z0-9._\\-]{1,64}" autocomplete="off" />
          <label for="new-json">${this.t('fromJson')}</label>
          <textarea id="new-json" name="json" rows="3" spellcheck="false"></textarea>
          <div></div>
          <button type="submit" class="primary">${this.t('create')}</button>
        </form>
      </section>
    `;
  }
}
customElements.define('tp-studio', TpStudio);
