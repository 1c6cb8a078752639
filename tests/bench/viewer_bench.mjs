// Journey viewer benchmarks, measured in one Chromium run (WebGL2 through SwiftShader):
//   viewer_aggregate_1m_ms        1,000,000 generated response/1 lines aggregated by the viewer
//                                 (el.streamResponseBytes): split across Web Workers running the
//                                 core's Aggregator (SIMD NDJSON scan where the browser has it),
//                                 their states merged by the core; fed as bytes already in memory
//   viewer_aggregate_workers / viewer_aggregate_simd  workers used, 1 if the SIMD build ran
//   viewer_aggregate_workers_start_ms  starting the workers (once per element: compile, instantiate, warm up),
//                                 while the page fetches the input
//   viewer_aggregate_workers_wait_ms   time the workers, in all, waited for the page's next slice
//                                 during viewer_aggregate_1m_ms (a worker waiting is a core idle)
//   viewer_aggregate_1thread_ms   the same on the page's thread (the viewer's scalar module), for comparison
//   viewer_aggregate_cpu_ms       CPU time of all the browser's processes during viewer_aggregate_1m_ms (Linux):
//                                 on a loaded machine the wall time is the scheduler's, this is not
//   js_baseline_aggregate_1m_ms   the same aggregation written plainly in JS in the same page
//                                 (TextDecoder, JSON.parse per line, a Map), same bytes
//   viewer_aggregate_speedup      baseline / viewer (target >= 10); both group per touchpoint
//   viewer_aggregate_mb_per_s     NDJSON throughput of the viewer
//   viewer_aggregate_cores / viewer_aggregate_load_average  navigator.hardwareConcurrency and the
//                                 machine's 1-minute load average before the run (other work slows both sides)
//   viewer_frame_ms_1k_touchpoints  CPU time to build one frame (ImGui NewFrame..Render) of a
//                                 1,000-touchpoint map with metrics, whole map in view; median
//   viewer_frame_ms_1k_touchpoints_zoomed_in  the same map zoomed in to readable cards
//   viewer_frame_ms_10k_touchpoints (and _zoomed_in)  the same with 10,000 touchpoints, 10 responses
//                                 each (target <= 4 ms)
//   wasm_viewer_bytes / wasm_viewer_gzip_bytes / wasm_viewer_glue_gzip_bytes
// The first frame (viewer_first_frame_ms and its parts) is measured by viewer_first_frame.mjs.
// Data is generated into $TP_BENCH_TMP by `touchpoint generate` and reused when present.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { startServer } from '../browser/lib/server.mjs';
import { launchBrowser } from '../browser/lib/browser.mjs';
import { bigMap, bigResponses } from './lib/big_map.mjs';
import { descendantsCpuMs } from './lib/process_cpu.mjs';

const root = process.env.TP_ROOT || path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const dist = process.env.TP_DIST;
const touchpoint = process.env.TOUCHPOINT;
const tmp = process.env.TP_BENCH_TMP;
const count = Number(process.env.TP_VIEWER_BENCH_COUNT || 1000000);
if (!dist || !touchpoint || !tmp) throw new Error('run through tools/bench.sh (TP_DIST, TOUCHPOINT, TP_BENCH_TMP)');

const big = path.join(tmp, `viewer-b2b-${count}.ndjson`);
if (!fs.existsSync(big)) {
  const out = fs.openSync(big + '.part', 'w');
  const r = spawnSync(touchpoint, ['generate', '--survey', 'examples/surveys/b2b-role.json', '--journey',
    'examples/journeys/b2b-purchase.json', '--count', String(count), '--seed', '42', '--days', '180'],
  { cwd: root, stdio: ['ignore', out, 'inherit'] });
  fs.closeSync(out);
  if (r.status !== 0) throw new Error('touchpoint generate failed');
  fs.renameSync(big + '.part', big);
}
const small = execFileSync(touchpoint, ['generate', '--survey', 'examples/surveys/b2b-role.json', '--journey',
  'examples/journeys/b2b-purchase.json', '--count', '4500', '--seed', '7'], { cwd: root, maxBuffer: 1 << 26 });

const bigNdjson = bigResponses();

