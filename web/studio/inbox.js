// <tp-inbox>: the alert inbox. Every response whose alert the core raised (detractor, low CSAT,
// high effort) with its answers, webhook delivery and retries; assign it, mark it handled with a
// note; time-to-handle against a target (the collector's default unless one is typed) per survey
// and per touchpoint. The collector computes the lists and figures (GET /v1/studio/alerts) and owns
// the states it lists by (alert_states.def, bundled as touchpoint:alert-states); this file shows
// them and sends changes.
import { html, nothing } from 'lit';
import { api } from './api.js';
import { StudioElement } from './studio-element.js';
import ALERT_STATES from 'touchpoint:alert-states';

// The inbox is a work queue, so it opens on the alerts still to handle; the API's default (the
// table's default row, every alert) suits integrations that list everything. Should the table ever
// lose that state, the inbox opens on the API's default rather than on a state the collector refuses.
const FIRST_STATE = ALERT_STATES.some(([key]) => key === 'open') ? 'open' : ALERT_STATES.find(([, isDefault]) => isDefault)[0];

const minutes = (ms) => (ms === null || ms === undefined ? '—' : ms < 3600000 ? `${Math.round(ms / 60000)} min` : `${(ms / 3600000).toFixed(1)} h`);

class TpInbox extends StudioElement {
  static properties = {
    locale: {},
    data: { state: true },
    query: { state: true },
    error: { state: true },
    status: { state: true },
  };

  constructor() {
    super();
    this.data = null;
    // target '': the collector's default, which its answer echoes (target_minutes) and the form shows.
    this.query = { survey: '', state: FIRST_STATE, target: '' };
    this.error = '';
    this.status = '';
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    const p = new URLSearchParams({ state: this.query.state });
    if (this.query.target) p.set('target_minutes', this.query.target);
    if (this.query.survey) p.set('survey', this.query.survey);
    try {
      this.data = await api.alerts(p);
      this.error = '';
    } catch (e) {
      this.error = String(e.message);
    }
  }

  onQuery(e) {
    e.preventDefault();
    const f = new FormData(e.target);
    this.query = { survey: String(f.get('survey') || '').trim(), state: String(f.get('state')), target: String(f.get('target') || '') };
    this.load();
  }

  async change(id, body) {
    try {
      await api.updateAlert(id, body);
      this.status = 'alertSaved';  // a key: shown in the current UI language
      await this.load();
    } catch (e) {
      this.error = String(e.message);
    }
  }

  onSave(e, a) {
    e.preventDefault();
    const f = new FormData(e.target);
    const body = { assignee: String(f.get('assignee') || ''), note: String(f.get('note') || '') };
    if (e.submitter?.dataset.action === 'handle') body.handled = true;
    if (e.submitter?.dataset.action === 'reopen') body.handled = false;
    this.change(a.id, body);
  }

  tally(title, id, rows, keyName) {
    return html`<table class="list" data-table=${id}>
      <caption>${title}</caption>
      <thead><tr><th scope="col">${keyName}</th><th scope="col">${this.t('alertsTotal')}</th><th scope="col">${this.t('alertsOpen')}</th>
        <th scope="col">${this.t('alertsOverdue')}</th><th scope="col">${this.t('alertsHandled')}</th><th scope="col">${this.t('alertsInTarget')}</th>
        <th scope="col">${this.t('alertsMedian')}</th></tr></thead>
      <tbody>${rows.map((r) => html`<tr data-key=${r.key ?? ''}><th scope="row">${r.key ?? '—'}</th><td>${r.total}</td><td data-col="open">${r.open}</td>
        <td>${r.open_overdue}</td><td>${r.handled}</td><td>${r.handled_in_target}</td><td>${minutes(r.median_handle_ms)}</td></tr>`)}</tbody>
    </table>`;
  }

