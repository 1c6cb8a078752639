// node wasm/exports.mjs --module engine|viewer --header OUT.h --link-list OUT.txt --dts OUT.d.ts
// Writes what wasm/exports.json (the one list of what JavaScript may call) implies for one module:
//   --header     C prototypes inside extern "C": the definitions must match them, or they do not compile
//   --link-list  the -sEXPORTED_FUNCTIONS=@file list (nothing else is exported: no EMSCRIPTEN_KEEPALIVE)
//   --dts        TypeScript declarations of the instantiated module (raw calls, heap addresses as numbers)
// Any subset of the outputs may be asked for; web/src/bridge.js is the typed way to call them.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const exportList = JSON.parse(fs.readFileSync(path.join(here, 'exports.json'), 'utf8'));

const C_TYPES = { string: 'const char*', bytes: 'const char*', buffer: 'char*', int: 'int', u32: 'unsigned', float: 'float', double: 'double', void: 'void' };
const TS_TYPES = { string: 'CString', bytes: 'Pointer', buffer: 'Pointer', int: 'number', u32: 'number', float: 'number', double: 'number', void: 'void' };

function check(name, module) {
  if (!module) throw new Error(`exports.json: no module "${name}"`);
  for (const f of module.functions) {
    const types = [f.returns, ...f.params.map((p) => p[1])];
    for (const t of types) if (!(t in C_TYPES)) throw new Error(`exports.json: ${f.name}: unknown type "${t}"`);
    if (!/^tp_\w+$/.test(f.name)) throw new Error(`exports.json: ${f.name}: exported names start with tp_`);
  }
}

export function header(name, module) {
  const lines = module.functions.map((f) => {
    const params = f.params.length ? f.params.map(([p, t]) => `${C_TYPES[t]} ${p}`).join(', ') : 'void';
    return `// ${f.doc}\n${C_TYPES[f.returns]} ${f.name}(${params});`;
  });
  return `// Generated from wasm/exports.json by wasm/exports.mjs: the ${name} module's C API. Do not edit.
#pragma once
#ifdef __cplusplus
extern "C" {
#endif
${lines.join('\n')}
#ifdef __cplusplus
}
#endif
`;
}

/** The names Emscripten exports (with its leading underscore). */
export const linkNames = (module) => [...module.runtime, ...module.functions.map((f) => f.name)].map((n) => `_${n}`);

export function dts(name, module) {
  const iface = `${name[0].toUpperCase()}${name.slice(1)}Module`;
  const members = module.functions.map((f) => {
    const params = f.params.map(([p, t]) => `${p}: ${TS_TYPES[t]}`).join(', ');
    return `  /** ${f.doc} */\n  _${f.name}(${params}): ${TS_TYPES[f.returns]};`;
  });
  return `// Generated from wasm/exports.json by wasm/exports.mjs: the ${module.file} module as instantiated. Do not edit.
/** A heap address of a NUL-terminated UTF-8 string (read it with UTF8ToString, or use web/src/bridge.js). */
export type CString = number;
/** A heap address. */
export type Pointer = number;

export interface ${iface} {
${members.join('\n')}
  _malloc(size: number): Pointer;
  _free(pointer: Pointer): void;
  UTF8ToString(pointer: CString, maxBytes?: number): string;
  stringToUTF8(text: string, pointer: Pointer, maxBytes: number): number;
  lengthBytesUTF8(text: string): number;
  readonly HEAPU8: Uint8Array;
}

/** Instantiates the module (${module.file}.js + .wasm). */
export default function ${module.factory}(options?: Record<string, unknown>): Promise<${iface}>;
`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const arg = (flag) => {
    const i = args.indexOf(`--${flag}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const name = arg('module');
  const module = exportList.modules[name];
  check(name, module);
  const write = (file, text) => {
    if (!file) return;
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    // Unchanged output keeps its timestamp: nothing recompiles for a doc edit of another module.
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) fs.writeFileSync(file, text);
  };
  write(arg('header'), header(name, module));
  write(arg('link-list'), `${linkNames(module).join('\n')}\n`);
  write(arg('dts'), dts(name, module));
}
