// When <touchpoint-journey> loads its viewer (a few hundred KB of wasm) and data (Chromium):
//   - an element already in the viewport starts loading as soon as its module has run, without
//     waiting for the intersection observer's first report (which comes after a rendering update);
//   - an element far below the fold loads nothing until it is scrolled near the viewport, then shows
//     its map;
//   - its DOM table is filled once, with the responses, when they come with the map; with the map
//     alone first when they are slow (shown with the canvas's map);
//   - the map's frame comes first: the table and the status are filled in the frame after it, in
//     which the viewer draws nothing;
//   - the map's characters are measured (their fonts found) in the viewer's glyph context while the
//     viewer's code loads;
//   - its wasm, asked for beside the viewer's glue: served without the application/wasm type (which
//     streaming compilation needs) it still loads; missing, the element says which file and why.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, repoRoot, distDir } from './lib/server.mjs';
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
// module has run, before the viewer is loaded. window.tpAt: the table's rows, the status and the
// viewer's frames drawn so far when the element marks the map's frame drawn and shown, and at ready.
const tablePage = (delay) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<style>html, body { margin: 0; } touchpoint-journey { height: 600px; }</style></head><body>
<script type="module">
  const el = document.createElement('touchpoint-journey');
  window.tpAt = {};
  const seen = () => ({ rows: el.shadowRoot.querySelector('tbody').rows.length, status: el.shadowRoot.querySelector('.status').textContent,
    frames: JSON.parse(el._module.UTF8ToString(el._module._tp_viewer_timing())).frames });
  const mark = performance.mark.bind(performance);
  performance.mark = (name, options) => {
    if (name === 'touchpoint:drawn' || name === 'touchpoint:shown') window.tpAt[name.slice(11)] = seen();
    return mark(name, options);
  };
  el.addEventListener('touchpoint:journey-ready', () => {
    window.tpAt.ready = seen();
    document.documentElement.dataset.ready = 'true';
  });
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
      // The viewer from another folder (the element's `viewer` attribute, relative to the page): its
      // wasm as plain bytes, or missing.
      '/lazy/octet/touchpoint-viewer.js': (req, res) => res.writeHead(200, { 'content-type': 'text/javascript' })
        .end(fs.readFileSync(path.join(distDir, 'touchpoint-viewer.js'))),
      '/lazy/octet/touchpoint-viewer.wasm': (req, res) => res.writeHead(200, { 'content-type': 'application/octet-stream' })
        .end(fs.readFileSync(path.join(distDir, 'touchpoint-viewer.wasm'))),
      '/lazy/missing/touchpoint-viewer.js': (req, res) => res.writeHead(200, { 'content-type': 'text/javascript' })
        .end(fs.readFileSync(path.join(distDir, 'touchpoint-viewer.js'))),
      // The viewer's code late (a slow network): the map surely comes first.
      '/lazy/slow/touchpoint-viewer.js': (req, res) => setTimeout(() => res.writeHead(200, { 'content-type': 'text/javascript' })
        .end(fs.readFileSync(path.join(distDir, 'touchpoint-viewer.js'))), 400),
      '/lazy/slow/touchpoint-viewer.wasm': (req, res) => res.writeHead(200, { 'content-type': 'application/wasm' })
        .end(fs.readFileSync(path.join(distDir, 'touchpoint-viewer.wasm'))),
      '/lazy/viewer-from.html': (req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"></head><body><script type="module">
  const el = document.createElement('touchpoint-journey');
  el.addEventListener('touchpoint:journey-ready', () => { document.documentElement.dataset.ready = 'true'; });
  el.addEventListener('touchpoint:journey-error', (e) => { document.documentElement.dataset.error = e.detail.message; });
  el.setAttribute('viewer', new URLSearchParams(location.search).get('viewer'));
  el.setAttribute('src', '/examples/journeys/b2b-purchase.json');
  document.body.append(el);
  await import('/dist/touchpoint-journey.js');
</script></body></html>`),
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
// first frame (tests/bench/viewer_first_frame.mjs): the first fill was never seen. Filled before the
// map's frame, the table's rows and words (the page's first Intl.NumberFormat) and their layout held
// that frame back by 25–60 ms.
test('the table is filled once, with the responses, in the frame after the map (which the viewer leaves alone)', async () => {
  const { p, errors } = await open('/lazy/table-now.html');
  await ready(p);
  const fills = await p.evaluate(() => window.tpFills);
  assert.equal(fills.length, 1, `one fill, not ${JSON.stringify(fills)}`);
  assert.ok(fills[0][0] > 10 && fills[0][1] > 0, `the map's rows with the responses' counts: ${JSON.stringify(fills)}`);
  const at = await p.evaluate(() => window.tpAt);
  assert.ok(at.drawn && at.shown, `both marks made: ${JSON.stringify(at)}`);
  assert.ok(at.drawn.frames >= 1, 'the map was drawn');
  assert.deepEqual([at.drawn.rows, at.drawn.status], [0, ''], 'no table or status yet when the map is drawn');
  assert.deepEqual([at.shown.rows, at.shown.status], [0, ''], 'nor when it is on screen');
  assert.ok(at.ready.rows > 10, `the table at ready: ${at.ready.rows} rows`);
  assert.match(at.ready.status, /300/, 'the status counts the responses');
  assert.equal(at.ready.frames, at.drawn.frames, 'the viewer drew nothing in the frame of the table');
  // Then the viewer goes on (its answer pickers come with its next frame).
  await p.waitForFunction((n) => JSON.parse(document.querySelector('touchpoint-journey')._module
    .UTF8ToString(document.querySelector('touchpoint-journey')._module._tp_viewer_timing())).frames > n, at.ready.frames, { timeout: 10000 });
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

// Found in the first frame, the fonts of a Chinese map's characters took most of its layout's
// ~20 ms of measuring (glyph-warmup.js). The viewer's code comes 400 ms late here: when the map comes
// after it (a slow map server), there is nothing to overlap and the frame measures them itself.
test('the characters of the map are measured in the glyph context of the viewer while its code loads', async () => {
  const p = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  const errors = collectErrors(p);
  await p.addInitScript(() => {
    window.tpMeasured = [];
    const measure = OffscreenCanvasRenderingContext2D.prototype.measureText;
    OffscreenCanvasRenderingContext2D.prototype.measureText = function (text) {
      window.tpMeasured.push({ ctx: this, text, early: !performance.getEntriesByName('touchpoint:glue').length });
      return measure.call(this, text);
    };
  });
  await p.goto(`${server.origin}/lazy/viewer-from.html?viewer=slow/touchpoint-viewer.js`);
  await ready(p);
  const seen = await p.evaluate(() => {
    const el = document.querySelector('touchpoint-journey');
    const early = window.tpMeasured.filter((m) => m.early && /[\u4e00-\u9fff]/.test(m.text));
    return { early: early.length, same: early.every((m) => m.ctx === el._module.tpGlyphContext),
      viewerUsed: window.tpMeasured.some((m) => !m.early && m.ctx === el._module.tpGlyphContext) };
  });
  assert.ok(seen.early >= 20, `Chinese characters of the map measured before the viewer's code ran: ${seen.early}`);
  assert.ok(seen.same && seen.viewerUsed, 'in the context the viewer then draws its glyphs with');
  assert.deepEqual(errors, []);
  await p.close();
});

