// Journey maps in Studio (<tp-maps>): the maps kept by the collector (list, add from journey/1
// JSON), and one map's versions (publish, roll back, download), coverage (which touchpoints no
// published survey measures, answers still needed for a target margin; create a survey for a
// touchpoint from a template, bind a touchpoint to a published survey question) and what changed
// between two periods. Every number comes from the collector, which computes it with the core
// (journey/coverage, significance tests): nothing is calculated here. Map texts reach the page
// only through Lit's text bindings.
//
// [SECTION] Helpers
// [SECTION] Element and data
// [SECTION] Actions
// [SECTION] Rendering
import { html, nothing } from 'lit';
import { StudioElement } from './studio-element.js';
import { versionTable } from './version-table.js';
import { api, ApiError } from './api.js';
import { templates } from './templates.js';
import CHANGE_PERIODS from 'touchpoint:change-periods';

// [SECTION] Helpers ----------------------------------------------------------------------------

/** A journey/1 text (a string or {locale: text}) in the UI's language, else its first locale. */
function textOf(text, locale) {
  if (typeof text === 'string') return text;
  if (!text || typeof text !== 'object') return '';
  return text[locale] ?? text.en ?? Object.values(text)[0] ?? '';
}

const fmt = (v, digits = 1) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '–');
const pValue = (p) => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);
const metricKinds = { nps: 'nps', csat: 'csat', ces: 'ces' };
const tabs = ['versions', 'coverage', 'changes'];
// What "What changed" compares by (day, week, month) and its default: the core's list
// (journey/change_periods.def, bundled at build time), which the collector checks `period` with.
export const changePeriods = CHANGE_PERIODS.map(([key]) => key);
const defaultPeriod = CHANGE_PERIODS.find(([, isDefault]) => isDefault)[0];

// The journey viewer's element, from the collector's --dist (as a page embedding a map loads it):
// Studio shows the published map with it, read-only; editing the map is the viewer's own job.
let viewerLoaded;
const loadViewer = () =>
  (viewerLoaded ??= import(/* the collector's asset, not bundled */ `${'/dist/'}touchpoint-journey.js`).catch(
    () => null,
  ));

// [SECTION] Element and data -------------------------------------------------------------------

class TpMaps extends StudioElement {
  static properties = {
    locale: {},
    maps: { state: true },
    open: { state: true }, // map id
    tab: { state: true },
    versions: { state: true },
    publishedVersion: { state: true },
    coverage: { state: true },
    target: { state: true },
    changes: { state: true },
    period: { state: true },
    sources: { state: true }, // published survey questions to bind: [{survey, question, type, title}]
    status: { state: true },
  };

  constructor() {
    super();
    this.maps = [];
    this.open = null;
    this.tab = 'versions';
    this.versions = [];
    this.publishedVersion = 0;
    this.coverage = null;
    this.target = null; // the margins asked for; null: the core's (CoverageTarget), which coverage echoes
    this.changes = null;
    this.period = defaultPeriod;
    this.sources = [];
    this.status = '';
  }

  connectedCallback() {
    super.connectedCallback();
    const wanted = /^#map=([A-Za-z0-9._:-]{1,100})$/.exec(location.hash)?.[1];
    this.loadList().then(() => wanted && this.openMap(wanted));
  }

  async loadList() {
    this.maps = (await api.maps.list()).maps;
  }

  async openMap(id, tab = 'versions') {
    // The tabs show at once; another map's figures must not show under them while this one loads.
    this.open = id;
    this.tab = tab;
    this.status = '';
    this.versions = [];
    this.publishedVersion = 0;
    this.coverage = null;
    this.changes = null;
    history.replaceState(null, '', `#map=${id}`);
    await this.loadVersions();
    // A tab chosen while the versions loaded has loaded its own figures; it stays chosen.
    if (this.open === id && this.tab === tab) await this.selectTab(tab);
  }

  async loadVersions() {
    const id = this.open;
    const answer = await api.maps.versions(id);
    if (this.open !== id) return; // another map was opened meanwhile
    this.versions = answer.versions;
    this.publishedVersion = answer.publishedVersion;
  }

  async selectTab(tab) {
    this.tab = tab;
    if (tab === 'coverage') await Promise.all([this.loadCoverage(), this.loadSources()]);
    if (tab === 'changes') await this.loadChanges();
  }

  async loadCoverage() {
    this.coverage = await api.maps.coverage(this.open, this.target);
    this.target = this.coverage.target;
  }

