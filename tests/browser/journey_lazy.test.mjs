// When <touchpoint-journey> loads its viewer (a few hundred KB of wasm) and data (Chromium):
//   - an element already in the viewport starts loading as soon as its module has run, without
//     waiting for the intersection observer's first report (which comes after a rendering update);
//   - an element far below the fold loads nothing until it is scrolled near the viewport, then shows
//     its map;
//   - its DOM table is filled once, with the responses, when they come with the map; with the map
//     alone first when they are slow (shown with the canvas's map).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { startServer, repoRoot } from './lib/server.mjs';
import { launchBrowser, collectErrors } from './lib/browser.mjs';

const touchpoint = process.env.TOUCHPOINT || path.join(repoRoot, 'build/native-release/tools/touchpoint');

// The element after `spacer` px of page, its attributes set right after it is inserted (as a page
// script may do); window.tpStartedAtImport: whether loading had begun when the module's import resolved.
const page = (spacer) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<style>html, body { margin: 0; } touchpoint-journey { height: 600px; }</style></head><body>
<div style="height: ${spacer}px"></div>
<script type="module">
  const el = document.createElement('touchpoint-journey');
  el.addEventListener('touchpoint:journey-ready', () => { document.documentElement.dataset.ready = 'true'; });
  el.addEventListener('touchpoint:journey-error', (e) => { document.documentElement.dataset.error = e.detail.message; });
  document.body.append(el);
  el.setAttribute('src', '/examples/journeys/b2b-purchase.json');
  await import('/dist/touchpoint-journey.js');
  window.tpStartedAtImport = performance.getEntriesByName('touchpoint:start').length > 0;
</script></body></html>`;

// The map with `responses` (delayed by `delay` ms): window.tpFills lists each fill of the table's
// body as [rows, total count of its first stage's row]; its observer starts when the element's
// module has run, before the viewer is loaded.
const tablePage = (delay) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<style>html, body { margin: 0; } touchpoint-journey { height: 600px; }</style></head><body>
<script type="module">
  const el = document.createElement('touchpoint-journey');
  el.addEventListener('touchpoint:journey-ready', () => { document.documentElement.dataset.ready = 'true'; });
  el.addEventListener('touchpoint:journey-error', (e) => { document.documentElement.dataset.error = e.detail.message; });
  el.setAttribute('src', '/examples/journeys/b2b-purchase.json');
  el.setAttribute('responses', '/lazy/responses.ndjson?delay=${delay}');
  document.body.append(el);
  await import('/dist/touchpoint-journey.js');
  const body = el.shadowRoot.querySelector('tbody');
  window.tpFills = [];
  new MutationObserver(() => window.tpFills.push([body.rows.length,
    Number(body.querySelector('tr[data-stage] td.num')?.textContent.replace(/\\D/g, '') || 0)])).observe(body, { childList: true });
</script></body></html>`;

let server, browser;
before(async () => {
  const responses = execFileSync(touchpoint, ['generate', '--survey', 'examples/surveys/b2b-role.json', '--journey',
    'examples/journeys/b2b-purchase.json', '--count', '300', '--seed', '5'], { cwd: repoRoot, maxBuffer: 1 << 26 });
  server = await startServer({
    handlers: {
      '/lazy/top.html': (req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(0)),
      '/lazy/below.html': (req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(4000)),
      '/lazy/table-now.html': (req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(tablePage(0)),
      '/lazy/table-slow.html': (req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(tablePage(2500)),
      '/lazy/responses.ndjson': (req, res) => setTimeout(() => res.writeHead(200, { 'content-type': 'application/x-ndjson' }).end(responses),
        Number(new URL(req.url, 'http://x').searchParams.get('delay'))),
    },
  });
  browser = await launchBrowser({ webgl: true });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

// Waits for the element's ready event; fails on its error event.
async function ready(p) {
  await p.waitForSelector('html[data-ready="true"], html[data-error]', { state: 'attached', timeout: 120000 });
  assert.equal(await p.evaluate(() => document.documentElement.dataset.error), undefined);
}

// A page of the test server and the errors it reports.
async function open(pathname) {
  const p = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  const errors = collectErrors(p);
  await p.goto(`${server.origin}${pathname}`);
  return { p, errors };
}

const viewerRequested = (p) => p.evaluate(() =>
  performance.getEntriesByType('resource').some((e) => /touchpoint-viewer\.(js|wasm)$/.test(e.name)));

test('an element in the viewport starts loading when its module has run, and shows the map named after insertion', async () => {
  const { p, errors } = await open('/lazy/top.html');
  await p.waitForFunction(() => 'tpStartedAtImport' in window, null, { timeout: 60000 });
  assert.equal(await p.evaluate(() => window.tpStartedAtImport), true, 'loading began before any rendering update');
  await ready(p);
  const table = await p.evaluate(() => document.querySelector('touchpoint-journey').table());
  assert.ok(table.stages.length > 0, 'the map set after insertion was loaded');
  assert.deepEqual(errors, []);
  await p.close();
});

test('an element far below the fold loads nothing until it is scrolled near the viewport', async () => {
  const { p, errors } = await open('/lazy/below.html');
  await p.waitForFunction(() => 'tpStartedAtImport' in window, null, { timeout: 60000 });
  // Two rendering updates and a task: the observer has reported (not intersecting) by then.
  await p.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0)))));
  assert.equal(await p.evaluate(() => window.tpStartedAtImport), false);
  assert.equal(await p.evaluate(() => performance.getEntriesByName('touchpoint:start').length), 0, 'not loading');
  assert.equal(await viewerRequested(p), false, 'no request for the viewer');
  await p.evaluate(() => document.querySelector('touchpoint-journey').scrollIntoView());
  await ready(p);
  assert.equal(await viewerRequested(p), true, 'the viewer loaded once in view');
  assert.deepEqual(errors, []);
  await p.close();
});

// Filled for the map and again for its responses, the table's rows were built twice before the
// first frame (tests/bench/viewer_first_frame.mjs): the first fill was never seen.
test('the table is filled once, with the responses, when they come with the map', async () => {
  const { p, errors } = await open('/lazy/table-now.html');
  await ready(p);
  const fills = await p.evaluate(() => window.tpFills);
  assert.equal(fills.length, 1, `one fill, not ${JSON.stringify(fills)}`);
  assert.ok(fills[0][0] > 10 && fills[0][1] > 0, `the map's rows with the responses' counts: ${JSON.stringify(fills)}`);
  assert.deepEqual(errors, []);
  await p.close();
});

test('slow responses: the table shows the map alone with the canvas, then the responses', async () => {
  const { p, errors } = await open('/lazy/table-slow.html');
  // The canvas shows the map without its responses after 300 ms; the table with it.
  await p.waitForFunction(() => window.tpFills?.length > 0, null, { timeout: 60000 });
  assert.equal(await p.evaluate(() => document.documentElement.dataset.ready), undefined, 'before the responses');
  const [rows, count] = (await p.evaluate(() => window.tpFills))[0];
  assert.ok(rows > 10 && count === 0, `the map's rows, no counts yet: ${rows} rows, ${count}`);
  await ready(p);
  const last = (await p.evaluate(() => window.tpFills)).at(-1);
  assert.ok(last[1] > 0, `then the responses' counts: ${JSON.stringify(last)}`);
  assert.deepEqual(errors, []);
  await p.close();
});
