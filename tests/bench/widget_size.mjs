// What a visitor downloads for the survey widget, gzip -9, and what inside the wasm engine costs
// what. Prints name=value lines:
//   loader_gzip_bytes                 touchpoint.js: all that loads before a trigger fires
//   widget_first_load_gzip_bytes      loader + renderer chunks (styles inside) + engine glue + wasm
//   widget_{loader,renderer,styles,engine_glue,engine_wasm}_gzip_bytes   the breakdown (engine_glue:
//                                    the engine's JS runtime, wasm/engine/glue)
//   widget_survey_json_gzip_bytes     an example survey file (data, fetched too; not in the total)
//   widget_later_renderers_gzip_bytes the renderers of the rarer question types (slider, matrix...):
//                                    chunks the renderer imports only for surveys that have them
//                                    (not in the first load)
//   engine_wasm_<part>_bytes / _share_pct  code bytes of the wasm by origin (redactor, json, ...),
//                                    by function name (LTO inlines across parts: indicative)
//   engine_probe_{json,redact}_gzip_bytes / _share_pct   the same link flags around that part
//                                    alone, minus an empty module: what the part costs on its own
// Env: TP_DIST (the wasm build's dist), TP_ROOT (the repository).
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = process.env.TP_ROOT || path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = process.env.TP_DIST || path.join(root, 'build/wasm-release/dist');
const gzip = (file) => execFileSync('gzip', ['-9', '-c', file], { maxBuffer: 1 << 26 }).length;
const out = (name, value) => console.log(`${name}=${value}`);
const need = (file) => {
  if (!fs.existsSync(path.join(dist, file))) throw new Error(`${file} missing in ${dist}: build the wasm preset first`);
  return path.join(dist, file);
};

