// The wasm engine as the widget ships it, with its own small runtime (wasm/engine/glue): decimal
// text converted by JavaScript's Number() (strtod_host.cpp, instead of musl's strtod), an
// integer-only snprintf (snprintf_int.cpp), UTF-8 strings and memory growth in engine-glue.js.
// A response payload round-trips through tp_cloudevent (parse, then dump into "data"), so every
// number must come back as exactly the double JavaScript reads from the same text, and control
// characters as \u escapes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { distDir } from './lib/server.mjs';
import { Engine, EngineError } from '../../web/src/engine.js';

async function engine() {
  const { default: createEngine } = await import(path.join(distDir, 'touchpoint-engine.js'));
  return new Engine(await createEngine({ wasmBinary: fs.readFileSync(path.join(distDir, 'touchpoint-engine.wasm')) }));
}

const payload = (answersText) =>
  `{"touchpoint":"response/1","id":"0b6f3a52-8a0e-4b7e-9b1e-5d2f7c9a1e34","survey":{"id":"numbers","version":"1"},` +
  `"submitted":"2026-11-23T05:00:00Z","answers":${answersText}}`;

// Hard cases for decimal -> double: halfway points, the extremes, subnormals, long mantissas,
// integers beyond 64 bits (nlohmann hands those to strtod too), signed zero, exponent forms.
const literals = [
  '0', '-0.0', '0.1', '0.2', '0.30000000000000004', '2.675', '4.5', '-3.75', '1e3', '1E+3', '2.5e-3',
  '1e23', '8.41e21', '9007199254740993.0', '123456789012345678901234567890', '1.7976931348623157e308',
  '2.2250738585072011e-308', '2.2250738585072014e-308', '4.9e-324', '5e-324', '1e-400',
  '3.14159265358979323846264338327950288419716939937510', '0.000001', '100000000000000000000000',
];

test('every number survives the engine exactly as JavaScript reads it', async () => {
  const e = await engine();
  const answers = `{${literals.map((text, i) => `"n${i}":${text}`).join(',')}}`;
  const event = JSON.parse(e.cloudevent(payload(answers)));
  const back = event.data.answers;
  literals.forEach((text, i) => assert.ok(Object.is(back[`n${i}`], JSON.parse(text)), `${text} came back as ${back[`n${i}`]}`));
});

test('a number too large for a double is an error, not a crash', async () => {
  const e = await engine();
  const result = JSON.parse(e.cloudevent(payload('{"n":1e400}')));
  assert.ok(result.error, 'an error object');
  assert.match(result.error.message, /not valid JSON/);
  assert.throws(() => e.open('{"touchpoint":"survey/1","id":"x","version":1e999}'), EngineError);
});

test('control characters come back as \\u escapes (as JSON.stringify writes them), CJK text unchanged', async () => {
  const e = await engine();
  const original = `${Array.from({ length: 32 }, (_, c) => String.fromCharCode(c)).join('')} 中文😀"\\`;
  const text = e.cloudevent(payload(`{"t":${JSON.stringify(original)}}`));
  assert.ok(text.includes(JSON.stringify(original)), text);
  assert.equal(JSON.parse(text).data.answers.t, original);
});

test('UTF-8 across the boundary: CJK, emoji, and a string cut to a buffer keeps whole characters', async () => {
  const e = await engine();
  const text = '客户体验😀 ok';
  assert.equal(e.wasm.lengthBytesUTF8(text), new TextEncoder().encode(text).length);
  assert.equal(e.raw('utf8_length', text), [...text].length);
  const ptr = e.wasm._malloc(8);
  const written = e.wasm.stringToUTF8(text, ptr, 8); // room for 7 bytes: two 3-byte characters
  assert.equal(written, 6);
  assert.equal(e.wasm.UTF8ToString(ptr), '客户');
  e.wasm._free(ptr);
});

test('the heap grows on demand: a 4 MB text is redacted whole, and the engine still works after', async () => {
  const e = await engine();
  const line = '请联系 zhang.wei@example.com 或 13800138000，谢谢。\n';
  const text = line.repeat(Math.ceil((4 << 20) / new TextEncoder().encode(line).length));
  const result = e.redact(text);
  const lines = text.split('\n').length - 1;
  assert.equal(result.redactions, 2 * lines);
  assert.equal(result.kinds.email, lines);
  assert.ok(result.text.startsWith('请联系 [email] 或 [phone]，谢谢。\n'), result.text.slice(0, 80));
  assert.equal(e.version(), e.version()); // calls after the growth see the new memory
  assert.match(e.version(), /\d+\.\d+/);
});
