// axe-core (WCAG 2.0/2.1/2.2 A and AA) on every Studio screen — sign-in, survey list, editor,
// JSON view, preview, publish & history (with a diff), install — in light and dark, zh-CN and en:
// zero violations (the preview's iframe holds the widget, whose own axe tests are
// widget_a11y.test.mjs). Each screen is also saved as a screenshot (TP_SCREENSHOTS, default a temp dir).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, collectErrors } from './lib/browser.mjs';
import { repoRoot } from './lib/server.mjs';
import { request } from '../collector/lib/collector.mjs';
import { EDITOR, skipReason, startStudioCollector, studioPage, signIn, validated } from './lib/studio.mjs';
import { axeViolations } from './lib/axe.mjs';

const shots = process.env.TP_SCREENSHOTS || fs.mkdtempSync(path.join(os.tmpdir(), 'tp-studio-shots-'));
let collector, browser;

before(async () => {
  if (skipReason) return;
  collector = await startStudioCollector();
  const survey = JSON.parse(fs.readFileSync(path.join(repoRoot, 'examples/surveys/cx-maturity.json'), 'utf8'));
  const put = (doc, q = '') => request(collector.origin, 'PUT', `/v1/studio/surveys/${doc.id}${q}`, { body: JSON.stringify(doc, null, 2), headers: { authorization: `Bearer ${EDITOR}` } });
  assert.equal((await put(survey, '?publish=1')).status, 201);
  survey.title.en = 'CX maturity check';
  survey.questions[0].title['zh-CN'] = '您如何进行数字聆听？';
  assert.equal((await put(survey)).status, 201);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await collector?.stop();
});

const violations = (page) => axeViolations(page, null, { iframes: false });

async function check(page, name, variant, found) {
  await page.waitForTimeout(150);
  await page.screenshot({ path: path.join(shots, `studio-${name}-${variant}.png`), fullPage: false });
  const v = await violations(page);
  if (v.length) found.push(`${name} (${variant}):\n  ${v.join('\n  ')}`);
}

for (const theme of ['light', 'dark']) {
  for (const locale of ['zh-CN', 'en']) {
    const variant = `${locale}-${theme}`;
    test(`axe WCAG A/AA on every Studio screen: ${variant}`, { skip: skipReason }, async () => {
      const page = await studioPage(browser, { locale, theme });
      const errors = collectErrors(page);
      const found = [];
      await page.goto(`${collector.origin}/studio/`);
      await page.waitForSelector('#token');
      assert.equal(await page.getAttribute('html', 'data-theme'), theme);
      assert.equal(await page.getAttribute('html', 'lang'), locale);
      await check(page, 'signin', variant, found);
      await signIn(page, collector.origin);
      await check(page, 'list', variant, found);
      await page.click('button[aria-label$="cx-maturity"]');
      await page.waitForSelector('tp-editor .question');
      await validated(page);
      await check(page, 'editor', variant, found);
      // The editor with an error at a field.
      const rule = await page.inputValue('[data-pointer="/logic/0/if"]');
      await page.fill('[data-pointer="/logic/0/if"]', "listening == 'none' and unknown_q == 1");
      await page.waitForSelector('.field-error');
      await page.locator('.field-error').scrollIntoViewIfNeeded();
      await check(page, 'editor-error', variant, found);
      await page.fill('[data-pointer="/logic/0/if"]', rule);
      await page.waitForSelector('.field-error', { state: 'detached' });
      for (const [tab, name] of [['json', 'json'], ['preview', 'preview'], ['publish', 'publish'], ['install', 'install']]) {
        await page.click(`#tab-${tab}`);
        if (tab === 'preview') {
          const frame = await (await page.waitForSelector('.device iframe')).contentFrame();
          await frame.waitForFunction(() => document.querySelector('touchpoint-survey')?.shadowRoot?.querySelector('.tp-root'));
          await page.click('.preview-controls button.primary');
          await page.waitForSelector('pre.payload');
        }
        if (tab === 'publish') {
          await page.waitForSelector('table.list tbody tr:nth-child(2)');
          await page.click('table.list tbody tr:nth-child(2) button:first-child');
          await page.waitForSelector('ul.diff');
        }
        await check(page, name, variant, found);
      }
      assert.deepEqual(found, [], found.join('\n'));
      assert.deepEqual(errors.filter((e) => !/status of 401/.test(e)), []);
      await page.context().close();
    });
  }
}
