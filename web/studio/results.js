// <tp-results>: one survey's results. Every number comes from the collector's results API
// (GET /v1/studio/surveys/ID/results, and …/displays for the response rate and drop-off from the
// widget's anonymous display counts), which runs the core's aggregation: this file formats and
// draws, it computes nothing. Charts are Chart.js (canvas, tree-shaken); each one has a data table
// alternative right under it (<details>), which is also what screen readers and tests read.
import { html, nothing } from 'lit';
import { Chart, BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip } from 'chart.js';
import { api } from './api.js';
import { StudioElement } from './studio-element.js';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

const fmt = (v) => (v === null || v === undefined ? '—' : String(v));
const cssVar = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
const textOf = (label, locale) => (typeof label === 'string' ? label : label?.[locale] ?? label?.en ?? Object.values(label || {})[0] ?? '');

// One chart on a canvas, redrawn when its data or the theme changes.
class TpChart extends StudioElement {
  static properties = { spec: { attribute: false }, label: {} };
  render() {
    return html`<div class="chart-box"><canvas role="img" aria-label=${this.label}></canvas></div>`;
  }
  updated() {
    this.chart?.destroy();
    const canvas = this.querySelector('canvas');
    if (!canvas || !this.spec) return;
    const text = cssVar('--text');
    const grid = cssVar('--border');
    Chart.defaults.font.family = "system-ui, 'Noto Sans CJK SC', sans-serif";  // CJK labels
    Chart.defaults.color = text;
    this.chart = new Chart(canvas, {
      type: this.spec.type,
      data: this.spec.data,
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: {
          x: { grid: { color: grid }, ticks: { color: text }, stacked: !!this.spec.stacked },
          y: { grid: { color: grid }, ticks: { color: text }, beginAtZero: true, stacked: !!this.spec.stacked },
        },
        plugins: { legend: { labels: { color: text } } },
      },
    });
  }
  disconnectedCallback() {
    super.disconnectedCallback();
    this.chart?.destroy();
  }
}
customElements.define('tp-chart', TpChart);

class TpResults extends StudioElement {
  static properties = {
    locale: {},
    theme: {},
    surveyId: {},
    data: { state: true },
    displays: { state: true },
    compare: { state: true },
    filter: { state: true },
    search: { state: true },
    error: { state: true },
    loading: { state: true },
  };

  constructor() {
    super();
    this.data = null;
    this.compare = null;
    this.filter = { from: '', to: '', where: [], from2: '', to2: '' };
    this.search = '';
    this.error = '';
  }
  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  query(from, to) {
    const p = new URLSearchParams();
    if (from) p.set('from', from);
    if (to) p.set('to', to);
    for (const w of this.filter.where) p.append('where', `${w.key}=${w.value}`);
    if (this.search) p.set('q', this.search);
    return p;
  }

  async load() {
    this.loading = true;
    try {
      this.error = '';
      const f = this.filter;
      this.data = await api.results(this.surveyId, this.query(f.from, f.to));
      const days = new URLSearchParams();
      if (f.from) days.set('from', f.from);
      if (f.to) days.set('to', f.to);
      this.displays = await api.displays(this.surveyId, days).catch(() => null); // the rest of the page stands without it
      this.compare = f.from2 || f.to2 ? await api.results(this.surveyId, this.query(f.from2, f.to2)) : null;
    } catch (e) {
      this.error = String(e.message);
    }
    this.loading = false;
  }

  onFilter(e) {
    e.preventDefault();
    const form = new FormData(e.target);
    const where = [];
    const locale = String(form.get('locale') || '');
    if (locale) where.push({ key: 'locale', value: locale });
    const answerKey = String(form.get('answerKey') || '');
    const answerValue = String(form.get('answerValue') || '').trim();
    if (answerKey && answerValue) where.push({ key: answerKey, value: answerValue });
    const segKey = String(form.get('segmentName') || '').trim();
    const segValue = String(form.get('segmentValue') || '').trim();
    if (segKey && segValue) where.push({ key: `segment.${segKey}`, value: segValue });
    this.filter = {
      from: String(form.get('from') || ''), to: String(form.get('to') || ''),
      from2: String(form.get('from2') || ''), to2: String(form.get('to2') || ''), where,
    };
    this.search = String(form.get('q') || '');
    this.load();
  }

