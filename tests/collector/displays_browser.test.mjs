// End to end in Chromium: the real widget on the demo's page counts its showings, its batches pass
// the collector's own displays/1 reader (none refused), and the report the results page reads
// shows them: one showing and one completion (rate 100 %), then one showing dismissed (rate 50 %),
// and the questions reached (partial responses on) for the drop-off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, collectErrors } from '../browser/lib/browser.mjs';
import { startCollector, request, repoRoot } from './lib/collector.mjs';

const dist = path.resolve(process.env.TP_DIST || path.join(repoRoot, 'build/wasm-release/dist'));
const TOKEN = 'displays-read-token-0123456789';

async function until(cond, what, ms = 15000) {
  const end = Date.now() + ms;
  for (let v; !(v = await cond()); ) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('the widget\'s display counts reach the collector and make the response rate', { skip: !fs.existsSync(path.join(dist, 'touchpoint.js')) && `no browser assets in ${dist}` }, async () => {
  const c = await startCollector(['--demo', '--dist', dist, '--seed', '0', '--rate', '0', '--token', TOKEN]);
  const browser = await launchBrowser();
  const report = async () => (await request(c.origin, 'GET', '/v1/studio/surveys/nps-support/displays', { headers: { authorization: `Bearer ${TOKEN}` } })).json;
  try {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    page.on('response', (r) => r.url().endsWith('/v1/displays') && r.status() !== 200 && errors.push(`HTTP ${r.status()} ${r.url()}`));
    await page.goto(`${c.origin}/?lang=en`);
    await page.evaluate(() => window.touchpoint.init({ partial: true, displays: { batchMs: 0 } }));
    await page.click('#feedback');
    await page.waitForFunction(() => document.querySelector('touchpoint-survey')?.shadowRoot?.querySelector('.tp-popover.tp-open'));
    for (let step = 0; step < 10; step++) {
      const done = await page.evaluate(() => {
        const root = document.querySelector('touchpoint-survey')?.shadowRoot;
        if (!root || !root.querySelector('.tp-form')) return true;
        for (const q of root.querySelectorAll('fieldset.tp-q')) {
          const radios = [...q.querySelectorAll('input[type=radio]')];
          if (radios.length && !radios.some((r) => r.checked)) (radios.find((r) => r.value === '9') || radios[0]).click();
        }
        root.querySelector('.tp-primary').click();
        return false;
      });
      if (done) break;
      await page.waitForTimeout(300);
    }
    await until(async () => (await report()).total.completed === 1, 'the completion in the report');
    let r = await report();
    assert.equal(r.total.shown, 1);
    assert.equal(r.total.rate, 100);
    assert.equal(r.by_version[0].version, '3');
    assert.equal(r.dropoff.base, 1);
    assert.ok(r.dropoff.questions.length >= 2, JSON.stringify(r.dropoff));
    assert.equal(r.dropoff.questions[0].question, 'nps');
    assert.equal(r.dropoff.questions[0].share, 100);

    // Shown again and dismissed: 2 shown, 1 completed.
    await page.reload();
    await page.evaluate(() => window.touchpoint.init({ partial: true, displays: { batchMs: 0 } }));
    await page.click('#feedback');
    await page.waitForFunction(() => document.querySelector('touchpoint-survey')?.shadowRoot?.querySelector('.tp-popover.tp-open'));
    await page.evaluate(() => window.touchpoint.dismiss());
    await until(async () => (await report()).total.dismissed === 1, 'the dismissal in the report');
    r = await report();
    assert.equal(r.total.shown, 2);
    assert.equal(r.total.rate, 50);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await c.stop();
  }
});