/** An ES module and every chunk it imports statically, transitively. */
function withStaticImports(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = fs.readFileSync(need(file), 'utf8');
  for (const m of text.matchAll(/(?:import|export)\s*(?:[^'"()]*?from\s*)?["']\.\/([\w.-]+\.js)["']/g)) withStaticImports(m[1], seen);
  return seen;
}

const loader = gzip(need('touchpoint.js'));
const rendererFiles = [...withStaticImports('touchpoint-widget.js')];
const renderer = rendererFiles.reduce((sum, f) => sum + gzip(need(f)), 0);
const glue = gzip(need('touchpoint-engine.js'));
const wasm = gzip(need('touchpoint-engine.wasm'));

// The styles travel inside the renderer chunk; measured alone (minified) for the breakdown.
const esbuild = await import(path.join(root, 'web/node_modules/esbuild/lib/main.js'));
const css = (await esbuild.default.transform(fs.readFileSync(path.join(root, 'web/src/widget.css'), 'utf8'), { loader: 'css', minify: true })).code;
const cssFile = path.join(process.env.TP_BENCH_TMP || '/tmp', 'touchpoint-widget.min.css');
fs.writeFileSync(cssFile, css);

out('loader_gzip_bytes', loader);
out('widget_loader_gzip_bytes', loader);
out('widget_renderer_gzip_bytes', renderer);
out('widget_styles_gzip_bytes', gzip(cssFile));
out('widget_engine_glue_gzip_bytes', glue);
out('widget_engine_wasm_gzip_bytes', wasm);
out('widget_engine_wasm_bytes', fs.statSync(need('touchpoint-engine.wasm')).size);
out('widget_first_load_gzip_bytes', loader + renderer + glue + wasm);
const later = new Set();
for (const f of rendererFiles)
  for (const m of fs.readFileSync(need(f), 'utf8').matchAll(/import\(\s*["']\.\/([\w.-]+\.js)["']\s*\)/g))
    for (const chunk of withStaticImports(m[1])) if (!rendererFiles.includes(chunk)) later.add(chunk);
out('widget_later_renderers_gzip_bytes', [...later].reduce((sum, f) => sum + gzip(need(f)), 0));
const surveys = path.join(root, 'examples/surveys');
if (fs.existsSync(surveys)) {
  const files = fs.readdirSync(surveys).filter((f) => f.endsWith('.json')).sort();
  if (files.length) out('widget_survey_json_gzip_bytes', gzip(path.join(surveys, files[0])));
}

// --- what the wasm code is made of: code-section body sizes by function, named by the symbol map.
function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}

function functionSizes(wasmFile) {
  const bytes = fs.readFileSync(wasmFile);
  let at = 8;
  let imported = 0;
  const sizes = [];
  const sections = {};
  while (at < bytes.length) {
    const id = bytes[at++];
    let size;
    [size, at] = leb(bytes, at);
    const end = at + size;
    sections[id] = (sections[id] || 0) + size;
    if (id === 2) {
      let count, p;
      [count, p] = leb(bytes, at);
      for (let i = 0; i < count; i++) {
        for (let s = 0; s < 2; s++) {
          let len;
          [len, p] = leb(bytes, p);
          p += len;
        }
        const kind = bytes[p++];
        if (kind === 0) {
          imported++;
          [, p] = leb(bytes, p);
        } else if (kind === 1) {
          p++;
          let flags;
          [flags, p] = leb(bytes, p);
          [, p] = leb(bytes, p);
          if (flags & 1) [, p] = leb(bytes, p);
        } else if (kind === 2) {
          let flags;
          [flags, p] = leb(bytes, p);
          [, p] = leb(bytes, p);
          if (flags & 1) [, p] = leb(bytes, p);
        } else if (kind === 3) p += 2;
      }
    } else if (id === 10) {
      let count, p;
      [count, p] = leb(bytes, at);
      for (let i = 0; i < count; i++) {
        let body;
        const start = p;
        [body, p] = leb(bytes, p);
        p += body;
        sizes.push(p - start);
      }
    }
    at = end;
  }
  return { imported, sizes, dataBytes: sections[11] || 0, codeBytes: sections[10] || 0 };
}

const symbolsFile = [path.join(path.dirname(dist), 'size-probes'), dist]
  .map((dir) => path.join(dir, 'touchpoint-engine.js.symbols'))
  .find((file) => fs.existsSync(file)) || '';
if (symbolsFile) {
  const names = new Map();
  for (const line of fs.readFileSync(symbolsFile, 'utf8').split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) names.set(Number(line.slice(0, i)), line.slice(i + 1).replace(/\\([0-9a-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))));
  }
  const { imported, sizes, dataBytes, codeBytes } = functionSizes(need('touchpoint-engine.wasm'));
  // First match wins; the order puts the specific parts of the core before the libraries.
  const parts = [
    ['redactor', /redact|privacy::|luhn|iban/i],
    ['hash', /sha256|hmac|uuid/i],
    ['expressions', /touchpoint::expr::/],
    ['json', /nlohmann/],
    ['survey', /touchpoint::|^tp_/], // the rest of the core, with the facade the C ABI inlines
    ['libcxx', /std::|__cxxabiv1|__cxa_/],
    ['libc', /^[^:]*$/], // C functions: malloc, memcpy, the strtod/snprintf of wasm/engine/*_host|_int.cpp
  ];
  const totals = Object.fromEntries(parts.map(([n]) => [n, 0]));
  totals.other = 0;
  sizes.forEach((size, i) => {
    const name = names.get(imported + i) || '';
    const part = parts.find(([, re]) => re.test(name));
    totals[part ? part[0] : 'other'] += size;
  });
  out('engine_wasm_code_bytes', codeBytes);
  out('engine_wasm_data_bytes', dataBytes);
  for (const [name, bytes] of Object.entries(totals)) {
    out(`engine_wasm_${name}_bytes`, bytes);
    out(`engine_wasm_${name}_share_pct`, ((bytes / codeBytes) * 100).toFixed(1));
  }
}

// --- size probes (wasm/engine/size_probes): built on demand in the wasm build that made TP_DIST.
const buildDir = path.dirname(dist);
if (fs.existsSync(path.join(buildDir, 'CMakeCache.txt'))) {
  const built = spawnSync('cmake', ['--build', buildDir, '--target', 'touchpoint_size_probes'], {
    env: { ...process.env, NODE_PATH: process.env.NODE_PATH || '/usr/share/nodejs' },
    encoding: 'utf8',
  });
  const probes = path.join(buildDir, 'size-probes');
  if (built.status !== 0) console.error(`widget_size: size probes did not build\n${built.stdout}${built.stderr}`);
  else {
    const engineGzip = wasm;
    const floor = gzip(path.join(probes, 'probe-baseline.wasm'));
    out('engine_probe_baseline_gzip_bytes', floor);
    for (const part of ['json', 'redact']) {
      const bytes = gzip(path.join(probes, `probe-${part}.wasm`)) - floor;
      out(`engine_probe_${part}_gzip_bytes`, bytes);
      out(`engine_probe_${part}_share_pct`, ((bytes / engineGzip) * 100).toFixed(1));
    }
  }
}
