// Delivery through a hostile network: 500 responses through an endpoint that fails or resets ~30% of
// requests, while two tabs of one visitor are reloaded mid-send. Every response must be stored
// exactly once, byte-identical, keyed by its Idempotency-Key; plus the status-code rules
// (4xx rejected and reported, Retry-After honoured).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { collectErrors } from './lib/browser.mjs';
import { useServerAndBrowser } from './lib/fixture.mjs';

const stored = new Map(); // id -> body (the endpoint's "database", deduplicated on Idempotency-Key)
const requests = []; // {id, key, outcome}
const inFlight = new Map(); // id -> requests being handled now
let overlaps = 0;
let rejectHits = 0;
const limited = []; // arrival times at /limited
const hung = []; // responses held open by /hang (released at the end)
const unloadArrivals = []; // {key, bytes, at} at /unload

function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

async function flaky(req, res) {
  const body = await readBody(req);
  let id = null;
  try {
    id = JSON.parse(body).id;
  } catch {
    return void res.writeHead(400).end('not json');
  }
  const key = req.headers['idempotency-key'];
  inFlight.set(id, (inFlight.get(id) || 0) + 1);
  if (inFlight.get(id) > 1) overlaps++;
  await new Promise((r) => setTimeout(r, 5 + Math.random() * 40));
  inFlight.set(id, inFlight.get(id) - 1);
  const roll = Math.random();
  let outcome;
  if (roll < 0.1) outcome = 'reset-before-store';
  else if (roll < 0.15) outcome = 'store-then-reset';
  else if (roll < 0.23) outcome = '503';
  else if (roll < 0.27) outcome = '500';
  else if (roll < 0.3) outcome = '429';
  else outcome = 'ok';
  requests.push({ id, key, outcome });
  if (outcome === 'reset-before-store') return void req.socket.destroy();
  if (outcome === '503') return void res.writeHead(503, { 'retry-after': '0' }).end();
  if (outcome === '500') return void res.writeHead(500).end();
  if (outcome === '429') return void res.writeHead(429, { 'retry-after': '1' }).end();
  if (stored.has(id)) assert.equal(stored.get(id), body, 'a retry carries the same bytes');
  else stored.set(id, body);
  if (outcome === 'store-then-reset') return void req.socket.destroy(); // the ack is lost
  res.writeHead(stored.get(id) === body ? 201 : 409).end();
}

// registered before the fixture's own after(): held responses end before the server closes
after(() => {
  for (const res of hung) res.writeHead(201).end();
});
const env = useServerAndBrowser({ server: () =>
  startServer({
    handlers: {
      '/collect': flaky,
      '/reject': async (req, res) => {
        await readBody(req);
        rejectHits++;
        res.writeHead(400).end('bad payload');
      },
      '/hang': async (req, res) => {
        await readBody(req);
        hung.push(res);
      },
      '/unload': async (req, res) => {
        const body = await readBody(req);
        unloadArrivals.push({ key: req.headers['idempotency-key'], bytes: Buffer.byteLength(body), at: Date.now() });
        res.writeHead(201).end();
      },
      '/limited': async (req, res) => {
        await readBody(req);
        limited.push(Date.now());
        if (limited.length === 1) return void res.writeHead(429, { 'retry-after': '2' }).end();
        res.writeHead(200).end();
      },
    },
  }),
});

async function openTab(context) {
  const page = await context.newPage();
  await page.goto(`${env.server.origin}/tests/browser/pages/widget/delivery.html`);
  await page.waitForSelector('html[data-ready="true"]');
  return page;
}

test('500 responses, 30% failures/resets, two tabs reloaded mid-send: each stored exactly once', async () => {
  const context = await env.browser.newContext();
  const tabs = [await openTab(context), await openTab(context)];
  const ids = (await Promise.all(tabs.map((tab, i) => tab.evaluate(([n, tag]) => window.enqueueMany(n, '/collect', tag), [250, `tab${i}`])))).flat();
  assert.equal(new Set(ids).size, 500);

  // Reload both tabs at random moments while the queue drains; the next page's loader resumes.
  const deadline = Date.now() + 90000;
  let reloads = 0;
  while (stored.size < 500 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 150 + Math.random() * 350));
    if (reloads < 12) {
      const tab = tabs[reloads % 2];
      await tab.reload({ waitUntil: 'domcontentloaded' }).catch(() => {});
      reloads++;
    }
  }
  // Once stored, the outbox must also drain (acks lost to resets are retried and deduplicated).
  let left = [];
  while (Date.now() < deadline) {
    left = await tabs[0].evaluate(() => window.outboxKeys()).catch(() => ['page busy']);
    if (!left.length) break;
    await new Promise((r) => setTimeout(r, 300));
  }
  assert.deepEqual(left, [], 'the outbox drained');
  assert.equal(stored.size, 500, `stored ${stored.size}/500 after ${reloads} reloads`);
  for (const id of ids) assert.ok(stored.has(id), `response ${id} stored`);
  for (const r of requests) assert.equal(r.key, r.id, 'Idempotency-Key is the response id');
  const failed = requests.filter((r) => r.outcome !== 'ok').length;
  assert.ok(failed / requests.length > 0.2, `the endpoint really failed often (${failed}/${requests.length})`);
  assert.equal(reloads, 12);
  assert.equal(overlaps, 0, 'no response was ever on the wire twice at the same time (tabs exclude each other)');
  console.log(`# delivery: ${requests.length} requests for 500 responses, ${failed} failed/reset, ${reloads} reloads, ${overlaps} overlapping duplicates`);
  await context.close();
});

