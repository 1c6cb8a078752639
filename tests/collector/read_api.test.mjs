// The read API of the real collector: bearer-token auth, NDJSON and CSV export, the live feed
// (cursor, long poll), and aggregates equal to `touchpoint score` on the exported responses; the
// same cases over each storage backend (SQLite file, private PostgreSQL cluster).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startCollector, post, request, makeResponse, touchpoint, backends } from './lib/collector.mjs';

const token = 'tok-Zx9_0123456789.abc';

test('without --token the read API is closed; --demo opens it to loopback clients only', async () => {
  const closed = await startCollector(['--rate', '0']);
  try {
    const r = await request(closed.origin, 'GET', '/v1/export');
    assert.equal(r.status, 401);
    assert.match(r.json.errors[0].message, /--token/);
  } finally {
    await closed.stop();
  }
  const demo = await startCollector(['--rate', '0', '--demo', '--seed', '0']);
  try {
    assert.equal((await request(demo.origin, 'GET', '/v1/export')).status, 200);
  } finally {
    await demo.stop();
  }
});

test('long polls never take every handler thread: with 4 threads and 6 waiting feeds a response is still stored at once', async () => {
  const c = await startCollector(['--rate', '0', '--token', token, '--threads', '4']);
  try {
    const headers = { authorization: `Bearer ${token}` };
    const now = (await request(c.origin, 'GET', '/v1/feed?since=now', { headers })).json.next;
    const started = Date.now();
    const polls = Array.from({ length: 6 }, () => request(c.origin, 'GET', `/v1/feed?since=${now}&wait=20`, { headers }));
    await new Promise((r) => setTimeout(r, 500)); // every poll has arrived: 1 waits (a quarter of 4), the others answered
    const fresh = makeResponse({ nps: 3 });
    assert.equal((await post(c.origin, fresh)).status, 200);
    assert.ok(Date.now() - started < 5000, 'the response was stored while long polls were open');
    const answers = await Promise.all(polls);
    for (const a of answers) assert.equal(a.status, 200);
    // The waiting one was woken with the response; the others had answered at once, empty, with a cursor to ask again.
    assert.equal(answers.filter((a) => a.json.responses.length === 1).length, 1);
    assert.ok(answers.every((a) => a.json.next), 'every answer carries the cursor to poll again');
    assert.ok(Date.now() - started < 10000, 'no poll ran into its 20 s timeout');
  } finally {
    await c.stop();
  }
});

