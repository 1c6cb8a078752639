// axe-core with the WCAG 2.0/2.1/2.2 A and AA rules on every display mode, in light, dark (taken
// from the host page), right-to-left (Arabic) and Chinese: zero violations, on every step of a
// survey with every question type and on its thank-you screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectErrors } from './lib/browser.mjs';
import { useServerAndBrowser } from './lib/fixture.mjs';
import { startWidgetServer, openSurvey, MODES } from './pages/widget/harness.mjs';
import { axeViolations } from './lib/axe.mjs';

const SURVEY = '/tests/browser/pages/widget/surveys/all-types.json';
const VARIANTS = {
  light: { locale: 'en', theme: 'light' },
  dark: { locale: 'en', hostTheme: 'dark' }, // theme auto: follows the host page's data-theme
  rtl: { locale: 'ar' },
  'zh-CN': { locale: 'zh-CN' },
};

const env = useServerAndBrowser({ server: () => startWidgetServer() });

const violations = (page) => axeViolations(page, { include: [['touchpoint-survey']] });

/** Answers the required questions of the current step through the DOM, then goes on. */
async function nextStep(page) {
  const title = await page.evaluate(() => {
    const root = document.querySelector('touchpoint-survey').shadowRoot;
    for (const q of root.querySelectorAll('[data-question]')) {
      const input = q.querySelector('input[type=radio]:not(:checked), input[type=checkbox]:not(:checked)');
      if (input && !q.querySelector('input:checked')) input.click();
    }
    const id = root.querySelector('.tp-title').id;
    root.querySelector('.tp-primary').click();
    return id;
  });
  await page.waitForFunction((id) => {
    const root = document.querySelector('touchpoint-survey').shadowRoot;
    return root.querySelector('.tp-title').id !== id;
  }, title);
  await page.waitForTimeout(250); // the entrance of the new step, and the live region's update
}

for (const mode of MODES) {
  for (const [variant, options] of Object.entries(VARIANTS)) {
    test(`axe WCAG A/AA: ${mode}, ${variant}`, async () => {
      const context = await env.browser.newContext();
      const page = await openSurvey(context, env.server, { survey: SURVEY, mode, ...options });
      const errors = collectErrors(page);
      const expectDir = variant === 'rtl' ? 'rtl' : 'ltr';
      assert.equal(await page.evaluate(() => document.querySelector('touchpoint-survey').shadowRoot.querySelector('.tp-root').dir), expectDir);
      if (variant === 'dark')
        assert.equal(await page.evaluate(() => document.querySelector('touchpoint-survey').shadowRoot.querySelector('.tp-root').dataset.theme), 'dark');
      // Every step in light (all question types), the first step in the other variants.
      const steps = variant === 'light' ? 4 : 1;
      for (let step = 0; step < steps; step++) {
        if (step) await nextStep(page);
        assert.deepEqual(await violations(page), [], `step ${step + 1}`);
      }
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
}

test('axe WCAG A/AA: the nps-support example in its own mode, on a phone', async () => {
  const context = await env.browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await openSurvey(context, env.server, { survey: '/examples/surveys/nps-support.json', locale: 'zh-CN' });
  assert.deepEqual(await violations(page), []);
  // Touch targets: every control is at least 24 × 24 CSS pixels (WCAG 2.2 target size, minimum).
  const small = await page.evaluate(() => {
    const root = document.querySelector('touchpoint-survey').shadowRoot;
    return [...root.querySelectorAll('button, label, input:not([type=radio]):not([type=checkbox]), textarea')]
      .map((el) => ({ el: el.className || el.tagName, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width && (r.width < 24 || r.height < 24))
      .map(({ el, r }) => `${el} ${r.width}x${r.height}`);
  });
  assert.deepEqual(small, []);
  await context.close();
});
