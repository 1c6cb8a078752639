// touchpoint.js — the only code a host page downloads before a survey's trigger fires. It installs
// the one global `window.touchpoint`, replays the queue stub's calls, defines <touchpoint-survey>,
// fetches survey files (JSON, not code), evaluates triggers, and imports the renderer chunk and the
// wasm engine only when a survey is about to show. A previous page's unsent responses pull in the
// delivery chunk (flagged by a localStorage marker, so a page with nothing pending loads nothing).
import { gateReason, readTrigger, whenTriggered, watchRoutes } from './triggers.js';
import { countPageView } from './visitor.js';
import { emit } from './events.js';
import { PENDING_KEY } from './outbox.js';

const VERSION = __TP_VERSION__;
performance.mark?.('touchpoint:start'); // for time-to-visible measurements (tests/bench/widget_timing.mjs)
const stub = typeof window.touchpoint === 'function' ? window.touchpoint : null;
const script = document.currentScript;
const base = stub?.base || script?.src || location.href;
const chunk = (name) => new URL(name, base).href;

const config = { fatigue: {}, headers: {} };
const bus = new EventTarget(); // touchpoint('track', name) lands here
const armed = new Map(); // survey id -> {entry, options, abort}
const cache = new Map(); // survey URL -> Promise<entry>
let active = null; // {id, element, created, controller}

