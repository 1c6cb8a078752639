// Screenshots of every display mode in light and dark, English, Chinese and Arabic (RTL), plus a
// phone, into $TP_SCREENS (default: the OS temp dir). Each shot also checks what a person would:
// the survey panel lies fully inside the viewport and no text overflows its box.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { collectErrors } from './lib/browser.mjs';
import { useServerAndBrowser } from './lib/fixture.mjs';
import { startWidgetServer, openSurvey, MODES } from './pages/widget/harness.mjs';

const OUT = path.resolve(process.env.TP_SCREENS || path.join(os.tmpdir(), 'touchpoint-screens'));
const SURVEY = '/tests/browser/pages/widget/surveys/all-types.json';
// Every variant when screenshots are asked for (TP_SCREENS); a representative pair otherwise.
const ALL_VARIANTS = [
  ['en-light', { locale: 'en', theme: 'light' }],
  ['en-dark', { locale: 'en', theme: 'dark' }],
  ['zh-CN-light', { locale: 'zh-CN', theme: 'light' }],
  ['zh-CN-dark', { locale: 'zh-CN', hostTheme: 'dark' }],
  ['ar-light', { locale: 'ar', theme: 'light' }],
];
const VARIANTS = process.env.TP_SCREENS ? ALL_VARIANTS : ALL_VARIANTS.filter(([name]) => name === 'en-light' || name === 'zh-CN-dark');

before(() => {
  fs.mkdirSync(OUT, { recursive: true });
});
const env = useServerAndBrowser({ server: () => startWidgetServer() });

async function checkLayout(page) {
  return page.evaluate(() => {
    const root = document.querySelector('touchpoint-survey').shadowRoot;
    const panel = root.querySelector('.tp-panel').getBoundingClientRect();
    const problems = [];
    if (panel.left < -0.5 || panel.top < -0.5 || panel.right > innerWidth + 0.5 || (panel.bottom > innerHeight + 0.5 && !root.querySelector('.tp-inline')))
      problems.push(`panel outside the viewport: ${JSON.stringify(panel)}`);
    for (const el of root.querySelectorAll('.tp-title, .tp-qtitle, .tp-choice span, .tp-button, .tp-scale-option, th'))
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'auto') problems.push(`text overflows: ${el.className || el.tagName} "${el.textContent}"`);
    return problems;
  });
}

for (const mode of MODES) {
  test(`screenshots: ${mode}`, async () => {
    for (const [name, options] of VARIANTS) {
      const context = await env.browser.newContext({ viewport: { width: 1024, height: 720 } });
      const page = await openSurvey(context, env.server, { survey: SURVEY, mode, ...options });
      const errors = collectErrors(page);
      await page.screenshot({ path: path.join(OUT, `${mode}-${name}.png`) });
      assert.deepEqual(await checkLayout(page), [], `${mode} ${name}`);
      assert.deepEqual(errors, []);
      await context.close();
    }
  });
}

test('screenshots: phone (popover becomes a bottom sheet), Chinese, and the thank-you screen', async () => {
  const context = await env.browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const page = await openSurvey(context, env.server, { survey: '/examples/surveys/nps-support.json', locale: 'zh-CN', mode: 'popover' });
  await page.screenshot({ path: path.join(OUT, 'phone-popover-zh-CN.png') });
  assert.deepEqual(await checkLayout(page), []);
  const sheet = await page.evaluate(() => document.querySelector('touchpoint-survey').shadowRoot.querySelector('.tp-panel').getBoundingClientRect().toJSON());
  assert.equal(Math.round(sheet.width), 360, 'full width on a phone');
  assert.equal(Math.round(sheet.bottom), 740, 'docked to the bottom');
  await context.close();

  const desktop = await env.browser.newContext({ viewport: { width: 1024, height: 720 } });
  const done = await openSurvey(desktop, env.server, { survey: '/examples/surveys/cx-maturity.json', locale: 'zh-CN', mode: 'modal' });
  for (let i = 0; i < 12; i++) {
    const finished = await done.evaluate(() => {
      const root = document.querySelector('touchpoint-survey').shadowRoot;
      if (root.querySelector('.tp-thanks')) return true;
      for (const q of root.querySelectorAll('[data-question]')) {
        // the best answer of every radio group (each matrix row is one), the first checkbox
        const groups = new Map();
        for (const r of q.querySelectorAll('input[type=radio]')) groups.set(r.name, r);
        for (const last of groups.values()) if (!q.querySelector(`input[name="${last.name}"]:checked`)) last.click();
        if (!groups.size && !q.querySelector('input:checked')) q.querySelector('input[type=checkbox]')?.click();
      }
      root.querySelector('.tp-primary').click();
      return false;
    });
    if (finished) break;
    await done.waitForTimeout(150);
  }
  await done.waitForTimeout(300);
  await done.screenshot({ path: path.join(OUT, 'thank-you-zh-CN.png') });
  const band = await done.evaluate(() => document.querySelector('touchpoint-survey').shadowRoot.querySelector('.tp-thanks')?.textContent);
  assert.ok(band, 'thank-you screen shown');
  // Each custom score's band shows the survey's label in the page's locale (the session's thank-you
  // view names it `label`; response/1 has no such member).
  const labels = await done.evaluate(() =>
    [...document.querySelector('touchpoint-survey').shadowRoot.querySelectorAll('.tp-band strong')].map((e) => e.textContent),
  );
  const survey = JSON.parse(fs.readFileSync(new URL('../../examples/surveys/cx-maturity.json', import.meta.url), 'utf8'));
  const zhLabels = survey.scores.flatMap((s) => (s.bands || []).map((b) => b.label['zh-CN']));
  assert.equal(labels.length, survey.scores.filter((s) => s.bands?.length).length, `bands shown: ${labels}`);
  for (const l of labels) assert.ok(zhLabels.includes(l), `${l} is one of ${zhLabels}`);
  await desktop.close();
});
