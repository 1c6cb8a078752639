// Builds Studio (web/studio) into DIST/studio: one ES module bundle with Lit (studio.js), the
// preview frame's script, the pages and the stylesheet. Called by web/build.mjs. Studio never
// loads on visitors' pages; the widget bundles are built independently and stay framework-free.
import * as esbuild from 'esbuild';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { coreTablesPlugin } from '../core-tables.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

export async function buildStudio({ outdir, minify = true, target }) {
  const out = path.join(outdir, 'studio');
  await fs.mkdir(out, { recursive: true });
  await esbuild.build({
    entryPoints: { studio: path.join(here, 'app.js'), 'preview-frame': path.join(here, 'preview-frame.js') },
    bundle: true,
    format: 'esm',
    splitting: true,  // the results page (and its charting library) is a chunk loaded on demand
    chunkNames: 'chunk-[hash]',
    plugins: [coreTablesPlugin], // the core's tables as `touchpoint:<name>` (web/core-tables.mjs lists them)
    minify,
    target,
    outdir: out,
    legalComments: 'none',
    logLevel: 'warning',
    charset: 'utf8',
  });
  const css = await fs.readFile(path.join(here, 'studio.css'), 'utf8');
  await fs.writeFile(path.join(out, 'studio.css'), minify ? (await esbuild.transform(css, { loader: 'css', minify, target, charset: 'utf8' })).code : css);
  for (const page of ['index.html', 'preview.html']) await fs.copyFile(path.join(here, page), path.join(out, page));
}
