// The public surface: every member declared in web/touchpoint.d.ts exists at runtime (one source of
// truth, no drift), the queue stub replays calls made before the script loaded, and the loader
// adds exactly one global.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, repoRoot } from './lib/server.mjs';
import { collectErrors } from './lib/browser.mjs';
import { useServerAndBrowser } from './lib/fixture.mjs';

const dts = fs.readFileSync(path.join(repoRoot, 'web/touchpoint.d.ts'), 'utf8');

/** Member names declared in `interface NAME { ... }` (methods and properties, not call signatures). */
function members(name) {
  const body = dts.match(new RegExp(`interface ${name}\\b[^{]*\\{([\\s\\S]*?)\\n\\}`))?.[1];
  assert.ok(body, `interface ${name} in touchpoint.d.ts`);
  return [...body.matchAll(/^\s{2}(?:readonly\s+)?([A-Za-z_$][\w$]*)\??\s*[(:]/gm)].map((m) => m[1]);
}

const env = useServerAndBrowser({ server: () => startServer() });

test('every member of touchpoint.d.ts exists at runtime, and only one global is added', async () => {
  const page = await env.browser.newPage();
  const errors = collectErrors(page);
  await page.goto(`${env.server.origin}/tests/browser/pages/widget/api.html`);
  await page.waitForSelector('html[data-ready="true"]');
  const api = members('Touchpoint');
  assert.ok(api.length >= 9, `found ${api.join(', ')}`);
  const types = await page.evaluate((names) => Object.fromEntries(names.map((n) => [n, typeof window.touchpoint[n]])), api);
  for (const name of api) assert.notEqual(types[name], 'undefined', `touchpoint.${name} exists`);
  assert.equal(types.version, 'string');
  assert.equal(await page.evaluate(() => typeof window.touchpoint), 'function');

  const element = members('TouchpointSurveyElement');
  const elementTypes = await page.evaluate((names) => {
    const proto = customElements.get('touchpoint-survey').prototype;
    return Object.fromEntries(names.map((n) => [n, typeof proto[n]]));
  }, element);
  for (const name of element) assert.equal(elementTypes[name], 'function', `<touchpoint-survey>.${name}()`);

  const commands = dts.match(/type Command = ([^;]+);/)[1].match(/'(\w+)'/g).map((s) => s.slice(1, -1));
  for (const command of commands) assert.equal(types[command], 'function', `touchpoint('${command}') has a method`);

  const added = await page.evaluate(() => Object.getOwnPropertyNames(window).filter((n) => !window.globalsBefore.includes(n)));
  assert.deepEqual(added.filter((n) => n !== 'globalsBefore'), ['touchpoint'], 'one global: touchpoint');
  assert.deepEqual(errors, []);
});

test('the package exports point at files the build writes', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'web/package.json'), 'utf8'));
  const dist = process.env.TP_DIST || path.join(repoRoot, 'build/wasm-release/dist');
  assert.equal(pkg.exports['.'].types, './touchpoint.d.ts');
  for (const target of [pkg.exports['.'].import, pkg.exports['.'].default, pkg.exports['./loader']])
    assert.ok(fs.existsSync(path.join(dist, path.basename(target))), `${target} is built`);
});
