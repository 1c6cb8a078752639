// <touchpoint-journey src="map.json" responses="responses.ndjson">: the journey-map viewer.
//
// The map is drawn by the C++ viewer (Dear ImGui on WebGL2, loaded lazily when the element
// scrolls into view); beside it a DOM table lists every stage and touchpoint with the same
// numbers (read from the viewer's core aggregation) for screen readers and keyboard users.
//
// Attributes: src (map URL, or "#id" of an inline <script type="application/json">),
//   responses (NDJSON or the collector's CSV: URL, "#id", or a collector export/feed URL),
//   format (ndjson|csv; default from the URL or content type), live (seconds between re-fetches
//   of `responses`, e.g. a collector's /v1/export?format=ndjson), compare (the as-is/to-be map),
//   locale (the map's texts and the element's own words; see "Language" in docs/journey.md),
//   theme (light|dark|auto), metric (nps|csat|ces|n), persona, viewer (module URL),
//   editable (edit mode: the canvas edits by mouse, a side panel by keyboard; see edit-panel.js),
//   alerts ("off" or the collector's open-alerts URL; default: asked of the collector the map or its
//   responses come from, see open-alerts.js).
// Events: touchpoint:journey-ready, touchpoint:journey-select {detail:{touchpoint}},
//   touchpoint:journey-error {detail:{message, diagnostics}}, touchpoint:journey-edit {detail:{revision}}.
// Offline bundles set globalThis.TouchpointJourneyConfig = {viewerUrl, wasmBinary, aggregate} first
// (aggregate: {simd, scalar}, each {glue, wasm} as bytes: the aggregation workers' module, parallel.js).
// Types: TouchpointJourneyElement in web/touchpoint.d.ts; the viewer's C API (wasm/exports.json) is
// called through bridge.js. Built (bundled, minified) by web/build.mjs into dist/touchpoint-journey.js.
import { Bridge } from '../bridge.js';
import { EditPanel, EDIT_STYLE } from './edit-panel.js';
import { CANVAS_FONT_FAMILY, CANVAS_FONT_PX, glyphContext, warmGlyphs } from './glyph-warmup.js';
import { OpenAlerts, openAlertsUrl } from './open-alerts.js';
import { AggregatePool } from './parallel.js';
import { journeyWords } from './words.js';

// The status shares the canvas's grid cell, in its bottom start corner (the end side holds the
// details panel), whichever side the table is on; positioned, so it paints over the canvas. (In the
// host's corner it covered the table's last visible numbers.) Number columns' headers align with
// their numbers.
const STYLE = `
:host { display: block; position: relative; min-height: 420px; color-scheme: light dark;
  font: 14px/1.4 system-ui, sans-serif; --tp-border: #cbd2dc; --tp-bg: #fff; --tp-fg: #1c2028; --tp-muted: #606874; }
:host([data-theme="dark"]) { --tp-border: #505866; --tp-bg: #181a1f; --tp-fg: #e2e6ec; --tp-muted: #969eaa; }
.wrap { display: grid; grid-template-columns: minmax(0, 1fr) minmax(300px, 34%); gap: 0; height: 100%; min-height: inherit;
  border: 1px solid var(--tp-border); background: var(--tp-bg); color: var(--tp-fg); }
:host([table="below"]) .wrap, :host([table="hidden"]) .wrap { grid-template-columns: 1fr; }
:host([table="hidden"]) .table { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
canvas { display: block; width: 100%; height: 100%; min-height: 420px; outline: none; touch-action: none; }
canvas:focus-visible { box-shadow: inset 0 0 0 3px #2563eb; }
.table { overflow: auto; max-height: 100%; border-left: 1px solid var(--tp-border); }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
caption { text-align: start; font-weight: 600; padding: 8px; }
th, td { padding: 4px 6px; text-align: start; border-bottom: 1px solid var(--tp-border); vertical-align: top; }
th[scope="rowgroup"] { background: color-mix(in srgb, var(--tp-fg) 8%, transparent); }
th[scope="col"] + th, td.num { text-align: end; }
td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
.change { font-size: 12px; white-space: nowrap; } .change.up { color: #15803d; } .change.down { color: #b91c1c; }
:host([data-theme="dark"]) .change.up { color: #86efac; } :host([data-theme="dark"]) .change.down { color: #fca5a5; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-inline-end: 4px; vertical-align: baseline; }
button.link { all: unset; cursor: pointer; text-decoration: underline; }
button.link:focus-visible { outline: 2px solid #2563eb; }
tr[aria-selected="true"] { background: color-mix(in srgb, #facc15 30%, transparent); }
tr[aria-current="step"] th { outline: 2px solid #2563eb; outline-offset: -2px; }
.filters { display: flex; flex-wrap: wrap; gap: 6px 10px; padding: 8px; border-bottom: 1px solid var(--tp-border); font-size: 13px; }
.filters[hidden] { display: none; }
.filters select { font: inherit; max-width: 12em; }
canvas, .status { grid-area: 1 / 1; }
.table { grid-area: 1 / 2; }
:host([table="below"]) .table { grid-area: 2 / 1; }
.status { align-self: end; justify-self: start; margin: 8px; position: relative; pointer-events: none; font-size: 12px;
  color: var(--tp-muted); background: color-mix(in srgb, var(--tp-bg) 85%, transparent); padding: 0 4px; border-radius: 4px; }
.drop { position: absolute; inset: 0; display: none; place-items: center; background: color-mix(in srgb, #2563eb 20%, transparent);
  font-size: 18px; pointer-events: none; }
:host([data-dragging]) .drop { display: grid; }
.small { color: #b45309; }
.alerts { display: inline-block; margin-inline-start: 4px; padding: 0 6px; border-radius: 8px; font-size: 12px;
  white-space: nowrap; background: #b45309; color: #fff; }
:host([data-theme="dark"]) .alerts { background: #fbbf24; color: #1c2028; }
small { color: var(--tp-muted); font-weight: normal; }
${EDIT_STYLE}`;