// The viewer sets its context's font only when it changes its own (canvas_font.cpp): the warm-up
// measures at its size and puts the viewer's font back, so that the viewer never measures at the
// warm-up's size (on a HiDPI screen the viewer's 14 px text is 28 device pixels).
test('the warm-up measures at its size and leaves the context at the font it found', async () => {
  const p = await browser.newPage();
  await p.goto(`${server.origin}/tests/browser/pages/journey/viewer.html`);
  const seen = await p.evaluate(async () => {
    const { warmGlyphs, glyphContext } = await import('/web/src/journey/glyph-warmup.js');
    const ctx = glyphContext();
    ctx.font = '28px serif';
    const fonts = [];
    const measure = ctx.measureText.bind(ctx);
    ctx.measureText = (text) => (fonts.push(ctx.font), measure(text));
    let done = false;
    warmGlyphs(ctx, '客户旅程'.repeat(30) + [...Array(60)].map((_, i) => String.fromCodePoint(0x4e00 + i)).join(''), 14, () => done);
    await new Promise((resolve) => setTimeout(resolve, 200));
    done = true;
    return { fonts: [...new Set(fonts)], after: ctx.font, measured: fonts.length };
  });
  assert.ok(seen.measured > 40, `measured in more than one step: ${seen.measured}`);
  assert.equal(seen.fonts.length, 1);
  assert.match(seen.fonts[0], /^14px /);
  assert.equal(seen.after, '28px serif');
  await p.close();
});

test('the wasm without its application/wasm type still loads; a missing one is named in the error', async () => {
  const octet = await open('/lazy/viewer-from.html?viewer=octet/touchpoint-viewer.js');
  await ready(octet.p);
  assert.ok((await octet.p.evaluate(() => document.querySelector('touchpoint-journey').table())).stages.length > 0);
  assert.deepEqual(octet.errors, []);
  await octet.p.close();
  const missing = await open('/lazy/viewer-from.html?viewer=missing/touchpoint-viewer.js');
  await missing.p.waitForSelector('html[data-error]', { state: 'attached', timeout: 60000 });
  assert.match(await missing.p.evaluate(() => document.documentElement.dataset.error), /\/lazy\/missing\/touchpoint-viewer\.wasm: HTTP 404/);
  await missing.p.close();
});
