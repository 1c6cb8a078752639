// Anonymous display counts (displays/1, docs/displays.md): how often each survey version was shown,
// dismissed and completed per UTC day, and — with partial responses on — how many showings reached
// each question (drop-off). Nothing of the visitor: no visitor or response id, no address, user
// agent or page. Counts gather on the device (localStorage) and leave in batches (one an hour by
// default) through the durable outbox like responses; a batch's id is random per batch, so a
// retried batch is counted once. touchpoint('init', {displays: false}) turns all of it off: nothing
// is counted, stored or sent, and counts gathered before are dropped.
// (The renderer hands in its randomHex: importing engine.js here would split it into a chunk of
// its own, one more file for every page that shows a survey.)
import { enqueue, makeRecord } from './delivery.js';

const KEY = 'touchpoint:displays';
const HOUR_MS = 3600000;

function load() {
  try {
    const state = JSON.parse(localStorage.getItem(KEY) || 'null');
    if (state && typeof state === 'object' && state.rows) return state;
  } catch {
    /* storage disabled or corrupt: start over */
  }
  return { since: Date.now(), rows: {}, pending: null };
}

function save(state) {
  try {
    localStorage.setItem(KEY, JSON.stringify(state));
  } catch {
    /* no storage: the counts of this page are lost, never sent half-kept */
  }
}

// The collector's counts endpoint: options.endpoint, or beside a collector's /v1/responses. Any other
// response endpoint gets no counts (it would not know the format).
function endpointFor(options, responses) {
  if (options.endpoint) return new URL(options.endpoint, location.href).href;
  if (!responses) return null;
  const url = new URL(responses, location.href);
  if (!url.pathname.endsWith('/v1/responses')) return null;
  url.pathname = url.pathname.replace(/\/v1\/responses$/, '/v1/displays');
  url.search = '';
  return url.href;
}

// A UUID v4 from 16 random bytes (RFC 4122 §4.4: version 4, variant 10xx), when the browser has
// no crypto.randomUUID (pages served over plain http).
function batchId(randomHex) {
  if (crypto.randomUUID) return crypto.randomUUID();
  const h = randomHex();
  const variant = ((parseInt(h[16], 16) & 3) | 8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The counter of one run of a survey. `option` is the site's `displays` setting (false = off);
 * `responses` the response endpoint; `randomHex` 32 random hex digits (engine.js). Returns {shown(), reached(ids), dismissed(), completed()}.
 */
export function displayCounter({ option, responses, survey, partial, randomHex }) {
  const off = { shown() {}, reached() {}, dismissed() {}, completed() {} };
  if (option === false) {
    try {
      localStorage.removeItem(KEY); // turned off: what was gathered before is not kept either
    } catch {
      /* nothing stored */
    }
    return off;
  }
  const options = option && typeof option === 'object' ? option : {};
  const url = endpointFor(options, responses);
  if (!url || !survey?.id || !survey.version) return off;
  const batchMs = Number.isFinite(options.batchMs) ? options.batchMs : HOUR_MS;
  const seen = new Set(); // questions this run reached: each counts once per showing
  const add = (member, question) => {
    const state = load();
    const day = new Date().toISOString().slice(0, 10);
    const rowKey = `${url}\n${survey.id}\n${survey.version}\n${day}`;
    const row = (state.rows[rowKey] ||= { survey: survey.id, version: String(survey.version), day, shown: 0, dismissed: 0, completed: 0 });
    if (question) (row.reached ||= {})[question] = (row.reached[question] || 0) + 1;
    else row[member] += 1;
    save(state);
    flushDue(batchMs, randomHex).catch(() => {}); // the outbox unavailable: the counts stay gathered for next time
  };
  return {
    shown: () => add('shown'),
    reached(ids) {
      if (!partial) return;
      for (const id of ids) {
        if (seen.has(id)) continue;
        seen.add(id);
        add(null, id);
      }
    },
    dismissed: () => add('dismissed'),
    completed: () => add('completed'),
  };
}

/**
 * Moves the gathered counts into the outbox when the batch is due (batchMs after it began, or a day
 * is over). The batch is written down (with its id) before it is queued, so a page that dies in
 * between queues the same batch, same id, next time: the collector adds it once. One round at a
 * time in a tab; a count made during a round is looked at again when the round ends.
 */
let flushing = null;
let again = false;
export function flushDue(batchMs, randomHex) {
  if (flushing) {
    again = true;
    return flushing;
  }
  flushing = (async () => {
    do {
      again = false;
      await flushRound(batchMs, randomHex);
    } while (again);
  })().finally(() => {
    flushing = null;
  });
  return flushing;
}

async function flushRound(batchMs, randomHex) {
  const state = load();
  const today = new Date().toISOString().slice(0, 10);
  const rows = Object.entries(state.rows);
  const due = Date.now() - state.since >= batchMs || rows.some(([, r]) => r.day < today);
  if (!state.pending && rows.length && due) {
    const byUrl = {};
    for (const [key, row] of rows) (byUrl[key.split('\n')[0]] ||= []).push(row);
    state.pending = Object.entries(byUrl).map(([url, counts]) => ({ url, body: JSON.stringify({ touchpoint: 'displays/1', id: batchId(randomHex), counts }) }));
    state.rows = {};
    state.since = Date.now();
    save(state);
  }
  if (!state.pending) return;
  for (const { url, body } of state.pending) await enqueue(makeRecord({ id: JSON.parse(body).id, url, body, kind: 'displays' }));
  const after = load();
  after.pending = null;
  save(after);
}
