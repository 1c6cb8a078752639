// When to show a survey (survey.trigger: delayMs, scrollDepth, exitIntent, urlPattern, event with
// eventCondition, clickSelector, visibleSelector, pageViews, audience, sampling, recontactDays,
// maxDisplays). The fields, their kinds and ranges are the
// core's (shared/src/survey/trigger_fields.def, bundled at build time): readTrigger() checks a
// trigger against that table before the engine is downloaded, so the loader acts only on what the
// core's validator accepts. Gates (URL pattern, page views, sampling, frequency caps) decide whether
// it may show on this page; waits (delay, scroll depth) and moments (exit intent, a custom event,
// a click on an element, an element coming into view) decide when. The expressions (audience,
// eventCondition) are the core's: the loader hands them to the engine (`check`), never reads them.
// Everything is passive and cheap: no polling, listeners removed once fired.
import FIELDS from 'touchpoint:trigger-fields';
import { pageViews, sampleBucket, frequencyBlock } from './visitor.js';

/**
 * survey.trigger as the core reads it: only the table's fields, each of its kind and in its range.
 * Throws an Error with the JSON `pointer` of the first field the core's validator would refuse.
 */
export function readTrigger(raw) {
  if (raw === undefined) return {};
  const refuse = (pointer, message) => Object.assign(new Error(`${pointer}: ${message}`), { pointer });
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw refuse('/trigger', 'expected an object');
  const trigger = {};
  for (const [name, kind, min, max] of FIELDS) {
    const v = raw[name];
    if (v === undefined) continue;
    if (kind === 'bool' ? typeof v !== 'boolean' : kind !== 'int' ? typeof v !== 'string' || [...v].length > max : !Number.isInteger(v) || v < min || v > max)
      throw refuse(`/trigger/${name}`, kind === 'bool' ? 'expected true or false' : kind !== 'int' ? `expected a string of at most ${max} characters` : `expected a whole number within ${min}–${max}`);
    trigger[name] = v;
  }
  return trigger;
}

/** Glob match of a URL path (+query) against a pattern like "/pricing*" or "/help/**". */
export function urlMatches(pattern, path) {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(path);
}

/** The reason a survey is gated out of this page, or '' when it may show. `trigger`: from readTrigger(). */
export function gateReason(surveyId, trigger = {}, { fatigue, path = location.pathname + location.search } = {}) {
  if (trigger.urlPattern && !urlMatches(trigger.urlPattern, path)) return 'url';
  if (trigger.pageViews && pageViews() < trigger.pageViews) return 'page-views';
  if (trigger.sampling != null && sampleBucket(surveyId) >= trigger.sampling) return 'sampled-out';
  return frequencyBlock(surveyId, trigger, fatigue);
}

/**
 * Resolves when the trigger's waits and moments have happened. `signal` cancels (e.g. on an SPA
 * route change, or when the survey was shown by another path). `events` is an EventTarget on
 * which touchpoint('track', name, properties) dispatches `name`; `check(properties)` resolves to
 * whether trigger.eventCondition holds (asked of the engine only when the trigger has one).
 */
export async function whenTriggered(trigger = {}, { signal, events, check }) {
  if (trigger.delayMs) await delay(trigger.delayMs, signal);
  if (trigger.scrollDepth) await scrolledTo(trigger.scrollDepth, signal);
  const moments = [];
  if (trigger.exitIntent) moments.push(exitIntent(signal));
  if (trigger.event) moments.push(customEvent(trigger.event, events, signal, trigger.eventCondition && check));
  if (trigger.clickSelector) moments.push(clicked(trigger.clickSelector, signal));
  if (trigger.visibleSelector) moments.push(visible(trigger.visibleSelector, signal));
  if (moments.length) await Promise.race(moments);
  if (signal?.aborted) throw signal.reason ?? new Error('cancelled');
}

