// The journey viewer and its single-file bundle in Firefox and WebKit (lib/engines.mjs): the wasm
// viewer draws the example map with WebGL2 (each card's title inked), its table holds the core's aggregates (the same as
// `touchpoint score`), each card's heat strip has its row's colour, and the bundle made by
// `touchpoint bundle` works opened from file://. Chromium runs the fuller version of both
// (journey.test.mjs: every map, zoom, filters, themes, no network for the bundle).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { eachEngine } from '../lib/engines.mjs';
import { startServer, repoRoot, distDir } from '../lib/server.mjs';

const touchpoint = process.env.TOUCHPOINT || path.join(repoRoot, 'build/native-release/tools/touchpoint');
const MAP = 'b2b-purchase';
let tmp, data, bundle, expected;

/** Responses, their scores and the bundle: made once, by the first engine's before() (none when no engine runs). */
function prepare() {
  if (tmp) return;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-viewer-engines-'));
  data = path.join(tmp, `${MAP}.ndjson`);
  let out = '';
  ['b2b-role', 'csat-delivery'].forEach((survey, i) => {
    out += execFileSync(touchpoint, ['generate', '--survey', `examples/surveys/${survey}.json`, '--journey', `examples/journeys/${MAP}.json`,
      '--count', '1500', '--seed', String(11 + i), '--days', '150', '--start', '2026-06-01T00:00:00Z'], { cwd: repoRoot, maxBuffer: 1 << 28 });
  });
  fs.writeFileSync(data, out);
  expected = JSON.parse(execFileSync(touchpoint, ['score', data, '--by', 'touchpoint'], { maxBuffer: 1 << 26 }).toString());
  bundle = path.join(tmp, 'demo.html');
  execFileSync(touchpoint, ['bundle', `examples/journeys/${MAP}.json`, data, '-o', bundle, '--dist', distDir], { cwd: repoRoot, stdio: 'pipe' });
}
after(() => tmp && fs.rmSync(tmp, { recursive: true, force: true }));

const server = () => (prepare(), startServer({
  handlers: { [`/data/${MAP}.ndjson`]: (req, res) => res.writeHead(200, { 'content-type': 'application/x-ndjson' }).end(fs.readFileSync(data)) },
}));

/** Renders a frame, then reads the canvas's PNG export: colours seen, the pixel at each card's heat strip, its title's ink. */
function drawn() {
  const el = document.querySelector('touchpoint-journey');
  el.renderFrame();
  const rows = el.table().stages.flatMap((s) => s.touchpoints).filter((t) => t.scores.heat);
  const zoom = el.state().zoom;
  const points = rows.map((r) => el.cardRect(r.id)).map(([x, y, w, h]) => [x + w - 10 * zoom, y + h - 3 * zoom]);
  const img = new Image();
  img.src = el.exportPNG();
  return img.decode().then(() => {
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const all = ctx.getImageData(0, 0, img.width, img.height).data;
    const colours = new Set();
    for (let i = 0; i < all.length; i += 4 * 97) colours.add((all[i] << 16) | (all[i + 1] << 8) | all[i + 2]);
    const samples = points.map(([x, y]) => Array.from(ctx.getImageData(Math.round(x), Math.round(y), 1, 1).data.slice(0, 3)));
    // Each card's title: inked where the browser's canvas drew its glyphs into the atlas.
    const inked = rows.map((r) => el.cardRect(r.id)).map(([x, y, w]) => {
      const d = ctx.getImageData(Math.round(x + 8 * zoom), Math.round(y + 8 * zoom), Math.round(w - 16 * zoom), Math.round(36 * zoom)).data;
      let ink = 0;  // darker than the white card (Firefox draws glyphs lighter than Chromium and WebKit)
      for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] < 3 * 200) ink++;
      return ink;
    });
    return { colours: colours.size, rows: rows.map((r) => ({ id: r.id, heat: r.scores.heat })), samples, inked };
  });
}

const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
const near = (a, b, tol = 40) => a.every((v, i) => Math.abs(v - b[i]) <= tol);
const responses = () => expected.groups.reduce((a, g) => a + g.n, 0);

eachEngine({ server, engines: ['firefox', 'webkit'] }, (env) => {
  test(`${MAP}: drawn with WebGL2, heat colours and the table match the core's aggregates`, async () => {
    const page = await env.engine.newPage();
    const q = new URLSearchParams({ map: `/examples/journeys/${MAP}.json`, responses: `/data/${MAP}.ndjson`, theme: 'light' });
    await page.goto(`${env.server.origin}/tests/browser/pages/journey/viewer.html?${q}`);
    await page.waitFor(() => document.documentElement.dataset.ready || document.documentElement.dataset.error, null, { timeout: 60000 });
    assert.equal(await page.evaluate(() => document.documentElement.dataset.error ?? null), null);
    const table = await page.evaluate(() => document.querySelector('touchpoint-journey').table());
    assert.equal(table.responses, responses());
    const byId = new Map(expected.groups.map((g) => [g.key.touchpoint, g]));
    let compared = 0;
    for (const tp of table.stages.flatMap((s) => s.touchpoints)) {
      const g = byId.get(tp.id);
      if (!g) continue;
      assert.equal(tp.scores.n, g.n, `${tp.id} n`);
      if (g.nps) assert.deepEqual([tp.scores.nps.value, tp.scores.nps.moe], [g.nps.value, g.nps.moe], `${tp.id} nps`);
      compared++;
    }
    assert.ok(compared >= 5, `compared ${compared} touchpoints`);
    const px = await page.evaluate(drawn);
    assert.ok(px.colours > 20, `canvas has ${px.colours} colours: not blank`);
    assert.ok(px.rows.length > 5, 'cards with a heat colour');
    px.rows.forEach((r, i) => assert.ok(near(px.samples[i], hex(r.heat)), `${r.id}: pixel ${px.samples[i]} vs heat ${r.heat}`));
    px.rows.forEach((r, i) => assert.ok(px.inked[i] > 30, `${r.id}: title has ${px.inked[i]} inked pixels`));
    await page.close();
  });

  test('the bundled single file works from file://', async () => {
    const page = await env.engine.newPage();
    await page.goto(pathToFileURL(bundle).href);
    await page.waitFor(() => document.querySelector('touchpoint-journey')?.table?.()?.responses > 0, null, { timeout: 60000 });
    await page.evaluate(() => document.querySelector('touchpoint-journey').load());  // the DOM table follows the map's frame
    const table = await page.evaluate(() => document.querySelector('touchpoint-journey').table());
    assert.equal(table.map, MAP);
    assert.equal(table.responses, responses());
    assert.ok(await page.evaluate(() => document.querySelector('touchpoint-journey').shadowRoot.querySelectorAll('tbody tr').length) > 20);
    const px = await page.evaluate(drawn);
    assert.ok(px.colours > 20, 'the bundle draws the map');
    await page.close();
  });
});
