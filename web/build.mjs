// Builds what the browser loads into the dist folder (node web/build.mjs --out DIR):
//   touchpoint.js           the loader (classic script, IIFE): what a page loads before a trigger fires
//   touchpoint.mjs          the ESM/npm entry (sets the base URL, then runs the loader)
//   touchpoint-widget.js    the renderer chunk (ES module), imported when a survey is about to show
//   touchpoint-delivery.js  the outbox/delivery chunk (ES module), shared code split into chunks
//   touchpoint-journey.js   the <touchpoint-journey> element (ES module, one file: `touchpoint bundle`
//                           inlines it), which loads the viewer (touchpoint-viewer.js + .wasm)
// The wasm modules (touchpoint-engine.*, touchpoint-viewer.*) and their generated declarations
// (touchpoint-{engine,viewer}.d.ts, from wasm/exports.json) are written there by the CMake wasm build.
import * as esbuild from 'esbuild';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { coreTablesPlugin } from './core-tables.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const outdir = path.resolve(outIndex >= 0 ? args[outIndex + 1] : path.join(here, 'dist'));
const pkg = JSON.parse(await fs.readFile(path.join(here, 'package.json'), 'utf8'));
const src = (file) => path.join(here, 'src', file);

const minify = !args.includes('--no-minify');
const target = ['es2022', 'chrome111', 'firefox113', 'safari16.4'];

// The widget's CSS travels as a string (styles.js adopts it as a constructable stylesheet): minify
// it as CSS first, or the comments and white space ship too.
const minifiedCss = {
  name: 'minified-css-text',
  setup(build) {
    build.onLoad({ filter: /\.css$/ }, async ({ path: file }) => {
      const source = await fs.readFile(file, 'utf8');
      const css = minify ? (await esbuild.transform(source, { loader: 'css', minify, target, charset: 'utf8' })).code : source;
      return { contents: css.trim(), loader: 'text' };
    });
  },
};

const common = {
  bundle: true,
  minify,
  target,
  plugins: [minifiedCss, coreTablesPlugin], // coreTablesPlugin: the core's tables as `touchpoint:<name>`
  define: { __TP_VERSION__: JSON.stringify(pkg.version) },
  legalComments: 'none',
  logLevel: 'warning',
  charset: 'utf8',
};

await fs.mkdir(outdir, { recursive: true });
// Chunk names carry a content hash: drop the previous build's, or the dist folder keeps growing.
for (const file of await fs.readdir(outdir)) if (/^touchpoint-chunk-.*\.js$/.test(file)) await fs.rm(path.join(outdir, file));
// The ES modules first: the loader is told the renderer's chunk names (content-hashed), so it can
// fetch them alongside the renderer instead of after it (no import waterfall).
const modules = await esbuild.build({
  ...common,
  entryPoints: { 'touchpoint-widget': src('widget.js'), 'touchpoint-delivery': src('delivery.js') },
  format: 'esm',
  splitting: true,
  chunkNames: 'touchpoint-chunk-[hash]',
  outdir,
  metafile: true,
});
const rendererOutput = Object.entries(modules.metafile.outputs).find(([, o]) => o.entryPoint && path.resolve(o.entryPoint) === src('widget.js'));
if (!rendererOutput) throw new Error('build: no renderer output in the metafile');
const rendererChunks = rendererOutput[1].imports.filter((i) => i.kind === 'import-statement').map((i) => path.basename(i.path));
await esbuild.build({
  ...common,
  define: { ...common.define, __TP_RENDERER_CHUNKS__: JSON.stringify(rendererChunks) },
  entryPoints: [src('loader.js')],
  format: 'iife',
  outfile: path.join(outdir, 'touchpoint.js'),
});
// The journey element: a page of its own kind (no survey widget), so a build of its own, without
// chunks shared with the widget.
await esbuild.build({
  ...common,
  entryPoints: { 'touchpoint-journey': src('journey/touchpoint-journey.js') },
  format: 'esm',
  outdir,
});
await fs.writeFile(
  path.join(outdir, 'touchpoint.mjs'),
  `// ESM entry: import touchpoint from '@touchpoint/widget'. Runs the loader with this file's URL as base.
const t = (globalThis.touchpoint ||= function touchpoint() { (t.q ||= []).push(arguments); });
t.base ||= import.meta.url;
await import('./touchpoint.js');
export default globalThis.touchpoint;
`,
);
// Studio (the authoring app served by `touchpoint serve` at /studio/): its own bundle, in DIST/studio.
await (await import('./studio/build.mjs')).buildStudio({ outdir, minify, target });
