// The widget's anonymous display counts (POST /v1/displays, GET /v1/studio/surveys/ID/displays) on
// both storage backends: counts add up per survey, version and day; a retried batch (same id, same
// counts) adds nothing and a reused id with other counts is refused; the figures (response rate =
// completed / shown, drop-off per question) are made of what is stored; a batch carrying anything
// but counts (an id of someone, an address, a page) is refused at its JSON pointer; and every limit
// answers with its status: rows per batch, counts, body size, rate, content type; the report needs
// the read token. The counts persist across a restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { startCollector, request, backends, sql } from './lib/collector.mjs';

const READER = 'read-token-0123456789abcdef';
const auth = { authorization: `Bearer ${READER}` };
const send = (c, body, type = 'application/json', headers = {}) => request(c.origin, 'POST', '/v1/displays', { body, type, headers });
const report = (c, survey, query = '') => request(c.origin, 'GET', `/v1/studio/surveys/${survey}/displays${query}`, { headers: auth });

function batch(counts, id = crypto.randomUUID()) {
  return { touchpoint: 'displays/1', id, counts };
}
const row = (over = {}) => ({ survey: 'nps-support', version: '3', day: '2026-11-23', shown: 4, dismissed: 1, completed: 2, ...over });

for (const backend of backends()) {
  test(`counts add up, a retried batch adds nothing, the figures are made of what is stored (${backend.name})`, async () => {
    const db = await backend.freshDb();
    let c = await startCollector(['--rate', '0', '--token', READER], { db });
    try {
      const first = batch([row({ reached: { nps: 4, why: 3 } }), row({ day: '2026-11-24', shown: 6, dismissed: 2, completed: 3 })]);
      let r = await send(c, first);
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.json, { rows: 2, duplicate: false });
      // The same batch again (a retry after a lost answer): acknowledged, counted once.
      r = await send(c, first);
      assert.equal(r.status, 200);
      assert.deepEqual(r.json, { rows: 0, duplicate: true });
      // The same batch as text/plain (what sendBeacon sends) with its members in another order.
      r = await send(c, JSON.stringify({ counts: first.counts, id: first.id, touchpoint: 'displays/1' }), 'text/plain');
      assert.equal(r.json.duplicate, true);
      // The same id with other counts: refused, the first counts kept.
      r = await send(c, batch([row({ shown: 40 })], first.id));
      assert.equal(r.status, 422);
      assert.equal(r.json.errors[0].pointer, '/id');
      // Another batch adds to the same day; another version is its own row.
      assert.equal((await send(c, batch([row({ shown: 1, dismissed: 0, completed: 1, reached: { nps: 1, why: 1, resolved: 1 } })]))).status, 200);
      assert.equal((await send(c, batch([row({ version: '4', shown: 5, dismissed: 5, completed: 0 })]))).status, 200);

      const stored = sql(db, "SELECT shown, dismissed, completed FROM display_counts WHERE survey = 'nps-support' AND version = '3' AND day = '2026-11-23'");
      assert.deepEqual(stored, [['5', '1', '3']]);
      assert.deepEqual(sql(db, 'SELECT COUNT(*) FROM display_batches'), [['3']], 'three batches; the retries and the conflict added none');

      await c.stop();
      c = await startCollector(['--rate', '0', '--token', READER], { db }); // persisted
      r = await report(c, 'nps-support');
      assert.equal(r.status, 200, r.text);
      const shown = 5 + 6 + 5, completed = 3 + 3 + 0;
      assert.equal(r.json.total.shown, shown);
      assert.equal(r.json.total.completed, completed);
      assert.equal(r.json.total.dismissed, 1 + 2 + 5);
      assert.equal(r.json.total.rate, Math.round((1000 * completed) / shown) / 10);
      assert.deepEqual(r.json.by_day.map((d) => [d.day, d.shown, d.completed]), [['2026-11-23', 10, 3], ['2026-11-24', 6, 3]]);
      assert.deepEqual(r.json.by_version.map((v) => [v.version, v.shown, v.rate]), [['3', 11, 54.5], ['4', 5, 0]]);
      // Drop-off: over the rows that carried reached counts (day 2026-11-23 of version 3: 5 shown).
      assert.equal(r.json.dropoff.base, 5);
      const reached = Object.fromEntries(r.json.dropoff.questions.map((q) => [q.question, q.reached]));
      assert.deepEqual(reached, { nps: 5, why: 4, resolved: 1 });
      // A period: from/to are UTC days, inclusive.
      r = await report(c, 'nps-support', '?from=2026-11-24&to=2026-11-24');
      assert.equal(r.json.total.shown, 6);
      assert.equal(r.json.total.rate, 50);
      r = await report(c, 'nobody-shows-this');
      assert.equal(r.json.total.shown, 0);
      assert.equal(r.json.total.rate, null);
    } finally {
      await c.stop();
    }
  });
}

test('a batch with anything but counts is refused at its pointer, and nothing of it is added', async () => {
  const c = await startCollector(['--rate', '0', '--token', READER]);
  try {
    const cases = [
      [{ ...batch([row()]), visitor: 'v-42' }, '/visitor'],
      [batch([{ ...row(), ip: '10.0.0.1' }]), '/counts/0/ip'],
      [batch([row(), { ...row(), userAgent: 'Mozilla/5.0' }]), '/counts/1/userAgent'],
      [batch([{ ...row(), page: '/checkout' }]), '/counts/0/page'],
      [batch([row({ shown: -1 })]), '/counts/0/shown'],
      [batch([row({ day: '2026-02-30' })]), '/counts/0/day'],
      [batch([row()], 'visitor-42'), '/id'],
      [{ ...batch([row()]), touchpoint: 'response/1' }, '/touchpoint'],
    ];
    for (const [body, pointer] of cases) {
      const r = await send(c, body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.ok(r.json.errors.some((e) => e.pointer === pointer), `${pointer}: ${r.text}`);
    }
    const syntax = await send(c, '{"touchpoint": "displays/1",');
    assert.equal(syntax.status, 400);
    assert.match(syntax.json.errors[0].message, /line 1/);
    assert.equal((await report(c, 'nps-support')).json.total.shown, 0);
  } finally {
    await c.stop();
  }
});

test('limits: rows per batch, counts, body size, content type, rate; the report needs the read token', async () => {
  const c = await startCollector(['--token', READER, '--rate', '0.01', '--burst', '4', '--max-body', '65536']);
  try {
    const many = batch(Array.from({ length: 501 }, (_, i) => row({ survey: `s${i}` })));
    let r = await send(c, many);
    assert.equal(r.status, 400);
    assert.equal(r.json.errors[0].pointer, '/counts');
    r = await send(c, batch([row({ completed: 1000001 })]));
    assert.equal(r.status, 400);
    assert.equal(r.json.errors[0].pointer, '/counts/0/completed');
    r = await send(c, batch([row({ survey: 'x'.repeat(70000) })]));
    assert.equal(r.status, 413);
    r = await send(c, '<counts/>', 'application/xml');
    assert.equal(r.status, 415);
    // The burst is 4 requests (the 413 above never reached a handler): the fifth is over the rate.
    assert.equal((await send(c, batch([row()]))).status, 200);
    const limited = await send(c, batch([row()]));
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers['retry-after']) >= 1);
    assert.equal((await request(c.origin, 'GET', '/v1/studio/surveys/nps-support/displays')).status, 401);
    assert.equal((await report(c, 'nps-support', '?from=yesterday')).status, 400);
  } finally {
    await c.stop();
  }
});