  exportHref(format) {
    const p = this.query(this.filter.from, this.filter.to);
    p.delete('q');
    p.set('format', format);
    return `/v1/studio/surveys/${encodeURIComponent(this.surveyId)}/export?${p}`;
  }

  // A chart and its data table (the accessible alternative; tests read it).
  chartWithTable(id, caption, spec, headers, rows) {
    return html`
      <figure class="chart" aria-labelledby=${`${id}-cap`}>
        <figcaption id=${`${id}-cap`}>${caption}</figcaption>
        <tp-chart .spec=${spec} label=${caption} data-theme=${this.theme}></tp-chart>
        <details>
          <summary>${this.t('dataTable')}</summary>
          <table class="list" data-table=${id}>
            <thead><tr>${headers.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
            <tbody>${rows.map((r) => html`<tr>${r.map((c, i) => (i === 0 ? html`<th scope="row">${c}</th>` : html`<td>${c}</td>`))}</tr>`)}</tbody>
          </table>
        </details>
      </figure>`;
  }

  scoreCells(g) {
    return [
      fmt(g?.n ?? 0),
      g?.nps ? `${fmt(g.nps.value)} ± ${fmt(g.nps.moe)}` : '—',
      g?.csat ? `${fmt(g.csat.value)} %` : '—',
      g?.ces ? fmt(g.ces.value) : '—',
      g?.small_sample ?? true ? this.t('smallSample') : '',
    ];
  }

  renderSummary(d, label) {
    const g = d.total;
    const card = (name, value, moe, n) => html`<div class="kpi" data-kpi=${name}>
      <div class="kpi-name">${this.t(`kpi_${name}`)}</div>
      <div class="kpi-value">${fmt(value)}${moe !== undefined && moe !== null ? html` <span class="moe">± ${fmt(moe)}</span>` : nothing}</div>
      <div class="kpi-n">n = ${fmt(n ?? 0)}</div>
    </div>`;
    return html`
      <h3>${label}</h3>
      <div class="kpis">
        ${card('responses', d.responses, null, d.responses)}
        ${card('nps', g?.nps?.value, g?.nps?.moe, g?.nps?.n)}
        ${card('csat', g?.csat?.value, null, g?.csat?.n)}
        ${card('ces', g?.ces?.value, null, g?.ces?.n)}
      </div>
      ${g?.small_sample ?? true ? html`<p class="flag" role="note">${this.t('smallSampleNote')}</p>` : nothing}`;
  }

  renderOverTime(d) {
    const days = d.by_day.filter((g) => g.key.day !== null);
    const labels = days.map((g) => g.key.day);
    const accent = cssVar('--accent');
    const ok = cssVar('--ok');
    const missing = cssVar('--missing');
    const counts = { type: 'bar', data: { labels, datasets: [{ label: this.t('kpi_responses'), data: days.map((g) => g.n), backgroundColor: accent }] } };
    const scores = {
      type: 'line',
      data: {
        labels,
        datasets: [
          { label: 'NPS', data: days.map((g) => g.nps?.value ?? null), borderColor: accent, backgroundColor: accent },
          { label: 'CSAT %', data: days.map((g) => g.csat?.value ?? null), borderColor: ok, backgroundColor: ok },
          { label: 'CES', data: days.map((g) => g.ces?.value ?? null), borderColor: missing, backgroundColor: missing },
        ],
      },
    };
    const head = [this.t('colDay'), 'n', 'NPS ± MoE', 'CSAT', 'CES', this.t('colFlag')];
    return html`
      ${this.chartWithTable('over-time', this.t('responsesOverTime'), counts, [this.t('colDay'), 'n'], days.map((g) => [g.key.day, g.n]))}
      ${this.chartWithTable('scores-over-time', this.t('scoresOverTime'), scores, head, days.map((g) => [g.key.day, ...this.scoreCells(g)]))}`;
  }

