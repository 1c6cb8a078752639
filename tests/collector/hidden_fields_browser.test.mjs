// Hidden fields end to end in Chromium: a host page with a campaign in its URL, visitor attributes
// and show(…, {fields}) values shows a survey that declares some of them; the response the widget
// delivers to the real collector carries only the declared fields, cut and redacted by the core,
// and the undeclared show() field is named in a console warning and never sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, collectErrors } from '../browser/lib/browser.mjs';
import { startWidgetServer } from '../browser/pages/widget/harness.mjs';
import { startCollector, sql, repoRoot } from './lib/collector.mjs';

const dist = path.resolve(process.env.TP_DIST || path.join(repoRoot, 'build/wasm-release/dist'));
const SURVEY = '/tests/browser/pages/widget/surveys/piping.json';

test('declared hidden fields reach the collector, cut and redacted; undeclared ones never leave', { skip: !fs.existsSync(path.join(dist, 'touchpoint.js')) && `no browser assets in ${dist}` }, async () => {
  const server = await startWidgetServer();
  const c = await startCollector(['--rate', '0', '--allow-origin', server.origin]);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    const warnings = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    const query = new URLSearchParams({ locale: 'en', endpoint: `${c.origin}/v1/responses`, utm_campaign: 'spring li.lei@example.com', utm_source: 'newsletter' });
    await page.goto(`${server.origin}/tests/browser/pages/widget/host.html?${query}`);
    await page.waitForFunction(() => window.touchpoint?.installed);
    const sent = page.evaluate(() => new Promise((resolve) => document.addEventListener('touchpoint:sent', (e) => resolve(e.detail), { once: true })));
    await page.evaluate((src) => {
      window.touchpoint.init({ attributes: { plan: 'pro', email: 'visitor@example.com' } });
      window.touchpoint.show(src, {
        force: true,
        mode: 'modal',
        fields: { order: 'A-2026-0001-XYZ', note: 'call 13812345678 or li.lei@example.com', secret: 'tok_live_123' },
      });
    }, SURVEY);
    const name = page.locator('touchpoint-survey input.tp-input');
    await name.fill('Li');
    await page.locator('touchpoint-survey .tp-primary').click();
    await page.locator('touchpoint-survey [data-question="nps"] input[value="9"]').click();
    await page.locator('touchpoint-survey .tp-primary').click();
    await sent;

    const rows = sql(c.db, "SELECT payload FROM responses WHERE survey='piping'").map((r) => JSON.parse(r[0]));
    assert.equal(rows.length, 1);
    const [stored] = rows;
    assert.deepEqual(Object.keys(stored.fields).sort(), ['campaign', 'note', 'order', 'plan']);
    assert.equal(stored.fields.plan, 'pro'); // attribute:plan
    assert.equal(stored.fields.order, 'A-2026-0001-'); // cut to maxLength 12
    assert.match(stored.fields.campaign, /^spring /);
    for (const value of Object.values(stored.fields)) {
      assert.doesNotMatch(value, /li\.lei@example\.com|13812345678/, 'redacted like free text');
    }
    assert.ok(stored.redactions >= 3, `redactions counted: ${stored.redactions}`);
    assert.deepEqual(stored.context.segment, { plan: 'pro' }, 'only the attribute privacy.context lists');
    const raw = JSON.stringify(stored);
    for (const secret of ['tok_live_123', 'visitor@example.com', 'newsletter']) assert.ok(!raw.includes(secret), `${secret} never sent`);
    assert.ok(warnings.some((w) => /not declared/.test(w) && /secret/.test(w)), `a console warning names the field: ${warnings}`);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await c.stop();
    await server.close();
  }
});
