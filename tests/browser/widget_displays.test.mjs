// Anonymous display counts (docs/displays.md) from the real widget in Chromium: what reaches
// /v1/displays has exactly the members of displays/1 and nothing of the visitor (no visitor or
// response id, address, user agent, page), the counts add up to what happened (one showing, one
// completion, the questions reached), each batch has an id of its own; and with
// init({displays: false}) nothing is sent and nothing is kept on the device.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { collectErrors } from './lib/browser.mjs';
import { useServerAndBrowser } from './lib/fixture.mjs';

const received = { '/v1/responses': [], '/v1/displays': [] };
const sink = (path) => (req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    received[path].push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
};
const env = useServerAndBrowser({
  server: () => startServer({ handlers: { '/v1/responses': sink('/v1/responses'), '/v1/displays': sink('/v1/displays') } }),
});

const SURVEY = '/tests/browser/pages/widget/surveys/quick.json';
const until = async (cond, what, ms = 10000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

async function answerQuick(page) {
  await page.evaluate((src) => window.touchpoint.show(src, { force: true }), SURVEY);
  await page.waitForFunction(() => window.tpEvents.some((e) => e.name === 'shown'));
  await page.click('label:has(input[value="9"])');
  await page.click('.tp-primary');
  await page.fill('textarea, input.tp-input', 'fine');
  await page.click('.tp-primary');
  await page.waitForFunction(() => window.tpEvents.some((e) => e.name === 'completed'));
}

const sum = (batches, member) => batches.flatMap((b) => b.counts).reduce((n, row) => n + row[member], 0);

test('a display-count request carries only counts: the exact members of displays/1, nothing of the visitor', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${env.server.origin}/tests/browser/pages/widget/displays.html`);
  await page.waitForSelector('html[data-ready="true"]');
  await answerQuick(page);
  await until(() => received['/v1/responses'].length === 1, 'the response');
  const response = JSON.parse(received['/v1/responses'][0].body);
  // Counts leave at once here (batchMs 0): shown, reached nps, reached note, completed.
  const batches = () => received['/v1/displays'].map((r) => JSON.parse(r.body));
  await until(() => sum(batches(), 'completed') >= 1, 'the completion count');
  await new Promise((r) => setTimeout(r, 300)); // nothing more is on its way
  const all = batches();
  assert.ok(all.length >= 1);
  for (const [i, b] of all.entries()) {
    assert.deepEqual(Object.keys(b).sort(), ['counts', 'id', 'touchpoint'], 'the batch members');
    assert.equal(b.touchpoint, 'displays/1');
    assert.match(b.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(b.id, response.id, 'the batch id is not the response id');
    assert.equal(received['/v1/displays'][i].headers['idempotency-key'], b.id, 'the only key sent is the batch id');
    for (const row of b.counts) {
      const keys = Object.keys(row).sort();
      const base = ['completed', 'day', 'dismissed', 'shown', 'survey', 'version'];
      assert.deepEqual(keys, row.reached ? [...base, 'reached'].sort() : base, 'the row members');
      assert.equal(row.survey, 'quick');
      assert.equal(row.version, '1');
      assert.equal(row.day, new Date().toISOString().slice(0, 10));
      if (row.reached) for (const [q, n] of Object.entries(row.reached)) assert.ok(['nps', 'note'].includes(q) && Number.isInteger(n), q);
    }
    const text = received['/v1/displays'][i].body;
    for (const secret of [response.id, 'displays.html', '127.0.0.1', 'Mozilla', 'HeadlessChrome', 'fine'])
      assert.ok(!text.includes(secret), `the body does not contain ${secret}`);
  }
  // Delivery is at least once (a batch may go out twice, as a response may): the collector adds a
  // batch id once, so the counts are those of the distinct batches; a resent batch is byte-identical.
  const byId = new Map();
  for (const r of received['/v1/displays']) {
    const id = JSON.parse(r.body).id;
    if (byId.has(id)) assert.equal(byId.get(id), r.body, 'a resent batch is the same batch');
    byId.set(id, r.body);
  }
  const distinct = [...byId.values()].map((b) => JSON.parse(b));
  assert.ok(distinct.length >= 2, 'counts made at different moments left in batches of their own');
  assert.equal(sum(distinct, 'shown'), 1);
  assert.equal(sum(distinct, 'completed'), 1);
  assert.equal(sum(distinct, 'dismissed'), 0);
  const reached = {};
  for (const row of distinct.flatMap((b) => b.counts)) for (const [q, n] of Object.entries(row.reached || {})) reached[q] = (reached[q] || 0) + n;
  assert.deepEqual(reached, { nps: 1, note: 1 }, 'each question reached once (partial responses on)');
  // Everything sent: nothing gathered is left on the device.
  const left = await page.evaluate(() => JSON.parse(localStorage.getItem('touchpoint:displays')));
  assert.deepEqual([left.rows, left.pending], [{}, null]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a dismissal is counted as dismissed, not completed', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const before = received['/v1/displays'].length;
  await page.goto(`${env.server.origin}/tests/browser/pages/widget/displays.html`);
  await page.waitForSelector('html[data-ready="true"]');
  await page.evaluate((src) => window.touchpoint.show(src, { force: true }), SURVEY);
  await page.waitForFunction(() => window.tpEvents.some((e) => e.name === 'shown'));
  await page.evaluate(() => window.touchpoint.dismiss());
  const mine = () => [...new Map(received['/v1/displays'].slice(before).map((r) => [JSON.parse(r.body).id, JSON.parse(r.body)])).values()];
  await until(() => sum(mine(), 'dismissed') === 1, 'the dismissal count');
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(sum(mine(), 'shown'), 1);
  assert.equal(sum(mine(), 'completed'), 0);
  await context.close();
});

test('init({displays: false}): nothing is sent and nothing is stored (counts gathered before are dropped)', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const before = { responses: received['/v1/responses'].length, displays: received['/v1/displays'].length };
  await page.goto(`${env.server.origin}/tests/browser/pages/widget/displays.html?displays=off`);
  await page.waitForSelector('html[data-ready="true"]');
  // Counts gathered while they were on, not yet sent.
  await page.evaluate(() => localStorage.setItem('touchpoint:displays', JSON.stringify({ since: Date.now(), rows: { x: { survey: 'quick', version: '1', day: '2026-01-01', shown: 1, dismissed: 0, completed: 0 } }, pending: null })));
  await answerQuick(page);
  await until(() => received['/v1/responses'].length === before.responses + 1, 'the response');
  await page.evaluate(() => window.touchpoint.flush());
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal(received['/v1/displays'].length, before.displays, 'no display counts were sent');
  assert.equal(await page.evaluate(() => localStorage.getItem('touchpoint:displays')), null, 'nothing stored');
  const queued = await page.evaluate(() => window.tpEvents.filter((e) => e.name === 'queued').map((e) => e.kind));
  assert.deepEqual(queued, ['response'], 'only the response went through the outbox');
  await context.close();
});