  // Response rate (shown → completed, dismissed) and drop-off per question, from the display counts.
  renderResponseRate(dd) {
    const head = html`<h2 id="rate-title">${this.t('rateTitle')}</h2><p class="muted">${this.t('rateIntro')}</p>`;
    if (!dd.total.shown) return html`<section class="card" aria-labelledby="rate-title" data-displays>${head}<p>${this.t('noDisplays')}</p></section>`;
    const card = (name, value) => html`<div class="kpi" data-kpi=${name}>
      <div class="kpi-name">${this.t(`kpi_${name}`)}</div><div class="kpi-value">${fmt(value)}</div></div>`;
    const rate = (r) => (r === null ? '—' : `${fmt(r)} %`);
    const accent = cssVar('--accent');
    const ok = cssVar('--ok');
    const missing = cssVar('--missing');
    const days = dd.by_day;
    const perDay = {
      type: 'bar',
      data: {
        labels: days.map((d) => d.day),
        datasets: [
          { label: this.t('colShown'), data: days.map((d) => d.shown), backgroundColor: accent },
          { label: this.t('colCompleted'), data: days.map((d) => d.completed), backgroundColor: ok },
          { label: this.t('colDismissed'), data: days.map((d) => d.dismissed), backgroundColor: missing },
        ],
      },
    };
    const versions = dd.by_version;
    const perVersion = { type: 'bar', data: { labels: versions.map((v) => v.version), datasets: [{ label: this.t('colRate'), data: versions.map((v) => v.rate), backgroundColor: accent }] } };
    const cols = [this.t('colShown'), this.t('colCompleted'), this.t('colDismissed'), this.t('colRate')];
    const cells = (g) => [g.shown, g.completed, g.dismissed, rate(g.rate)];
    const q = dd.dropoff.questions;
    const titleOf = (id) => textOf(this.data?.questions?.find((x) => x.id === id)?.title, this.locale) || id;
    const drop = { type: 'bar', data: { labels: q.map((x) => titleOf(x.question)), datasets: [{ label: this.t('colShare'), data: q.map((x) => x.share), backgroundColor: accent }] } };
    return html`<section class="card" aria-labelledby="rate-title" data-displays>
      ${head}
      <div class="kpis">
        ${card('shown', dd.total.shown)}${card('completed', dd.total.completed)}${card('dismissed', dd.total.dismissed)}${card('rate', rate(dd.total.rate))}
      </div>
      ${this.chartWithTable('rate-per-day', this.t('ratePerDay'), perDay, [this.t('colDay'), ...cols], days.map((d) => [d.day, ...cells(d)]))}
      ${this.chartWithTable('rate-by-version', this.t('rateByVersion'), perVersion, [this.t('colVersion'), ...cols], versions.map((v) => [v.version, ...cells(v)]))}
      <h3>${this.t('dropoffTitle')}</h3>
      ${q.length ? html`<p class="muted">${this.t('dropoffBase', { n: dd.dropoff.base })}</p>
        ${this.chartWithTable('dropoff', this.t('dropoffChart'), drop, [this.t('colQuestion'), this.t('colReached'), this.t('colShare'), this.t('colLost')],
            q.map((x) => [titleOf(x.question), x.reached, rate(x.share), x.lost]))}`
        : html`<p>${this.t('noDropoff')}</p>`}
    </section>`;
  }

  renderQuestion(q) {
    const title = textOf(q.title, this.locale) || q.id;
    if (q.type === 'text') {
      return html`<section class="card question-results" data-question=${q.id} aria-labelledby=${`q-${q.id}`}>
        <h3 id=${`q-${q.id}`}>${title} <span class="muted">(${q.type})</span></h3>
        <p>${this.t('answered', { n: q.answered })}</p>
        <h4>${this.t('topTerms')}</h4>
        ${q.terms.length ? html`<ul class="terms">${q.terms.map((x) => html`<li><span class="term">${x.term}</span> <span class="muted">${x.count}</span></li>`)}</ul>`
          : html`<p>${this.t('noTerms')}</p>`}
        <h4 id=${`answers-${q.id}`}>${this.t('answers', { n: q.matching })}</h4>
        <!-- a long list scrolls: focusable, so keyboard users can scroll it too -->
        <ul class="texts" tabindex="0" aria-labelledby=${`answers-${q.id}`}>${q.answers.map((a) => html`<li>${a.text}${a.n > 1 ? html` <span class="muted">×${a.n}</span>` : nothing}</li>`)}</ul>
      </section>`;
    }
    if (q.parts) return this.renderParts(q, title);
    if (q.bins) return this.renderBins(q, title);
    const groups = q.groups.filter((g) => g.key[`answer.${q.id}`] !== null);
    const labelOf = (g) => g.labels?.[`answer.${q.id}`] ?? String(g.key[`answer.${q.id}`]);
    const spec = { type: 'bar', data: { labels: groups.map(labelOf), datasets: [{ label: 'n', data: groups.map((g) => g.n), backgroundColor: cssVar('--accent') }] } };
    return html`<section class="card question-results" data-question=${q.id} aria-labelledby=${`q-${q.id}`}>
      <h3 id=${`q-${q.id}`}>${title} <span class="muted">(${q.type})</span></h3>
      ${groups.length === 0 ? html`<p>${this.t('noAnswers')}</p>`
        : this.chartWithTable(`dist-${q.id}`, this.t('distribution', { q: title }), spec, [this.t('colAnswer'), 'n', 'NPS ± MoE', 'CSAT', 'CES', this.t('colFlag')],
            groups.map((g) => [labelOf(g), ...this.scoreCells(g)]))}
    </section>`;
  }

