// POST /v1/responses against the real collector, over each storage backend (SQLite file, and a
// private PostgreSQL cluster): every accepted content type, validation errors with JSON pointers,
// idempotency on the response id, hostile strings, and what is (not) stored.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import { startCollector, post, sql, rowCount, makeResponse, cloudEvent, request, backends } from './lib/collector.mjs';

for (const backend of backends()) {
  describe(`ingest into ${backend.name}`, () => {
    let c;
    before(async () => {
      c = await startCollector(['--rate', '0', '--max-batch', '100'], { db: await backend.freshDb() });
    });
    after(async () => {
      await c.stop();
    });

    const stored = (id) => sql(c.db, `SELECT payload FROM responses WHERE id='${id}'`).map((r) => JSON.parse(r[0]));

    test('a single payload as application/json is stored once, canonically', async () => {
      const p = makeResponse();
      const r = await post(c.origin, p);
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.json, { accepted: 1, stored: 1, duplicates: 0 });
      assert.deepEqual(stored(p.id), [p]);
    });

    test('a JSON array batch is stored in one request', async () => {
      const batch = [makeResponse(), makeResponse({ nps: 7 }), makeResponse({ nps: 2 })];
      const r = await post(c.origin, batch);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.stored, 3);
      for (const p of batch) assert.deepEqual(stored(p.id), [p]);
    });

    test('a CloudEvents structured event and a CloudEvents batch are unwrapped', async () => {
      const one = makeResponse();
      let r = await post(c.origin, cloudEvent(one), 'application/cloudevents+json; charset=utf-8');
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(stored(one.id), [one]);
      const two = [makeResponse(), makeResponse()];
      r = await post(c.origin, two.map(cloudEvent), 'application/cloudevents-batch+json');
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.stored, 2);
      for (const p of two) assert.deepEqual(stored(p.id), [p]);
    });

    test('text/plain bodies (sendBeacon) may hold a payload, a batch, an event or an event batch', async () => {
      const shapes = [
        (p) => p,
        (p) => [p],
        (p) => cloudEvent(p),
        (p) => [cloudEvent(p)],
      ];
      for (const shape of shapes) {
        const p = makeResponse();
        const r = await post(c.origin, JSON.stringify(shape(p)), 'text/plain;charset=UTF-8');
        assert.equal(r.status, 200, r.text);
        assert.deepEqual(stored(p.id), [p]);
      }
    });

    test('posts answered from the event loop and a batch over 64 KiB (parsed on a handler thread) share one keep-alive connection', async () => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const big = Array.from({ length: 100 }, () => makeResponse({ context: { page: '/' + 'x'.repeat(700) } }));
      const bodies = [makeResponse(), big, makeResponse(), big.map(() => makeResponse()), makeResponse()];
      assert.ok(Buffer.byteLength(JSON.stringify(big)) > 64 * 1024);
      const sockets = new Set();
      const send = (body) => new Promise((resolve, reject) => {
        const data = JSON.stringify(body);
        const req = http.request(c.origin + '/v1/responses', {
          method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) },
        }, (res) => {
          const chunks = [];
          res.on('data', (chunk) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
        });
        req.on('socket', (socket) => sockets.add(socket));
        req.on('error', reject);
        req.end(data);
      });
      try {
        const answers = await Promise.all(bodies.map(send));
        assert.deepEqual(answers.map((a) => a.status), [200, 200, 200, 200, 200]);
        assert.deepEqual(answers.map((a) => a.json.stored), [1, 100, 1, 100, 1]);
        assert.equal(sockets.size, 1, 'every request went over the same connection');
        for (const body of bodies) for (const p of [body].flat()) assert.deepEqual(stored(p.id), [p]);
      } finally {
        agent.destroy();
      }
    });

    test('other content types are refused with 415', async () => {
      const p = makeResponse();
      const r = await post(c.origin, JSON.stringify(p), 'application/x-www-form-urlencoded');
      assert.equal(r.status, 415);
      assert.match(r.json.errors[0].message, /unsupported content type/);
      assert.equal(stored(p.id).length, 0);
    });

    test('invalid bodies get 400 with a JSON pointer per error, and nothing of the batch is stored', async () => {
      let r = await post(c.origin, '{"touchpoint": "response/1",', 'application/json');
      assert.equal(r.status, 400);
      assert.equal(r.json.errors[0].pointer, '');
      assert.match(r.json.errors[0].message, /not valid JSON/);

      const good = makeResponse();
      const bad = makeResponse();
      delete bad.answers;
      r = await post(c.origin, [good, bad]);
      assert.equal(r.status, 400);
      assert.ok(r.json.errors.some((e) => e.pointer === '/1/answers'), r.text);
      assert.equal(stored(good.id).length, 0, 'a batch is all-or-nothing');

      const event = cloudEvent(makeResponse());
      event.data.id = 'not-a-uuid';
      r = await post(c.origin, event, 'application/cloudevents+json');
      assert.equal(r.status, 400);
      assert.ok(r.json.errors.some((e) => e.pointer === '/id'), r.text);

      const wrongType = cloudEvent(makeResponse());
      wrongType.type = 'com.example.other';
      r = await post(c.origin, [wrongType], 'application/cloudevents-batch+json');
      assert.equal(r.status, 400);
      assert.deepEqual(r.json.errors.map((e) => e.pointer), ['/0/type']);

      r = await post(c.origin, makeResponse(), 'application/cloudevents-batch+json');
      assert.equal(r.status, 400, 'a batch content type needs an array');
      r = await post(c.origin, []);
      assert.equal(r.status, 400);
      assert.match(r.json.errors[0].message, /empty/);
    });

    test('absurdly nested bodies are refused cleanly', async () => {
      const deep = '['.repeat(5000) + ']'.repeat(5000);
      const r = await post(c.origin, deep, 'text/plain');
      assert.equal(r.status, 400);
      const alive = await request(c.origin, 'GET', '/healthz');
      assert.equal(alive.status, 200);
    });

    test('same id and same body: the same 2xx again and no new row; different body: 422', async () => {
      const p = makeResponse();
      const first = await post(c.origin, p);
      assert.equal(first.status, 200);
      const before = rowCount(c.db);
      // The same response re-sent in another shape (CloudEvent, beacon) is still the same response.
      for (const [body, type] of [[p, 'application/json'], [cloudEvent(p), 'application/cloudevents+json'], [JSON.stringify(p), 'text/plain']]) {
        const again = await post(c.origin, body, type);
        assert.equal(again.status, first.status);
        assert.deepEqual(again.json, { accepted: 1, stored: 0, duplicates: 1 });
      }
      assert.equal(rowCount(c.db), before);

      const changed = { ...p, answers: { ...p.answers, nps: 10 } };
      const conflict = await post(c.origin, changed);
      assert.equal(conflict.status, 422);
      assert.equal(conflict.json.errors[0].pointer, '/id');
      assert.deepEqual(stored(p.id), [p], 'the first body is kept');

      // In a batch, a conflicting item rolls back the whole request and is named by its index.
      const fresh = makeResponse();
      const r = await post(c.origin, [fresh, changed]);
      assert.equal(r.status, 422);
      assert.equal(r.json.errors[0].pointer, '/1/id');
      assert.equal(stored(fresh.id).length, 0);
    });

    test('10,000 concurrent posts of the same response store exactly one row', async () => {
      const p = makeResponse();
      const body = JSON.stringify(p);
      const results = await Promise.all(Array.from({ length: 10000 }, () => post(c.origin, body)));
      const statuses = new Map();
      for (const r of results) statuses.set(r.status, (statuses.get(r.status) || 0) + 1);
      assert.deepEqual([...statuses], [[200, 10000]]);
      assert.equal(results.filter((r) => r.json.stored === 1).length, 1);
      assert.equal(results.filter((r) => r.json.duplicates === 1).length, 9999);
      assert.equal(Number(sql(c.db, `SELECT COUNT(*) FROM responses WHERE id='${p.id}'`)[0][0]), 1);
    });

    test('SQL-injection strings and long CJK strings are stored verbatim', async () => {
      const hostile = [
        "'); DROP TABLE responses; --",
        "1' OR '1'='1",
        'Robert"); DELETE FROM responses WHERE ("1"="1',
        '\u0000 nul and \\ backslash',
        '客户之声 '.repeat(20000),
      ];
      for (const text of hostile) {
        const p = makeResponse({ answers: { nps: 8, comment: text }, context: { page: "/p'--" } });
        const r = await post(c.origin, p);
        assert.equal(r.status, 200, r.text);
        assert.deepEqual(stored(p.id), [p]);
      }
      assert.ok(rowCount(c.db) > 0, 'the table is still there');
    });

    test('no IP address, user agent or request header ever reaches the database', async () => {
      const ua = 'Mozilla/5.0 (X11; Linux x86_64) TouchpointTestAgent/1.0 unique-ua-marker';
      const p = makeResponse();
      const r = await post(c.origin, p, 'application/json', {
        'user-agent': ua,
        'x-forwarded-for': '203.0.113.77',
        cookie: 'session=cookie-marker',
        referer: 'http://127.0.0.1/referer-marker',
      });
      assert.equal(r.status, 200);
      let files;
      if (backend.name === 'sqlite') {
        const columns = sql(c.db, 'PRAGMA table_info(responses)').map((row) => row[1]);
        assert.deepEqual(columns, ['seq', 'id', 'hash', 'survey', 'map', 'payload']);
        files = [c.db, c.db + '-wal'];
      } else {
        const columns = sql(c.db, "SELECT column_name FROM information_schema.columns WHERE table_name='responses' ORDER BY ordinal_position");
        assert.deepEqual(columns.map((row) => row[0]), ['seq', 'id', 'hash', 'survey', 'map', 'payload', 'tx']);
        // The database's own files and the cluster's write-ahead log.
        const oid = sql(c.db, 'SELECT oid FROM pg_database WHERE datname = current_database()')[0][0];
        files = (await backend.cluster).dataFiles().filter((f) => f.includes(`/base/${oid}/`) || f.includes('/pg_wal/'));
        assert.ok(files.some((f) => f.includes('/pg_wal/')));
      }
      // Every byte of the stored data is searched.
      for (const file of files) {
        if (!fs.existsSync(file)) continue;
        const bytes = fs.readFileSync(file).toString('latin1');
        for (const marker of ['127.0.0.1', '203.0.113.77', 'unique-ua-marker', 'TouchpointTestAgent', 'cookie-marker', 'referer-marker']) {
          assert.ok(!bytes.includes(marker), `${marker} found in ${file}`);
        }
      }
      assert.equal(stored(p.id).length, 1, 'the response itself was stored');
      assert.ok(!c.log().includes('127.0.0.1:' + r.headers['x-remote-port']), 'no access log of addresses');
    });
  });
}