function cancellable(signal, setup) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const cleanup = setup(() => {
      signal?.removeEventListener('abort', onAbort);
      cleanup?.();
      resolve();
    });
    function onAbort() {
      cleanup?.();
      reject(signal.reason);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const delay = (ms, signal) =>
  cancellable(signal, (done) => {
    const timer = setTimeout(done, ms);
    return () => clearTimeout(timer);
  });

function scrolledTo(percent, signal) {
  return cancellable(signal, (done) => {
    let frame = 0;
    const check = () => {
      frame = 0;
      const root = document.documentElement;
      const scrollable = root.scrollHeight - innerHeight;
      if (scrollable <= 0 || (scrollY / scrollable) * 100 >= percent) done();
    };
    // Layout is read once per frame at most, never inside the scroll event itself.
    const onScroll = () => (frame ||= requestAnimationFrame(check));
    addEventListener('scroll', onScroll, { passive: true });
    onScroll();
    return () => {
      removeEventListener('scroll', onScroll);
      cancelAnimationFrame(frame);
    };
  });
}

function exitIntent(signal) {
  return cancellable(signal, (done) => {
    // Desktop: the pointer leaving through the top edge (towards tabs/address bar).
    const onOut = (e) => !e.relatedTarget && e.clientY <= 0 && done();
    document.addEventListener('mouseout', onOut);
    // Touch devices have no pointer to leave: there it is a quick flick back up to the top of the
    // page, where the address bar and the back button come back into view.
    const stopFlick = matchMedia('(hover: none) and (pointer: coarse)').matches ? watchFlickToTop(done) : null;
    return () => {
      document.removeEventListener('mouseout', onOut);
      stopFlick?.();
    };
  });
}

// An upward scroll of at least a fifth of the viewport (and 80 px), at 1 px/ms or faster, that
// ends in the top half-screen of the page. Reading scrollY in a passive listener forces no layout.
const FLICK = { minPx: 80, minViewport: 0.2, minPxPerMs: 1, topViewport: 0.5 };
function watchFlickToTop(done) {
  let run = null; // the current upward run: {y, t} where it started
  let last = { y: scrollY, t: performance.now() };
  const onScroll = (e) => {
    const now = { y: scrollY, t: e.timeStamp || performance.now() };
    if (now.y >= last.y) run = null; // down or still: a new run starts at the next upward step
    else {
      run ||= last;
      const distance = run.y - now.y;
      const speed = distance / Math.max(1, now.t - run.t);
      if (distance >= Math.max(FLICK.minPx, FLICK.minViewport * innerHeight) && speed >= FLICK.minPxPerMs && now.y <= FLICK.topViewport * innerHeight)
        done();
    }
    last = now;
  };
  addEventListener('scroll', onScroll, { passive: true });
  return () => removeEventListener('scroll', onScroll);
}

function customEvent(name, events, signal, check) {
  return cancellable(signal, (done) => {
    // Either touchpoint('track', name, properties) or a DOM event of that name dispatched on
    // window/document (its detail: the properties). With a condition, only an event whose
    // properties pass it counts; the others leave the trigger armed.
    const on = (e) => (check ? check(e.detail).then((yes) => yes && done()) : done());
    events?.addEventListener(name, on);
    addEventListener(name, on);
    return () => {
      events?.removeEventListener(name, on);
      removeEventListener(name, on);
    };
  });
}

// A selector the browser cannot parse: refused with the trigger field's pointer, like readTrigger.
function matcher(selector, field) {
  try {
    document.querySelector(selector);
  } catch {
    throw Object.assign(new Error(`/trigger/${field}: invalid CSS selector`), { pointer: `/trigger/${field}` });
  }
}

// A click on (or inside) an element matching the selector, present now or added later by the page.
function clicked(selector, signal) {
  matcher(selector, 'clickSelector');
  return cancellable(signal, (done) => {
    const onClick = (e) => e.target.closest?.(selector) && done();
    document.addEventListener('click', onClick, true);
    return () => document.removeEventListener('click', onClick, true);
  });
}

// An element matching the selector coming into view (at least half of it, or all of a tall one).
// Elements the page adds later (an SPA rendering a route) are picked up once per frame at most.
function visible(selector, signal) {
  matcher(selector, 'visibleSelector');
  return cancellable(signal, (done) => {
    const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && done(), { threshold: 0.5 });
    let frame = 0;
    const scan = () => {
      frame = 0;
      for (const el of document.querySelectorAll(selector)) io.observe(el);
    };
    const mo = new MutationObserver(() => (frame ||= requestAnimationFrame(scan)));
    mo.observe(document.documentElement, { childList: true, subtree: true });
    scan();
    return () => {
      io.disconnect();
      mo.disconnect();
      cancelAnimationFrame(frame);
    };
  });
}

/** Calls `onChange` on SPA route changes (Navigation API where present, else history events). */
export function watchRoutes(onChange) {
  let last = location.href;
  const check = () => {
    if (location.href === last) return;
    last = location.href;
    onChange();
  };
  // currententrychange fires after any same-document URL change, pushState included. Browsers
  // without the Navigation API announce pushState/replaceState to nobody: there the two methods
  // are wrapped (calling the page's own, then checking), and popstate/hashchange cover the rest.
  if (globalThis.navigation?.addEventListener) navigation.addEventListener('currententrychange', check);
  else
    for (const name of ['pushState', 'replaceState']) {
      const original = history[name];
      history[name] = function (...args) {
        const result = original.apply(this, args);
        check();
        return result;
      };
    }
  addEventListener('popstate', check);
  addEventListener('hashchange', check);
}
