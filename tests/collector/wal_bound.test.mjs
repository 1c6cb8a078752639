// The SQLite WAL stays bounded under sustained ingest (--wal-limit): without the bound a passive
// checkpoint never catches up with a writer that never pauses, and the WAL grows for as long as
// ingest lasts. Posters that never pause push several times the limit through the WAL while a
// reader follows the live feed; after every acknowledged batch the WAL file must be under the
// limit plus twice the most it grew between two acknowledgements (one group commit's pages: a
// reader may slip onto the old WAL just as a restart finishes, and the writer then appends once
// more before it restarts). Nothing is timed: the run is a fixed number of posts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startCollector, post, request, makeResponse, rowCount } from './lib/collector.mjs';

const LIMIT = 1 << 20;  // the smallest --wal-limit the collector accepts
const POSTERS = 4;
const BATCHES = 150;    // per poster
const BATCH = 10;
const TOTAL = POSTERS * BATCHES * BATCH;
const token = 'wal-bound-reader-token';

function walSize(db) {
  try {
    return fs.statSync(`${db}-wal`).size;
  } catch {
    return 0;  // not created yet
  }
}

test('under sustained ingest the WAL stays under --wal-limit plus two commits, and a feed reader misses nothing', async (t) => {
  const c = await startCollector(['--rate', '0', '--wal-limit', String(LIMIT), '--token', token]);
  const sizes = [];  // the WAL's size after each acknowledgement, in order
  let posting = true;
  let read = 0;
  const headers = { authorization: `Bearer ${token}` };
  // A reader following the feed throughout, in small pages (short read transactions): it must
  // never be refused, and it ends up with every response.
  const reader = (async () => {
    let cursor = '0';
    for (;;) {
      const done = !posting;
      const r = await request(c.origin, 'GET', `/v1/feed?since=${cursor}&limit=200`, { headers });
      assert.equal(r.status, 200, r.text);
      read += r.json.responses.length;
      cursor = r.json.next;
      if (done && r.json.responses.length === 0) return;
    }
  })();
  const poster = async () => {
    for (let b = 0; b < BATCHES; b++) {
      const r = await post(c.origin, Array.from({ length: BATCH }, () => makeResponse()));
      assert.equal(r.status, 200, r.text);
      sizes.push(walSize(c.db));
    }
  };
  try {
    await Promise.all(Array.from({ length: POSTERS }, poster));
    posting = false;
    await reader;
    assert.equal(read, TOTAL, 'the feed reader saw every response');
    assert.equal(rowCount(c.db), TOTAL);
  } finally {
    posting = false;
    await c.stop();
  }
  // One group commit's worth: the most the file grew between two acknowledgements.
  let step = 0;
  for (let i = 1; i < sizes.length; i++) step = Math.max(step, sizes[i] - sizes[i - 1]);
  const peak = Math.max(...sizes);
  // A restart that succeeded still lets one more commit append when a reader read the WAL's header
  // just before the restart finished and takes its read mark on the old WAL just after (SQLite
  // cannot start the WAL over under a reader); the writer restarts before its next group. Seen once
  // in about ten CI runs (3 pages past the limit plus one commit, no restart given up, two samples
  // in a row past the limit); such a reader is the one cause of it we found.
  // A restart waits at most 250 ms for readers to leave the WAL; when one held its snapshot longer
  // (a feed page on a busy machine), the collector says so on stderr, carries on, and tries again
  // once the WAL has grown by another eighth of the limit: each such give-up stretches the bound.
  const gaveUp = (c.log().match(/WAL restart gave up/g) || []).length;
  const bound = LIMIT + 2 * step + gaveUp * (LIMIT / 8 + step);
  t.diagnostic(`WAL peak ${peak} bytes, one commit ${step}, restarts given up ${gaveUp}`);
  assert.ok(peak <= bound, `the WAL peaked at ${peak} bytes, over the limit of ${LIMIT} plus two commits (${step} each) and ${gaveUp} restarts given up`);
  assert.ok(peak < 2 * LIMIT, `the WAL peaked at ${peak} bytes: short feed pages never keep it from restarting for long`);
  assert.ok(step > 0 && step < LIMIT / 2, `one group commit adds ${step} bytes to the WAL, well under the limit`);
  // The run pushed several limits' worth through the WAL: all of it ends up in the database file.
  const dbSize = fs.statSync(c.db).size;
  assert.ok(dbSize > 3 * LIMIT, `the database holds ${dbSize} bytes, more than 3 limits' worth`);
  assert.equal(walSize(c.db), 0, 'a clean stop folds the WAL in and truncates it');
});
