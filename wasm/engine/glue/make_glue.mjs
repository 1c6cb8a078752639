// node make_glue.mjs --emscripten BUILD/touchpoint-engine.js --template engine-glue.js --exports wasm/exports.json --out DIST/touchpoint-engine.js
// Writes the engine's small JavaScript runtime (engine-glue.js) with the import and export names
// of this build, read from the runtime Emscripten generated next to the .wasm (which is then not
// shipped). Fails the build if the module needs an import engine-glue.js does not provide.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const arg = (name) => {
  const i = args.indexOf(`--${name}`);
  if (i < 0 || !args[i + 1]) throw new Error(`make_glue: --${name} is required`);
  return args[i + 1];
};
const generated = fs.readFileSync(arg('emscripten'), 'utf8');
const template = fs.readFileSync(arg('template'), 'utf8');
const fail = (message) => {
  console.error(`make_glue: ${message} (Emscripten's runtime changed shape? see wasm/engine/glue/make_glue.mjs)`);
  process.exit(1);
};

// asmLibraryArg={"a":_abort,"d":_emscripten_resize_heap,...,"b":tp_host_number}
const library = generated.match(/asmLibraryArg=\{([^}]*)\}/);
if (!library) fail('no asmLibraryArg in the generated runtime');
const provided = ['abort', 'emscripten_resize_heap', 'fd_write', 'fd_seek', 'fd_close', 'tp_host_number'];
const importNames = {};
for (const [, wasmName, jsName] of library[1].matchAll(/"(\w+)":(\w+)/g)) {
  const name = jsName.replace(/^_(?=[a-z])/, '');
  if (!provided.includes(name)) fail(`the engine imports ${jsName}, which engine-glue.js does not provide`);
  importNames[name] = wasmName;
}
// The import module: `var info={"a":asmLibraryArg}` (minified) or "env".
const moduleName = (generated.match(/var info=\{"(\w+)":asmLibraryArg/) || [])[1];
if (!moduleName) fail('no import module name');

// _tp_open=Module["_tp_open"]=function(){return(_tp_open=Module["_tp_open"]=Module["asm"]["l"]).apply(...)}
const exportNames = {};
for (const [, name, wasmName] of generated.matchAll(/\b_{1,3}(\w+)=Module\["_{1,3}\w+"\]=function\(\)\{return\(\w+=Module\["\w+"\]=Module\["asm"\]\["(\w+)"\]\)/g))
  if (name !== 'wasm_call_ctors') exportNames[name] = wasmName;
const memory = generated.match(/wasmMemory=Module\["asm"\]\["(\w+)"\]/);
const ctors = generated.match(/addOnInit\(Module\["asm"\]\["(\w+)"\]\)/);
if (!memory || !ctors) fail('no memory or constructor export');
exportNames.memory = memory[1];
exportNames.__wasm_call_ctors = ctors[1];
// Every function of the engine's export list (wasm/exports.json) must have made it through the link.
const { engine } = JSON.parse(fs.readFileSync(arg('exports'), 'utf8')).modules;
for (const needed of [...engine.runtime, ...engine.functions.map((f) => f.name)])
  if (!exportNames[needed]) fail(`no export ${needed} (listed in wasm/exports.json)`);

let code = template
  .replace('__IMPORT_MODULE__', JSON.stringify(moduleName))
  .replace('__IMPORT_NAMES__', JSON.stringify(importNames))
  .replace('__EXPORT_NAMES__', JSON.stringify(exportNames));
// Minified with the widget's esbuild when it is installed (web/node_modules), as the widget is.
const here = path.dirname(fileURLToPath(import.meta.url));
const esbuildPath = path.resolve(here, '../../../web/node_modules/esbuild/lib/main.js');
if (fs.existsSync(esbuildPath)) {
  const { default: esbuild } = await import(esbuildPath);
  code = (await esbuild.transform(code, { minify: true, format: 'esm', target: 'es2022', legalComments: 'none' })).code;
}
fs.writeFileSync(arg('out'), code);
