// The slider and call-to-action question types in Chromium: a slider answered by keyboard only
// (arrows, PageUp/PageDown, Home/End, with the visible value and aria-valuetext following) and
// by mouse, right to left in Arabic; a call to action clicked (the link opens in a new tab,
// rel=noopener) and dismissed; what reaches the endpoint; axe on both renderers in light and
// dark; screenshots in Chinese and Arabic into $TP_SCREENS (default: the OS temp dir).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { axeViolations } from './lib/axe.mjs';
import { useServerAndBrowser } from './lib/fixture.mjs';
import { startWidgetServer, openSurvey, focused } from './pages/widget/harness.mjs';

const OUT = path.resolve(process.env.TP_SCREENS || path.join(os.tmpdir(), 'touchpoint-screens'));
const SURVEY = '/tests/browser/pages/widget/surveys/slider-cta.json';
const LINK = 'https://webinar.example/signup?from=survey';

before(() => fs.mkdirSync(OUT, { recursive: true }));
const env = useServerAndBrowser({ server: () => startWidgetServer() });

/** A context whose requests to the CTA's link are answered locally (the popup it opens). */
async function newContext() {
  const context = await env.browser.newContext();
  await context.route('https://webinar.example/**', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<title>Webinar</title>' }),
  );
  return context;
}

/** The slider's state as a person and a screen reader get it. */
const sliderState = (page) =>
  page.evaluate(() => {
    const root = document.querySelector('touchpoint-survey').shadowRoot;
    const input = root.querySelector('input[type=range]');
    return {
      value: input.value,
      shown: root.querySelector('output').textContent,
      valueText: input.getAttribute('aria-valuetext'),
    };
  });

/** The response/1 payloads the endpoint received so far (final ones only). */
const finals = () =>
  (env.server.received['/collect'] || [])
    .map((r) => JSON.parse(r.body))
    .flat()
    .filter((p) => p.partial === false);

async function until(condition, what, ms = 10000) {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`timed out: ${what}`);
}