function readScriptConfig(el) {
  const d = el?.dataset || {};
  const picked = {
    endpoint: d.endpoint, alertEndpoint: d.alertEndpoint, format: d.format, locale: d.locale,
    theme: d.theme, surveys: d.surveys, mode: d.mode,
  };
  for (const [k, v] of Object.entries(picked)) if (v != null) config[k] = v;
  return d.survey ? d.survey.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

function surveyUrl(source) {
  if (/[/:]|\.json$/.test(source)) return new URL(source, location.href).href;
  return new URL(`${encodeURIComponent(source)}.json`, new URL(config.surveys || 'surveys/', base)).href;
}

// An entry: the survey's text for the engine, and its trigger as the core's table reads it
// (readTrigger throws, with a JSON pointer, on a trigger the core would refuse).
const entryOf = (id, text, survey) => ({ id: String(survey.id || id), text, survey, trigger: readTrigger(survey.trigger) });

/** A survey given as an id, a URL or an object -> {id, text, survey, trigger}. */
async function fetchSurvey(source) {
  if (source && typeof source === 'object' && source.text && source.survey) return source;
  if (source && typeof source === 'object') return entryOf('survey', JSON.stringify(source), source);
  const url = surveyUrl(String(source));
  if (!cache.has(url)) {
    const loading = fetch(url, { credentials: 'same-origin' })
      .then((r) => (r.ok ? r.text() : Promise.reject(new Error(`${url}: HTTP ${r.status}`))))
      .then((text) => entryOf(source, text, JSON.parse(text)));
    loading.catch(() => cache.delete(url));
    cache.set(url, loading);
  }
  return cache.get(url);
}

// target: the <touchpoint-survey> the failed show was for (the event still bubbles to document),
// so a framework wrapper hears its own element's errors.
function fail(error, detail = {}, target = document) {
  console.error('touchpoint:', error);
  emit('error', { ...detail, reason: detail.reason || 'show', message: String(error?.message || error) }, target);
}

// A survey that could not be read: not found, not JSON, or a trigger the core refuses.
const unreadable = (error, source, target) =>
  fail(error, { source: String(source), reason: error.pointer ? 'trigger' : 'fetch', pointer: error.pointer }, target);

/** Shows a survey now (frequency caps apply unless options.force). Resolves to true if shown. */
async function show(source, options = {}) {
  let entry;
  try {
    entry = await fetchSurvey(source);
  } catch (error) {
    unreadable(error, source, options.element);
    return false;
  }
  if (!options.force && gateReason(entry.id, { ...entry.trigger, urlPattern: null, pageViews: null, sampling: null }, { fatigue: config.fatigue }))
    return false;
  // An open survey whose element left the page (a framework swapping elements) gives way now, not
  // a task later when its disconnectedCallback would close it.
  if (active?.controller && !active.element.isConnected) {
    const { controller } = active;
    controller.dismiss('removed');
    await controller.finished;
  }
  if (active) return false; // one survey at a time on a page
  // It will show: fetch the renderer and the engine together (one round of parallel downloads
  // instead of a waterfall), and not before the caps said yes.
  const widgetLoading = import(chunk('touchpoint-widget.js'));
  widgetLoading.catch(() => {});
  // The chunks the renderer imports (names from the build): fetched now, not after it arrives.
  for (const name of __TP_RENDERER_CHUNKS__) import(chunk(name)).catch(() => {});
  const engineGlue = import(chunk('touchpoint-engine.js'));
  engineGlue.catch(() => {});
  const engineWasm = WebAssembly.compileStreaming(fetch(chunk('touchpoint-engine.wasm'), { credentials: 'same-origin' }));
  engineWasm.catch(() => {});
  armed.get(entry.id)?.abort.abort();
  armed.delete(entry.id);
  const created = !options.element;
  const element = options.element || document.createElement('touchpoint-survey');
  element.managed = true;
  active = { id: entry.id, element, created, controller: null };
  try {
    if (created) document.body.append(element);
    const widget = await widgetLoading;
    const mode = options.mode || element.getAttribute('mode') || config.mode;
    const controller = await widget.present(element, {
      surveyText: entry.text,
      survey: entry.survey,
      config: { ...config, engineUrl: chunk('touchpoint-engine.js'), engineParts: [engineGlue, engineWasm] },
      options: { ...options, mode, element: undefined },
    });
    active.controller = controller;
    if (!element.isConnected) controller.dismiss('removed'); // taken out of the page while loading
    controller.finished.then(() => {
      if (created) element.remove();
      active = null;
    });
    return true;
  } catch (error) {
    if (created) element.remove();
    active = null;
    fail(error, { survey: entry.id }, options.element);
    return false;
  }
}

/** Arms a survey: shows it when its trigger (survey.trigger) fires on this page. */
async function watch(source, options = {}) {
  let entry;
  try {
    entry = await fetchSurvey(source);
  } catch (error) {
    return unreadable(error, source, options.element);
  }
  arm(entry, options);
}

function arm(entry, options) {
  armed.get(entry.id)?.abort.abort();
  const { trigger } = entry;
  const abort = new AbortController();
  armed.set(entry.id, { entry, options, abort });
  if (gateReason(entry.id, trigger, { fatigue: config.fatigue })) return;
  whenTriggered(trigger, { signal: abort.signal, events: bus })
    .then(() => armed.get(entry.id)?.abort === abort && show(entry, options))
    .catch(() => {});
}

function onRouteChange() {
  countPageView();
  for (const { entry, options } of [...armed.values()]) {
    const t = entry.trigger;
    if (t.urlPattern || t.pageViews) arm(entry, options);
  }
}

async function delivery() {
  const module = await import(chunk('touchpoint-delivery.js'));
  module.configure(config.retry);
  return module;
}

/** A method of the delivery chunk, loaded on first use. */
const viaDelivery = (name) => async (...args) => (await delivery())[name](...args);

const api = {
  version: VERSION,
  /** Site-wide settings: endpoint, alertEndpoint, format, locale, theme, surveys (base URL), fatigue, retry, headers, key, segment. */
  init(options = {}) {
    Object.assign(config, options);
  },
  show,
  watch,
  /** A custom event for triggers (`trigger.event`). */
  track(name, detail) {
    bus.dispatchEvent(new CustomEvent(String(name), { detail }));
  },
  /** The site's own id for this visitor: the core sends only its HMAC with the site key. */
  identify(respondent, key) {
    config.respondent = respondent;
    if (key != null) config.key = key;
  },
  dismiss() {
    active?.controller?.dismiss('api');
  },
  /** The exact response/1 payload the open survey would send now. */
  async preview() {
    if (!active?.controller) throw new Error('touchpoint: no survey is open');
    return active.controller.preview();
  },
  /** Sends what is queued now (normally automatic). */
  flush: viaDelivery('flush'),
  /** Payloads the endpoint refused for good, kept (bounded) with its answer: list, retry, export, discard. */
  deadLetters: viaDelivery('listDeadLetters'),
  retryDeadLetter: viaDelivery('retryDeadLetter'),
  exportDeadLetters: viaDelivery('exportDeadLetters'),
  discardDeadLetter: viaDelivery('discardDeadLetter'),
};

function touchpoint(command, ...args) {
  const fn = api[command];
  if (typeof fn !== 'function') return fail(new Error(`unknown command "${command}"`), { reason: 'command' });
  return fn(...args);
}
Object.assign(touchpoint, api);

class TouchpointSurveyElement extends HTMLElement {
  connectedCallback() {
    if (this.managed || !this.hasAttribute('src')) return;
    this.managed = true;
    const options = { element: this, mode: this.getAttribute('mode') || 'inline' };
    for (const [attr, key] of [['endpoint', 'endpoint'], ['alert-endpoint', 'alertEndpoint'], ['format', 'format'], ['locale', 'locale'], ['theme', 'theme']])
      if (this.hasAttribute(attr)) options[key] = this.getAttribute(attr);
    const src = this.getAttribute('src');
    if (options.mode === 'inline' || this.getAttribute('trigger') === 'none') show(src, { ...options, force: options.mode === 'inline' });
    else watch(src, options);
  }
  // Taken out of the page (a framework unmounting it): its survey is dismissed. Checked a task
  // later, so moving the element (remove + append) or a framework's trial unmount that leaves the
  // node in place (React StrictMode) does not close it.
  disconnectedCallback() {
    setTimeout(() => {
      if (!this.isConnected && active?.element === this) active.controller?.dismiss('removed');
    }, 0);
  }
  /** Same as touchpoint.preview() for the survey this element shows. */
  preview() {
    return active?.element === this ? active.controller.preview() : Promise.reject(new Error('not showing'));
  }
  dismiss() {
    if (active?.element === this) active.controller.dismiss('api');
  }
}

if (!window.touchpoint?.installed) {
  touchpoint.installed = true;
  window.touchpoint = touchpoint;
  if (!customElements.get('touchpoint-survey')) customElements.define('touchpoint-survey', TouchpointSurveyElement);
  const fromScript = readScriptConfig(script);
  for (const args of stub?.q || []) touchpoint(...args);
  for (const id of fromScript) watch(id);
  countPageView();
  watchRoutes(onRouteChange);
  let pending = false;
  try {
    pending = !!localStorage.getItem(PENDING_KEY);
  } catch {
    /* no storage: nothing can be pending */
  }
  // Unsent responses of an earlier page: deliver them once this page is idle, not during its load.
  if (pending) (window.requestIdleCallback || setTimeout)(() => delivery().then((d) => d.flush()), { timeout: 3000 });
}