test('a 4xx other than 408/429 is not retried, leaves the outbox for the dead letters and is reported', async () => {
  const context = await env.browser.newContext();
  const page = await openTab(context);
  const errors = collectErrors(page);
  const id = await page.evaluate(() => window.enqueueOne('/reject'));
  await page.waitForFunction(() => window.events.some((e) => e.name === 'error'));
  const error = await page.evaluate(() => window.events.find((e) => e.name === 'error'));
  assert.equal(error.id, id);
  assert.equal(error.status, 400);
  assert.equal(error.reason, 'rejected');
  assert.equal(error.deadLetter, true);
  assert.equal(error.message, 'bad payload', 'an answer not in the errors form is the message as it is');
  await new Promise((r) => setTimeout(r, 600)); // longer than a retry would wait
  assert.equal(rejectHits, 1, 'sent once, never retried');
  assert.deepEqual(await page.evaluate(() => window.outboxKeys()), []);
  const letters = await page.evaluate(() => window.touchpoint.deadLetters());
  assert.deepEqual(letters.map((l) => [l.id, l.status, l.answer, l.errors]), [[id, 400, 'bad payload', []]]);
  // The browser itself logs the failed request; nothing else may have gone wrong.
  assert.deepEqual(errors.filter((e) => !/status of 400/.test(e)), []);
  await context.close();
});

test('the dead-letter store is bounded: past 50 letters the oldest is evicted and reported with its payload', async () => {
  const context = await env.browser.newContext();
  const page = await openTab(context);
  // 51 refused payloads, one after the other (so "oldest" is well defined).
  const ids = await page.evaluate(async () => {
    const ids = [];
    for (let i = 0; i < 51; i++) {
      const id = await window.enqueueOne('/reject', JSON.stringify({ n: i }));
      ids.push(id);
      await new Promise((resolve) => {
        const seen = () => window.events.some((e) => e.name === 'error' && e.key === id && e.deadLetter);
        const poll = () => (seen() ? resolve() : setTimeout(poll, 10));
        poll();
      });
    }
    return ids;
  });
  await page.waitForFunction(() => window.events.some((e) => e.name === 'error' && e.reason === 'evicted'));
  const evicted = await page.evaluate(() => window.events.filter((e) => e.name === 'error' && e.reason === 'evicted'));
  assert.equal(evicted.length, 1);
  assert.equal(evicted[0].key, ids[0], 'the oldest went');
  assert.equal(evicted[0].payload, JSON.stringify({ n: 0 }), 'its payload is in the report: the last copy');
  const kept = await page.evaluate(() => window.touchpoint.deadLetters());
  assert.deepEqual(kept.map((l) => l.id), ids.slice(1), 'the 50 newest, oldest first');
  // Byte cap: one letter of ~1 MiB evicts all the others (the newest is always kept).
  await page.evaluate(() => window.enqueueOne('/reject', JSON.stringify({ big: 'x'.repeat(1024 * 1024) })));
  await page.waitForFunction(() => window.events.filter((e) => e.reason === 'evicted').length === 51, null, { timeout: 15000 });
  assert.equal((await page.evaluate(() => window.touchpoint.deadLetters())).length, 1);
  assert.equal(await page.evaluate(() => window.touchpoint.discardDeadLetter()), 1);
  assert.deepEqual(await page.evaluate(() => window.touchpoint.deadLetters()), []);
  await context.close();
});

test('Retry-After is honoured over the backoff', async () => {
  const context = await env.browser.newContext();
  const page = await openTab(context);
  await page.evaluate(() => window.enqueueOne('/limited'));
  await page.waitForFunction(() => window.events.some((e) => e.name === 'sent'), null, { timeout: 10000 });
  assert.equal(limited.length, 2);
  const waited = limited[1] - limited[0];
  assert.ok(waited >= 1900, `retried after ${waited} ms, Retry-After said 2 s (backoff alone: ~100 ms)`);
  await context.close();
});

test('at pagehide an unsent small payload leaves by keepalive; one over the keepalive quota waits for the next page', async () => {
  const context = await env.browser.newContext();
  const page = await openTab(context);
  // Four sends that never finish keep the page's delivery workers busy, so the next two stay unsent.
  await page.evaluate(() => Promise.all([1, 2, 3, 4].map(() => window.enqueueOne('/hang'))));
  const waitFor = async (what, predicate, ms = 10000) => {
    const deadline = Date.now() + ms;
    while (!predicate()) {
      assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  await waitFor('four held sends', () => hung.length === 4);
  const [small, large] = await page.evaluate(async () => {
    const big = JSON.stringify({ note: '客'.repeat(30000) }); // 90 KB of UTF-8: over the 64 KiB keepalive quota
    return [await window.enqueueOne('/unload'), await window.enqueueOne('/unload', big)];
  });
  assert.equal(unloadArrivals.length, 0, 'both still unsent while the page lives');
  await page.goto(`${env.server.origin}/tests/browser/pages/widget/blank.html`);
  await waitFor('the small payload sent at pagehide', () => unloadArrivals.some((a) => a.key === small), 5000);
  await new Promise((r) => setTimeout(r, 500));
  assert.ok(!unloadArrivals.some((a) => a.key === large), 'the large payload was not sent by a dying page');
  // The next page of the site finds it in the outbox and sends it.
  await page.goto(`${env.server.origin}/tests/browser/pages/widget/delivery.html`);
  await waitFor('the large payload sent by the next page', () => unloadArrivals.some((a) => a.key === large));
  assert.ok(unloadArrivals.find((a) => a.key === large).bytes > 64 * 1024);
  await context.close();
});
