// Where the journey viewer's first frame goes (Chromium, WebGL2 through SwiftShader): the B2B
// example with 4,500 responses, opened in a fresh page each run; medians of 3 runs.
//   viewer_first_frame_ms            element import started -> map drawn with its responses, as the
//                                    test harness sees it (ready event, then one more frame drawn)
//   viewer_first_frame_drawn_ms      element import started -> the viewer's first animation frame
//                                    after loading (in-page marks; no harness latency)
//   viewer_ff_glue_ms                import of the viewer's JS glue
//   viewer_ff_wasm_ms                wasm fetch + compile + instantiate + main() (GL context, font loader)
//   viewer_ff_map_ms                 map fetch + parse (core) + first aggregation of no responses
//   viewer_ff_responses_fetch_ms     responses fetch
//   viewer_ff_responses_load_ms      responses into the core aggregator (per touchpoint and stage)
//   viewer_ff_first_map_frame_ms     CPU time to build the first frame that drew the map (layout,
//                                    glyphs drawn by the browser's canvas into the atlas)
//   viewer_ff_first_map_frame_total_ms  the same plus GL submission (atlas upload, draw calls)
//   viewer_ff_frame_ms               a frame after loading, wall time (glyphs cached)
//   viewer_ff_load_average           1-minute load average of the machine while measuring
// Run through tools/bench.sh (TP_DIST, TOUCHPOINT) or directly with those variables.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../browser/lib/server.mjs';
import { launchBrowser } from '../browser/lib/browser.mjs';

const root = process.env.TP_ROOT || path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const touchpoint = process.env.TOUCHPOINT;
if (!process.env.TP_DIST || !touchpoint) throw new Error('run through tools/bench.sh (TP_DIST, TOUCHPOINT)');

const small = execFileSync(touchpoint, ['generate', '--survey', 'examples/surveys/b2b-role.json', '--journey',
  'examples/journeys/b2b-purchase.json', '--count', '4500', '--seed', '7'], { cwd: root, maxBuffer: 1 << 26 });
const server = await startServer({
  handlers: { '/bench/small.ndjson': (req, res) => res.writeHead(200, { 'content-type': 'application/x-ndjson' }).end(small) },
});
const browser = await launchBrowser({ webgl: true });
const runs = [];
try {
  for (let i = 0; i < 3; i++) {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await page.goto(`${server.origin}/tests/browser/pages/journey/viewer.html?map=/examples/journeys/b2b-purchase.json&responses=/bench/small.ndjson`);
    await page.waitForSelector('html[data-ready="true"], html[data-error]', { state: 'attached', timeout: 120000 });
    runs.push(await page.evaluate(async () => {
      const el = document.querySelector('touchpoint-journey');
      const t0 = performance.now();
      el.renderFrame();
      const t1 = performance.now();
      const timing = JSON.parse(el._module.UTF8ToString(el._module._tp_viewer_timing()));
      const at = (name) => performance.getEntriesByName(`touchpoint:${name}`)[0]?.startTime ?? NaN;
      while (Number.isNaN(at('drawn'))) await new Promise((r) => setTimeout(r, 10));
      return {
        first: t1 - window.tpImportStart,
        drawn: at('drawn') - window.tpImportStart,
        glue: at('glue') - window.tpImportStart,
        wasm: at('viewer') - at('glue'),
        map: at('map') - at('viewer'),
        fetch: at('responses-fetched') - at('map'),
        load: at('responses') - at('responses-fetched'),
        frame: t1 - t0,
        firstMap: timing.first_map_frame_ms,
        firstMapTotal: timing.first_map_frame_total_ms,
      };
    }));
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
const median = (k) => runs.map((r) => r[k]).sort((a, b) => a - b)[1];
for (const [name, key] of [['viewer_first_frame_ms', 'first'], ['viewer_first_frame_drawn_ms', 'drawn'], ['viewer_ff_glue_ms', 'glue'], ['viewer_ff_wasm_ms', 'wasm'],
  ['viewer_ff_map_ms', 'map'], ['viewer_ff_responses_fetch_ms', 'fetch'], ['viewer_ff_responses_load_ms', 'load'],
  ['viewer_ff_first_map_frame_ms', 'firstMap'], ['viewer_ff_first_map_frame_total_ms', 'firstMapTotal'],
  ['viewer_ff_frame_ms', 'frame']])
  console.log(`${name}=${median(key).toFixed(1)}`);
console.log(`viewer_ff_load_average=${os.loadavg()[0].toFixed(2)}`);
