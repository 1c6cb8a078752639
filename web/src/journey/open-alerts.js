// Open alerts on the map, for <touchpoint-journey>: when the map or its responses come from a
// Touchpoint collector (a URL under its /v1/: /v1/maps/ID, /v1/export, /v1/feed, /v1/aggregates),
// the element asks the same collector for the alerts nobody has handled yet, per touchpoint
// (GET /v1/alerts/open?map=ID, with the page's credentials, as it reads the data), and hands the
// answer to the viewer core, which draws a badge on each card and puts the count in the table.
// Refreshed every `live` seconds (default 30) while the page is visible, and at once when the
// page comes back into view or the window regains focus. Offline (a bundle, a file, a map that
// is not a collector's) nothing is fetched and nothing is drawn.
//
// The `alerts` attribute overrides the guess: "off", or the URL of the open-alerts endpoint.

const DEFAULT_SECONDS = 30;
const COLLECTOR_PATH = /^(.*?)\/v1\/(?:maps\/|export|feed|aggregates)/;

/** The open-alerts URL for a map shown by `el`, or null when there is no collector to ask. */
export function openAlertsUrl(el, mapId) {
  const explicit = el.getAttribute('alerts');
  if (explicit === 'off' || !mapId) return null;
  const base = document.baseURI;
  if (explicit) {
    const u = new URL(explicit, base);
    if (!u.searchParams.has('map')) u.searchParams.set('map', mapId);
    return u.href;
  }
  for (const spec of [el.getAttribute('src'), el.getAttribute('responses')]) {
    if (!spec || spec.startsWith('#')) continue;
    let u;
    try { u = new URL(spec, base); } catch { continue; }
    if (!/^https?:$/.test(u.protocol)) continue;
    const m = COLLECTOR_PATH.exec(u.pathname);
    if (m) return `${u.origin}${m[1]}/v1/alerts/open?map=${encodeURIComponent(mapId)}`;
  }
  return null;
}

export class OpenAlerts {
  /** @param {(answer: string) => void} apply hands the collector's answer ("" = none) to the viewer */
  constructor(apply) {
    // An unchanged answer is not applied again (no redraw of the map and table every interval).
    this._apply = (answer) => {
      if (answer === this._last) return;
      this._last = answer;
      apply(answer);
    };
    this._last = '';
    this._url = null;
    this._timer = 0;
    this._busy = false;
    this._onWake = () => { if (this._url && document.visibilityState !== 'hidden') this.refresh(); };
  }

  /** Starts (or restarts, or with a null url stops) polling `url` every `seconds`. */
  start(url, seconds) {
    const changed = url !== this._url;
    this.stop(changed);
    this._url = url;
    if (!url) return;
    const every = Number(seconds) > 0 ? Number(seconds) : DEFAULT_SECONDS;
    this._timer = setInterval(() => { if (document.visibilityState !== 'hidden') this.refresh(); }, every * 1000);
    document.addEventListener('visibilitychange', this._onWake);
    window.addEventListener('focus', this._onWake);
    this.refresh();
  }

  stop(clear = true) {
    clearInterval(this._timer);
    this._timer = 0;
    document.removeEventListener('visibilitychange', this._onWake);
    window.removeEventListener('focus', this._onWake);
    if (clear && this._url) this._apply('');
    this._url = null;
  }

  /** Asks the collector now; resolves when the answer is applied (or dropped). */
  async refresh() {
    const url = this._url;
    if (!url) return;
    // One request at a time; a wake-up during one asks again after it (its answer may predate it).
    if (this._busy) { this._again = true; return; }
    this._busy = true;
    this._again = false;
    try {
      const res = await fetch(url, { credentials: 'same-origin', cache: 'no-store' });
      if (url !== this._url) return;
      if (res.ok) this._apply(await res.text());
      else {
        // Not allowed to read alerts here (401/403), or a collector without them (404): stop asking.
        this._apply('');
        if (res.status === 401 || res.status === 403 || res.status === 404) this.stop(false);
      }
    } catch {
      if (url === this._url) this._apply('');  // offline: the counts are no longer known
    } finally {
      this._busy = false;
      if (this._again) this.refresh();
    }
  }
}