  renderAlert(a) {
    const d = a.delivery;
    const reason = this.t(`reason_${a.alert.reason}`) || a.alert.reason;
    const heading = `${reason} · ${a.survey}${a.journey?.touchpoint ? ` · ${a.journey.touchpoint}` : ''}`;
    return html`<article class="card alert-item" data-alert=${a.id} aria-labelledby=${`al-${a.id}`}>
      <h3 id=${`al-${a.id}`}>${heading}</h3>
      <p class="muted">${a.submitted} · ${a.locale}${a.overdue && a.handled_ms === null ? html` · <strong class="flag">${this.t('alertOverdue')}</strong>` : nothing}</p>
      <dl class="answers">${Object.entries(a.answers).map(([k, v]) => html`<dt>${k}</dt><dd>${typeof v === 'string' ? v : JSON.stringify(v)}</dd>`)}</dl>
      <p data-delivery=${d.status}>${this.t('webhookDelivery')}: ${this.t(`delivery_${d.status}`)}${d.attempts ? ` · ${this.t('attempts', { n: d.attempts })}` : ''}${d.last_error ? ` · ${d.last_error}` : ''}</p>
      <form @submit=${(e) => this.onSave(e, a)} class="grid">
        <label for=${`as-${a.id}`}>${this.t('assignee')}</label>
        <input id=${`as-${a.id}`} name="assignee" .value=${a.assignee} maxlength="200" autocomplete="off" />
        <label for=${`no-${a.id}`}>${this.t('note')}</label>
        <textarea id=${`no-${a.id}`} name="note" rows="2" maxlength="4000" .value=${a.note}></textarea>
        <div></div>
        <div class="toolbar">
          <button type="submit" data-action="save">${this.t('saveAlert')}</button>
          ${a.handled_ms === null
            ? html`<button type="submit" class="primary" data-action="handle">${this.t('markHandled')}</button>`
            : html`<span class="ok-text">${this.t('handledIn', { t: minutes(a.handle_ms), who: a.handled_by })}</span>
                <button type="submit" data-action="reopen">${this.t('reopen')}</button>`}
        </div>
      </form>
    </article>`;
  }

  render() {
    const d = this.data;
    return html`
      <h2>${this.t('inboxTitle')}</h2>
      <form class="card filters" @submit=${this.onQuery} aria-label=${this.t('filters')}>
        <div class="grid2">
          <div class="field"><label for="in-survey">${this.t('colSurvey')}</label><input id="in-survey" name="survey" .value=${this.query.survey} autocomplete="off" /></div>
          <div class="field"><label for="in-state">${this.t('alertState')}</label>
            <select id="in-state" name="state">${ALERT_STATES.map(([s]) => html`<option value=${s} ?selected=${this.query.state === s}>${this.t(`state_${s}`)}</option>`)}</select></div>
          <div class="field"><label for="in-target">${this.t('targetMinutes')}</label><input id="in-target" name="target" type="number" min="1" max="10080" .value=${this.query.target || String(this.data?.target_minutes ?? '')} /></div>
        </div>
        <button type="submit" class="primary">${this.t('apply')}</button>
      </form>
      <p role="alert" class="error-text">${this.error}</p>
      <p role="status" class="status">${this.status ? this.t(this.status) : ''}</p>
      ${d ? html`
        <section class="card" aria-labelledby="tth-title" data-inbox-ready="1">
          <h3 id="tth-title">${this.t('timeToHandle', { t: minutes(d.target_minutes * 60000) })}</h3>
          ${this.tally(this.t('perSurvey'), 'alerts-by-survey', d.by_survey, this.t('colSurvey'))}
          ${this.tally(this.t('perTouchpoint'), 'alerts-by-touchpoint', d.by_touchpoint, this.t('touchpoint'))}
        </section>
        <p>${this.t('alertsListed', { n: d.alerts.length, of: d.matching })}</p>
        ${d.alerts.map((a) => this.renderAlert(a))}` : html`<p aria-busy="true">…</p>`}`;
  }
}
customElements.define('tp-inbox', TpInbox);
