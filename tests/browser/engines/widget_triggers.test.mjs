// The new triggers in every browser engine (lib/engines.mjs): an SPA route change by pushState
// (noticed through the Navigation API where the engine has it, else by the loader's wrapper of
// history.pushState) re-evaluates the URL gate before a click on a selector counts; a tracked
// event counts only when the engine says its properties pass trigger.eventCondition, and only for
// a visitor in trigger.audience.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { eachEngine } from '../lib/engines.mjs';
import { repoRoot } from '../lib/server.mjs';
import { startWidgetServer } from '../pages/widget/harness.mjs';

const quick = JSON.parse(fs.readFileSync(path.join(repoRoot, 'tests/browser/pages/widget/surveys/quick.json'), 'utf8'));
const server = () =>
  startWidgetServer({
    handlers: {
      '/targeted.json': (req, res) => {
        const q = new URL(req.url, 'http://x').searchParams;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...quick, id: q.get('id'), trigger: JSON.parse(q.get('trigger')) }));
      },
    },
  });
const targeted = (id, trigger) => `/targeted.json?id=${id}&trigger=${encodeURIComponent(JSON.stringify(trigger))}`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const shownCount = () => window.tpEvents.filter((e) => e.name === 'shown').length;

async function hostPage(env) {
  const page = await env.engine.newPage();
  await page.goto(`${env.server.origin}/tests/browser/pages/widget/host.html`);
  await page.waitFor(() => window.touchpoint?.installed);
  return page;
}

eachEngine({ server }, (env) => {
  test('pushState re-evaluates the URL gate; then a click on the selector shows the survey', async () => {
    const page = await hostPage(env);
    await page.evaluate((src) => {
      document.querySelector('main').insertAdjacentHTML('afterbegin', '<button id="buy">Buy</button>');
      window.touchpoint.watch(src);
    }, targeted('spa-click', { urlPattern: '*/billing*', clickSelector: '#buy' }));
    await sleep(300);
    await page.click(() => document.getElementById('buy'));
    await sleep(800);
    assert.equal(await page.evaluate(shownCount), 0, 'the click does not count on a URL the pattern refuses');
    await page.evaluate(() => history.pushState({}, '', '/tests/browser/pages/widget/billing'));
    await sleep(300);
    await page.click(() => document.getElementById('buy'));
    await page.waitFor(() => document.documentElement.dataset.tpShown === 'true');
    assert.deepEqual(await page.evaluate(() => window.tpEvents.filter((e) => e.name === 'error')), []);
    await page.close();
  });

  test('track(name, properties) with a condition and an audience, both decided by the engine', async () => {
    const page = await hostPage(env);
    await page.evaluate((src) => {
      window.touchpoint.identify('u', { plan: 'pro' });
      window.touchpoint.watch(src);
    }, targeted('track-cond', { event: 'export', eventCondition: 'properties.rows > 1000', audience: "segment.plan == 'pro'" }));
    await sleep(300);
    await page.evaluate(() => window.touchpoint.track('export', { rows: 10 }));
    await sleep(1500);
    assert.equal(await page.evaluate(shownCount), 0, 'ten rows do not pass the condition');
    await page.evaluate(() => window.touchpoint.track('export', { rows: 5000 }));
    await page.waitFor(() => document.documentElement.dataset.tpShown === 'true');
    await page.close();
  });
});
