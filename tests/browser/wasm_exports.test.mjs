// One export list (wasm/exports.json) for both wasm modules: the declarations generated from it
// (dist/touchpoint-{engine,viewer}.d.ts) name exactly what the instantiated modules have, every
// wasm call the JavaScript makes is in the list, the <touchpoint-journey> element has every member
// web/touchpoint.d.ts declares, and the bridge turns core errors into typed errors and frees what
// it copies into the heap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, distDir, startServer } from './lib/server.mjs';
import { collectErrors } from './lib/browser.mjs';
import { useServerAndBrowser } from './lib/fixture.mjs';
import { Bridge, BridgeError } from '../../web/src/bridge.js';

const list = JSON.parse(fs.readFileSync(path.join(repoRoot, 'wasm/exports.json'), 'utf8')).modules;

/** Members declared in `interface NAME { ... }` of a .d.ts text (methods and properties). */
function members(dts, name) {
  const body = dts.match(new RegExp(`interface ${name}\\b[^{]*\\{([\\s\\S]*?)\\n\\}`))?.[1];
  assert.ok(body, `interface ${name}`);
  return [...body.matchAll(/^\s{2}(?:readonly\s+)?([A-Za-z_$][\w$]*)\??\s*[(:]/gm)].map((m) => m[1]);
}

const generated = (module) => fs.readFileSync(path.join(distDir, `touchpoint-${module}.d.ts`), 'utf8');

async function engineModule() {
  const { default: createEngine } = await import(path.join(distDir, 'touchpoint-engine.js'));
  return createEngine({ wasmBinary: fs.readFileSync(path.join(distDir, 'touchpoint-engine.wasm')) });
}

test('the generated engine declarations match the list and the instantiated engine', async () => {
  const declared = members(generated('engine'), 'EngineModule');
  for (const f of list.engine.functions) assert.ok(declared.includes(`_${f.name}`), `_${f.name} is declared`);
  const engine = await engineModule();
  for (const name of declared) assert.notEqual(typeof engine[name], 'undefined', `engine.${name} exists`);
  const tpExports = Object.keys(engine).filter((k) => k.startsWith('_tp_'));
  assert.deepEqual(tpExports.sort(), list.engine.functions.map((f) => `_${f.name}`).sort(), 'nothing exported beside the list');
});

test('every wasm call in web/src names a function of the export list', () => {
  const known = new Set(Object.values(list).flatMap((m) => m.functions.map((f) => f.name)));
  const files = fs.readdirSync(path.join(repoRoot, 'web/src'), { recursive: true }).filter((f) => f.endsWith('.js'));
  let calls = 0;
  for (const file of files) {
    const text = fs.readFileSync(path.join(repoRoot, 'web/src', file), 'utf8');
    // bridge calls by full name ('tp_viewer_set'), the engine wrapper's by short name (json('view', …))
    for (const [, name] of text.matchAll(/['"`](tp_\w+)['"`]/g)) {
      calls++;
      assert.ok(known.has(name), `${file}: ${name} is in wasm/exports.json`);
    }
    if (file === 'engine.js')
      for (const [, name] of text.matchAll(/\b(?:raw|text|json)\('(\w+)'/g)) {
        calls++;
        assert.ok(known.has(`tp_${name}`), `engine.js: tp_${name} is in wasm/exports.json`);
      }
  }
  assert.ok(calls >= 20, `found ${calls} calls`);
});

test('the bridge: typed errors with a pointer, strings freed after the call, even when it throws', async () => {
  const engine = await engineModule();
  const bridge = new Bridge(engine);
  const frees = [];
  const free = engine._free;
  engine._free = (ptr) => {
    frees.push(ptr);
    return free(ptr);
  };
  const result = bridge.json('tp_validate', '{"touchpoint":"survey/1"}');
  assert.equal(result.ok, false);
  assert.equal(frees.length, 1, 'the argument copy was freed');
  const bad = { touchpoint: 'survey/1', id: 'x', version: '1', locales: ['en'], title: 'T', questions: [{ id: 'q', type: 'nope', title: 'Q' }] };
  const handle = bridge.call('tp_open', JSON.stringify(bad), '{}');
  assert.equal(handle, 0);
  assert.equal(frees.length, 3);
  const error = (() => {
    try {
      bridge.json('tp_last_error');
      return null;
    } catch (e) {
      return e;
    }
  })();
  assert.ok(error instanceof BridgeError, 'a BridgeError');
  assert.equal(error.call, 'tp_last_error');
  assert.equal(error.pointer, '/questions/0/type', 'with a JSON pointer');
  assert.ok(error.diagnostics.length > 0);
  engine._tp_view = () => {
    throw new Error('trap');
  };
  assert.throws(() => bridge.call('tp_view', 'not a number'), /trap/);
  assert.equal(frees.length, 4, 'freed although the call threw');
  assert.throws(() => bridge.call('tp_nothing'), BridgeError);
  // Bytes the heap cannot take (malloc's null) are refused, not written over address 0.
  const malloc = engine._malloc;
  engine._malloc = () => 0;
  assert.throws(() => bridge.bytes(new Uint8Array(8), () => 'used'), /no room for 8 bytes/);
  engine._malloc = malloc;
  engine._free = free;
});

const env = useServerAndBrowser({ server: () => startServer(), webgl: true });

test('the viewer module has every declared export; the journey element every declared member', async () => {
  const page = await env.browser.newPage();
  const errors = collectErrors(page);
  const q = new URLSearchParams({ map: '/examples/journeys/subscription.json' });
  await page.goto(`${env.server.origin}/tests/browser/pages/journey/viewer.html?${q}`);
  await page.waitForSelector('html[data-ready="true"], html[data-error]', { state: 'attached', timeout: 60000 });
  assert.equal(await page.getAttribute('html', 'data-error'), null);

  const declared = members(generated('viewer'), 'ViewerModule');
  for (const f of list.viewer.functions) assert.ok(declared.includes(`_${f.name}`), `_${f.name} is declared`);
  const types = await page.evaluate((names) => {
    const m = document.querySelector('touchpoint-journey')._module;
    return Object.fromEntries(names.map((n) => [n, typeof m[n]]));
  }, declared);
  for (const name of declared) assert.notEqual(types[name], 'undefined', `viewer.${name} exists`);

  const dts = fs.readFileSync(path.join(repoRoot, 'web/touchpoint.d.ts'), 'utf8');
  const element = members(dts, 'TouchpointJourneyElement');
  assert.ok(element.length >= 10, `found ${element.join(', ')}`);
  // A method is a function on the prototype; a property (declared `name: type`) a getter and setter there.
  const elementTypes = await page.evaluate((names) => {
    const proto = customElements.get('touchpoint-journey').prototype;
    return Object.fromEntries(names.map((n) => {
      const d = Object.getOwnPropertyDescriptor(proto, n);
      return [n, !d ? 'missing' : typeof d.value === 'function' ? 'function' : d.get && d.set ? 'property' : 'other'];
    }));
  }, element);
  const body = dts.match(/interface TouchpointJourneyElement\b[^{]*\{([\s\S]*?)\n\}/)[1];
  const properties = new Set([...body.matchAll(/^\s{2}([A-Za-z_$][\w$]*)\??\s*:/gm)].map((m) => m[1]));
  assert.ok(properties.has('locale'), 'the locale property is declared');
  for (const name of element)
    assert.equal(elementTypes[name], properties.has(name) ? 'property' : 'function', `<touchpoint-journey>.${name}`);
  assert.deepEqual(errors, []);
  await page.close();
});
