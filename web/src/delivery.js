// Delivery of queued payloads: POST with the response id as Idempotency-Key, retried with backoff
// until acknowledged; never two tabs on one response at once; at pagehide/hidden, payloads not yet
// on the wire leave by fetch keepalive (sendBeacon as a fallback). Loaded lazily: by the widget after
// a completion, or by the next page's loader when the outbox marker says something is pending.
// A payload refused for good moves to the dead letters (dead-letters.js), never into the void.
import * as outbox from './outbox.js';
import { exclusive, hold, release, leasedElsewhere, takeLease, dropLease, LEASE_MS } from './lock.js';
import { backoffMs, retryAfterMs, isRetryable } from './backoff.js';
import { emit } from './events.js';

const KEEPALIVE_LIMIT = 60000; // the browser allows 64 KiB of keepalive bodies in flight
const PARALLEL = 4;
const GIVE_UP_MS = 7 * 86400000;

const settings = { baseMs: 1000, capMs: 300000 };
const inFlight = new Set(); // keys this tab has on the wire
const fresh = new Map(); // records enqueued by this page and not yet sent once: pagehide sends them
let timer = 0;
let renewer = 0; // interval renewing the leases of `fresh`
let flushing = null;
let again = false;

/** Retry timing from touchpoint('init', {retry: {baseMs, capMs}}). */
export function configure(retry = {}) {
  Object.assign(settings, retry);
}

/**
 * Builds the outbox record of a payload for an endpoint.
 * format 'cloudevents' wraps it (the caller passes the core's CloudEvent JSON text as body).
 */
export function makeRecord({ key, id, url, body, format = 'json', method = 'POST', headers = {}, kind = 'response', survey }) {
  const contentType = format === 'cloudevents' ? 'application/cloudevents+json' : 'application/json';
  return {
    key: key || id,
    id,
    kind,
    survey,
    url: new URL(url, location.href).href,
    method,
    body,
    headers: { 'content-type': contentType, ...headers, 'idempotency-key': key || id },
    attempts: 0,
    notBefore: 0,
    created: Date.now(),
  };
}

/** Writes the record durably first, then tries to send it. Resolves once it is stored. */
export async function enqueue(record) {
  await hold(record.key);
  // Leased from the start, not only when pagehide sends it: another tab reads leases from its own
  // copy of localStorage, which can lag behind this tab's last writes when this page dies.
  takeLease(record.key);
  fresh.set(record.key, record);
  keepFreshLeased();
  await outbox.put(record);
  emit('queued', { id: record.id, key: record.key, kind: record.kind, survey: record.survey });
  flush();
}

// The dead letters (touchpoint.deadLetters() & co.): list, export, discard; retry re-queues and
// sends. Their code is a chunk of its own, fetched on a refusal or when the site asks: not part of
// what a survey downloads to show.
let store;
const deadLetters = async () =>
  (store ||= (await import('./dead-letters.js')).deadLetterStore({ dead: outbox.dead, requeue: outbox.put, emit }));
export const listDeadLetters = async () => (await deadLetters()).list();
export const exportDeadLetters = async () => (await deadLetters()).exportAll();
export const discardDeadLetter = async (id) => (await deadLetters()).discard(id);
export async function retryDeadLetter(id) {
  const count = await (await deadLetters()).revive(id);
  if (count) await flush();
  return count;
}

/** Sends every due record; resolves when this round is over. Safe to call at any time. */
export function flush() {
  if (flushing) {
    again = true;
    return flushing;
  }
  flushing = (async () => {
    do {
      again = false;
      await round();
    } while (again);
  })().finally(() => {
    flushing = null;
  });
  return flushing;
}

async function round() {
  clearTimeout(timer);
  let records;
  try {
    records = await outbox.all();
  } catch (error) {
    emit('error', { reason: 'outbox', message: String(error) });
    return;
  }
  const now = Date.now();
  const due = records.filter((r) => r.notBefore <= now && !inFlight.has(r.key));
  const queue = due.slice();
  let busy = false;
  const worker = async () => {
    for (let record; (record = queue.shift()); ) {
      const outcome = await exclusive(record.key, () => attempt(record.key));
      if (outcome === undefined) busy = true; // another tab is on it
    }
  };
  if (navigator.onLine !== false) await Promise.all(Array.from({ length: PARALLEL }, worker));
  schedule(busy);
}

