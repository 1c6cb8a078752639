// Detractor alerts go to the --alert-webhook from a durable outbox: retried with backoff while the
// webhook fails, delivered after a restart, and never sent for responses without an alert.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startCollector, post, makeResponse, sql, backends } from './lib/collector.mjs';

// A webhook answering each request with the next status of `statuses` (then 200).
async function webhook(statuses = []) {
  const received = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const status = statuses.length ? statuses.shift() : 200;
      received.push({ status, headers: req.headers, url: req.url, body: JSON.parse(body), at: Date.now() });
      res.writeHead(status).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/hooks/cx`, received, close: () => new Promise((r) => server.close(r)) };
}

const until = async (cond, ms = 8000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

for (const backend of backends()) {
  test(`a detractor alert is posted to the webhook, retried with backoff after failures (${backend.name})`, async () => {
    const hook = await webhook([500, 503]);
    const c = await startCollector(['--rate', '0', '--alert-webhook', hook.url, '--alert-backoff', '0.2'], { db: await backend.freshDb() });
    try {
      const detractor = makeResponse({ nps: 2 });
      const promoter = makeResponse({ nps: 10 });
      assert.equal((await post(c.origin, [detractor, promoter])).status, 200);
      await until(() => hook.received.some((r) => r.status === 200));
      assert.deepEqual(hook.received.map((r) => r.status), [500, 503, 200]);
      const delivered = hook.received[2];
      assert.equal(delivered.url, '/hooks/cx');
      assert.equal(delivered.headers['idempotency-key'], detractor.id);
      assert.equal(delivered.body.type, 'dev.touchpoint.alert.v1');
      assert.deepEqual(delivered.body.alert, detractor.alert);
      assert.deepEqual(delivered.body.response, detractor);
      // Exponential backoff: the second retry waited about twice as long as the first.
      const gap1 = hook.received[1].at - hook.received[0].at;
      const gap2 = hook.received[2].at - hook.received[1].at;
      assert.ok(gap1 >= 150 && gap2 >= 350, `gaps ${gap1} ms, ${gap2} ms`);
      await until(() => Number(sql(c.db, 'SELECT COUNT(*) FROM alert_outbox')[0][0]) === 0);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(hook.received.length, 3, 'the promoter raised no alert and nothing was sent twice');
    } finally {
      await c.stop();
      await hook.close();
    }
  });

  test(`alerts queued while the webhook is down survive a restart and are delivered (${backend.name})`, async () => {
    const hook = await webhook([500, 500, 500, 500, 500, 500, 500, 500, 500, 500]);
    const c = await startCollector(['--rate', '0', '--alert-webhook', hook.url, '--alert-backoff', '3'], { db: await backend.freshDb() });
    const ok = await webhook();
    let again;
    try {
      const detractor = makeResponse({ nps: 0 });
      assert.equal((await post(c.origin, detractor)).status, 200);
      // The webhook has the attempt before the collector has its answer: wait until the failed
      // attempt (and its retry time) is in the outbox, then kill the collector before the retry.
      const attempts = () => sql(c.db, 'SELECT attempts FROM alert_outbox').map((row) => Number(row[0]));
      await until(() => attempts()[0] === 1);
      c.proc.kill('SIGKILL');
      await c.exited;
      assert.equal(hook.received.length, 1);
      assert.deepEqual(attempts(), [1]);
      again = await startCollector(['--rate', '0', '--alert-webhook', ok.url, '--alert-backoff', '0.1'], { db: c.db, dir: c.dir });
      // The persisted retry time (3 s after the failed attempt) is honoured across the restart.
      await until(() => ok.received.length === 1, 9000);
      assert.deepEqual(ok.received[0].body.response, detractor);
    } finally {
      c.proc.kill('SIGKILL');
      await again?.stop();
      await hook.close();
      await ok.close();
    }
  });
}
