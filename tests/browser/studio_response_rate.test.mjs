// Studio's results page shows the response rate from the widget's display counts on the real
// collector: the rate shown equals completed ÷ shown as stored in the database (a retried batch
// counted once), per day and per version in the data tables, and the drop-off per question; a
// period set in the page narrows the counts to its days. axe finds no WCAG A/AA violation in the
// section, in dark zh-CN too; a screenshot is saved (TP_SCREENSHOTS, default a temp dir).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, collectErrors } from './lib/browser.mjs';
import { request, sql } from '../collector/lib/collector.mjs';
import { skipReason, startStudioCollector, studioPage, signIn } from './lib/studio.mjs';
import { axeViolations } from './lib/axe.mjs';
import { strings } from '../../web/studio/strings.js';

const shots = process.env.TP_SCREENSHOTS || fs.mkdtempSync(path.join(os.tmpdir(), 'tp-rate-shots-'));
const SURVEY = 'nps-support';
let collector, browser;

const row = (over) => ({ survey: SURVEY, version: '3', day: '2026-11-23', shown: 0, dismissed: 0, completed: 0, ...over });
const batches = [
  [row({ shown: 40, dismissed: 12, completed: 17, reached: { nps: 40, why: 29, resolved: 21 } })],
  [row({ day: '2026-11-24', shown: 25, dismissed: 9, completed: 11 }), row({ version: '2', day: '2026-11-24', shown: 7, dismissed: 5, completed: 1 })],
];
const rateText = (completed, shown) => `${Math.round((1000 * completed) / shown) / 10} %`;

async function openResults(page, locale = 'en') {
  await signIn(page, collector.origin);
  await page.click(`button[aria-label="${strings[locale].results} ${SURVEY}"]`);
  await page.waitForSelector('[data-displays]');
}
const kpi = (page, name) => page.$eval(`[data-displays] [data-kpi="${name}"] .kpi-value`, (e) => e.textContent.trim());
const table = (page, id) => page.$$eval(`table[data-table="${id}"] tbody tr`, (rows) => rows.map((r) => [...r.children].map((c) => c.textContent.trim())));

before(async () => {
  if (skipReason) return;
  collector = await startStudioCollector(['--demo', '--seed', '10']);
  for (const counts of batches) {
    const body = { touchpoint: 'displays/1', id: crypto.randomUUID(), counts };
    assert.equal((await request(collector.origin, 'POST', '/v1/displays', { body })).status, 200);
    assert.equal((await request(collector.origin, 'POST', '/v1/displays', { body })).json.duplicate, true); // a retry
  }
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await collector?.stop();
});

test('the response rate shown is completed ÷ shown as stored; per day, per version, drop-off', { skip: skipReason }, async () => {
  const page = await studioPage(browser, { locale: 'en', theme: 'light' });
  const errors = collectErrors(page);
  await openResults(page);
  const [[shown, completed, dismissed]] = sql(collector.db, `SELECT SUM(shown), SUM(completed), SUM(dismissed) FROM display_counts WHERE survey = '${SURVEY}'`).map((r) => r.map(Number));
  assert.equal(shown, 40 + 25 + 7, 'the retried batches were stored once');
  assert.equal(await kpi(page, 'shown'), String(shown));
  assert.equal(await kpi(page, 'completed'), String(completed));
  assert.equal(await kpi(page, 'dismissed'), String(dismissed));
  assert.equal(await kpi(page, 'rate'), rateText(completed, shown));

  const perDay = sql(collector.db, `SELECT day, SUM(shown), SUM(completed), SUM(dismissed) FROM display_counts WHERE survey = '${SURVEY}' GROUP BY day ORDER BY day`);
  assert.deepEqual(await table(page, 'rate-per-day'), perDay.map(([day, s, c, d]) => [day, s, c, d, rateText(Number(c), Number(s))]));
  const perVersion = await table(page, 'rate-by-version');
  assert.deepEqual(perVersion.map((r) => [r[0], r[4]]), [['2', rateText(1, 7)], ['3', rateText(28, 65)]]);
  // Drop-off: over the 40 showings that counted the questions reached, in the survey's order.
  const drop = await table(page, 'dropoff');
  assert.deepEqual(drop.map((r) => [r[1], r[2], r[3]]), [['40', '100 %', '0'], ['29', '72.5 %', '11'], ['21', '52.5 %', '8']]);

  // A period set in the page: only its days.
  await page.fill('#f-from', '2026-11-24');
  await page.fill('#f-to', '2026-11-24');
  await page.click('form.filters button[type=submit]');
  await page.waitForFunction(() => document.querySelector('[data-displays] [data-kpi="shown"] .kpi-value')?.textContent.trim() === '32');
  assert.equal(await kpi(page, 'rate'), rateText(12, 32));
  assert.deepEqual(errors.filter((e) => !/status of 401/.test(e)), [], 'no page error (the 401 is the sign-in check before signing in)');
  await page.context().close();
});

test('axe: the response-rate section has no violation (light en, dark zh-CN)', { skip: skipReason }, async () => {
  for (const [locale, theme] of [['en', 'light'], ['zh-CN', 'dark']]) {
    const page = await studioPage(browser, { locale, theme });
    await openResults(page, locale);
    await page.$$eval('[data-displays] details', (ds) => ds.forEach((d) => (d.open = true)));
    const violations = await axeViolations(page, { include: [['[data-displays]']] });
    assert.deepEqual(violations, [], `${locale} ${theme}`);
    await page.$eval('[data-displays]', (e) => e.scrollIntoView());
    await page.locator('[data-displays]').screenshot({ path: path.join(shots, `response-rate-${locale}-${theme}.png`) });
    await page.context().close();
  }
});