  async loadChanges() {
    this.changes = await api.maps.changes(this.open, this.period);
  }

  /** Every question of every published survey, for the binding list. */
  async loadSources() {
    const published = (await api.list()).surveys.filter((s) => s.published);
    const docs = await Promise.all(
      published.map((s) =>
        fetch(`/v1/surveys/${encodeURIComponent(s.survey)}`).then((r) => (r.ok ? r.json() : null)),
      ),
    );
    this.sources = docs.filter(Boolean).flatMap((doc) =>
      (doc.questions || []).map((q) => ({
        survey: doc.id,
        question: q.id,
        type: q.type,
        title: textOf(q.title, this.locale),
      })),
    );
  }

  // [SECTION] Actions --------------------------------------------------------------------------

  async run(action, done) {
    try {
      await action();
      this.status = done;
    } catch (error) {
      this.status =
        error instanceof ApiError && error.errors.length
          ? error.errors.map((e) => `${e.pointer || '/'}: ${e.message}`).join('; ')
          : String(error.message);
    }
  }

  onAdd(e) {
    e.preventDefault();
    const text = String(new FormData(e.target).get('map') || '').trim();
    let id = '';
    try {
      id = JSON.parse(text).id;
    } catch (error) {
      this.status = this.t('mapNotJson', { message: error.message });
      return;
    }
    this.run(
      async () => {
        await api.maps.save(id, text);
        e.target.reset();
        await this.loadList();
      },
      this.t('mapSaved', { id }),
    );
  }

  publish(version) {
    this.run(
      async () => {
        await api.maps.publish(this.open, version);
        await Promise.all([this.loadVersions(), this.loadList()]);
      },
      this.t('mapPublished', { n: version }),
    );
  }

  rollback(version) {
    this.run(async () => {
      const v = await api.maps.rollback(this.open, version);
      await Promise.all([this.loadVersions(), this.loadList()]);
      this.status = this.t('rolledBack', { n: v.version });
    }, '');
  }

