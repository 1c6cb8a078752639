// Delivery in every browser engine (lib/engines.mjs), through the widget's real delivery chunk
// (pages/widget/delivery.html): responses queued while the endpoint is down survive a reload and are
// stored exactly once when it comes back; a response the endpoint refuses (400) is kept as a dead
// letter with the endpoint's pointer and message, reported, survives a reload, and a retry delivers
// it exactly once. (The hostile-network run with 500 responses and two tabs: widget_delivery.test.mjs.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eachEngine } from '../lib/engines.mjs';
import { startServer } from '../lib/server.mjs';

function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/** A test server whose endpoints record what they store: /flaky (down until `up`), /strict (400 until `accept`). */
async function deliveryServer() {
  const state = { up: false, accept: false, attempts: 0, acks: new Map(), strictHits: 0, stored: new Map() };
  const store = (key, body) => {
    state.acks.set(key, (state.acks.get(key) || 0) + 1);
    if (!state.stored.has(key)) state.stored.set(key, body);
  };
  const server = await startServer({
    handlers: {
      '/flaky': async (req, res) => {
        const body = await readBody(req);
        state.attempts++;
        if (!state.up) return void req.socket.destroy(); // down: no answer at all
        store(req.headers['idempotency-key'], body);
        res.writeHead(201).end();
      },
      '/strict': async (req, res) => {
        const body = await readBody(req);
        state.strictHits++;
        if (!state.accept) {
          const answer = { errors: [{ pointer: '/answers/nps', message: 'must be a whole number from 0 to 10' }] };
          return void res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
        }
        store(req.headers['idempotency-key'], body);
        res.writeHead(201).end();
      },
    },
  });
  return Object.assign(server, { state });
}

async function openDeliveryPage(env) {
  const page = await env.engine.newPage();
  await page.goto(`${env.server.origin}/tests/browser/pages/widget/delivery.html`);
  await page.waitFor(() => document.documentElement.dataset.ready === 'true');
  return page;
}

eachEngine({ server: deliveryServer }, (env) => {
  test('endpoint down, page reloaded, endpoint back: every response stored exactly once', async () => {
    const { state } = env.server;
    const page = await openDeliveryPage(env);
    const ids = await page.evaluate(() => window.enqueueMany(12, '/flaky', 'down'));
    const deadline = Date.now() + 20000;
    while (state.attempts < 12 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(state.attempts >= 12, `each tried while down (${state.attempts} attempts)`);
    assert.equal((await page.evaluate(() => window.outboxKeys())).length, 12, 'all still in the outbox');
    await page.reload();
    await page.waitFor(() => document.documentElement.dataset.ready === 'true');
    state.up = true;
    // The reloaded page's loader finds the outbox marker and delivers; flushNow() skips the idle wait.
    await page.evaluate(() => window.flushNow());
    await page.waitFor(async () => (await window.outboxKeys()).length === 0, null, { timeout: 30000 });
    assert.equal(state.stored.size, 12);
    for (const id of ids) assert.equal(state.acks.get(id), 1, `${id} acknowledged once, never resent after`);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal([...state.acks.values()].reduce((a, b) => a + b, 0), 12, 'no request after the outbox drained');
    await page.close();
  });

  test('a 400 keeps the payload as a dead letter, reports it, and a retry delivers it exactly once', async () => {
    const { state } = env.server;
    state.accept = false;
    state.strictHits = 0;
    let page = await openDeliveryPage(env);
    const body = JSON.stringify({ touchpoint: 'response/1', id: 'dead-1', answers: { nps: 11 }, text: '客户体验' });
    const id = await page.evaluate((b) => window.enqueueOne('/strict', b), body);
    const error = await page.waitFor((key) => window.events.find((e) => e.name === 'error' && e.key === key), id);
    assert.equal(error.status, 400);
    assert.equal(error.reason, 'rejected');
    assert.equal(error.deadLetter, true);
    assert.equal(error.pointer, '/answers/nps');
    assert.equal(error.message, 'must be a whole number from 0 to 10');
    assert.equal(error.payload, body);
    assert.deepEqual(await page.evaluate(() => window.outboxKeys()), [], 'out of the outbox');
    await new Promise((r) => setTimeout(r, 600)); // longer than a retry would wait
    assert.equal(state.strictHits, 1, 'refused for good: not retried on its own');

    // Kept across a reload: listed and exported with the endpoint's status and answer.
    await page.reload();
    await page.waitFor(() => document.documentElement.dataset.ready === 'true');
    const letters = await page.evaluate(() => window.touchpoint.deadLetters());
    assert.equal(letters.length, 1);
    const [letter] = letters;
    assert.equal(letter.id, id);
    assert.equal(letter.payload, body, 'the payload byte for byte');
    assert.equal(letter.status, 400);
    assert.equal(letter.reason, 'rejected');
    assert.deepEqual(letter.errors, [{ pointer: '/answers/nps', message: 'must be a whole number from 0 to 10' }]);
    assert.match(letter.url, /\/strict$/);
    assert.ok(!Number.isNaN(Date.parse(letter.failed)));
    assert.deepEqual(JSON.parse(await page.evaluate(() => window.touchpoint.exportDeadLetters())), letters);

    // The site fixed its endpoint: a retry sends it once, with the same Idempotency-Key.
    state.accept = true;
    assert.equal(await page.evaluate((key) => window.touchpoint.retryDeadLetter(key), id), 1);
    await page.waitFor((key) => window.events.some((e) => e.name === 'sent' && e.key === key), id);
    assert.equal(state.acks.get(id), 1);
    assert.equal(state.stored.get(id), body);
    assert.deepEqual(await page.evaluate(() => window.touchpoint.deadLetters()), []);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(state.strictHits, 2, 'one refusal, one delivery');
    assert.equal(await page.evaluate(() => window.touchpoint.retryDeadLetter()), 0, 'nothing left to retry');
    await page.close();
  });
});