const server = await startServer({
  handlers: {
    '/bench/big.ndjson': (req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson', 'content-length': fs.statSync(big).size });
      fs.createReadStream(big).pipe(res);
    },
    '/bench/small.ndjson': (req, res) => res.writeHead(200, { 'content-type': 'application/x-ndjson' }).end(small),
    '/bench/big-map.json': (req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(bigMap())),
    '/bench/big-responses.ndjson': (req, res) => res.writeHead(200).end(bigNdjson),
    '/bench/big-map-10k.json': (req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(bigMap(10000))),
    '/bench/big-responses-10k.ndjson': (req, res) => res.writeHead(200).end(bigResponses(10000, 10)),
  },
});
const loadBefore = os.loadavg()[0];
const browser = await launchBrowser({ webgl: true });
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  // The B2B example with 4,500 responses: the element whose viewer runs the measures below.
  await page.goto(`${server.origin}/tests/browser/pages/journey/viewer.html?map=/examples/journeys/b2b-purchase.json&responses=/bench/small.ndjson&bench=1`);
  await page.waitForSelector('html[data-ready="true"], html[data-error]', { state: 'attached', timeout: 120000 });

  // Aggregation of the big file, both ways, from the same bytes in memory, in 4 MB chunks. The
  // viewer's run alone in its own evaluate, for the browser's CPU time around it.
  // The workers start (once per element) as the element starts them for a download this large:
  // when its size is known, before its bytes (touchpoint-journey.js, _expectResponses), so their
  // start and warm-up run while the bytes come.
  const startMs = await page.evaluate(async () => {
    const s0 = performance.now();
    const started = document.querySelector('touchpoint-journey')._aggregatePool().then(() => performance.now() - s0);
    window.benchBytes = new Uint8Array(await (await fetch('/bench/big.ndjson')).arrayBuffer());
    return started;
  });
  const cpu0 = descendantsCpuMs();
  const viewerRun = await page.evaluate(async () => {
    const el = document.querySelector('touchpoint-journey');
    const t0 = performance.now();
    const status = await el.streamResponseBytes(window.benchBytes, { stages: false });  // per touchpoint, as the baseline
    return { status, wasmMs: performance.now() - t0 };
  });
  const cpuMs = cpu0 === null ? null : descendantsCpuMs() - cpu0;
  const agg = await page.evaluate(async ({ status, wasmMs, startMs }) => {
    const el = document.querySelector('touchpoint-journey');
    const bytes = window.benchBytes;
    const table = el.table();
    const o0 = performance.now();
    const one = await el.streamResponseBytes(bytes, { stages: false, workers: 0 });
    const oneMs = performance.now() - o0;
    if (one.responses !== status.responses) throw new Error('one thread and the workers disagree');

    // The plain-JS baseline: the same groups and numbers, written the obvious way, in 4 MB chunks.
    const CHUNK = 4 << 20;
    const t1 = performance.now();
    const decoder = new TextDecoder();
    const groups = new Map();
    let carry = '', bad = 0;
    const add = (line) => {
      if (!line) return;
      let r;
      try { r = JSON.parse(line); } catch { bad++; return; }
      const key = r.journey?.touchpoint ?? null;
      let g = groups.get(key);
      if (!g) groups.set(key, g = { n: 0, p: 0, pa: 0, d: 0, csatN: 0, csatTop: 0, csatSum: 0, cesN: 0, cesSum: 0, cesEasy: 0 });
      g.n++;
      const s = r.scores || {};
      if (s.nps) { const v = s.nps.value; if (v >= 9) g.p++; else if (v >= 7) g.pa++; else g.d++; }
      if (s.csat) { g.csatN++; g.csatSum += s.csat.value; if (s.csat.value >= s.csat.scale - 1) g.csatTop++; }
      if (s.ces) { g.cesN++; g.cesSum += s.ces.value; if (s.ces.value * 7 >= s.ces.scale * 5) g.cesEasy++; }
    };
    for (let off = 0; off < bytes.length; off += CHUNK) {
      const text = carry + decoder.decode(bytes.subarray(off, Math.min(bytes.length, off + CHUNK)), { stream: true });
      const lines = text.split('\n');
      carry = lines.pop();
      for (const line of lines) add(line);
    }
    add(carry + decoder.decode());
    const out = [];
    for (const [key, g] of groups) {
      const m = g.p + g.pa + g.d;
      const nps = m ? (100 * (g.p - g.d)) / m : null;
      const mean = m ? (g.p - g.d) / m : 0;
      const variance = m ? (g.p + g.d) / m - mean * mean : 0;
      out.push({ key, n: g.n, nps, moe: m ? 196 * Math.sqrt(variance / m) : null });
    }
    const jsMs = performance.now() - t1;
    // Both must agree: same n per touchpoint, NPS within rounding.
    const viewer = new Map(table.stages.flatMap((s) => s.touchpoints).map((t) => [t.id, t.scores]));
    let mismatches = 0;
    for (const g of out) {
      const v = viewer.get(g.key);
      if (!v || v.n !== g.n || Math.abs(v.nps.value - g.nps) > 0.051) mismatches++;
    }
    // ... and no group the baseline lacks.
    const keys = new Set(out.map((g) => g.key));
    for (const [id, v] of viewer) if (v.n > 0 && !keys.has(id)) mismatches++;
    window.benchBytes = null;
    return { wasmMs, jsMs, oneMs, startMs, workers: status.workers, simd: status.simd, waitMs: status.workers_wait_ms, cores: navigator.hardwareConcurrency,
      mb: bytes.length / 1e6, responses: status.responses, mismatches, fallbacks: status.fallbacks };
  }, { ...viewerRun, startMs });
  if (agg.mismatches) throw new Error(`viewer and JS baseline disagree on ${agg.mismatches} groups`);

  // Frame time of a 1,000- and a 10,000-touchpoint map with metrics, the whole map in view.
  const frameOf = (suffix) => page.evaluate(async (suffix) => {
    const el = document.querySelector('touchpoint-journey');
    await el.loadMapText(await (await fetch(`/bench/big-map${suffix}.json`)).text());
    const status = await el.loadResponseBytes(new Uint8Array(await (await fetch(`/bench/big-responses${suffix}.ndjson`)).arrayBuffer()));
    const median = () => {
      for (let i = 0; i < 10; i++) el.renderFrame();  // warm the glyph atlas
      const times = [];
      for (let i = 0; i < 60; i++) times.push(el.renderFrame());
      return times.sort((a, b) => a - b)[30];
    };
    el.set('zoom', 'fit');  // the whole map (1,000 cards) or as much as the smallest zoom shows (10,000: ~4,500 cards)
    const overview = median();
    for (let i = 0; i < 14; i++) el.set('zoom', 'in');  // readable text: a screenful of cards
    const zoomed = median();
    return { median: overview, zoomed, responses: status.responses, cards: el.table().stages.reduce((a, s) => a + s.touchpoints.length, 0) };
  }, suffix);
  const frame = await frameOf('');
  if (frame.cards !== 1000 || frame.responses !== 20000) throw new Error(`expected 1000 touchpoints and 20000 responses, got ${frame.cards}, ${frame.responses}`);
  const frame10k = await frameOf('-10k');
  if (frame10k.cards !== 10000 || frame10k.responses !== 100000) throw new Error(`expected 10000 touchpoints and 100000 responses, got ${frame10k.cards}, ${frame10k.responses}`);

  const wasm = fs.readFileSync(path.join(dist, 'touchpoint-viewer.wasm'));
  const glue = fs.readFileSync(path.join(dist, 'touchpoint-viewer.js'));
  console.log(`viewer_aggregate_1m_ms=${agg.wasmMs.toFixed(0)}`);
  console.log(`js_baseline_aggregate_1m_ms=${agg.jsMs.toFixed(0)}`);
  console.log(`viewer_aggregate_speedup=${(agg.jsMs / agg.wasmMs).toFixed(2)}`);
  console.log(`viewer_aggregate_mb_per_s=${(agg.mb / (agg.wasmMs / 1000)).toFixed(0)}`);
  console.log(`viewer_aggregate_workers=${agg.workers}`);
  console.log(`viewer_aggregate_simd=${agg.simd ? 1 : 0}`);
  console.log(`viewer_aggregate_workers_start_ms=${agg.startMs.toFixed(0)}`);
  console.log(`viewer_aggregate_workers_wait_ms=${agg.waitMs}`);
  console.log(`viewer_aggregate_1thread_ms=${agg.oneMs.toFixed(0)}`);
  if (cpuMs !== null) console.log(`viewer_aggregate_cpu_ms=${cpuMs.toFixed(0)}`);
  console.log(`viewer_aggregate_cores=${agg.cores}`);
  console.log(`viewer_aggregate_load_average=${loadBefore.toFixed(2)}`);
  console.log(`viewer_aggregate_input_mb=${agg.mb.toFixed(0)}`);
  console.log(`viewer_aggregate_responses=${agg.responses}`);
  console.log(`viewer_aggregate_fallback_lines=${agg.fallbacks}`);
  console.log(`viewer_frame_ms_1k_touchpoints=${frame.median.toFixed(2)}`);
  console.log(`viewer_frame_ms_1k_touchpoints_zoomed_in=${frame.zoomed.toFixed(2)}`);
  console.log(`viewer_frame_ms_10k_touchpoints=${frame10k.median.toFixed(2)}`);
  console.log(`viewer_frame_ms_10k_touchpoints_zoomed_in=${frame10k.zoomed.toFixed(2)}`);
  console.log(`wasm_viewer_bytes=${wasm.length}`);
  console.log(`wasm_viewer_gzip_bytes=${zlib.gzipSync(wasm, { level: 9 }).length}`);
  console.log(`wasm_viewer_glue_gzip_bytes=${zlib.gzipSync(glue, { level: 9 }).length}`);
} finally {
  await browser.close();
  await server.close();
}
