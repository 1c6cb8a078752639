// Large responses aggregated in Web Workers (web/src/journey/parallel.js): the parts' states merged
// by the core must give exactly the single pass's numbers — with the SIMD build and the scalar one,
// with several worker counts, over a server and from the offline bundle (file://, blob: workers) —
// and those numbers are `touchpoint score`'s. One page per case, Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, repoRoot, distDir } from './lib/server.mjs';
import { launchBrowser, collectErrors, openOfflineBundle } from './lib/browser.mjs';

const touchpoint = process.env.TOUCHPOINT || path.join(repoRoot, 'build/native-release/tools/touchpoint');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-parallel-'));
let server, browser, file, clean;
// The held download's body waits until the test calls releaseBody (see "a download this large...").
let releaseBody;
const bodyReleased = new Promise((resolve) => { releaseBody = resolve; });
const HELD_COPIES = 20;  // copies of the clean file served as one download: more than the element's 64 MB stream threshold

before(async () => {
  // Two surveys on one map, and two bad lines (not JSON; a payload without its version) in the middle.
  const gen = (survey, seed) => execFileSync(touchpoint, ['generate', '--survey', `examples/surveys/${survey}.json`,
    '--journey', 'examples/journeys/b2b-purchase.json', '--count', '3000', '--seed', String(seed), '--days', '150'],
  { cwd: repoRoot, maxBuffer: 1 << 28 }).toString();
  const [a, b] = [gen('b2b-role', 3), gen('csat-delivery', 4)];
  file = path.join(tmp, 'b2b.ndjson');  // served
  fs.writeFileSync(file, a + 'not json\n{"answers":{}}\n' + b);
  clean = path.join(tmp, 'b2b-clean.ndjson');  // bundled (the bundle refuses bad lines)
  fs.writeFileSync(clean, a + b);
  server = await startServer({
    handlers: {
      '/data/b2b.ndjson': (req, res) => res.writeHead(200, { 'content-type': 'application/x-ndjson' }).end(fs.readFileSync(file)),
      // Its headers (the length) at once, its body only when the test lets it go.
      '/data/held.ndjson': async (req, res) => {
        const body = Buffer.concat(Array(HELD_COPIES).fill(fs.readFileSync(clean)));
        res.writeHead(200, { 'content-type': 'application/x-ndjson', 'content-length': body.length });
        res.flushHeaders();
        await bodyReleased;
        res.end(body);
      },
    },
  });
  browser = await launchBrowser({ webgl: true });
});
after(async () => {
  await browser?.close();
  await server?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

// `touchpoint score` prints its groups and exits 1 when it met bad lines.
const score = (data, by) => JSON.parse(spawnSync(touchpoint, ['score', data, '--by', by], { maxBuffer: 1 << 26 }).stdout.toString());

// Streams the responses (fetched, or the bundle's inline copy) in several ways; returns each way's
// status and table.
async function streamEveryWay(page, source) {
  return page.evaluate(async (source) => {
    const el = document.querySelector('touchpoint-journey');
    const bytes = source === 'inline' ? new TextEncoder().encode(document.getElementById('tp-responses').textContent)
      : new Uint8Array(await (await fetch('/data/b2b.ndjson')).arrayBuffer());
    // simd2slices: 4,093-byte messages, cutting lines (and UTF-8 sequences) anywhere and reusing
    // each worker's few buffers hundreds of times.
    const ways = { single: { workers: 0 }, simd2: { workers: 2 }, simd2slices: { workers: 2, slice: 4093 },
      scalar3: { workers: 3, simd: false }, simd5: { workers: 5 }, simdDefault: {} };
    const out = {};
    for (const [name, options] of Object.entries(ways)) {
      const status = await el.streamResponseBytes(bytes, options);
      out[name] = { status, table: el.table(), cores: navigator.hardwareConcurrency };
    }
    out.warmUp = (await el._aggregatePool()).warmUp;  // the default pool's, the last one started
    return out;
  }, source);
}

function checkAgainstScore(table, data) {
  const byTp = new Map(score(data, 'touchpoint').groups.map((g) => [g.key.touchpoint, g]));
  const byStage = new Map(score(data, 'stage').groups.map((g) => [g.key.stage, g]));
  let compared = 0;
  for (const st of table.stages) {
    const s = byStage.get(st.id);
    assert.equal(st.scores.n, s ? s.n : 0, `stage ${st.id} n`);
    for (const tp of st.touchpoints) {
      const g = byTp.get(tp.id);
      if (!g) { assert.equal(tp.scores.n, 0); continue; }
      assert.equal(tp.scores.n, g.n, `${tp.id} n`);
      if (g.nps) assert.deepEqual([tp.scores.nps.value, tp.scores.nps.moe], [g.nps.value, g.nps.moe], `${tp.id} nps`);
      if (g.csat) assert.equal(tp.scores.csat.value, g.csat.value, `${tp.id} csat`);
      compared++;
    }
  }
  assert.ok(compared > 10, `compared ${compared} touchpoints`);
}

function checkWays({ warmUp, ...ways }, data, badLines) {
  // Each worker warmed up on the module's sample lines, every one read by the fast scan.
  assert.equal(warmUp.length, ways.simdDefault.status.workers);
  for (const w of warmUp) assert.deepEqual(w, { lines: 3584, fallbacks: 0, bad_lines: 0 });
  const { single } = ways;
  assert.equal(single.status.workers, 0);
  assert.equal('workers_wait_ms' in single.status, false, 'no workers, no wait');
  assert.equal(single.status.responses, 6000);
  assert.equal(single.status.bad_lines, badLines);
  for (const [name, way] of Object.entries(ways)) {
    if (name === 'single') continue;
    assert.ok(way.status.workers > 1, `${name}: ran in workers (${way.status.workers})`);
    assert.equal(way.status.simd, !name.startsWith('scalar'), `${name}: the ${name.startsWith('scalar') ? 'scalar' : 'SIMD'} build`);
    // How long the workers waited for the page: a time, so only its kind is checked.
    const { workers_wait_ms: waitMs, ...status } = way.status;
    assert.ok(Number.isInteger(waitMs) && waitMs >= 0, `${name}: workers_wait_ms ${waitMs}`);
    assert.deepEqual({ ...status, workers: 0, simd: false }, single.status, `${name}: status`);
    assert.deepEqual(way.table, single.table, `${name}: the merged table is the single pass's`);
  }
  assert.equal(ways.simd5.status.workers, 5);
  // By default one worker more than cores: the page thread feeding them shares the cores.
  const { cores } = ways.simdDefault;
  assert.equal(ways.simdDefault.status.workers, Math.min((cores || 2) + 1, 16), `default workers with ${cores} cores`);
  checkAgainstScore(single.table, data);
}

test('over a server: workers (SIMD and scalar) merge to the single pass, which is touchpoint score', async () => {
  const page = await browser.newPage({ viewport: { width: 1200, height: 700 } });
  const errors = collectErrors(page);
  await page.goto(`${server.origin}/tests/browser/pages/journey/viewer.html?map=/examples/journeys/b2b-purchase.json`);
  await page.waitForSelector('html[data-ready="true"], html[data-error]', { state: 'attached', timeout: 60000 });
  const ways = await streamEveryWay(page, 'fetch');
  checkWays(ways, file, 2);
  assert.deepEqual(errors, []);
  await page.close();
});

test('from the offline bundle (file://, no network): the workers start from blob: URLs', async () => {
  const out = path.join(tmp, 'demo.html');
  execFileSync(touchpoint, ['bundle', 'examples/journeys/b2b-purchase.json', clean, '-o', out, '--dist', distDir],
    { cwd: repoRoot, stdio: 'pipe' });
  const { context, page, requests, errors } = await openOfflineBundle(browser, out, { width: 1200, height: 700 });
  const ways = await streamEveryWay(page, 'inline');
  checkWays(ways, clean, 0);
  assert.deepEqual(requests.filter((u) => !u.startsWith('blob:') && !u.startsWith('data:')), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a download this large starts the workers (and their warm-up) before its bytes arrive', async () => {
  const page = await browser.newPage({ viewport: { width: 1200, height: 700 } });
  const errors = collectErrors(page);
  await page.goto(`${server.origin}/tests/browser/pages/journey/viewer.html?map=/examples/journeys/b2b-purchase.json&responses=/data/held.ndjson`);
  // The body is held: the pool can only have started from the headers' length.
  await page.waitForFunction(() => document.querySelector('touchpoint-journey')?._pool, null, { timeout: 60000 });
  const warmUp = await page.evaluate(async () => (await document.querySelector('touchpoint-journey')._pool).warmUp);
  assert.ok(warmUp.length >= 2 && warmUp.every((w) => w.lines > 0), JSON.stringify(warmUp));
  assert.equal(await page.getAttribute('html', 'data-ready'), null, 'not drawn before the responses came');
  releaseBody();
  await page.waitForSelector('html[data-ready="true"], html[data-error]', { state: 'attached', timeout: 60000 });
  assert.equal(await page.getAttribute('html', 'data-error'), null);
  // Streamed by those workers: every copy counted.
  const total = await page.evaluate(() => document.querySelector('touchpoint-journey').table().stages.reduce((n, s) => n + s.scores.n, 0));
  assert.equal(total, HELD_COPIES * 6000);
  assert.match(await page.evaluate(() => document.querySelector('touchpoint-journey').shadowRoot.querySelector('.status').textContent), /\d/);
  assert.deepEqual(errors, []);
  await page.close();
});