const config = () => globalThis.TouchpointJourneyConfig || {};

// `onHeaders({size, type})`: called once a fetch's headers are in, before its body is read (the
// shape of a File's size and type).
async function readSource(spec, root, onHeaders) {
  if (spec.startsWith('#')) {
    const el = (root.getRootNode?.() || document).getElementById?.(spec.slice(1)) || document.getElementById(spec.slice(1));
    if (!el) throw new Error(`no element ${spec}`);
    return { bytes: new TextEncoder().encode(el.textContent.trim()), type: el.getAttribute('type') || '' };
  }
  const res = await fetch(spec, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`${spec}: HTTP ${res.status}`);
  onHeaders?.({ size: Number(res.headers.get('content-length')) || 0, type: res.headers.get('content-type') || '' });
  return { bytes: new Uint8Array(await res.arrayBuffer()), type: res.headers.get('content-type') || '' };
}

// Whether responses of this format and size are aggregated without being kept (streamResponseBytes).
const streams = (format, size) => format === 'ndjson' && size > TouchpointJourney.streamThreshold;

function guessFormat(name, type, bytes) {
  if (/csv/.test(type) || /\.csv($|\?)/i.test(name) || /format=csv/.test(name)) return 'csv';
  if (/ndjson|jsonl/.test(type) || /\.(nd)?jsonl?($|\?)/i.test(name)) return 'ndjson';
  // Sniff: the collector's CSV starts with its header row.
  return bytes[0] === 0x69 /* "i" of "id," */ ? 'csv' : 'ndjson';
}

