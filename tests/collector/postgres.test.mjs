// The PostgreSQL backend as several collectors behind one load balancer use it: two collectors on
// one database (idempotency across them, alerts sent once), the live feed's exactly-once cursor
// when transactions commit out of order, commits that never wait for the rollups' compactor
// (the responses since its last round read as the tail), connection strings and outages (clear errors, 503 while
// the database is away, never a false 2xx, reconnection). A private cluster serves this file.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { startCollector, post, request, sql, makeResponse, repoRoot, touchpoint, tempDir } from './lib/collector.mjs';
import { filePostgres, freePort, rollupTail, rollupsCompacted, superPassword } from './lib/postgres.mjs';

const clusterReady = filePostgres();
const token = 'pg-read-token-0123456789';
const auth = { authorization: `Bearer ${token}` };
const running = [];
after(async () => {
  for (const c of running) await c.stop();
});

async function twoCollectors(extra = []) {
  const db = (await clusterReady).createDatabase();
  const a = await startCollector(['--rate', '0', '--token', token, ...extra], { db });
  const b = await startCollector(['--rate', '0', '--token', token, ...extra], { db });
  running.push(a, b);
  return { db, a, b };
}

// Another session on the database, fed statements one at a time: waitFor(re) waits (10 s at
// most) until its output matches; commit() commits its transaction and ends it.
function psqlSession(db) {
  const proc = spawn('psql', ['-X', '-d', db], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout.on('data', (d) => (out += d));
  const waitFor = async (re) => {
    const end = Date.now() + 10000;
    while (!re.test(out)) {
      if (Date.now() > end) throw new Error(`psql said: ${out}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return {
    write: (text) => proc.stdin.write(text),
    output: () => out,
    waitFor,
    async commit() {
      proc.stdin.write('COMMIT;\n');
      await waitFor(/COMMIT/);
      proc.stdin.end();
    },
  };
}

// The collector's canonical form: keys sorted at every level, compact (nlohmann's dump).
const canonical = (v) => Array.isArray(v) ? `[${v.map(canonical).join(',')}]`
  : v && typeof v === 'object' ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`
  : JSON.stringify(v);

// Reads the whole feed from a cursor until it comes back empty; returns [ids, last cursor].
async function drainFeed(origin, cursor) {
  const ids = [];
  for (;;) {
    const r = await request(origin, 'GET', `/v1/feed?since=${cursor}&limit=200`, { headers: auth });
    assert.equal(r.status, 200, r.text);
    for (const p of r.json.responses) ids.push(p.id);
    if (r.json.responses.length === 0) return [ids, r.json.next];
    cursor = r.json.next;
  }
}

test('two collectors on one database: 10,000 concurrent posts of one response store one row; a changed body is 422 from either', async () => {
  const { db, a, b } = await twoCollectors();
  const p = makeResponse();
  const body = JSON.stringify(p);
  const results = await Promise.all(Array.from({ length: 10000 }, (_, i) => post(i % 2 ? b.origin : a.origin, body)));
  const statuses = new Map();
  for (const r of results) statuses.set(r.status, (statuses.get(r.status) || 0) + 1);
  assert.deepEqual([...statuses], [[200, 10000]]);
  assert.equal(results.filter((r) => r.json.stored === 1).length, 1);
  assert.equal(results.filter((r) => r.json.duplicates === 1).length, 9999);
  assert.deepEqual(sql(db, `SELECT COUNT(*) FROM responses WHERE id='${p.id}'`), [['1']]);

  const changed = { ...p, answers: { ...p.answers, nps: 3 } };
  for (const c of [a, b]) {
    const r = await post(c.origin, changed);
    assert.equal(r.status, 422, r.text);
    assert.equal(r.json.errors[0].pointer, '/id');
  }
  assert.deepEqual(JSON.parse(sql(db, `SELECT payload FROM responses WHERE id='${p.id}'`)[0][0]), p);
});

test('the same new batch raced through both collectors is stored once, all-or-nothing', async () => {
  const { db, a, b } = await twoCollectors();
  for (let round = 0; round < 20; round++) {
    const batch = Array.from({ length: 10 }, () => makeResponse());
    const [ra, rb] = await Promise.all([post(a.origin, batch), post(b.origin, [...batch].reverse())]);
    assert.equal(ra.status, 200, ra.text);
    assert.equal(rb.status, 200, rb.text);
    assert.equal(ra.json.stored + rb.json.stored, 10);
    assert.equal(ra.json.duplicates + rb.json.duplicates, 10);
  }
  assert.deepEqual(sql(db, 'SELECT COUNT(*), COUNT(DISTINCT id) FROM responses'), [['200', '200']]);
});

test('the feed holds back rows behind a transaction still open, then gives every row exactly once', async () => {
  const { db, a } = await twoCollectors();
  const head = await request(a.origin, 'GET', '/v1/feed?since=now', { headers: auth });
  assert.match(head.json.next, /^\d+\.\d+$/);
  // Another writer's transaction takes a seq first and commits last.
  const late = makeResponse({ nps: 6 });
  const payload = canonical(late);
  const hash = crypto.createHash('sha256').update(payload).digest('hex');
  const holder = psqlSession(db);
  holder.write(`BEGIN;\nINSERT INTO responses(id,hash,survey,map,payload) VALUES ('${late.id}','${hash}','nps-support','b2b-purchase',$j$${payload}$j$) RETURNING 'seq=' || seq;\nSELECT 'xid=' || pg_current_xact_id();\n`);
  await holder.waitFor(/xid=\d+/);
  const lateSeq = Number(/seq=(\d+)/.exec(holder.output())[1]);
  const lateXid = Number(/xid=(\d+)/.exec(holder.output())[1]);
  const early = Array.from({ length: 5 }, () => makeResponse());
  assert.equal((await post(a.origin, early)).status, 200);
  const seqs = sql(db, `SELECT seq FROM responses WHERE id IN (${early.map((p) => `'${p.id}'`).join(',')})`).map((r) => Number(r[0]));
  assert.ok(seqs.every((s) => s > lateSeq), 'the open transaction holds the lower seq');

  // A naive "seq > cursor" poll would now hand out the five and move past the open one's seq.
  const held = await request(a.origin, 'GET', `/v1/feed?since=${head.json.next}`, { headers: auth });
  assert.deepEqual(held.json.responses, []);
  assert.ok(Number(held.json.next.split('.')[0]) <= lateXid, `the cursor ${held.json.next} stays at or below the open transaction ${lateXid}`);

  await holder.commit();
  const [ids] = await drainFeed(a.origin, held.json.next);
  assert.deepEqual(ids.sort(), [late.id, ...early.map((p) => p.id)].sort());
});

test('commits never wait for the rollups\' compactor: their responses are read as the tail until it folds them in', async () => {
  const { db, a } = await twoCollectors();
  const agree = async (n) => {
    for (const query of ['?by=touchpoint', '?by=survey,locale,day']) {
      const fromRollups = await request(a.origin, 'GET', `/v1/aggregates${query}`, { headers: auth });
      const fromScan = await request(a.origin, 'GET', `/v1/aggregates${query}&source=scan`, { headers: auth });
      assert.equal(fromRollups.headers['x-touchpoint-source'], 'rollups', fromRollups.text);
      assert.equal(fromRollups.text, fromScan.text);
      assert.match(fromRollups.text, new RegExp(`"n":${n},"nps"`));
    }
  };
  // Another session holds the compactor's lock (tools/collector/pg_rollups.cpp): neither collector can compact.
  const holder = psqlSession(db);
  holder.write("BEGIN;\nSELECT 'held=' || pg_advisory_xact_lock(74251102, 0)::text;\n");
  await holder.waitFor(/held=/);
  const started = Date.now();
  const r = await post(a.origin, [makeResponse({ nps: 3 }), makeResponse({ nps: 8 }), makeResponse({ nps: 10 })]);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.stored, 3);
  assert.ok(Date.now() - started < 5000, 'the commit did not wait for the lock');
  assert.equal((await post(a.origin, makeResponse({ nps: 0 }))).status, 200);
  await new Promise((resolve) => setTimeout(resolve, 1500));  // a compactor's round passes: it cannot run
  assert.equal(rollupTail(db), 4, 'all four in the tail');
  assert.deepEqual(sql(db, 'SELECT COUNT(*) FROM rollups'), [['0']], 'no commit wrote a rollup row');
  await agree(4);
  await holder.commit();
  await rollupsCompacted(db);
  assert.deepEqual(sql(db, "SELECT COUNT(*) FROM rollups WHERE grouping = '' AND shard = 0"), [['1']], 'one cell, compacted');
  await agree(4);
});

test('responses someone else folded are not counted again from the compactor\'s memory', async () => {
  // The compactor folds its own writers' responses from memory (pg_rollups.cpp), but only those
  // still in the tail when its round runs: here the snapshot moves past them (as another
  // collector's round would, having read them back) while the rollups stay empty.
  const db = (await clusterReady).createDatabase();
  const a = await startCollector(['--rate', '0', '--token', token], { db });
  running.push(a);
  const n = async () => {
    const fromRollups = await request(a.origin, 'GET', '/v1/aggregates?by=survey', { headers: auth });
    assert.equal(fromRollups.headers['x-touchpoint-source'], 'rollups', fromRollups.text);
    return fromRollups.json.groups.reduce((sum, g) => sum + g.n, 0);
  };
  const holder = psqlSession(db);
  holder.write("BEGIN;\nSELECT 'held=' || pg_advisory_xact_lock(74251102, 0)::text;\n");
  await holder.waitFor(/held=/);
  assert.equal((await post(a.origin, [makeResponse({ nps: 3 }), makeResponse({ nps: 8 }), makeResponse({ nps: 10 })])).status, 200);
  assert.equal((await post(a.origin, makeResponse({ nps: 0 }))).status, 200);
  assert.equal(await n(), 4, 'read as the tail');
  holder.write("UPDATE rollup_meta SET value = pg_current_snapshot()::text WHERE name = 'folded';\nSELECT 'moved=' || COUNT(*) FROM rollup_meta WHERE name = 'folded';\n");
  await holder.waitFor(/moved=1/);
  // One more, after that snapshot: the round that folds it has all five in memory.
  assert.equal((await post(a.origin, makeResponse({ nps: 9 }))).status, 200);
  assert.equal(await n(), 5, 'the snapshot moves when the holder commits');
  await holder.commit();
  await rollupsCompacted(db);
  assert.equal(await n(), 1, 'the four are not counted from memory, the fifth is');
  const [[base]] = sql(db, "SELECT state FROM rollups WHERE grouping = '' AND shard = 0");
  assert.equal(JSON.parse(base).groupings[0].responses, 1);
});

test('a transaction left open elsewhere does not hold the rollups back', async () => {
  // Its id stays among the running ones of every snapshot (a pg_dump does this for its whole
  // run): the tail is what began after the recorded snapshot or was running then, not everything
  // since the oldest running transaction.
  const db = (await clusterReady).createDatabase();
  const a = await startCollector(['--rate', '0', '--token', token], { db });
  running.push(a);
  const holder = psqlSession(db);
  holder.write("BEGIN;\nSELECT 'xid=' || pg_current_xact_id()::text;\n");
  await holder.waitFor(/xid=/);
  for (let i = 0; i < 3; i++) assert.equal((await post(a.origin, makeResponse({ nps: 8 + i }))).status, 200);
  await rollupsCompacted(db);
  const [[xmin]] = sql(db, "SELECT pg_snapshot_xmin(value::pg_snapshot)::text FROM rollup_meta WHERE name = 'folded'");
  assert.ok(Number(xmin) <= Number(/xid=(\d+)/.exec(holder.output())[1]), `the open transaction was running when the snapshot (xmin ${xmin}) was taken`);
  const fromRollups = await request(a.origin, 'GET', '/v1/aggregates?by=survey', { headers: auth });
  assert.equal(fromRollups.json.groups[0].n, 3);
  await holder.commit();
});

test('a stopped collector\'s last responses are read as the tail, then folded by another', async () => {
  const db = (await clusterReady).createDatabase();
  const a = await startCollector(['--rate', '0', '--token', token], { db });
  const holder = psqlSession(db);
  holder.write("BEGIN;\nSELECT 'held=' || pg_advisory_xact_lock(74251102, 0)::text;\n");
  await holder.waitFor(/held=/);
  // Cells with different rows (a segment, a question only some answer): absorbing them checks
  // the null groups of rows only one side has.
  const answered = makeResponse({ nps: 2, answers: { nps: 2, why: '太慢了', resolved: 'no' } });
  answered.scores.nps.value = 2;
  const segmented = makeResponse({ nps: 10, context: { page: '/pricing', segment: { plan: 'pro' } } });
  assert.equal((await post(a.origin, [makeResponse({ nps: 7 }), answered])).status, 200);
  assert.equal((await post(a.origin, segmented)).status, 200);
  await a.stop();  // its last round cannot take the lock: what it remembered is gone with it
  assert.equal(rollupTail(db), 3);
  const editor = 'pg-editor-token-0123456789';
  const b = await startCollector(['--rate', '0', '--token', token, '--editor-token', editor], { db });
  running.push(b);
  const survey = fs.readFileSync(path.join(repoRoot, 'examples/surveys/nps-support.json'), 'utf8');
  const put = await request(b.origin, 'PUT', '/v1/studio/surveys/nps-support?publish=1', { body: survey, headers: { authorization: `Bearer ${editor}` } });
  assert.ok(put.status === 200 || put.status === 201, put.text);
  const agree = async () => {
    for (const query of ['?by=touchpoint', '?by=touchpoint,segment.plan', '?by=survey,locale,day']) {
      const fromRollups = await request(b.origin, 'GET', `/v1/aggregates${query}`, { headers: auth });
      const fromScan = await request(b.origin, 'GET', `/v1/aggregates${query}&source=scan`, { headers: auth });
      assert.equal(fromRollups.headers['x-touchpoint-source'], 'rollups', fromRollups.text);
      assert.equal(fromRollups.text, fromScan.text, query);
    }
    const results = await request(b.origin, 'GET', '/v1/studio/surveys/nps-support/results', { headers: auth });
    const scanned = await request(b.origin, 'GET', '/v1/studio/surveys/nps-support/results?source=scan', { headers: auth });
    assert.equal(results.json.source, 'rollups', results.text);
    assert.equal(results.json.responses, 3);
    assert.deepEqual({ ...results.json, source: 'scan' }, scanned.json);
  };
  await agree();  // from the tail
  assert.equal(rollupTail(db), 3, 'not folded while the lock is held');
  await holder.commit();
  await rollupsCompacted(db);  // read back by the other collector's compactor
  assert.deepEqual(sql(db, "SELECT COUNT(*) FROM rollups WHERE grouping = '' AND shard = 0"), [['1']]);
  await agree();  // from the cell they were added to
});

test('the feed gives every row exactly once while two collectors commit concurrently', async () => {
  const { db, a, b } = await twoCollectors();
  let cursor = '0';
  const seen = [];
  let writing = true;
  const writer = async (origin, n) => {
    let posted = 0;
    while (writing) {
      const batch = Array.from({ length: 1 + (n % 4) }, () => makeResponse());
      const r = await post(origin, batch.length === 1 ? batch[0] : batch);
      assert.equal(r.status, 200, r.text);
      posted += batch.length;
    }
    return posted;
  };
  const reader = (async () => {
    while (writing) {
      const [ids, next] = await drainFeed(seen.length % 2 ? b.origin : a.origin, cursor);
      seen.push(...ids);
      cursor = next;
    }
  })();
  const writers = Array.from({ length: 12 }, (_, n) => writer(n % 2 ? a.origin : b.origin, n));
  await new Promise((r) => setTimeout(r, 2500));
  writing = false;
  const posted = (await Promise.all(writers)).reduce((x, y) => x + y, 0);
  await reader;
  const [rest] = await drainFeed(a.origin, cursor);
  seen.push(...rest);
  const storedIds = sql(db, 'SELECT id FROM responses').map((r) => r[0]);
  assert.equal(storedIds.length, posted);
  assert.equal(new Set(seen).size, seen.length, 'no row twice');
  assert.deepEqual([...seen].sort(), storedIds.sort(), 'every row once');
});

test('an alert is delivered once although two collectors poll the same outbox', async () => {
  const received = [];
  const hook = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push(req.headers['idempotency-key']);
      setTimeout(() => res.writeHead(200).end(), 30);  // slow enough for the other collector to look
    });
  });
  await new Promise((r) => hook.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${hook.address().port}/hook`;
    const { db, a, b } = await twoCollectors(['--alert-webhook', url, '--alert-backoff', '0.05']);
    const detractors = Array.from({ length: 30 }, () => makeResponse({ nps: 1 }));
    for (let i = 0; i < detractors.length; i += 3) {
      assert.equal((await post(i % 2 ? a.origin : b.origin, detractors.slice(i, i + 3))).status, 200);
    }
    const end = Date.now() + 15000;
    while (sql(db, 'SELECT COUNT(*) FROM alert_outbox')[0][0] !== '0') {
      assert.ok(Date.now() < end, 'the outbox drains');
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual([...received].sort(), detractors.map((p) => p.id).sort());
  } finally {
    await new Promise((r) => hook.close(r));
  }
});

test('while PostgreSQL is down requests get 503, never 2xx; the collector reconnects when it is back', async () => {
  const cluster = await clusterReady;
  const { db, a } = await twoCollectors();
  const before = makeResponse();
  assert.equal((await post(a.origin, before)).status, 200);
  cluster.kill();
  try {
    for (let i = 0; i < 5; i++) {
      const r = await post(a.origin, makeResponse());
      assert.equal(r.status, 503, r.text);
      assert.equal(r.headers['retry-after'], '1');
      const feed = await request(a.origin, 'GET', '/v1/feed?since=0', { headers: auth });
      assert.equal(feed.status, 503);
    }
    const health = await request(a.origin, 'GET', '/healthz');
    assert.equal(health.status, 503, 'a load balancer sees the outage');
    assert.deepEqual(JSON.parse(health.text), { status: 'unavailable', database: 'unreachable' });
  } finally {
    cluster.start();
  }
  const p = makeResponse();
  const end = Date.now() + 15000;
  let r;
  do {
    r = await post(a.origin, p);
    assert.ok(r.status === 200 || r.status === 503, r.text);
    if (r.status !== 200) await new Promise((res) => setTimeout(res, 100));
  } while (r.status !== 200 && Date.now() < end);
  assert.equal(r.status, 200, 'reconnected');
  assert.equal((await request(a.origin, 'GET', '/healthz')).status, 200);
  assert.deepEqual(sql(db, `SELECT COUNT(*) FROM responses WHERE id IN ('${before.id}','${p.id}')`), [['2']]);
  assert.match(a.log(), /storing failed/);
});

function serveOnce(db) {
  return spawnSync(touchpoint, ['serve', '--listen', '127.0.0.1:0', '--db', db], { encoding: 'utf8', timeout: 20000 });
}

test('a bad connection string or an unreachable server is a clear startup error, without the password', async () => {
  for (const [db, reason] of [
    ['postgresql://app:hunter2-secret@127.0.0.1/tp?no_such_option=1', /invalid URI query parameter: "no_such_option"/],
    ["host=127.0.0.1 password=hunter2-secret dbname='tp", /unterminated quoted string/],
  ]) {
    const bad = serveOnce(db);
    assert.equal(bad.status, 1, bad.stderr);
    assert.match(bad.stderr, /^touchpoint serve: not a valid PostgreSQL connection string: /);
    assert.match(bad.stderr, reason);
    assert.doesNotMatch(bad.stderr, /hunter2/);
  }
  const badPort = serveOnce('postgresql://app:hunter2-secret@127.0.0.1:notaport/tp');
  assert.equal(badPort.status, 1, badPort.stderr);
  assert.match(badPort.stderr, /invalid integer value "notaport" for connection option "port"/);
  assert.doesNotMatch(badPort.stderr, /hunter2/);

  const port = await freePort();
  const down = serveOnce(`postgres://app:hunter2-secret@127.0.0.1:${port}/tp`);
  assert.equal(down.status, 1, down.stderr);
  assert.match(down.stderr, new RegExp(`^touchpoint serve: cannot connect to PostgreSQL at host=127\\.0\\.0\\.1 port=${port} dbname=tp user=app: .*refused.*\n$`));
  assert.doesNotMatch(down.stderr, /hunter2/);

  const cluster = await clusterReady;
  const wrong = serveOnce(cluster.uri('postgres', 'postgres', 'wrong-password-xyz'));
  assert.equal(wrong.status, 1, wrong.stderr);
  assert.match(wrong.stderr, /password authentication failed/);
  assert.doesNotMatch(wrong.stderr, /wrong-password-xyz/);

  const missing = serveOnce(`host=${cluster.socketDir} port=${cluster.port} dbname=no_such_db user=postgres`);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /database "no_such_db" does not exist/);
});

