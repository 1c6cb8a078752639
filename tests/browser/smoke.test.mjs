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

// The browser's own UI pages (chrome:// WebUI such as the omnibox popup) load in renderers of their
// own beside the tested page, taking a 2-core machine's CPU from it: launchBrowser turns them off,
// and a Chromium update that brings a new one fails here rather than slowing every page test.
test('the tests\' Chromium loads none of its own UI pages beside the tested page', async () => {
  const page = await env.browser.newPage();
  await page.goto(`${env.server.origin}/tests/browser/pages/smoke.html`);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 15000 });
  const cdp = await env.browser.newBrowserCDPSession();
  const { targetInfos } = await cdp.send('Target.getTargets');
  await cdp.detach();
  assert.ok(targetInfos.some((t) => t.url === page.url()), 'the target list holds the tested page');
  assert.deepEqual(targetInfos.filter((t) => t.type === 'browser_ui').map((t) => t.url), []);
  await page.close();
});
