// touchpoint-engine.js: the JavaScript side of the wasm engine, in place of Emscripten's generic
// runtime (4.2 KB gzip -> ~1 KB). make_glue.mjs fills in IMPORT_NAMES/EXPORT_NAMES from the
// Emscripten build (it minifies the names), so this file only knows the engine's few needs:
// memory growth, UTF-8 strings, abort, stdout/stderr lines, and strtod_host.cpp's Number().
// No eval, no Function(): it runs under a CSP without 'unsafe-eval'.
const IMPORT_MODULE = __IMPORT_MODULE__;
const IMPORT_NAMES = __IMPORT_NAMES__; // our name -> the wasm's import name
const EXPORT_NAMES = __EXPORT_NAMES__; // our name -> the wasm's export name

/**
 * Instantiates the engine. Options (a subset of Emscripten's module options, as the widget, the
 * golden replay and the smoke page use them): wasmBinary (bytes, e.g. under node),
 * instantiateWasm(imports, receive, fail) (the caller instantiates, e.g. from a module compiled
 * while streaming, then calls receive(instance) or fail(error)).
 * Resolves to {_tp_*, _malloc, _free, UTF8ToString, stringToUTF8, lengthBytesUTF8, HEAPU8}: the
 * module web/src/bridge.js calls (declared in dist/touchpoint-engine.d.ts, from wasm/exports.json).
 */
export default async function createEngine(options = {}) {
  let memory;
  let view = new Uint8Array(0);
  // The heap view, renewed after memory.grow() detached the old buffer.
  const heap = () => (view.buffer === memory.buffer ? view : (view = new Uint8Array(memory.buffer)));
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  const lines = { 1: '', 2: '' };

  const host = {
    abort() {
      throw new WebAssembly.RuntimeError('touchpoint engine: abort');
    },
    // Grow by at least 20% (fewer, larger steps), as Emscripten does; 0 = out of memory.
    emscripten_resize_heap(requested) {
      requested >>>= 0;
      const old = memory.buffer.byteLength;
      const max = 2 ** 31;
      for (let cut = 1; cut <= 4; cut *= 2) {
        const wanted = Math.min(max, Math.ceil(Math.max(requested, old * (1 + 0.2 / cut)) / 65536) * 65536);
        if (wanted < requested) return 0;
        try {
          memory.grow((wanted - old) / 65536);
          return 1;
        } catch {
          /* try a smaller step */
        }
      }
      return 0;
    },
    fd_write(fd, iov, count, written) {
      const words = new Uint32Array(memory.buffer);
      let total = 0;
      for (let i = 0; i < count; i++) {
        const [ptr, len] = [words[(iov >> 2) + 2 * i], words[(iov >> 2) + 2 * i + 1]];
        lines[fd] = (lines[fd] || '') + decoder.decode(heap().subarray(ptr, ptr + len));
        total += len;
      }
      const parts = lines[fd].split('\n');
      lines[fd] = parts.pop();
      for (const line of parts) (fd === 2 ? console.error : console.log)(line);
      words[written >> 2] = total;
      return 0;
    },
    fd_seek: () => 70, // ESPIPE: stdout and stderr are not seekable
    fd_close: () => 0,
    tp_host_number: (text, length) => Number(String.fromCharCode.apply(null, heap().subarray(text, text + length))),
  };
  const env = {};
  for (const [name, wasmName] of Object.entries(IMPORT_NAMES)) env[wasmName] = host[name];
  const imports = { [IMPORT_MODULE]: env };

  const instance = await new Promise((resolve, reject) => {
    if (options.instantiateWasm) {
      options.instantiateWasm(imports, (result) => resolve(result), reject); // reject: our extension
    } else if (options.wasmBinary) {
      WebAssembly.instantiate(options.wasmBinary, imports).then((r) => resolve(r.instance), reject);
    } else {
      const url = new URL('touchpoint-engine.wasm', import.meta.url);
      WebAssembly.instantiateStreaming(fetch(url), imports)
        .catch(async () => WebAssembly.instantiate(await (await fetch(url)).arrayBuffer(), imports))
        .then((r) => resolve(r.instance), reject);
    }
  });
  const exports = instance.exports;
  memory = exports[EXPORT_NAMES.memory];
  exports[EXPORT_NAMES.__wasm_call_ctors]();

  const engine = {
    get HEAPU8() {
      return heap();
    },
    UTF8ToString(ptr, maxBytes = Infinity) {
      if (!ptr) return '';
      const h = heap();
      let end = ptr;
      while (end - ptr < maxBytes && h[end]) end++;
      return decoder.decode(h.subarray(ptr, end));
    },
    lengthBytesUTF8: (text) => encoder.encode(text).length,
    /** Writes at most maxBytes - 1 bytes of whole characters, then a NUL; returns the bytes written. */
    stringToUTF8(text, ptr, maxBytes) {
      if (!(maxBytes > 0)) return 0;
      const { written } = encoder.encodeInto(text, heap().subarray(ptr, ptr + maxBytes - 1));
      heap()[ptr + written] = 0;
      return written;
    },
  };
  for (const [name, wasmName] of Object.entries(EXPORT_NAMES))
    if (name !== 'memory' && name !== '__wasm_call_ctors') engine[`_${name}`] = exports[wasmName];
  return engine;
}
