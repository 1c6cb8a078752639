// When <touchpoint-journey> loads its viewer (a few hundred KB of wasm) and data (Chromium):
//   - an element already in the viewport starts loading as soon as its module has run, without
//     waiting for the intersection observer's first report (which comes after a rendering update);
//   - an element far below the fold loads nothing until it is scrolled near the viewport, then shows
//     its map.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launchBrowser, collectErrors } from './lib/browser.mjs';

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

let server, browser;
before(async () => {
  server = await startServer({
    handlers: {
      '/lazy/top.html': (req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(0)),
      '/lazy/below.html': (req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(4000)),
    },
  });
  browser = await launchBrowser({ webgl: true });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const viewerRequested = (p) => p.evaluate(() =>
  performance.getEntriesByType('resource').some((e) => /touchpoint-viewer\.(js|wasm)$/.test(e.name)));

test('an element in the viewport starts loading when its module has run, and shows the map named after insertion', async () => {
  const p = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  const errors = collectErrors(p);
  await p.goto(`${server.origin}/lazy/top.html`);
  await p.waitForFunction(() => 'tpStartedAtImport' in window, null, { timeout: 60000 });
  assert.equal(await p.evaluate(() => window.tpStartedAtImport), true, 'loading began before any rendering update');
  await p.waitForSelector('html[data-ready="true"], html[data-error]', { state: 'attached', timeout: 120000 });
  assert.equal(await p.evaluate(() => document.documentElement.dataset.error), undefined);
  const table = await p.evaluate(() => document.querySelector('touchpoint-journey').table());
  assert.ok(table.stages.length > 0, 'the map set after insertion was loaded');
  assert.deepEqual(errors, []);
  await p.close();
});

test('an element far below the fold loads nothing until it is scrolled near the viewport', async () => {
  const p = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  const errors = collectErrors(p);
  await p.goto(`${server.origin}/lazy/below.html`);
  await p.waitForFunction(() => 'tpStartedAtImport' in window, null, { timeout: 60000 });
  // Two rendering updates and a task: the observer has reported (not intersecting) by then.
  await p.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0)))));
  assert.equal(await p.evaluate(() => window.tpStartedAtImport), false);
  assert.equal(await p.evaluate(() => performance.getEntriesByName('touchpoint:start').length), 0, 'not loading');
  assert.equal(await viewerRequested(p), false, 'no request for the viewer');
  await p.evaluate(() => document.querySelector('touchpoint-journey').scrollIntoView());
  await p.waitForSelector('html[data-ready="true"], html[data-error]', { state: 'attached', timeout: 120000 });
  assert.equal(await p.evaluate(() => document.documentElement.dataset.error), undefined);
  assert.equal(await viewerRequested(p), true, 'the viewer loaded once in view');
  assert.deepEqual(errors, []);
  await p.close();
});