async function schedule(busy) {
  const records = await outbox.all().catch(() => []);
  if (!records.length) return;
  const now = Date.now();
  const next = Math.min(...records.map((r) => r.notBefore));
  // A record leased by another tab is rechecked soon: that tab may close before acknowledging.
  const wait = Math.max(busy ? 2000 : 50, Math.min(next - now, settings.capMs));
  timer = setTimeout(flush, wait);
}

/** One send of one record, inside the cross-tab lock. Returns 'sent' | 'retry' | 'dead' | 'gone'. */
async function attempt(key) {
  const record = await outbox.get(key); // re-read: another tab may have delivered it meanwhile
  if (!record) return 'gone';
  inFlight.add(key);
  fresh.delete(key);
  let status = 0;
  let retryAfter = null;
  let answer = '';
  try {
    const response = await send(record);
    status = response.status;
    retryAfter = response.headers.get('retry-after');
    if (!isRetryable(status) && !response.ok) answer = await response.text().catch(() => ''); // kept with the dead letter
  } catch {
    status = 0; // network error, reset, CORS or offline: all worth a retry
  } finally {
    inFlight.delete(key);
  }
  const detail = { id: record.id, key, kind: record.kind, survey: record.survey, status };
  if (status >= 200 && status < 300) {
    await outbox.remove(key);
    release(key);
    emit('sent', detail);
    return 'sent';
  }
  if (!isRetryable(status) || Date.now() - record.created > GIVE_UP_MS) {
    await (await deadLetters()).bury(record, { status, answer, reason: isRetryable(status) ? 'expired' : 'rejected' });
    await outbox.remove(key);
    release(key);
    return 'dead';
  }
  record.attempts += 1;
  const wait = retryAfterMs(retryAfter) ?? backoffMs(record.attempts, settings);
  record.notBefore = Date.now() + wait;
  await outbox.put(record);
  return 'retry';
}

// Bytes of keepalive bodies this page has on the wire. The browser caps them (64 KiB a page) and
// rejects a keepalive fetch over the cap; a rejection must mean "not sent", never "resend at once"
// (a keepalive request cut off at unload also rejects here while it still reaches the endpoint).
let keepaliveBytes = 0;
const byteLength = (text) => new TextEncoder().encode(text).length;

function send(record) {
  // keepalive lets the request finish if the page unloads mid-send; the next page resends anyway
  // (the endpoint deduplicates on Idempotency-Key), so nothing is lost either way.
  const bytes = byteLength(record.body);
  const keepalive = keepaliveBytes + bytes < KEEPALIVE_LIMIT;
  if (keepalive) keepaliveBytes += bytes;
  return fetch(record.url, {
    method: record.method || 'POST',
    headers: record.headers,
    body: record.body,
    keepalive,
    credentials: 'omit',
    mode: 'cors',
  }).finally(() => {
    if (keepalive) keepaliveBytes -= bytes;
  });
}

/** Renews the leases of unsent records while this page lives, so they are never stale at pagehide. */
function keepFreshLeased() {
  if (renewer) return;
  renewer = setInterval(() => {
    for (const key of fresh.keys()) takeLease(key);
    if (!fresh.size) renewer = clearInterval(renewer);
  }, LEASE_MS / 3);
}

/** pagehide / hidden: payloads this page queued but never put on the wire leave now, if small. */
function sendFresh() {
  for (const record of fresh.values()) {
    if (inFlight.has(record.key) || leasedElsewhere(record.key)) continue;
    const bytes = byteLength(record.body);
    if (keepaliveBytes + bytes >= KEEPALIVE_LIMIT) {
      dropLease(record.key); // left for the next page or another tab, without waiting for the lease
      continue;
    }
    if (!takeLease(record.key)) continue;
    keepaliveBytes += bytes;
    fresh.delete(record.key);
    try {
      // Only hidden, not gone, the page gets the quota back when the request settles.
      fetch(record.url, { method: record.method || 'POST', headers: record.headers, body: record.body, keepalive: true, credentials: 'omit' })
        .catch(() => {})
        .finally(() => (keepaliveBytes -= bytes));
    } catch {
      keepaliveBytes -= bytes;
      // No keepalive fetch: a beacon (no custom headers; the body carries the id for dedup).
      navigator.sendBeacon?.(record.url, new Blob([record.body], { type: 'text/plain' }));
    }
  }
}

addEventListener('pagehide', sendFresh);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') sendFresh();
  else flush();
});
addEventListener('online', () => flush());