test('a URI with a password over TCP works, and the password appears in no log line', async () => {
  const cluster = await clusterReady;
  cluster.createDatabase('tp_uri');
  const c = await startCollector(['--rate', '0', '--token', token], { db: cluster.uri('tp_uri'), dir: tempDir() });
  running.push(c);
  const p = makeResponse();
  assert.equal((await post(c.origin, p)).status, 200);
  await c.stop();
  assert.match(c.log(), /database postgresql host=127\.0\.0\.1 port=\d+ dbname=tp_uri user=postgres/);
  assert.ok(!c.log().includes(superPassword), c.log());
  assert.deepEqual(sql(cluster.conninfo('tp_uri'), 'SELECT COUNT(*) FROM responses'), [['1']]);
});

test('two collectors starting at once on an empty database both create-or-find the schema', async () => {
  const db = (await clusterReady).createDatabase();
  const [a, b] = await Promise.all([startCollector(['--rate', '0'], { db }), startCollector(['--rate', '0'], { db })]);
  running.push(a, b);
  assert.equal((await post(a.origin, makeResponse())).status, 200);
  assert.equal((await post(b.origin, makeResponse())).status, 200);
  assert.deepEqual(sql(db, 'SELECT COUNT(*) FROM responses'), [['2']]);
});

test('the connection string may come from the --config file', async () => {
  const cluster = await clusterReady;
  const db = cluster.createDatabase();
  const dir = tempDir();
  const config = path.join(dir, 'serve.json');
  fs.writeFileSync(config, JSON.stringify({ db, rate: 0, token }));
  const c = await startCollector(['--config', config], { db: false, dir });
  running.push(c);
  assert.match(c.log(), /database postgresql host=\S+ port=\d+ dbname=tp_\d+ user=postgres \(synchronous_commit=on\)/);
  const p = makeResponse();
  assert.equal((await post(c.origin, p)).status, 200);
  assert.deepEqual(sql(db, `SELECT id FROM responses`), [[p.id]]);
});

