// The pipeline end to end: a page served on 127.0.0.1 loads the wasm engine into Chromium and
// shows a value computed by the C++ core.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectErrors } from './lib/browser.mjs';
import { useServerAndBrowser } from './lib/fixture.mjs';

const env = useServerAndBrowser();

test('a page calls the C++ core compiled to wasm', async () => {
  const page = await env.browser.newPage();
  const errors = collectErrors(page);
  await page.goto(`${env.server.origin}/tests/browser/pages/smoke.html`);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 15000 });
  assert.equal(await page.textContent('#length'), '5', 'code points of 客户体验😀, counted by the core');
  assert.match(await page.textContent('#version'), /^\d+\.\d+\.\d+$/);
  assert.deepEqual(errors, []);
});
