// Bundles one of the framework example apps (examples/react-app, examples/vue-app) with esbuild:
//   node web/build-example.mjs examples/react-app [--development]   -> examples/react-app/app.js
// React and Vue come from web/node_modules (devDependencies); `@touchpoint/react` and
// `@touchpoint/vue` are the wrappers in web/react and web/vue. The widget itself is not bundled:
// the app's page loads the loader (dist/touchpoint.js), which defines <touchpoint-survey>.
// --development keeps the frameworks' development builds (React StrictMode's double mount only
// happens there); the browser tests bundle that way.
import * as esbuild from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The app in `dir` (its main.js) as one script's text. */
export async function bundleExample(dir, { development = false } = {}) {
  const result = await esbuild.build({
    entryPoints: [path.join(path.resolve(dir), 'main.js')],
    bundle: true,
    write: false,
    format: 'esm',
    minify: !development,
    target: ['es2022'],
    jsx: 'automatic',
    loader: { '.js': 'jsx' },
    nodePaths: [path.join(here, 'node_modules')],
    alias: {
      '@touchpoint/react': path.join(here, 'react/index.js'),
      '@touchpoint/vue': path.join(here, 'vue/index.js'),
    },
    define: {
      'process.env.NODE_ENV': JSON.stringify(development ? 'development' : 'production'),
      __VUE_OPTIONS_API__: 'false',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    },
    logLevel: 'warning',
  });
  return result.outputFiles[0].text;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: node web/build-example.mjs examples/react-app [--development]');
  const fs = await import('node:fs/promises');
  const out = path.join(dir, 'app.js');
  await fs.writeFile(out, await bundleExample(dir, { development: process.argv.includes('--development') }));
  console.log(`wrote ${out}`);
}