test("a long poll on one collector is answered soon after another collector's commit", async () => {
  const { a, b } = await twoCollectors();
  const head = await request(b.origin, 'GET', '/v1/feed?since=now', { headers: auth });
  const started = Date.now();
  const waiting = request(b.origin, 'GET', `/v1/feed?since=${head.json.next}&wait=20`, { headers: auth });
  await new Promise((r) => setTimeout(r, 300));
  const p = makeResponse();
  assert.equal((await post(a.origin, p)).status, 200);
  const r = await waiting;
  assert.deepEqual(r.json.responses, [p]);
  assert.ok(Date.now() - started < 5000, `answered after ${Date.now() - started} ms, not at the 20 s timeout`);
});

test('alerts claimed by a collector that stops are handed back, not held for their lease', async () => {
  const received = [];
  let delay = 1500;
  const hook = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push(req.headers['idempotency-key']);
      setTimeout(() => res.writeHead(200).end(), delay);
    });
  });
  await new Promise((r) => hook.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${hook.address().port}/hook`;
    const db = (await clusterReady).createDatabase();
    const a = await startCollector(['--rate', '0', '--alert-webhook', url, '--alert-backoff', '0.05'], { db });
    const detractors = Array.from({ length: 5 }, () => makeResponse({ nps: 0 }));
    assert.equal((await post(a.origin, detractors)).status, 200);
    const until = async (cond, ms) => {
      const end = Date.now() + ms;
      while (!cond()) {
        assert.ok(Date.now() < end, `timed out; received ${received.length}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await until(() => received.length === 1, 8000);  // A is inside its first (slow) delivery
    await a.stop();
    delay = 0;
    const b = await startCollector(['--rate', '0', '--alert-webhook', url, '--alert-backoff', '0.05'], { db });
    running.push(b);
    await until(() => received.length === 5, 8000);
    assert.deepEqual([...received].sort(), detractors.map((p) => p.id).sort(), 'each alert once');
    await until(() => sql(db, 'SELECT COUNT(*) FROM alert_outbox')[0][0] === '0', 8000);
  } finally {
    await new Promise((r) => hook.close(r));
  }
});