for (const backend of backends()) {
  describe(`read API over ${backend.name}`, () => {
    let c;
    const auth = { authorization: `Bearer ${token}` };
    const get = (p, headers = auth) => request(c.origin, 'GET', p, { headers });

    // 66 responses over two touchpoints and two surveys, with known NPS categories.
    const responses = [];
    before(async () => {
      c = await startCollector(['--rate', '0', '--token', token], { db: await backend.freshDb() });
      for (let i = 0; i < 60; i++) {
        const touchpoint = i % 2 ? 'demo-call' : 'pricing-page';
        responses.push(makeResponse({ nps: i % 11, journey: { map: 'b2b-purchase', stage: i % 2 ? 'decision' : 'search', touchpoint } }));
      }
      for (let i = 0; i < 6; i++) responses.push(makeResponse({ survey: { id: 'csat-delivery', version: '1', hash: 'sha256:' + 'ab'.repeat(16) } }));
      assert.equal((await post(c.origin, responses)).status, 200);
    });
    after(async () => {
      await c.stop();
    });

    test('the read API needs the bearer token', async () => {
      for (const p of ['/v1/export', '/v1/feed', '/v1/aggregates?by=touchpoint']) {
        const none = await get(p, {});
        assert.equal(none.status, 401, p);
        assert.match(none.headers['www-authenticate'], /^Bearer/);
        assert.equal((await get(p, { authorization: 'Bearer wrong' })).status, 401, p);
        assert.equal((await get(p, { authorization: `Basic ${token}` })).status, 401, p);
        assert.equal((await get(p)).status, 200, p);
      }
    });

    test('export as NDJSON gives every stored payload in order, filtered by survey or map', async () => {
      const all = await get('/v1/export?format=ndjson');
      assert.equal(all.status, 200);
      assert.match(all.headers['content-type'], /application\/x-ndjson/);
      const lines = all.text.trimEnd().split('\n').map((l) => JSON.parse(l));
      assert.deepEqual(lines, responses);
      const csat = (await get('/v1/export?survey=csat-delivery')).text.trimEnd().split('\n');
      assert.equal(csat.length, 6);
      const none = await get('/v1/export?map=no-such-map');
      assert.equal(none.text, '');
      assert.equal((await get('/v1/export?format=xml')).status, 400);
    });

    test('export as CSV uses the core codec: header plus one row per response', async () => {
      const r = await get('/v1/export?format=csv');
      assert.equal(r.status, 200);
      assert.match(r.headers['content-type'], /text\/csv/);
      const rows = r.text.split('\r\n').filter(Boolean);
      assert.equal(rows[0], 'id,survey,version,submitted,locale,map,stage,touchpoint,nps,csat,csat_scale,ces,ces_scale,alert,redactions,answers');
      assert.equal(rows.length, responses.length + 1);
      assert.ok(rows[1].startsWith(responses[0].id + ',nps-support,3,'));
    });

    test('the feed returns new responses after a cursor and the cursor to use next', async () => {
      const first = await get('/v1/feed?since=0&limit=50');
      assert.equal(first.status, 200);
      assert.equal(first.json.responses.length, 50);
      assert.deepEqual(first.json.responses, responses.slice(0, 50));
      const second = await get(`/v1/feed?since=${first.json.next}&limit=50`);
      assert.deepEqual(second.json.responses, responses.slice(50));
      const empty = await get(`/v1/feed?since=${second.json.next}`);
      assert.deepEqual(empty.json.responses, []);
      // SQLite's cursor is the last row's seq; PostgreSQL's may move on up to its horizon.
      if (backend.name === 'sqlite') assert.equal(empty.json.next, second.json.next);
      assert.equal((await get('/v1/feed?since=abc')).status, 400);
      assert.equal((await get('/v1/feed?wait=999')).status, 400);
    });

    test('a long-polling feed request returns as soon as a response arrives', async () => {
      const now = await get('/v1/feed?since=now');
      assert.deepEqual(now.json.responses, []);
      const started = Date.now();
      const waiting = get(`/v1/feed?since=${now.json.next}&wait=20`);
      await new Promise((r) => setTimeout(r, 300));
      const fresh = makeResponse({ nps: 10 });
      assert.equal((await post(c.origin, fresh)).status, 200);
      const r = await waiting;
      assert.deepEqual(r.json.responses, [fresh]);
      assert.ok(Date.now() - started < 5000, 'woken by the commit, not by the timeout');
      responses.push(fresh);
    });

    test('aggregates are the core Aggregator numbers, equal to `touchpoint score` on the export', async () => {
      const r = await get('/v1/aggregates?survey=nps-support&by=touchpoint,stage');
      assert.equal(r.status, 200, r.text);
      const groups = r.json.groups;
      assert.equal(groups.length, 2, JSON.stringify(groups));
      // Independent check of the NPS of each touchpoint.
      for (const tp of ['demo-call', 'pricing-page']) {
        const mine = responses.filter((p) => p.survey.id === 'nps-support' && p.journey.touchpoint === tp);
        const group = groups.find((g) => g.key.touchpoint === tp);
        assert.equal(group.n, mine.length);
        const promoters = mine.filter((p) => p.answers.nps >= 9).length;
        const detractors = mine.filter((p) => p.answers.nps <= 6).length;
        assert.equal(group.nps.promoters, promoters);
        assert.equal(group.nps.detractors, detractors);
        assert.equal(group.nps.value, Math.round(((promoters - detractors) / mine.length) * 1000) / 10);
      }
      assert.equal((await get('/v1/aggregates?by=nonsense')).status, 400);

      // The same numbers from the CLI on the exported NDJSON.
      const dir = fs.mkdtempSync(path.join(c.dir, 'score-'));
      const file = path.join(dir, 'export.ndjson');
      fs.writeFileSync(file, (await get('/v1/export?survey=nps-support')).text);
      const cli = spawnSync(touchpoint, ['score', file, '--by', 'touchpoint', '--by', 'stage'], { encoding: 'utf8' });
      assert.equal(cli.status, 0, cli.stderr);
      assert.deepEqual(JSON.parse(cli.stdout), r.json);
    });
  });
}
