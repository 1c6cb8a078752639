// End to end in Chromium: the demo's marketing page shows the NPS popover, a visitor answers it,
// the widget delivers the response to the collector that served the page, the row is stored, and
// the journey page's live feed (long-polling /v1/feed) shows it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, collectErrors } from '../browser/lib/browser.mjs';
import { startCollector, sql, repoRoot } from './lib/collector.mjs';

const dist = path.resolve(process.env.TP_DIST || path.join(repoRoot, 'build/wasm-release/dist'));

// Console errors plus every failed request with its URL (the console message does not name it).
function watch(page) {
  const errors = collectErrors(page);
  page.on('response', (r) => r.status() >= 400 && errors.push(`HTTP ${r.status()} ${r.url()}`));
  return errors;
}

// Answers every step: NPS 3 (a detractor), the first option of other required choices, then
// "next"/"submit", until the widget reports the response as sent.
async function completeSurvey(page) {
  const sent = page.evaluate(() => new Promise((resolve) => document.addEventListener('touchpoint:sent', (e) => resolve(e.detail), { once: true })));
  for (let step = 0; step < 10; step++) {
    const done = await page.evaluate(() => {
      const root = document.querySelector('touchpoint-survey')?.shadowRoot;
      if (!root || !root.querySelector('.tp-form')) return true;
      for (const q of root.querySelectorAll('fieldset.tp-q')) {
        const radios = [...q.querySelectorAll('input[type=radio]')];
        if (radios.length && !radios.some((r) => r.checked)) (radios.find((r) => q.dataset.question === 'nps' && r.value === '3') || radios[0]).click();
      }
      root.querySelector('.tp-primary').click();
      return false;
    });
    if (done) break;
    await page.waitForTimeout(300);
  }
  return sent;
}

test('a visitor answers the popover; the response is stored and appears on the journey page', { skip: !fs.existsSync(path.join(dist, 'touchpoint.js')) && `no browser assets in ${dist}` }, async () => {
  const c = await startCollector(['--demo', '--dist', dist, '--seed', '0', '--rate', '0']);
  const browser = await launchBrowser({ webgl: true });
  try {
    const journey = await browser.newPage();
    const journeyErrors = watch(journey);
    await journey.goto(`${c.origin}/journey.html?map=saas-support&lang=zh-CN`);
    await journey.waitForFunction(() => /等待新的回答/.test(document.getElementById('feed-status').textContent));

    const site = await browser.newPage();
    const siteErrors = watch(site);
    await site.goto(`${c.origin}/?lang=zh-CN`);
    await site.click('#feedback');
    await site.waitForFunction(() => document.querySelector('touchpoint-survey')?.shadowRoot?.querySelector('.tp-popover.tp-open'));
    await completeSurvey(site);

    const rows = sql(c.db, "SELECT payload FROM responses WHERE survey='nps-support'").map((r) => JSON.parse(r[0]));
    assert.equal(rows.length, 1);
    const [stored] = rows;
    assert.equal(stored.answers.nps, 3);
    assert.equal(stored.scores.nps.category, 'detractor');
    assert.deepEqual(stored.alert, { reason: 'detractor', question: 'nps' });
    assert.equal(stored.locale, 'zh-CN');
    assert.equal(stored.journey.map, 'saas-support');
    assert.equal(stored.context?.page, '/');

    await journey.waitForFunction(() => document.querySelectorAll('#feed li').length === 1, null, { timeout: 10000 });
    const item = await journey.textContent('#feed li');
    assert.match(item, /NPS 3/);
    assert.match(item, /nps-support/);
    // The viewer element is on the page and loaded the map (its own tests cover the drawing).
    assert.equal(await journey.evaluate(() => !!customElements.get('touchpoint-journey')), true);
    assert.deepEqual(siteErrors, []);
    assert.deepEqual(journeyErrors, []);
  } finally {
    await browser.close();
    await c.stop();
  }
});
