// Acknowledged means durable: a collector killed with SIGKILL in the middle of a load run, then
// restarted on the same database, still has every response it answered 2xx for (SQLite file, and
// PostgreSQL where the collector is killed, not the database).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCollector, post, sql, makeResponse, request, backends } from './lib/collector.mjs';

for (const backend of backends()) {
  test(`SIGKILL during a load run loses no acknowledged response (${backend.name})`, async () => {
    const first = await startCollector(['--rate', '0'], { db: await backend.freshDb() });
    const acked = new Set();
    let stop = false;
    let attempted = 0;
    // 24 posters, singles and batches of 5, until the server dies under them.
    const poster = async (n) => {
      while (!stop) {
        const batch = n % 3 === 0 ? Array.from({ length: 5 }, () => makeResponse()) : [makeResponse()];
        attempted += batch.length;
        try {
          const r = await post(first.origin, batch.length === 1 ? batch[0] : batch);
          if (r.status === 200) for (const p of batch) acked.add(p.id);
        } catch {
          // connection reset by the kill: not acknowledged, so it may or may not be stored
        }
      }
    };
    const posters = Array.from({ length: 24 }, (_, n) => poster(n));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    first.proc.kill('SIGKILL');
    await first.exited;
    stop = true;
    await Promise.all(posters);
    assert.ok(acked.size > 200, `the load run acknowledged only ${acked.size} responses`);

    const second = await startCollector(['--rate', '0'], { db: first.db, dir: first.dir });
    try {
      const storedIds = new Set(sql(second.db, 'SELECT id FROM responses').map((r) => r[0]));
      const lost = [...acked].filter((id) => !storedIds.has(id));
      assert.deepEqual(lost, [], `${lost.length} of ${acked.size} acknowledged responses lost (${attempted} attempted)`);
      assert.ok(storedIds.size <= attempted);
      // The restarted collector keeps working on the recovered database.
      const r = await post(second.origin, makeResponse());
      assert.equal(r.status, 200);
      const health = await request(second.origin, 'GET', '/healthz');
      assert.equal(health.status, 200);
    } finally {
      await second.stop();
    }
  });
}
