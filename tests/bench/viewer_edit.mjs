// Edit mode of the journey viewer, measured in Chromium (WebGL2 through SwiftShader):
//   viewer_edit_frame_ms        CPU time to build one frame (ImGui NewFrame..Render) while a
//                               touchpoint card is dragged across a 1,000-touchpoint map with
//                               metrics, whole map in view; median over the drag (target <= 4)
//   viewer_edit_frame_ms_p95    the same, 95th percentile
//   viewer_edit_drop_ms         the drop: the core's Editor moves the card to the last stage, the
//                               map is laid out again and drawn (two frames)
// The map is lib/big_map.mjs, as in viewer_bench.mjs (10 stages of 100 touchpoints, 20,000 responses).
import path from 'node:path';
import { startServer } from '../browser/lib/server.mjs';
import { launchBrowser } from '../browser/lib/browser.mjs';
import { bigMap, bigResponses } from './lib/big_map.mjs';

if (!process.env.TP_DIST) throw new Error('run through tools/bench.sh (TP_DIST)');
const root = process.env.TP_ROOT || path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
process.chdir(root);

const responses = bigResponses();

const server = await startServer({
  handlers: {
    '/bench/big-map.json': (req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(bigMap())),
    '/bench/big-responses.ndjson': (req, res) => res.writeHead(200).end(responses),
  },
});
const browser = await launchBrowser({ webgl: true });
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  await page.goto(`${server.origin}/tests/browser/pages/journey/viewer.html?editable&table=hidden`);
  await page.waitForSelector('html[data-ready="true"], html[data-error]', { state: 'attached', timeout: 120000 });
  const result = await page.evaluate(async () => {
    const el = document.querySelector('touchpoint-journey');
    await el.loadMapText(await (await fetch('/bench/big-map.json')).text());
    el.loadResponseBytes(new Uint8Array(await (await fetch('/bench/big-responses.ndjson')).arrayBuffer()));
    if (!el.editState().editing) throw new Error('not in edit mode');
    el.set('zoom', 'fit');
    for (let i = 0; i < 10; i++) el.renderFrame();  // warm the glyph atlas
    const M = el._module;
    // t5: the first card of the sixth stage (the map's top-left corner is under the edit bar).
    const [x, y, w, h] = el.cardRect('t5');
    const headers = el.state().stage_headers;
    const startX = x + w / 2, startY = y + h / 2;
    const endX = headers[headers.length - 1][0] + headers[headers.length - 1][2] / 2;
    // Press on the card, carry it to the last stage one mouse step per frame (what is measured:
    // the map shows where it would land), then drop it there (one move, timed apart).
    M._tp_viewer_pointer(startX, startY, 0);
    el.renderFrame();
    M._tp_viewer_pointer(startX, startY, 1);
    el.renderFrame();
    const before = el.editState().revision;
    const times = [];
    const steps = 120;
    for (let i = 1; i <= steps; i++) {
      M._tp_viewer_pointer(startX + ((endX - startX) * i) / steps, startY + (i % 7) * 3, 1);
      times.push(el.renderFrame());
    }
    M._tp_viewer_pointer(endX, startY, 0);
    const dropMs = el.renderFrame() + el.renderFrame();  // the move, then the map laid out again
    const moved = el.editState().stages[9].touchpoints.some((t) => t.id === 't5');
    const moves = el.editState().revision - before;
    const undoDepthOne = moved && el.undo().ok && !el.editState().can_undo;  // the whole drag was one step
    times.sort((a, b) => a - b);
    return { median: times[Math.floor(times.length / 2)], p95: times[Math.floor(times.length * 0.95)], dropMs, moved, moves, undoDepthOne };
  });
  if (!result.moved || result.moves !== 1) throw new Error(`the card was not dropped in the last stage once (${result.moves} changes)`);
  if (!result.undoDepthOne) throw new Error('the drag was not one undo step');
  console.log(`viewer_edit_frame_ms=${result.median.toFixed(2)}`);
  console.log(`viewer_edit_frame_ms_p95=${result.p95.toFixed(2)}`);
  console.log(`viewer_edit_drop_ms=${result.dropMs.toFixed(2)}`);
} finally {
  await browser.close();
  await server.close();
}
