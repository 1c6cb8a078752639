// touchpoint.js — the only code a host page downloads before a survey's trigger fires. It installs
// the one global `window.touchpoint`, replays the queue stub's calls, defines <touchpoint-survey>,
// fetches survey files (JSON, not code), evaluates triggers, and imports the renderer chunk and the
// wasm engine only when a survey is about to show. A previous page's unsent responses pull in the
// delivery chunk (flagged by a localStorage marker, so a page with nothing pending loads nothing).
import { gateReason, readTrigger, whenTriggered, watchRoutes } from './triggers.js';
import { countPageView, attributes, identify as store } from './visitor.js';
import { exclusive } from './lock.js';
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

// The renderer and the engine: fetched together once a survey is about to show, or when the engine
// must answer a trigger's expression first (one round of parallel downloads, not a waterfall).
let parts = null;
function download() {
  if (!parts) {
    const widget = import(chunk('touchpoint-widget.js'));
    // The chunks the renderer imports (names from the build): fetched now, not after it arrives.
    for (const name of __TP_RENDERER_CHUNKS__) import(chunk(name)).catch(() => {});
    const glue = import(chunk('touchpoint-engine.js'));
    const wasm = WebAssembly.compileStreaming(fetch(chunk('touchpoint-engine.wasm'), { credentials: 'same-origin' }));
    parts = { widget, engine: [glue, wasm] };
    for (const p of [widget, glue, wasm]) p.catch(() => (parts = null)); // a later show retries
  }
  return parts;
}

// The attributes expressions see as segment.NAME: the stored ones over init({segment}) (this page's).
const segment = () => ({ ...config.segment, ...attributes() });

/** Whether the survey's trigger.audience or .eventCondition holds now: the engine decides. */
async function holds(entry, field, properties) {
  const { widget, engine } = download();
  try {
    return await (await widget).triggerTest(entry.text, field, { segment: segment(), properties, now_ms: Date.now() }, chunk('touchpoint-engine.js'), engine);
  } catch (error) {
    fail(error, { survey: entry.id, reason: 'trigger', pointer: error.pointer });
    return false;
  }
}

const capped = (entry) => gateReason(entry.id, { ...entry.trigger, urlPattern: null, pageViews: null, sampling: null }, { fatigue: config.fatigue });

/**
 * Shows a survey now. Unless options.force: frequency caps and trigger.audience apply, and one tab
 * of the site shows it (another tab whose trigger fired too skips it). Resolves to true if shown.
 */
async function show(source, options = {}) {
  let entry;
  try {
    entry = await fetchSurvey(source);
  } catch (error) {
    unreadable(error, source, options.element);
    return false;
  }
  if (!options.force && capped(entry)) return false;
  // An open survey whose element left the page (a framework swapping elements) gives way now, not
  // a task later when its disconnectedCallback would close it.
  if (active?.controller && !active.element.isConnected) {
    const { controller } = active;
    controller.dismiss('removed');
    await controller.finished;
  }
  if (active) return false; // one survey at a time on a page
  download(); // not before the caps said yes
  if (options.force) return !!(await present(entry, options));
  return new Promise((resolve) => {
    exclusive(`show:${entry.id}`, async () => {
      // Asked again under the lock: the tab that held it may have shown it meanwhile (the caps
      // read the visitor's storage afresh).
      const controller = !capped(entry) && (!entry.trigger.audience || (await holds(entry, 'audience'))) && (await present(entry, options));
      resolve(!!controller);
      await controller?.finished; // the lock is kept while it is open
    }).finally(() => resolve(false)); // busy in another tab (or no lock to be had)
  });
}

/** Puts the survey on the page; resolves to its controller, or null. */
async function present(entry, options) {
  if (active) return null;
  const { widget: widgetLoading, engine: engineParts } = download();
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
      config: { ...config, engineUrl: chunk('touchpoint-engine.js'), engineParts },
      options: { ...options, mode, element: undefined },
    });
    active.controller = controller;
    if (!element.isConnected) controller.dismiss('removed'); // taken out of the page while loading
    controller.finished.then(() => {
      if (created) element.remove();
      active = null;
    });
    return controller;
  } catch (error) {
    if (created) element.remove();
    active = null;
    fail(error, { survey: entry.id }, options.element);
    return null;
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
  whenTriggered(trigger, { signal: abort.signal, events: bus, check: (properties) => holds(entry, 'eventCondition', properties) })
    .then(() => armed.get(entry.id)?.abort === abort && show(entry, options))
    .catch((error) => error?.pointer && unreadable(error, entry.id, options.element)); // else: cancelled
}

/** Arms again the armed surveys whose trigger passes `test`: what they wait for may have changed. */
function rearm(test) {
  for (const { entry, options } of [...armed.values()]) if (test(entry.trigger)) arm(entry, options);
}

// An SPA's new route is a new page for the gates, and may hold the elements a trigger waits for.
function onRouteChange() {
  countPageView();
  rearm((t) => t.urlPattern || t.pageViews || t.visibleSelector);
}

// New attributes: a survey whose audience left this visitor out may be for them now.
function remember(id, given) {
  store(id, given);
  rearm((t) => t.audience);
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
  /** Site-wide settings: endpoint, alertEndpoint, format, locale, theme, surveys (base URL), fatigue, retry, headers, key, segment; attributes (stored, see identify). */
  init({ attributes: given, ...options } = {}) {
    Object.assign(config, options);
    if (given) remember(undefined, given);
  },
  show,
  watch,
  /** A custom event for triggers (`trigger.event`, its properties for `trigger.eventCondition`). */
  track(name, properties) {
    bus.dispatchEvent(new CustomEvent(String(name), { detail: properties }));
  },
  /**
   * The site's id for this visitor and their attributes (plan, role, signup date...), kept on this
   * device for trigger.audience. A payload carries an attribute only if the survey's
   * privacy.context lists segment.NAME, and the id only as its HMAC with `key` if it lists
   * "respondent". identify(id, key) (a string) is the earlier form; identify(null) forgets both.
   */
  identify(id, given, key) {
    if (typeof given === 'string') [given, key] = [undefined, given];
    config.respondent = id;
    if (key != null) config.key = key;
    remember(id, given);
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
