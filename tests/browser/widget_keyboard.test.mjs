// Keyboard behaviour in Chromium: Esc dismisses and gives focus back; a modal survey keeps focus
// inside; a required question left empty takes focus. (Completing every example survey by keyboard
// runs in every engine: engines/widget_complete.test.mjs.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser } from './lib/fixture.mjs';
import { startWidgetServer, openSurvey, focused } from './pages/widget/harness.mjs';

const env = useServerAndBrowser({ server: () => startWidgetServer() });

test('Esc dismisses and gives focus back; a modal survey traps Tab', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${env.server.origin}/tests/browser/pages/widget/host.html`);
  await page.focus('#q');
  await page.evaluate(() => window.touchpoint.show('/tests/browser/pages/widget/surveys/all-types.json', { mode: 'modal', force: true }));
  await page.waitForSelector('html[data-tp-shown="true"]');
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press(i % 7 === 6 ? 'Shift+Tab' : 'Tab');
    assert.ok((await focused(page)).inside, `focus stays in the modal after ${i + 1} presses`);
  }
  await page.keyboard.press('Escape');
  await page.waitForSelector('html[data-tp-dismissed="true"]');
  assert.equal(await page.evaluate(() => document.querySelector('touchpoint-survey')), null, 'element removed');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'q', 'focus returned to where it was');
  const detail = await page.evaluate(() => window.tpEvents.find((e) => e.name === 'dismissed').detail);
  assert.equal(detail.reason, 'escape');
  await context.close();
});

test('a required question left empty shows its error in a live region and takes focus', async () => {
  const context = await env.browser.newContext();
  const page = await openSurvey(context, env.server, { survey: '/tests/browser/pages/widget/surveys/all-types.json', mode: 'popover' });
  await page.evaluate(() => document.querySelector('touchpoint-survey').shadowRoot.querySelector('.tp-primary').click());
  await page.waitForFunction(() => document.querySelector('touchpoint-survey').shadowRoot.querySelector('[role=alert]').textContent.length > 0);
  const state = await page.evaluate(() => {
    const root = document.querySelector('touchpoint-survey').shadowRoot;
    const active = root.activeElement;
    return {
      alert: root.querySelector('[role=alert]').textContent,
      invalid: active?.getAttribute('aria-invalid'),
      question: active?.closest('[data-question]')?.dataset.question,
      describedBy: active?.closest('fieldset')?.getAttribute('aria-describedby'),
    };
  });
  assert.ok(state.alert.length > 0);
  assert.equal(state.question, 'csat');
  assert.equal(state.invalid, 'true');
  assert.ok(state.describedBy);
  await context.close();
});