  // A number, slider or date question: the core's bins (a range of values, or a day, week, month
  // or year), one bar each, gaps included; the table lists the same bins.
  renderBins(q, title) {
    const b = q.bins;
    const spec = {
      type: 'bar',
      data: { labels: b.bins.map((x) => x.label), datasets: [{ label: 'n', data: b.bins.map((x) => x.n), backgroundColor: cssVar('--accent'), categoryPercentage: 1, barPercentage: 0.95 }] },
    };
    return html`<section class="card question-results" data-question=${q.id} aria-labelledby=${`q-${q.id}`}>
      <h3 id=${`q-${q.id}`}>${title} <span class="muted">(${q.type})</span></h3>
      ${b.bins.length === 0 ? html`<p>${this.t('noAnswers')}</p>` : html`
        <p class="muted" data-binned-by=${b.by}>${this.t(`binnedBy_${b.by}`, { width: fmt(b.width), answered: b.answered, unanswered: b.unanswered })}</p>
        ${this.chartWithTable(`dist-${q.id}`, this.t('distribution', { q: title }), spec, [this.t('colBin'), 'n'], b.bins.map((x) => [x.label, x.n]))}`}
    </section>`;
  }

  // A matrix (rows × columns) or a ranking (items × positions): one stacked bar per row or item,
  // one dataset per column or position; the table has the same counts.
  renderParts(q, title) {
    const options = q.options.map((o) => ({ value: o.value, label: o.label ? textOf(o.label, this.locale) : `#${o.value}` }));
    const partLabel = (p) => textOf(p.label, this.locale) || p.value;
    const count = (p, value) => p.groups.find((g) => g.key[p.key] === value)?.n ?? 0;
    // Evenly spaced hues, lighter on dark backgrounds: a ranking may have many positions.
    const color = (i) => `hsl(${Math.round(215 + (i * 360) / Math.max(options.length, 1)) % 360} 65% ${this.theme === 'dark' ? 65 : 42}%)`;
    const spec = {
      type: 'bar',
      data: {
        labels: q.parts.map(partLabel),
        datasets: options.map((o, i) => ({ label: o.label, data: q.parts.map((p) => count(p, o.value)), backgroundColor: color(i) })),
      },
      stacked: true,
    };
    const head = [q.type === 'ranking' ? this.t('colItem') : this.t('colRow'), ...options.map((o) => o.label), this.t('colNoAnswer')];
    const rows = q.parts.map((p) => [partLabel(p), ...options.map((o) => count(p, o.value)), count(p, null)]);
    return html`<section class="card question-results" data-question=${q.id} aria-labelledby=${`q-${q.id}`}>
      <h3 id=${`q-${q.id}`}>${title} <span class="muted">(${q.type})</span></h3>
      ${q.parts.every((p) => p.groups.every((g) => g.key[p.key] === null)) ? html`<p>${this.t('noAnswers')}</p>`
        : this.chartWithTable(`dist-${q.id}`, this.t('distribution', { q: title }), spec, head, rows)}
    </section>`;
  }

