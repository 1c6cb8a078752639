// The journey viewer's aggregation workers' NDJSON scan, one core, in node's V8 (the wasm module the
// workers run, touchpoint-aggregate-simd and touchpoint-aggregate, fed 1 MiB at a time as a worker
// is): what one worker can do, apart from messaging. CPU time (process.cpuUsage) is the figure that
// holds on a shared machine; wall time is printed beside it.
//   wasm_aggregate_scan_simd_mb_per_cpu_s / _scalar_mb_per_cpu_s  NDJSON MB per CPU-second, median of 5
//   wasm_aggregate_scan_simd_mb_per_s / _scalar_mb_per_s            the same per wall-clock second
//   wasm_aggregate_scan_input_mb                                     200,000 generated response/1 lines
// Data is generated into $TP_BENCH_TMP by `touchpoint generate` and reused when present.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';

const root = process.env.TP_ROOT || path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const { TP_DIST: dist, TOUCHPOINT: touchpoint, TP_BENCH_TMP: tmp } = process.env;
if (!dist || !touchpoint || !tmp) throw new Error('run through tools/bench.sh (TP_DIST, TOUCHPOINT, TP_BENCH_TMP)');

const data = path.join(tmp, 'aggregate-scan-b2b-200000.ndjson');
if (!fs.existsSync(data)) {
  const out = fs.openSync(data + '.part', 'w');
  const r = spawnSync(touchpoint, ['generate', '--survey', 'examples/surveys/b2b-role.json', '--journey',
    'examples/journeys/b2b-purchase.json', '--count', '200000', '--seed', '42', '--days', '180'],
  { cwd: root, stdio: ['ignore', out, 'inherit'] });
  fs.closeSync(out);
  if (r.status !== 0) throw new Error('touchpoint generate failed');
  fs.renameSync(data + '.part', data);
}
const bytes = fs.readFileSync(data);

// The glue is a classic worker script (ENVIRONMENT=worker) defining createAggregate: run it here
// with the three globals it looks for.
globalThis.self = globalThis;
globalThis.importScripts = () => {};
globalThis.location = { href: pathToFileURL(path.join(dist, '/')).href };
async function load(name) {
  vm.runInThisContext(fs.readFileSync(path.join(dist, `${name}.js`), 'utf8'), { filename: `${name}.js` });
  const module = await WebAssembly.compile(fs.readFileSync(path.join(dist, `${name}.wasm`)));
  return self.createAggregate({
    instantiateWasm(imports, done) {
      WebAssembly.instantiate(module, imports).then((instance) => done(instance, module));
      return {};
    },
  });
}

const SLICE = 1 << 20;
async function measure(name) {
  const M = await load(name);
  const text = (s) => {
    const size = M.lengthBytesUTF8(s) + 1;
    const ptr = M._malloc(size);
    M.stringToUTF8(s, ptr, size);
    return ptr;
  };
  const buffer = M._malloc(SLICE);
  const groupings = text('[["touchpoint"]]');
  const runs = [];
  for (let run = 0; run < 6; run++) {  // the first warms up (wasm tier-up)
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    if (M.UTF8ToString(M._tp_aggregate_begin(groupings))) throw new Error('tp_aggregate_begin refused');
    for (let off = 0; off < bytes.length; off += SLICE) {
      const n = Math.min(SLICE, bytes.length - off);
      M.HEAPU8.set(bytes.subarray(off, off + n), buffer);
      M._tp_aggregate_chunk(buffer, n);
    }
    const state = JSON.parse(M.UTF8ToString(M._tp_aggregate_end()));
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const grouping = state.groupings?.[0];  // aggregate-state/1
    if (!grouping?.groups?.length || grouping.bad_count) throw new Error(`${name}: no groups, or bad lines, in the state`);
    if (run > 0) runs.push({ cpu: (cpu.user + cpu.system) / 1000, wall });
  }
  const median = (key) => runs.map((r) => r[key]).sort((a, b) => a - b)[runs.length >> 1];
  const mb = bytes.length / 1e6;
  return { cpu: mb / (median('cpu') / 1000), wall: mb / (median('wall') / 1000) };
}

const simd = await measure('touchpoint-aggregate-simd');
const scalar = await measure('touchpoint-aggregate');
console.log(`wasm_aggregate_scan_simd_mb_per_cpu_s=${simd.cpu.toFixed(0)}`);
console.log(`wasm_aggregate_scan_scalar_mb_per_cpu_s=${scalar.cpu.toFixed(0)}`);
console.log(`wasm_aggregate_scan_simd_mb_per_s=${simd.wall.toFixed(0)}`);
console.log(`wasm_aggregate_scan_scalar_mb_per_s=${scalar.wall.toFixed(0)}`);
console.log(`wasm_aggregate_scan_input_mb=${(bytes.length / 1e6).toFixed(0)}`);