async function tabTo(page, predicate, what) {
  for (let i = 0; i < 12; i++) {
    const f = await focused(page);
    if (f.inside && predicate(f)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached ${what}`);
}

test('a slider answered by keyboard only, then the call to action clicked', async () => {
  const context = await newContext();
  const page = await openSurvey(context, env.server, { survey: SURVEY, locale: 'en' });
  const before = finals().length;
  await tabTo(page, (f) => f.type === 'range', 'the slider');
  const untouched = await sliderState(page);
  assert.equal(untouched.shown, '–', 'an untouched slider shows no value');
  const steps = [
    ['Home', '0', '0 (None)'],
    ['ArrowRight', '5', '5'],
    ['ArrowUp', '10', '10'],
    ['PageUp', '20', '20'],
    ['End', '100', '100 (All of it)'],
    ['PageDown', '90', '90'],
    ['ArrowLeft', '85', '85'],
  ];
  for (const [key, value, valueText] of steps) {
    await page.keyboard.press(key);
    assert.deepEqual(await sliderState(page), { value, shown: value, valueText }, `after ${key}`);
  }
  await tabTo(page, (f) => f.classes.includes('tp-primary'), 'Next');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() =>
    document.querySelector('touchpoint-survey').shadowRoot.querySelector('.tp-cta-link'),
  );
  // Next hides itself on a call-to-action step, so focus leaves it; the widget puts it on the new
  // step's heading after the frame that shows the step (a busy machine makes that frame late).
  await page.waitForFunction(() =>
    document.querySelector('touchpoint-survey').shadowRoot.activeElement?.classList.contains('tp-title'),
  );
  const link = await page.evaluate(() => {
    const a = document.querySelector('touchpoint-survey').shadowRoot.querySelector('.tp-cta-link');
    return { href: a.href, rel: a.rel, target: a.target, text: a.textContent };
  });
  assert.deepEqual(link, { href: LINK, rel: 'noopener noreferrer', target: '_blank', text: 'Sign up' });
  assert.equal(
    await page.evaluate(() => document.querySelector('touchpoint-survey').shadowRoot.querySelector('.tp-nav button[type=submit]').hidden),
    true,
    'a call-to-action step has no Next/Submit of its own: it would skip the step unrecorded',
  );
  await tabTo(page, (f) => f.classes.includes('tp-cta-link'), 'the link');
  const [popup] = await Promise.all([context.waitForEvent('page'), page.keyboard.press('Enter')]);
  await popup.waitForLoadState();
  assert.equal(popup.url(), LINK);
  assert.equal(await popup.evaluate(() => window.opener), null, 'the opened page cannot reach the survey');
  await page.waitForFunction(() =>
    document.querySelector('touchpoint-survey')?.shadowRoot?.querySelector('.tp-thanks'),
  );
  await until(() => finals().length > before, 'the response reached the endpoint');
  const sent = finals().slice(before);
  assert.equal(sent.length, 1);
  assert.deepEqual(sent[0].answers, { effort: 85, webinar: 'clicked' });
  await context.close();
});

test('a slider answered by mouse, then the call to action dismissed (Chinese)', async () => {
  const context = await newContext();
  const page = await openSurvey(context, env.server, { survey: SURVEY, locale: 'zh-CN' });
  const before = finals().length;
  const slider = page.locator('touchpoint-survey input[type=range]');
  const box = await slider.boundingBox();
  await page.mouse.click(box.x + box.width * 0.75, box.y + box.height / 2);
  const state = await sliderState(page);
  const value = Number(state.value);
  assert.ok(
    value >= 65 && value <= 85 && value % 5 === 0,
    `a click three quarters along lands near 75, on a step: ${value}`,
  );
  assert.equal(state.shown, state.value);
  await page.screenshot({ path: path.join(OUT, 'slider-zh-CN.png') });
  await page.locator('touchpoint-survey .tp-primary').click();
  const dismiss = page.locator('touchpoint-survey .tp-cta-dismiss');
  await dismiss.waitFor();
  assert.equal(await dismiss.textContent(), '不用了，谢谢');
  await page.screenshot({ path: path.join(OUT, 'cta-zh-CN.png') });
  await dismiss.click();
  await page.waitForFunction(() =>
    document.querySelector('touchpoint-survey')?.shadowRoot?.querySelector('.tp-thanks'),
  );
  await until(() => finals().length > before, 'the response reached the endpoint');
  const sent = finals().slice(before);
  assert.equal(sent.length, 1);
  assert.deepEqual(sent[0].answers, { effort: value, webinar: 'dismissed' });
  assert.equal(context.pages().length, 1, 'dismissing opens nothing');
  await context.close();
});

test('right to left (Arabic): the track runs from the right, and the left arrow raises the value', async () => {
  const context = await newContext();
  const page = await openSurvey(context, env.server, { survey: SURVEY, locale: 'ar' });
  const slider = page.locator('touchpoint-survey input[type=range]');
  await slider.focus();
  await page.keyboard.press('End');
  assert.equal((await sliderState(page)).valueText, '100 (كله)');
  // The thumb sits at the left end at the maximum: read where a click at the left edge lands.
  const box = await slider.boundingBox();
  await page.mouse.click(box.x + 4, box.y + box.height / 2);
  assert.equal((await sliderState(page)).value, '100', 'the left end is the maximum');
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowLeft');
  assert.equal((await sliderState(page)).value, '5', 'ArrowLeft moves toward the maximum in RTL');
  await page.keyboard.press('PageUp');
  assert.equal((await sliderState(page)).value, '15');
  await page.screenshot({ path: path.join(OUT, 'slider-ar.png') });
  await page.locator('touchpoint-survey .tp-primary').click();
  await page.locator('touchpoint-survey .tp-cta-link').waitFor();
  await page.screenshot({ path: path.join(OUT, 'cta-ar.png') });
  await context.close();
});

for (const [variant, options] of [
  ['light', { locale: 'en', theme: 'light' }],
  ['dark', { locale: 'en', hostTheme: 'dark' }],
]) {
  test(`axe: no WCAG A/AA violation on the slider and the call to action (${variant})`, async () => {
    const context = await newContext();
    const page = await openSurvey(context, env.server, { survey: SURVEY, ...options });
    const scope = { include: [['touchpoint-survey']] };
    assert.deepEqual(await axeViolations(page, scope), [], 'slider, untouched');
    await page.locator('touchpoint-survey input[type=range]').focus();
    await page.keyboard.press('End');
    assert.deepEqual(await axeViolations(page, scope), [], 'slider, answered');
    await page.locator('touchpoint-survey .tp-primary').click();
    await page.locator('touchpoint-survey .tp-cta-link').waitFor();
    assert.deepEqual(await axeViolations(page, scope), [], 'call to action');
    await context.close();
  });
}