test('a database whose responses table is not the collector\'s is a clear startup error', async () => {
  const cluster = await clusterReady;
  const db = cluster.createDatabase();
  cluster.sql(db, 'CREATE TABLE responses(id integer PRIMARY KEY, note text)');
  const r = serveOnce(db);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /has tables named responses\/alert_outbox that are not the collector's \(.*column "(seq|survey)" does not exist.*\): use another database, or a schema of its own/);
});

test('a filtered feed moves its cursor past rows of other maps instead of rescanning them', async () => {
  const { a } = await twoCollectors();
  const other = Array.from({ length: 30 }, () => makeResponse({ journey: { map: 'onboarding', stage: 'signup', touchpoint: 'form' } }));
  assert.equal((await post(a.origin, other)).status, 200);
  const first = await request(a.origin, 'GET', '/v1/feed?since=0&map=b2b-purchase', { headers: auth });
  assert.deepEqual(first.json.responses, []);
  assert.notEqual(first.json.next, '0', 'the cursor moved past the 30 rows of the other map');
  const mine = makeResponse();
  assert.equal((await post(a.origin, mine)).status, 200);
  const second = await request(a.origin, 'GET', `/v1/feed?since=${first.json.next}&map=b2b-purchase`, { headers: auth });
  assert.deepEqual(second.json.responses, [mine]);
  const all = await request(a.origin, 'GET', '/v1/feed?since=0&limit=100', { headers: auth });
  assert.equal(all.json.responses.length, 31);
});