  async download() {
    const record = await api.maps.get(this.open);
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([record.text], { type: 'application/json' }));
    a.download = `${this.open}.json`;
    a.click();
    URL.revokeObjectURL(a.href);
  }

  onTarget(e) {
    e.preventDefault();
    const form = new FormData(e.target);
    this.target = { nps: Number(form.get('nps')), csat: Number(form.get('csat')) };
    this.run(() => this.loadCoverage(), '');
  }

  /** A survey for the touchpoint from the chosen template; opened in the editor as a new draft. */
  createSurvey(row) {
    const key = this.querySelector('#cover-template').value;
    const id = `${key}-${row.touchpoint}`.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 64);
    this.run(async () => {
      const doc = await api.maps.surveyFor(this.open, row.touchpoint, templates[key], id);
      this.dispatchEvent(
        new CustomEvent('studio-new-survey', {
          bubbles: true,
          detail: { id, text: JSON.stringify(doc, null, 2) },
        }),
      );
    }, '');
  }

  /** Binds the touchpoint to the chosen published question: a metric in the map's newest version. */
  bind(row) {
    const choice = this.querySelector(`#bind-${CSS.escape(row.touchpoint)}`).value;
    const source = this.sources[Number(choice)];
    if (!source) return;
    this.run(
      async () => {
        const record = await api.maps.get(this.open);
        const doc = JSON.parse(record.text);
        const kind = metricKinds[source.type] || 'custom';
        const ids = new Set((doc.metrics || []).map((m) => m.id));
        let id = `${kind}-${row.touchpoint}`;
        for (let i = 2; ids.has(id); i++) id = `${kind}-${row.touchpoint}-${i}`;
        doc.metrics = [
          ...(doc.metrics || []),
          {
            id,
            kind,
            title: source.title || id,
            touchpoint: row.touchpoint,
            survey: source.survey,
            question: source.question,
          },
        ];
        await api.maps.save(this.open, JSON.stringify(doc, null, 2));
        await Promise.all([this.loadVersions(), this.loadCoverage(), this.loadList()]);
      },
      this.t('bound', { touchpoint: row.touchpoint, survey: source.survey, question: source.question }),
    );
  }

  onPeriod(e) {
    this.period = e.target.value;
    this.run(() => this.loadChanges(), '');
  }

  onTabKey(e) {
    const i = tabs.indexOf(this.tab);
    const next =
      e.key === 'ArrowRight'
        ? (i + 1) % tabs.length
        : e.key === 'ArrowLeft'
          ? (i + tabs.length - 1) % tabs.length
          : -1;
    if (next < 0) return;
    e.preventDefault();
    this.selectTab(tabs[next]).then(() => this.querySelector(`#map-tab-${tabs[next]}`)?.focus());
  }

  // [SECTION] Rendering ------------------------------------------------------------------------

  render() {
    return this.open ? this.renderMap() : this.renderList();
  }

  renderList() {
    return html` <section class="card" aria-labelledby="maps-title">
        <h2 id="maps-title">${this.t('maps')}</h2>
        ${
          this.maps.length === 0
            ? html`<p>${this.t('noMaps')}</p>`
            : versionTable(
                (key) => this.t(key),
                this.t('colMap'),
                this.maps.map((m) => ({ ...m, name: m.map })),
                [{ label: this.t('open'), run: (id) => this.openMap(id) }],
              )
        }
      </section>
      <section class="card" aria-labelledby="add-map-title">
        <h2 id="add-map-title">${this.t('addMap')}</h2>
        <form @submit=${this.onAdd}>
          <label for="map-json">${this.t('mapJson')}</label>
          <textarea id="map-json" name="map" rows="4" spellcheck="false" required></textarea>
          <button type="submit" class="primary">${this.t('saveDraft')}</button>
        </form>
      </section>
      <p class="status" role="status" aria-live="polite">${this.status}</p>`;
  }

  renderMap() {
    return html` <div class="toolbar">
        <button
          type="button"
          @click=${() => {
            this.open = null;
            history.replaceState(null, '', location.pathname + '#maps');
            this.loadList();
          }}
        >
          ${this.t('allMaps')}
        </button>
        <h2 class="survey-name">${this.t('mapTitle')} <code>${this.open}</code></h2>
      </div>
      <p class="status" role="status" aria-live="polite">${this.status}</p>
      <div role="tablist" aria-label=${this.t('mapTitle')} @keydown=${this.onTabKey}>
        ${tabs.map(
          (tab) =>
            html`<button
              type="button"
              role="tab"
              id=${`map-tab-${tab}`}
              aria-controls=${this.tab === tab ? `map-panel-${tab}` : nothing}
              aria-selected=${this.tab === tab ? 'true' : 'false'}
              tabindex=${this.tab === tab ? '0' : '-1'}
              @click=${() => this.selectTab(tab)}
            >
              ${this.t(`mapTab_${tab}`)}
            </button>`,
        )}
      </div>
      <div
        role="tabpanel"
        id=${`map-panel-${this.tab}`}
        aria-labelledby=${`map-tab-${this.tab}`}
        class="panel"
      >
        ${this.tab === 'versions' ? this.renderVersions() : this.tab === 'coverage' ? this.renderCoverage() : this.renderChanges()}
      </div>`;
  }

  renderVersions() {
    if (this.publishedVersion) loadViewer();
    return html`${
        this.publishedVersion
          ? html`<section class="card" aria-labelledby="map-view-title">
              <h3 id="map-view-title">${this.t('publishedMap', { n: this.publishedVersion })}</h3>
              <touchpoint-journey
                src=${`/v1/maps/${this.open}/versions/${this.publishedVersion}`}
                locale=${this.locale}
                theme=${document.documentElement.dataset.theme || 'auto'}
                table="below"
              ></touchpoint-journey>
            </section>`
          : nothing
      }
      <section class="card" aria-labelledby="map-history-title">
        <h3 id="map-history-title">${this.t('history')}</h3>
        <p>
          <button
            type="button"
            class="primary"
            @click=${() => this.publish(this.versions[0]?.version)}
            ?disabled=${!this.versions.length}
          >
            ${this.t('publishNewest')}
          </button>
          <button type="button" @click=${() => this.download()}>${this.t('downloadJson')}</button>
          ${this.publishedVersion ? html`<a href=${`/v1/maps/${this.open}`}>${this.t('publicAddress')}</a>` : nothing}
        </p>
        <table class="list">
          <thead>
            <tr>
              <th scope="col">${this.t('colVersion')}</th>
              <th scope="col">${this.t('colHash')}</th>
              <th scope="col">${this.t('colAuthor')}</th>
              <th scope="col">${this.t('colSaved')}</th>
              <th scope="col">${this.t('colState')}</th>
              <th scope="col"><span class="visually-hidden">${this.t('actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            ${this.versions.map(
              (v) =>
                html`<tr>
                  <th scope="row">${v.version}</th>
                  <td><code>${v.hash.slice(7, 19)}</code></td>
                  <td>${v.author}</td>
                  <td>${new Date(v.created).toLocaleString(this.locale)}</td>
                  <td>
                    ${v.version === this.publishedVersion ? this.t('isPublished') : v.published ? this.t('wasPublished') : this.t('draft')}
                  </td>
                  <td>
                    ${
                      v.version === this.publishedVersion
                        ? nothing
                        : html` <button
                              type="button"
                              @click=${() => this.publish(v.version)}
                              aria-label=${this.t('publishVersion', { n: v.version })}
                            >
                              ${this.t('publish')}
                            </button>
                            <button
                              type="button"
                              @click=${() => this.rollback(v.version)}
                              aria-label=${this.t('rollbackTo', { n: v.version })}
                            >
                              ${this.t('rollback')}
                            </button>`
                    }
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
      </section>`;
  }

  renderCoverage() {
    const c = this.coverage;
    if (!c) return html`<p aria-busy="true">…</p>`;
    const unmeasured = c.touchpoints.filter((r) => !r.measured);
    const wide = c.touchpoints.filter((r) => r.measured && !r.meetsTarget);
    return html` <section class="card" aria-labelledby="target-title">
        <h3 id="target-title">${this.t('coverageTarget')}</h3>
        <form class="grid targets" @submit=${this.onTarget}>
          <label for="target-nps">${this.t('targetNps')}</label
          ><input
            id="target-nps"
            name="nps"
            type="number"
            min="1"
            max="200"
            step="any"
            .value=${String(this.target?.nps ?? '')}
          />
          <label for="target-csat">${this.t('targetCsat')}</label
          ><input
            id="target-csat"
            name="csat"
            type="number"
            min="1"
            max="100"
            step="any"
            .value=${String(this.target?.csat ?? '')}
          />
          <div></div>
          <button type="submit">${this.t('apply')}</button>
        </form>
        <p>
          ${this.t('coverageSummary', { unmeasured: unmeasured.length, wide: wide.length, total: c.touchpoints.length })}
        </p>
        <label for="cover-template">${this.t('surveyTemplate')}</label>
        <select id="cover-template" class="inline">
          ${Object.entries(templates).map(([key, doc]) => html`<option value=${key}>${textOf(doc.title, this.locale) || key}</option>`)}
        </select>
      </section>
      <section class="card" aria-labelledby="unmeasured-title">
        <h3 id="unmeasured-title">${this.t('unmeasured')}</h3>
        ${
          unmeasured.length === 0
            ? html`<p>${this.t('allMeasured')}</p>`
            : html`<table class="list">
                <thead>
                  <tr>
                    <th scope="col">${this.t('colTouchpoint')}</th>
                    <th scope="col">${this.t('colStage')}</th>
                    <th scope="col">${this.t('colResponses')}</th>
                    <th scope="col">${this.t('colBind')}</th>
                    <th scope="col"><span class="visually-hidden">${this.t('createSurvey')}</span></th>
                  </tr>
                </thead>
                <tbody>
                  ${unmeasured.map(
                    (r) =>
                      html`<tr>
                        <th scope="row">${textOf(r.title, this.locale)} <code>${r.touchpoint}</code></th>
                        <td>${r.stage}</td>
                        <td>${r.n}</td>
                        <td class="bind">
                          ${
                            this.sources.length
                              ? html`<label class="visually-hidden" for=${`bind-${r.touchpoint}`}
                                    >${this.t('bindLabel', { touchpoint: r.touchpoint })}</label
                                  >
                                  <select id=${`bind-${r.touchpoint}`}>
                                    ${this.sources.map((s, i) => html`<option value=${i}>${s.survey} · ${s.question}${s.title ? ` (${s.title})` : ''}</option>`)}
                                  </select>
                                  <button
                                    type="button"
                                    @click=${() => this.bind(r)}
                                    aria-label=${this.t('bindTo', { touchpoint: r.touchpoint })}
                                  >
                                    ${this.t('bind')}
                                  </button>`
                              : html`<span class="hint">${this.t('noPublishedSurveys')}</span>`
                          }
                        </td>
                        <td>
                          <button
                            type="button"
                            @click=${() => this.createSurvey(r)}
                            aria-label=${this.t('createSurveyFor', { touchpoint: r.touchpoint })}
                          >
                            ${this.t('createSurvey')}
                          </button>
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
        }
      </section>
      <section class="card" aria-labelledby="wide-title">
        <h3 id="wide-title">${this.t('widerThanTarget')}</h3>
        ${
          wide.length === 0
            ? html`<p>${this.t('noneWider')}</p>`
            : html`<table class="list">
                <thead>
                  <tr>
                    <th scope="col">${this.t('colTouchpoint')}</th>
                    <th scope="col">${this.t('colResponses')}</th>
                    <th scope="col">${this.t('colNpsMoe')}</th>
                    <th scope="col">${this.t('colNpsNeeded')}</th>
                    <th scope="col">${this.t('colCsatMoe')}</th>
                    <th scope="col">${this.t('colCsatNeeded')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${wide.map(
                    (r) =>
                      html`<tr>
                        <th scope="row">${textOf(r.title, this.locale)} <code>${r.touchpoint}</code></th>
                        <td>${r.n}</td>
                        <td>${r.npsMoe == null ? '–' : `± ${fmt(r.npsMoe)}`}</td>
                        <td>${r.npsNeeded}</td>
                        <td>${r.csatMoe == null ? '–' : `± ${fmt(r.csatMoe)}`}</td>
                        <td>${r.csatNeeded}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
        }
      </section>`;
  }

  /** One metric's change: the values, the difference, p, and a mark only when significant. */
  renderChange(before, after, change, key) {
    if (!change.testable) {
      const answered = before[`${key}N`] || after[`${key}N`];
      return html`<td>${fmt(before[key])} → ${fmt(after[key])}</td>
        <td class="hint">${answered ? this.t('notTestable') : '–'}</td>`;
    }
    const mark = change.significant
      ? change.delta < 0
        ? this.t('significantDrop')
        : this.t('significantRise')
      : '';
    return html`<td>${fmt(before[key])} → ${fmt(after[key])}</td>
      <td class=${change.significant ? (change.delta < 0 ? 'change drop' : 'change rise') : ''}>
        ${change.delta > 0 ? '+' : ''}${fmt(change.delta)} ·
        ${pValue(change.p)}${mark ? html` <strong>${mark}</strong>` : nothing}
      </td>`;
  }

  renderChanges() {
    const c = this.changes;
    if (!c) return html`<p aria-busy="true">…</p>`;
    const head = html`<thead>
      <tr>
        <th scope="col">${this.t('colName')}</th>
        <th scope="col">${this.t('colResponsesBeforeAfter')}</th>
        <th scope="col">NPS</th>
        <th scope="col">${this.t('colNpsChange')}</th>
        <th scope="col">CSAT %</th>
        <th scope="col">${this.t('colCsatChange')}</th>
      </tr>
    </thead>`;
    const row = (name, r) =>
      html`<tr>
        <th scope="row">${name}</th>
        <td>${r.before.n} → ${r.after.n}</td>
        ${this.renderChange(r.before, r.after, r.nps, 'nps')}${this.renderChange(r.before, r.after, r.csat, 'csat')}
      </tr>`;
    return html` <section class="card" aria-labelledby="changes-title">
        <h3 id="changes-title">${this.t('changesTitle')}</h3>
        <label for="change-period">${this.t('period')}</label>
        <select id="change-period" class="inline" @change=${this.onPeriod}>
          ${changePeriods.map((p) => html`<option value=${p} ?selected=${p === this.period}>${this.t(`period_${p}`)}</option>`)}
        </select>
        <p>${c.before ? this.t('comparing', { at: c.at, before: c.before }) : this.t('nothingToCompare')}</p>
        <p class="hint">${this.t('changesMethod', { alpha: c.alpha })}</p>
        ${c.alerts.length ? html`<p role="note">${this.t('dropAlerts', { n: c.alerts.length })}</p>` : nothing}
      </section>
      <section class="card" aria-labelledby="stage-changes-title">
        <h3 id="stage-changes-title">${this.t('byStage')}</h3>
        <table class="list">
          ${head}
          <tbody>
            ${c.stages.map((r) => row(html`${textOf(r.title, this.locale)} <code>${r.stage}</code>`, r))}
          </tbody>
        </table>
      </section>
      <section class="card" aria-labelledby="tp-changes-title">
        <h3 id="tp-changes-title">${this.t('byTouchpoint')}</h3>
        <table class="list">
          ${head}
          <tbody>
            ${c.touchpoints.filter((r) => r.before.n || r.after.n).map((r) => row(html`${textOf(r.title, this.locale)} <code>${r.touchpoint}</code>`, r))}
          </tbody>
        </table>
      </section>`;
  }
}
customElements.define('tp-maps', TpMaps);
