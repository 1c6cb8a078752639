// The pipeline end to end: a page served on 127.0.0.1 loads the wasm engine into Chromium and
// shows a value computed by the C++ core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launchBrowser, collectErrors } from './lib/browser.mjs';

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('a page calls the C++ core compiled to wasm', async () => {
  const page = await browser.newPage();
  const errors = collectErrors(page);
  await page.goto(`${server.origin}/tests/browser/pages/smoke.html`);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 15000 });
  assert.equal(await page.textContent('#length'), '5', 'code points of 客户体验😀, counted by the core');
  assert.match(await page.textContent('#version'), /^\d+\.\d+\.\d+$/);
  assert.deepEqual(errors, []);
});