export class TouchpointJourney extends HTMLElement {
  static get observedAttributes() {
    return ['src', 'responses', 'compare', 'theme', 'metric', 'persona', 'locale', 'live', 'format', 'editable', 'alerts'];
  }

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.innerHTML = `<style>${STYLE}</style><div class="wrap" part="wrap">
      <canvas part="canvas" tabindex="0" role="img" data-words-aria-roledescription="mapRole"></canvas>
      <div class="table" part="table"><section class="editor" part="editor" data-words-aria-label="editPanel" hidden></section><div class="filters" part="filters" hidden>
        <label><span data-words="filterAnswer"></span> <select data-filter="question"><option value="" data-words="filterAny"></option></select></label>
        <label><span data-words="filterIs"></span> <select data-filter="value" disabled><option value="" data-words="anyValue"></option></select></label></div><table><caption></caption><thead><tr>
        <th scope="col" data-words="colTouchpoint"></th><th scope="col" data-words="colN"></th>
        <th scope="col" data-words="colNps"></th><th scope="col" data-words="colCsat"></th><th scope="col" data-words="colCes"></th></tr></thead><tbody></tbody></table></div>
      <div class="status" role="status" aria-live="polite"></div></div><div class="drop" aria-hidden="true" data-words="drop"></div>`;
    this._canvas = root.querySelector('canvas');
    this._tbody = root.querySelector('tbody');
    this._caption = root.querySelector('caption');
    this._status = root.querySelector('.status');
    this._filters = root.querySelector('.filters');
    this._qSelect = root.querySelector('select[data-filter="question"]');
    this._vSelect = root.querySelector('select[data-filter="value"]');
    this._present = null;  // {presenting, stage, id, title, count} from the viewer's "present" event
    this._filterChange = 0;  // counts the viewer's data and filter changes (_onEvent)
    this._installFilterControls();
    // The words come with the viewer (its core names the column): none are shown before it loads.
    this._words = null;
    this._editPanel = new EditPanel(root.querySelector('.editor'), this);
    this._module = null;
    this._viewerEditing = false;  // the viewer's edit mode, as its last 'edit' event said
    this._loading = null;
    this._pointers = new Map();
    this._liveTimer = 0;
    this._alerts = new OpenAlerts((answer) => {
      if (!this._module) return;
      const err = this._wasm.text('tp_viewer_set', 'alerts', answer);
      this._syncTable();
      if (err) this._status.textContent = err;
    });
  }

  connectedCallback() {
    this._applyTheme();
    this._syncAlerts();  // back in the page: ask again (stopped when taken out)
    this._installDrop();
    // Lazy: the viewer (a few hundred KB of wasm) loads only when the element is near the viewport.
    // Already there (the usual case for a map at the top of its page): loading starts at once,
    // after the script that inserted the element (it may set the attributes next). The observer's
    // first report comes only after the page's next rendering update, which held every download of
    // the viewer and its data back by 12–40 ms (tests/bench/viewer_first_frame.mjs).
    queueMicrotask(() => {
      if (!this.isConnected || this._loading) return;
      if (this._nearViewport()) this.load();
      else if ('IntersectionObserver' in window) {
        this._observer?.disconnect();
        this._observer = new IntersectionObserver((entries) => {
          if (entries.some((e) => e.isIntersecting)) {
            this._observer.disconnect();
            this.load();
          }
        }, { rootMargin: '200px' });
        this._observer.observe(this);
      } else this.load();
    });
  }

  // Within the observer's 200 px margin of the viewport, and laid out (a hidden element has no box:
  // the observer decides once it shows). Reading the box lays out the page now rather than at its
  // next rendering update; it is laid out once either way.
  _nearViewport() {
    if (document.visibilityState === 'hidden') return false;
    const r = this.getBoundingClientRect(), m = 200;
    return (r.width > 0 || r.height > 0) && r.bottom >= -m && r.right >= -m &&
      r.top <= window.innerHeight + m && r.left <= window.innerWidth + m;
  }

  disconnectedCallback() {
    this._observer?.disconnect();
    this._pool?.then((p) => p?.terminate());
    this._pool = null;
    clearInterval(this._liveTimer);
    this._alerts.stop(false);
    this._media?.removeEventListener('change', this._onMedia);
  }

  attributeChangedCallback(name, old, value) {
    if (old === value || !this._module) return;
    if (name === 'src' || name === 'compare') this._loadMap().catch((e) => this._fail(e));
    else if (name === 'responses' || name === 'format' || name === 'live') {
      this._loadResponses().catch((e) => this._fail(e));
      this._syncAlerts();
    } else if (name === 'alerts') this._syncAlerts();
    else if (name === 'theme') this._applyTheme();
    else if (name === 'editable') this._syncEditing();
    else if (name === 'metric' || name === 'persona' || name === 'locale') this.set(name, value || '');
  }

  /** Loads the viewer (once) and the data named by the attributes. Resolves when drawn. */
  load() {
    if (!this._loading) {
      // performance marks (touchpoint:*) let benchmarks see where the first frame's time goes.
      this._loading = (async () => {
        mark('start');
        // The map and the responses are fetched while the viewer's code loads: they do not need it.
        const prefetch = (spec, onHeaders) => {
          if (!spec) return null;
          const p = readSource(spec, this, onHeaders);
          p.catch(() => {});  // reported where it is awaited
          return p;
        };
        const responses = this.getAttribute('responses');
        this._prefetched = { map: prefetch(this.getAttribute('src')), responses: prefetch(responses, this._expectResponses(responses)) };
        // The map's characters measured while the viewer's code loads (glyph-warmup.js), until its first frame.
        this._glyphs = glyphContext();
        let warmed = false;
        this._prefetched.map?.then(({ bytes }) =>
          warmGlyphs(this._glyphs, new TextDecoder().decode(bytes), CANVAS_FONT_PX, () => warmed), () => {});
        this._observeCanvasSize();
        await this._startViewer();  // asks for the viewer's code at once (before its first await)
        mark('viewer');
        // No frames until the map and its responses are in: the first frame drawn is the finished
        // one (glyphs baked and laid out once). Responses that take longer than a moment to
        // arrive release the hold, so a big file shows the map while it loads.
        // The DOM table and the status wait with them: filled once, with the numbers the first frame
        // shows (filled for the map alone first, the rows were built twice), and only once that frame
        // is on screen. Their words need the page's first Intl.NumberFormat (12–25 ms, ICU's number
        // data), their ~40 rows a layout (12–50 ms: the first text of the page in the CJK fonts);
        // before the map's frame they held it back by as long (tests/bench/viewer_first_frame.mjs).
        let release = 0;
        this._tableHeld = this.hasAttribute('responses');
        const showTable = () => {
          if (!this._tableHeld) return;
          this._tableHeld = false;
          if (this._heldStatus) this._status.textContent = this._heldStatus();
          this._heldStatus = null;
          this._syncTable();
        };
        try {
          await this._loadMap();
          mark('map');
          release = setTimeout(() => { this._module.tpHoldFrames = false; showTable(); }, 300);
          await this._loadResponses();
          mark('responses');
        } catch (e) {
          showTable();
          throw e;
        } finally {
          clearTimeout(release);
          warmed = true;
          this._module.tpHoldFrames = false;
        }
        await this._mapFrameShown();
        showTable();
        this._ready = true;
        this._syncAlerts();  // after the first frame's data, never competing with it
        this.dispatchEvent(new CustomEvent('touchpoint:journey-ready', { bubbles: true, composed: true }));
      })().catch((e) => this._fail(e));
    }
    return this._loading;
  }

  // Resolves when the viewer's frame after loading is on screen: at the frame after it (the page's
  // rendering update that drew it has finished), marked touchpoint:drawn and touchpoint:shown. The
  // viewer draws nothing in that next frame, which is the table's (load()): its second frame (the
  // answer pickers, after a scan of the responses) and its WebGL read-back would hold the table back
  // by as long. A page hidden meanwhile draws no frames: then after half a second.
  _mapFrameShown() {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this._module.tpHoldFrames = false;
        resolve();
      };
      const timer = setTimeout(done, 500);
      // Queued after the viewer's own animation-frame callback, which draws the map.
      requestAnimationFrame(() => {
        mark('drawn');
        this._module.tpHoldFrames = true;
        requestAnimationFrame((time) => {
          mark('shown', time);
          done();
        });
      });
    });
  }

  async _startViewer() {
    const cfg = config();
    // Relative to the page (the attribute, the config) or to this module (the default).
    const url = new URL(this.getAttribute('viewer') || cfg.viewerUrl || new URL('./touchpoint-viewer.js', import.meta.url).href,
      document.baseURI).href;
    this._viewerUrl = url;
    // The wasm is asked for at once, beside the glue, and compiled (streaming) once the glue has
    // loaded. Compiled from the start, its compile took the second core from the glue's own script
    // compile, which came 10–25 ms later (tests/bench/viewer_first_frame.mjs, "the glue").
    const wasmUrl = !cfg.wasmBinary && !url.startsWith('blob:') && WebAssembly.instantiateStreaming
      ? new URL('touchpoint-viewer.wasm', url).href : null;
    const wasm = wasmUrl ? fetch(wasmUrl, { credentials: 'same-origin' }) : null;
    wasm?.catch(() => {});
    const { default: createViewer } = await import(url);
    mark('glue');
    // tpHoldFrames: no frames until the first data is in (see load()); explicit renders still draw.
    const opts = { canvas: this._canvas, onViewerEvent: (type, json) => this._onEvent(type, json),
      tpHoldFrames: this.hasAttribute('src'), tpCanvasSize: this._canvasSize,
      tpGlyphContext: this._glyphs, tpFontFamily: CANVAS_FONT_FAMILY, tpFontPx: CANVAS_FONT_PX };
    if (cfg.wasmBinary) {
      // Inlined bytes (offline bundle): the glue must not resolve a .wasm URL against a blob: URL.
      opts.wasmBinary = cfg.wasmBinary;
      opts.locateFile = (file) => file;
    } else if (wasm) {
      opts.instantiateWasm = (imports, done) => {
        wasm.then((res) => {
          if (!res.ok) throw new Error(`${wasmUrl}: HTTP ${res.status}`);
          // Streaming needs the server to say application/wasm; else from the bytes, asked for again (cached).
          return WebAssembly.instantiateStreaming(res, imports).catch(() => fetch(wasmUrl, { credentials: 'same-origin' })
            .then((again) => again.arrayBuffer()).then((bytes) => WebAssembly.instantiate(bytes, imports)));
        }).then(({ instance, module }) => done(instance, module), (e) => this._fail(e));
        return {};
      };
    }
    this._module = await createViewer(opts);
    this._wasm = new Bridge(this._module);
    // No map to speak for yet: the element's words follow the page (its lang, else the browser's).
    if (!this.hasAttribute('src')) this._wasm.text('tp_viewer_set', 'locale', this._requestedLocale());
    this._installInput();
    this._applyTheme();
    this.words();  // the table's headers and labels, before any data
    this._syncEditing();
  }

  /** The `locale` attribute (the map's language and the element's words); '' = the map's default locale. */
  get locale() { return this.getAttribute('locale') || ''; }
  set locale(value) {
    if (value) this.setAttribute('locale', value);
    else this.removeAttribute('locale');
  }

  /** Changes a viewer setting (metric, persona, answer, theme, locale, search, select, present, zoom, until). */
  set(key, value) {
    if (!this._module) return 'viewer not loaded';
    const err = this._wasm.text('tp_viewer_set', key, String(value));
    if (err) this._status.textContent = err;
    this._syncTable();
    if (key === 'locale') this._renderEditor();  // the side panel's words follow the viewer's language
    return err;
  }

  /**
   * The element's own words in the viewer's language ({t(code, vars), num(n, digits), locale, column}):
   * the core's journey strings table in the column the viewer core names for its locale (English
   * before the viewer has loaded). The DOM's static words are refreshed when the language changes.
   */
  words() {
    const s = this._module ? this.state() : null;
    const column = s?.strings || 'en', locale = s?.locale || '';
    if (!this._words || this._words.column !== column || this._words.locale !== locale) {
      this._words = journeyWords(column, locale);
      const { t } = this._words;
      const root = this.shadowRoot;
      root.querySelectorAll('[data-words]').forEach((n) => { n.textContent = t(n.dataset.words); });
      for (const attr of ['aria-label', 'aria-roledescription'])
        root.querySelectorAll(`[data-words-${attr}]`).forEach((n) => n.setAttribute(attr, t(n.getAttribute(`data-words-${attr}`))));
    }
    return this._words;
  }

  // The locale asked for when there is no map to take it from: the attribute, the page's lang, the browser's.
  _requestedLocale() {
    return this.getAttribute('locale') || this.closest('[lang]')?.lang || navigator.language || 'en';
  }

  /** The numbers of the DOM table, as the core computed them. */
  table() { return this._module ? this._wasm.json('tp_viewer_table') : null; }
  state() { return this._module ? this._wasm.json('tp_viewer_state') : null; }
  cardRect(id) { return this._module ? this._wasm.json('tp_viewer_card_rect', id) : []; }
  exportJSON() { return this._wasm.text('tp_viewer_export_json'); }
  /** A PNG data URL of the current view (drawn now, read in the same task). */
  exportPNG() {
    this._wasm.call('tp_viewer_render');
    return this._canvas.toDataURL('image/png');
  }
  /** CPU milliseconds to build one frame (ImGui NewFrame..Render), drawing it now. */
  renderFrame() { return this._wasm.call('tp_viewer_render'); }

  // ---- Edit mode (attribute `editable`) ---------------------------------------------------------
  /** One edit command ({op, ...}, see docs/journey.md) -> {ok, id?}; a refused one throws a BridgeError. Needs edit mode. */
  edit(command) { return this._wasm.json('tp_viewer_edit', JSON.stringify(command)); }
  /** Undo the last edit (what Ctrl+Z does on the canvas) -> {ok}. */
  undo() { return this.edit({ op: 'undo' }); }
  redo() { return this.edit({ op: 'redo' }); }
  /** Stages with their touchpoints, personas, lanes and undo/redo availability, as the side panel shows them. */
  editState() { return this._module ? this._wasm.json('tp_viewer_edit_state') : null; }
  /** The map as journey/1 JSON ('journey'), Mermaid ('mermaid') or TheyDo ('theydo') text. */
  exportMap(format = 'journey') {
    const res = this._wasm.json('tp_viewer_export_map', format);
    if (!res.ok) throw new Error(res.error);
    return res.text;
  }
  /** Starts from a map: format 'journey' | 'mermaid' | 'theydo', or 'blank' (text: a JSON array of stage titles). */
  async importMap(format, text) {
    if (!this._module) await this.load();
    const res = this._wasm.json('tp_viewer_import', format, text, this._requestedLocale());
    if (!res.ok) throw Object.assign(new Error(this.words().t('invalidMap', { format })), { diagnostics: res.diagnostics });
    this._canvas.setAttribute('aria-label', res.title);
    this._syncEditing();
    this._syncTable();
    return res;
  }

  _syncEditing() {
    if (!this._module) return;
    const want = this.hasAttribute('editable');
    // Without a map there is nothing to edit yet ("no map to edit"): the panel then offers a start.
    // Whether the viewer edits comes with its 'edit' events (_onEvent). Asked of it here, the whole
    // map's edit state was serialized at each map load, also for a viewer that never edits.
    if (want !== this._viewerEditing) this._wasm.text('tp_viewer_set', 'edit', want ? 'on' : 'off');
    this._renderEditor();
  }

  _renderEditor() {
    this._editPanel.render(this.hasAttribute('editable') ? this.editState() : null, this.hasAttribute('editable'));
  }

  async loadMapText(text) {
    if (!this._module) await this.load();
    const res = this._wasm.json('tp_viewer_load_map', text, this.getAttribute('locale') || '');
    if (!res.ok) throw Object.assign(new Error(this.words().t('invalidMap', { format: 'journey' })), { diagnostics: res.diagnostics });
    // The title from the load's answer: the table (the core's table JSON) is built once, when shown.
    this._canvas.setAttribute('aria-label', res.title);
    for (const k of ['metric', 'persona']) if (this.hasAttribute(k)) this.set(k, this.getAttribute(k));
    this._syncEditing();
    this._syncTable();
    this._syncAlerts();
    return res;
  }

  /**
   * Responses as bytes: NDJSON (response/1 per line) or the collector's CSV export -> status. NDJSON
   * larger than streamThreshold is streamed (see streamResponseBytes): the status then comes as a Promise.
   */
  loadResponseBytes(bytes, format = 'ndjson') {
    if (streams(format, bytes.length)) return this.streamResponseBytes(bytes);
    const status = this._wasm.into('tp_viewer_responses_room', bytes, () => this._wasm.json('tp_viewer_load_responses_room', format));
    this._setStatus(({ t, num }) => t('responses', { n: num(status.responses) }));
    this._syncTable();
    return status;
  }

  /**
   * Very large NDJSON, aggregated without a copy kept in wasm memory (filters and verbatims then
   * need a reload of a smaller extract; the numbers are the same): split across Web Workers whose
   * states the core merges, or in chunks here when workers cannot start. Options: stages (also per
   * stage and month, as the map shows; default true), workers (count; 0 = none, here), simd (false
   * = the scalar build), slice (bytes per message to a worker). -> Promise of {responses, bad_lines, workers, simd, workers_wait_ms, ...}.
   */
  async streamResponseBytes(bytes, { stages = true, workers, simd, slice } = {}) {
    const pool = workers === 0 ? null : await this._aggregatePool({ workers, simd });
    this._wasm.call('tp_viewer_stream_begin', stages ? 1 : 0);
    let parallel = false;
    if (pool) {
      try {
        const states = await pool.aggregate(bytes, this._wasm.text('tp_viewer_stream_groupings'), { slice });
        for (const state of states) {
          const error = this._wasm.text('tp_viewer_stream_merge', state);
          if (error) throw new Error(error);
        }
        parallel = true;
      } catch (e) {
        // A worker that failed: the same bytes once more, here.
        this._workersError = e.message;
        this._wasm.call('tp_viewer_stream_begin', stages ? 1 : 0);
      }
    }
    if (!parallel) {
      const CHUNK = 4 << 20;
      for (let off = 0; off < bytes.length; off += CHUNK)
        this._wasm.bytes(bytes.subarray(off, Math.min(bytes.length, off + CHUNK)), (p, n) => this._wasm.call('tp_viewer_stream_chunk', p, n));
    }
    const status = this._wasm.json('tp_viewer_stream_end');
    status.workers = parallel ? pool.size : 0;
    status.simd = parallel && pool.simd;
    if (parallel) status.workers_wait_ms = Math.round(pool.waitMs);
    if (workers !== 0 && !parallel) status.workers_error = this._workersError || 'Web Workers are not available here';
    this._setStatus(({ t, num }) => (parallel ? t('responsesWorkers', { n: num(status.responses), workers: num(pool.size) })
      : t('responsesStreamed', { n: num(status.responses) })));
    this._syncTable();
    return status;
  }

  // The aggregation workers, started once (again when the options change); null when they cannot
  // start (no Worker, no module URL): the caller then aggregates here.
  _aggregatePool({ workers, simd } = {}) {
    const key = `${workers || ''}/${simd !== false}`;
    if (this._pool && this._poolKey === key) return this._pool;
    this._pool?.then((p) => p?.terminate());
    this._poolKey = key;
    this._workersError = '';
    const sources = config().aggregate || (this._viewerUrl && !this._viewerUrl.startsWith('blob:') ? {
      simd: { glue: new URL('touchpoint-aggregate-simd.js', this._viewerUrl).href, wasm: new URL('touchpoint-aggregate-simd.wasm', this._viewerUrl).href },
      scalar: { glue: new URL('touchpoint-aggregate.js', this._viewerUrl).href, wasm: new URL('touchpoint-aggregate.wasm', this._viewerUrl).href },
    } : null);
    this._pool = typeof Worker === 'function' && sources
      ? AggregatePool.start(sources, { workers, simd }).catch((e) => { this._workersError = e.message; return null; })
      : Promise.resolve(null);
    return this._pool;
  }

  // What load() fetched already, once, if the attribute still names it; a fresh fetch otherwise.
  _source(kind, spec) {
    const p = this._prefetched?.[kind];
    if (p) this._prefetched[kind] = null;
    if (p && spec === this.getAttribute(kind === 'map' ? 'src' : 'responses')) return p;
    return readSource(spec, this, kind === 'responses' ? this._expectResponses(spec) : undefined);
  }

  // The format of the `responses` source `spec`: the attribute's, else guessed.
  _responsesFormat(spec, type, bytes) { return this.getAttribute('format') || guessFormat(spec, type, bytes); }

  // For the `responses` source `spec` about to arrive: a function of its {size, type} (readSource's
  // onHeaders) that, if it will be streamed, starts the aggregation workers now, so that their start
  // and warm-up (parallel.js) run while the bytes come rather than before the aggregation.
  _expectResponses(spec) {
    return ({ size, type }) => {
      if (streams(this._responsesFormat(spec, type, new Uint8Array(0)), size)) this._aggregatePool();
    };
  }

  async _loadMap() {
    const src = this.getAttribute('src');
    if (!src) return;
    const { bytes } = await this._source('map', src);
    await this.loadMapText(new TextDecoder().decode(bytes));
    const compare = this.getAttribute('compare');
    if (compare) {
      const other = await readSource(compare, this);
      this._wasm.text('tp_viewer_load_counterpart', new TextDecoder().decode(other.bytes));
    }
  }

  async _loadResponses() {
    clearInterval(this._liveTimer);
    const spec = this.getAttribute('responses');
    if (!spec) return;
    const fetchOnce = async () => {
      const { bytes, type } = await this._source('responses', spec);
      mark('responses-fetched');
      await this.loadResponseBytes(bytes, this._responsesFormat(spec, type, bytes));
    };
    await fetchOnce();
    // A live feed (e.g. the collector's export URL) is re-read every `live` seconds.
    const live = Number(this.getAttribute('live'));
    if (live > 0 && !spec.startsWith('#')) this._liveTimer = setInterval(() => fetchOnce().catch((e) => this._fail(e)), live * 1000);
  }

  // Open alerts per touchpoint from the collector the data comes from (open-alerts.js); the map's
  // id names them, so a newly loaded map asks for its own.
  _syncAlerts() {
    if (!this._ready || !this.isConnected) return;
    this._alerts.start(openAlertsUrl(this, this.table()?.map), this.getAttribute('live'));
  }

  // ---- Events from the viewer --------------------------------------------------------------------
  _onEvent(type, json) {
    const data = json ? JSON.parse(json) : {};
    if (type === 'table' || type === 'metric') this._queueTable();
    else if (type === 'data' || type === 'filter') {
      this._queueTable();
      // The filter's choices scan the responses (22–40 ms for 4,500): once the frame
      // that shows the new numbers is on screen, at the frame after it. A task queued now could run
      // ahead of that frame; one queued from it ran between its commit and the next frame, taking the
      // CPU from the compositor still putting it on screen. Only for the latest change: the map's own
      // 'data' (no responses yet) would otherwise scan the responses loaded next before their frame.
      const change = ++this._filterChange;
      requestAnimationFrame(() => requestAnimationFrame(() =>
        setTimeout(() => change === this._filterChange && this._syncFilters(), 0)));
    } else if (type === 'present') {
      // Presentation mode: the live region says which stage is shown; its rows are marked current.
      this._present = data.presenting ? data : null;
      const { t, num } = this._words || this.words();  // sent during a frame: the words already in use
      this._status.textContent = data.presenting
        ? t('presentStage', { n: num(data.stage + 1), count: num(data.count), title: data.title }) : t('presentEnded');
      this._queueTable();
    } else if (type === 'edit') {
      this._viewerEditing = !!data.editing;
      // After every change (side panel, canvas drag, undo): the panel and the table show the new map.
      if (!this._editQueued) {
        this._editQueued = true;
        queueMicrotask(() => {
          this._editQueued = false;
          this._renderEditor();
          this._syncTable();
          this.dispatchEvent(new CustomEvent('touchpoint:journey-edit', { detail: { revision: data.revision }, bubbles: true, composed: true }));
        });
      }
    } else if (type === 'edit-error') {
      this._status.textContent = data.error;
    } else if (type === 'select') {
      this._syncTable();
      if (this.hasAttribute('editable')) queueMicrotask(() => this._renderEditor());
      this.dispatchEvent(new CustomEvent('touchpoint:journey-select', { detail: data, bubbles: true, composed: true }));
    } else if (type === 'export') {
      // The toolbar's buttons report during a frame: export after it (a PNG draws a frame itself).
      queueMicrotask(() => {
        const stamp = (this.table()?.map || 'journey');
        if (data.format === 'png') download(this.exportPNG(), `${stamp}.png`);
        else download('data:application/json;charset=utf-8,' + encodeURIComponent(this.exportJSON()), `${stamp}.json`);
      });
    }
  }

  // The viewer's events ask for the table after the call that caused them; that call often syncs it
  // itself (loading a map or responses does, each table a JSON from the core and ~40 rows of HTML):
  // the queued sync then has nothing new to show and is skipped.
  _queueTable() {
    if (this._tableQueued) return;
    this._tableQueued = true;
    queueMicrotask(() => this._tableQueued && this._syncTable());
  }

  // The status line from the element's words: now, or with the table when the first load holds it (load()).
  _setStatus(text) {
    if (this._tableHeld) this._heldStatus = () => text(this.words());
    else this._status.textContent = text(this.words());
  }

  _syncTable() {
    this._tableQueued = false;
    if (!this._wasm || this._tableHeld) return;  // held while the first load waits for its responses (load())
    const t = this.table();
    if (!t) return;
    const f = this.state()?.filter || {};
    const { t: w, num } = this.words();
    const filtered = f.question ? w('captionFilter', { question: f.question, value: f.value }) : '';
    const caption = w('caption', { title: t.title, n: num(t.responses), filter: filtered, metric: t.metric.toUpperCase() });
    if (this._caption.textContent !== caption) this._caption.textContent = caption;
    const current = this._present?.id;
    const rows = [];
    const fmt = (s) => ({
      nps: s.nps ? `${s.nps.value > 0 ? '+' : ''}${num(s.nps.value, 1)} ± ${num(s.nps.moe, 1)}` : '—',
      csat: s.csat ? `${num(s.csat.value, 1)} %` : '—',
      ces: s.ces ? num(s.ces.value, 2) : '—',
    });
    // Open alerts (from the collector, when it serves the map): the count in words, like the badge.
    const alerts = (tp) => (tp.alerts > 0 ? ` <span class="alerts" data-alerts="${tp.alerts}">${esc(tp.alerts_text)}</span>` : '');
    // A significant change against the month before, as the canvas's badge marks it: the arrow and
    // the size in the cell's text (read by screen readers), the p-value with it.
    const change = (c) => (c ? ` <span class="change ${c.delta > 0 ? 'up' : 'down'}" data-change="${c.delta > 0 ? 'up' : 'down'}">${c.delta > 0 ? '▲' : '▼'} ${esc(c.text)}</span>` : '');
    for (const st of t.stages) {
      const f = fmt(st.scores);
      rows.push(`<tr data-stage="${esc(st.id)}"${st.id === current ? ' aria-current="step"' : ''}><th scope="rowgroup">${esc(st.title)}</th>
        <td class="num">${num(st.scores.n)}</td><td class="num">${f.nps}</td><td class="num">${f.csat}</td><td class="num">${f.ces}</td></tr>`);
      for (const tp of st.touchpoints) {
        const s = tp.scores, g = fmt(s);
        const swatch = s.heat ? `<span class="swatch" style="background:${s.heat}" aria-hidden="true"></span>` : '';
        rows.push(`<tr data-touchpoint="${esc(tp.id)}" data-heat="${s.heat || ''}" aria-selected="${t.selected === tp.id}">
          <th scope="row">${swatch}<button class="link" data-select="${esc(tp.id)}">${esc(tp.title)}</button>${change(tp.change)}${alerts(tp)}<br><small>${esc([tp.channel, tp.owner].filter(Boolean).join(' · '))}${tp.layer === 'back' ? ` · ${esc(w('backstage'))}` : ''}</small></th>
          <td class="num">${num(s.n)}${s.small_sample && s.n ? ` <abbr class="small" title="${esc(w('smallSampleTip'))}">⚠</abbr>` : ''}</td>
          <td class="num" data-metric="nps">${g.nps}</td><td class="num" data-metric="csat">${g.csat}</td><td class="num" data-metric="ces">${g.ces}</td></tr>`);
      }
    }
    // The same rows as shown (the viewer's frame after loading asks for the table it was just
    // filled with): left as they are, not parsed and laid out again in that frame's rendering update.
    const html = rows.join('');
    if (html === this._tableHtml) return;
    this._tableHtml = html;
    this._tbody.innerHTML = html;
    this._tbody.querySelectorAll('button[data-select]').forEach((b) =>
      b.addEventListener('click', () => {
        this.set('select', b.dataset.select);
        this.dispatchEvent(new CustomEvent('touchpoint:journey-select', { detail: { touchpoint: b.dataset.select }, bubbles: true, composed: true }));
      }));
  }

  // ---- The any-answer filter in the DOM (the same filter as the canvas's two pickers) ------------
  _installFilterControls() {
    this._qSelect.addEventListener('change', () => {
      this._fillValues(this._qSelect.value, '');
      // A question alone filters nothing yet; "any" clears the filter.
      if (!this._qSelect.value) this.set('answer', '');
    });
    this._vSelect.addEventListener('change', () => {
      const q = this._qSelect.value, v = this._vSelect.value;
      this.set('answer', q && v ? `${q}=${v}` : '');
    });
  }

  _fillValues(question, selected) {
    const q = (this._answerOptions?.questions || []).find((x) => x.id === question);
    this._vSelect.innerHTML = `<option value="">${esc(this.words().t('anyValue'))}</option>` +
      (q ? q.values.map((v) => `<option value="${esc(v)}"${v === selected ? ' selected' : ''}>${esc(v)}</option>`).join('') : '');
    this._vSelect.disabled = !q;
  }

  /** The filter's choices ({questions:[{id, values}], question, value}), from the loaded responses. */
  answerOptions() { return this._module ? this._wasm.json('tp_viewer_answer_options') : null; }

  _syncFilters() {
    if (!this._module) return;
    const o = this._answerOptions = this.answerOptions();
    this._filters.hidden = !o.questions.length;
    this._qSelect.innerHTML = `<option value="">${esc(this.words().t('filterAny'))}</option>` + o.questions.map((q) =>
      `<option value="${esc(q.id)}"${q.id === o.question ? ' selected' : ''}>${esc(q.id)}</option>`).join('');
    this._fillValues(o.question, o.value);
  }

  // ---- Input: pointer, wheel, pinch, keyboard, IME ---------------------------------------------
  _installInput() {
    const c = this._canvas, w = this._wasm;
    const local = (e) => { const r = c.getBoundingClientRect(); return [e.clientX - r.left, e.clientY - r.top]; };
    c.addEventListener('pointerdown', (e) => {
      c.focus();
      c.setPointerCapture(e.pointerId);
      this._pointers.set(e.pointerId, local(e));
      if (this._pointers.size === 1) w.call('tp_viewer_pointer', ...local(e), e.buttons);
    });
    c.addEventListener('pointermove', (e) => {
      if (this._pointers.size === 2 && this._pointers.has(e.pointerId)) {
        const [a, b] = [...this._pointers.values()];
        const before = Math.hypot(a[0] - b[0], a[1] - b[1]);
        this._pointers.set(e.pointerId, local(e));
        const [a2, b2] = [...this._pointers.values()];
        const after = Math.hypot(a2[0] - b2[0], a2[1] - b2[1]);
        if (before > 0) w.call('tp_viewer_pinch', after / before, (a2[0] + b2[0]) / 2, (a2[1] + b2[1]) / 2);
        return;
      }
      if (this._pointers.has(e.pointerId)) this._pointers.set(e.pointerId, local(e));
      w.call('tp_viewer_pointer', ...local(e), e.buttons);
    });
    const up = (e) => {
      this._pointers.delete(e.pointerId);
      w.call('tp_viewer_pointer', ...local(e), e.buttons);
    };
    c.addEventListener('pointerup', up);
    c.addEventListener('pointercancel', up);
    c.addEventListener('pointerleave', () => this._pointers.size || w.call('tp_viewer_pointer_leave'));
    c.addEventListener('wheel', (e) => {
      e.preventDefault();
      const unit = e.deltaMode === 1 ? 1 : e.deltaMode === 2 ? 3 : 1 / 100;
      w.call('tp_viewer_wheel', ...local(e), Math.max(-3, Math.min(3, -e.deltaY * unit)));
    }, { passive: false });
    const mods = (e) => (e.ctrlKey || e.metaKey ? 1 : 0) | (e.shiftKey ? 2 : 0) | (e.altKey ? 4 : 0);
    c.addEventListener('keydown', (e) => {
      if (e.isComposing) return;
      this._wasm.call('tp_viewer_key', e.key, e.repeat ? 2 : 1, mods(e));
      if (e.key.length === 1 && !e.ctrlKey && !e.metaKey) this._wasm.call('tp_viewer_text', e.key);
      if (/^(Arrow|Page|Home|End| |\+|-|=|Tab$)/.test(e.key) && e.key !== 'Tab') e.preventDefault();
    });
    c.addEventListener('keyup', (e) => this._wasm.call('tp_viewer_key', e.key, 0, mods(e)));
    c.addEventListener('compositionend', (e) => e.data && this._wasm.call('tp_viewer_text', e.data));
  }

  // The viewer reads the canvas size from Module.tpCanvasSize each frame: asking the DOM would force
  // a layout (in the first frame, that of the table just filled in: ~100 ms on a loaded machine).
  // Observed from the start of loading, so the size is known before the viewer's first frame.
  // A resize asks for frames rather than drawing one now: while the table fills in, the canvas
  // resizes several times in a row, and a full frame for each was most of the first frame's cost.
  _observeCanvasSize() {
    if (this._resizeObserver) return;
    this._resizeObserver = new ResizeObserver((entries) => {
      const r = entries[entries.length - 1].contentRect;
      this._canvasSize = [Math.round(r.width), Math.round(r.height)];
      if (!this._module) return;
      this._module.tpCanvasSize = this._canvasSize;
      this._wasm.call('tp_viewer_wake');
    });
    this._resizeObserver.observe(this._canvas);
  }

  _installDrop() {
    if (this._dropInstalled) return;
    this._dropInstalled = true;
    this.addEventListener('dragover', (e) => { e.preventDefault(); this.setAttribute('data-dragging', ''); });
    this.addEventListener('dragleave', () => this.removeAttribute('data-dragging'));
    this.addEventListener('drop', async (e) => {
      e.preventDefault();
      this.removeAttribute('data-dragging');
      try {
        if (!this._module) await this.load();
        for (const file of e.dataTransfer.files) {
          // A file that will be streamed starts the workers before its bytes are read, as a download
          // does (a map, .json, is never that large).
          if (!/\.json$/i.test(file.name) && streams(guessFormat(file.name, file.type, new Uint8Array(0)), file.size)) this._aggregatePool();
          const bytes = new Uint8Array(await file.arrayBuffer());
          const head = new TextDecoder().decode(bytes.subarray(0, 200));
          if (/"touchpoint"\s*:\s*"journey\/1"/.test(head) || (/\.json$/i.test(file.name) && !/response\/1/.test(head)))
            await this.loadMapText(new TextDecoder().decode(bytes));
          else await this.loadResponseBytes(bytes, guessFormat(file.name, file.type, bytes));
        }
      } catch (err) { this._fail(err); }
    });
  }

  _applyTheme() {
    const attr = this.getAttribute('theme') || 'auto';
    if (attr === 'auto' && !this._media && window.matchMedia) {
      this._media = window.matchMedia('(prefers-color-scheme: dark)');
      this._onMedia = () => this._applyTheme();
      this._media.addEventListener('change', this._onMedia);
    }
    const dark = attr === 'dark' || (attr === 'auto' && !!this._media?.matches);
    this.dataset.theme = dark ? 'dark' : 'light';
    if (this._module) this._wasm.text('tp_viewer_set', 'theme', dark ? 'dark' : 'light');
  }

  _fail(e) {
    this._status.textContent = e.message;
    this.dispatchEvent(new CustomEvent('touchpoint:journey-error', {
      detail: { message: e.message, diagnostics: e.diagnostics || [] }, bubbles: true, composed: true }));
  }
}

function esc(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

function mark(name, startTime) {
  globalThis.performance?.mark?.(`touchpoint:${name}`, startTime === undefined ? undefined : { startTime });
}

function download(url, name) {
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
}

/** NDJSON larger than this (bytes) is streamed instead of kept for details, in Web Workers where they start. */
TouchpointJourney.streamThreshold = 64 << 20;

if (!customElements.get('touchpoint-journey')) customElements.define('touchpoint-journey', TouchpointJourney);