  renderFilters(d) {
    const f = this.filter;
    const where = (key) => f.where.find((w) => w.key === key)?.value ?? '';
    const answerW = f.where.find((w) => w.key.startsWith('answer.'));
    const segW = f.where.find((w) => w.key.startsWith('segment.'));
    const locales = d ? d.by_locale.map((g) => g.key.locale).filter((l) => l) : [];
    return html`<form class="card filters" @submit=${this.onFilter} aria-labelledby="filters-title">
      <h3 id="filters-title">${this.t('filters')}</h3>
      <div class="grid2">
        <div class="field"><label for="f-from">${this.t('from')}</label><input id="f-from" name="from" type="date" .value=${f.from} /></div>
        <div class="field"><label for="f-to">${this.t('to')}</label><input id="f-to" name="to" type="date" .value=${f.to} /></div>
        <div class="field"><label for="f-locale">${this.t('locale')}</label>
          <select id="f-locale" name="locale"><option value="">${this.t('any')}</option>
            ${locales.map((l) => html`<option value=${l} ?selected=${where('locale') === l}>${l}</option>`)}</select></div>
        <div class="field"><label for="f-answer">${this.t('answerFilter')}</label>
          <select id="f-answer" name="answerKey"><option value="">${this.t('any')}</option>
            ${(d?.questions || []).filter((q) => q.type !== 'text').map((q) => html`<option value=${`answer.${q.id}`} ?selected=${answerW?.key === `answer.${q.id}`}>${textOf(q.title, this.locale) || q.id}</option>`)}</select></div>
        <div class="field"><label for="f-answer-value">${this.t('answerValue')}</label><input id="f-answer-value" name="answerValue" .value=${answerW?.value ?? ''} autocomplete="off" /></div>
        <div class="field"><label for="f-seg">${this.t('segmentName')}</label><input id="f-seg" name="segmentName" .value=${segW ? segW.key.slice(8) : ''} autocomplete="off" /></div>
        <div class="field"><label for="f-seg-value">${this.t('segmentValue')}</label><input id="f-seg-value" name="segmentValue" .value=${segW?.value ?? ''} autocomplete="off" /></div>
        <div class="field"><label for="f-q">${this.t('searchTexts')}</label><input id="f-q" name="q" type="search" .value=${this.search} autocomplete="off" /></div>
      </div>
      <fieldset><legend>${this.t('comparePeriod')}</legend>
        <div class="grid2">
          <div class="field"><label for="f-from2">${this.t('from')}</label><input id="f-from2" name="from2" type="date" .value=${f.from2} /></div>
          <div class="field"><label for="f-to2">${this.t('to')}</label><input id="f-to2" name="to2" type="date" .value=${f.to2} /></div>
        </div>
      </fieldset>
      <div class="toolbar">
        <button type="submit" class="primary">${this.t('apply')}</button>
        <a class="button" href=${this.exportHref('csv')} download>${this.t('exportCsv')}</a>
        <a class="button" href=${this.exportHref('ndjson')} download>${this.t('exportNdjson')}</a>
      </div>
    </form>`;
  }

  render() {
    const d = this.data;
    return html`
      <div class="toolbar">
        <button type="button" class="link" @click=${() => this.dispatchEvent(new CustomEvent('studio-back', { bubbles: true }))}>← ${this.t('back')}</button>
        <h2 class="survey-name">${this.t('resultsTitle', { id: this.surveyId })}</h2>
      </div>
      <p role="alert" class="error-text">${this.error}</p>
      ${this.renderFilters(d)}
      ${d ? html`
        <section class="card" aria-labelledby="summary-title" data-results-ready="1">
          <h2 id="summary-title" class="visually-hidden">${this.t('summary')}</h2>
          ${this.renderSummary(d, this.compare ? this.t('periodA') : this.t('allFiltered'))}
          ${this.compare ? this.renderSummary(this.compare, this.t('periodB')) : nothing}
        </section>
        <section class="card" aria-labelledby="time-title">
          <h2 id="time-title">${this.t('overTime')}</h2>
          ${this.renderOverTime(d)}
        </section>
        ${this.displays ? this.renderResponseRate(this.displays) : nothing}
        ${d.questions.map((q) => this.renderQuestion(q))}` : html`<p aria-busy="true">…</p>`}`;
  }
}
customElements.define('tp-results', TpResults);
