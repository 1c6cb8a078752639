// Where the journey viewer's first frame goes (Chromium, WebGL2 through SwiftShader): the B2B
// example with 4,500 responses, opened in a fresh page each run; medians of 5 runs. Every figure is
// taken in the page (performance marks), so none includes the test harness's own latency (its
// polling of the page backs off to 500 ms and once added up to that much to the total). Nor does the
// harness run anything in the page while it loads: it waits on a promise the page settles itself.
// (Waiting with waitForSelector ran the harness's selector query in the page at every animation
// frame, on the main thread the load is bound by.)
//   viewer_first_frame_ms            element import started -> the first frame that drew the map with
//                                    its responses is on screen: the next frame begins, so the page's
//                                    rendering update that drew it has finished (layout, paint, GPU
//                                    commit; to within one display refresh). The element marks it
//                                    (touchpoint:shown, the time of that next frame)
//   viewer_first_frame_drawn_ms      element import started -> the viewer's first animation frame
//                                    after loading (its callbacks done; before the page's layout and paint)
//   viewer_ff_table_shown_ms         element import started -> the DOM table and status, filled in the
//                                    frame after the map's (touchpoint:journey-ready), are on screen
//   viewer_ff_element_ms             import of the element's module until it starts loading (in view)
//   viewer_ff_glue_ms                import of the viewer's JS glue
//   viewer_ff_wasm_ms                wasm fetch + compile + instantiate + main() (GL context, font loader)
//   viewer_ff_map_ms                 map fetch + parse (core) + first aggregation of no responses
//   viewer_ff_responses_fetch_ms     responses fetch
//   viewer_ff_responses_load_ms      responses into the core aggregator (per touchpoint and stage)
//   viewer_ff_first_map_frame_ms     CPU time to build the first frame that drew the map (layout,
//                                    glyphs drawn by the browser's canvas into the atlas)
//   viewer_ff_first_map_frame_total_ms  the same plus GL submission (atlas upload, draw calls)
//   viewer_ff_paint_ms               drawn -> on screen (the page's layout, paint, GPU commit)
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
  for (let i = 0; i < 5; i++) {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    // Before any script of the page: when the element says it is ready (its table filled, in the
    // frame after the map's), the frame after that one marks the table on screen. (A task posted
    // from a frame is no measure: the browser may run the following frames before it.)
    await page.addInitScript(() => {
      window.tpBenchReady = new Promise((resolve) => {
        document.addEventListener('touchpoint:journey-ready', () => requestAnimationFrame((time) => {
          performance.mark('bench:table-shown', { startTime: time });
          resolve('');
        }), { once: true, capture: true });
        document.addEventListener('touchpoint:journey-error', (e) => resolve(e.detail?.message || 'error'), { once: true, capture: true });
      });
    });
    await page.goto(`${server.origin}/tests/browser/pages/journey/viewer.html?map=/examples/journeys/b2b-purchase.json&responses=/bench/small.ndjson`);
    let timer;
    const error = await Promise.race([page.evaluate(() => window.tpBenchReady),
      new Promise((resolve) => { timer = setTimeout(resolve, 120000, 'no frame drawn within 120 s'); })]);
    clearTimeout(timer);  // else each run's timer would hold the process for 120 s after the last
    if (error) throw new Error(`the viewer failed: ${error}`);
    runs.push(await page.evaluate(async () => {
      const el = document.querySelector('touchpoint-journey');
      const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
      const t = (name) => at(`touchpoint:${name}`);
      if (Number.isNaN(t('shown'))) throw new Error('no touchpoint:shown mark before the element was ready');
      const timing = JSON.parse(el._module.UTF8ToString(el._module._tp_viewer_timing()));
      // The viewer's frames after loading drawn first (its second bakes the answer pickers' glyphs).
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      const t0 = performance.now();
      el.renderFrame();
      const frame = performance.now() - t0;
      return {
        first: t('shown') - window.tpImportStart,
        drawn: t('drawn') - window.tpImportStart,
        table: at('bench:table-shown') - window.tpImportStart,
        element: t('start') - window.tpImportStart,
        glue: t('glue') - t('start'),
        wasm: t('viewer') - t('glue'),
        map: t('map') - t('viewer'),
        fetch: t('responses-fetched') - t('map'),
        load: t('responses') - t('responses-fetched'),
        paint: t('shown') - t('drawn'),
        frame,
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
const median = (k) => runs.map((r) => r[k]).sort((a, b) => a - b)[runs.length >> 1];
for (const [name, key] of [['viewer_first_frame_ms', 'first'], ['viewer_first_frame_drawn_ms', 'drawn'],
  ['viewer_ff_table_shown_ms', 'table'],
  ['viewer_ff_element_ms', 'element'], ['viewer_ff_glue_ms', 'glue'], ['viewer_ff_wasm_ms', 'wasm'],
  ['viewer_ff_map_ms', 'map'], ['viewer_ff_responses_fetch_ms', 'fetch'], ['viewer_ff_responses_load_ms', 'load'],
  ['viewer_ff_first_map_frame_ms', 'firstMap'], ['viewer_ff_first_map_frame_total_ms', 'firstMapTotal'],
  ['viewer_ff_paint_ms', 'paint'], ['viewer_ff_frame_ms', 'frame']])
  console.log(`${name}=${median(key).toFixed(1)}`);
console.log(`viewer_ff_load_average=${os.loadavg()[0].toFixed(2)}`);
