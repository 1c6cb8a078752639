// The React and Vue wrappers of <touchpoint-survey> (web/react, web/vue) in their example apps
// (examples/react-app, examples/vue-app, bundled here in development mode): React StrictMode's
// double mount gives one display and one response; props reach the element and events come back
// as callbacks/emits; a prop change while the survey is open neither re-shows nor duplicates it;
// removing the component releases the survey. And their TypeScript declarations check against a
// usage of each (web/types-test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { repoRoot } from './lib/server.mjs';
import { collectErrors } from './lib/browser.mjs';
import { useServerAndBrowser } from './lib/fixture.mjs';
import { startWidgetServer } from './pages/widget/harness.mjs';
import { bundleExample } from '../../web/build-example.mjs';

const QUICK = '/tests/browser/pages/widget/surveys/quick.json';
const QUICK_PLAN = '/quick-plan.json';
const quick = JSON.parse(fs.readFileSync(path.join(repoRoot, QUICK.slice(1)), 'utf8'));
const serveScript = (text) => (req, res) =>
  res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(text);

const env = useServerAndBrowser({
  server: async () => {
    const handlers = {};
    for (const app of ['react-app', 'vue-app'])
      handlers[`/examples/${app}/app.js`] = serveScript(
        await bundleExample(path.join(repoRoot, 'examples', app), { development: true }),
      );
    // The quick survey with privacy.context listing segment.plan (and not segment.role).
    handlers[QUICK_PLAN] = (req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...quick, privacy: { context: ['segment.plan'] } }));
    return startWidgetServer({ handlers });
  },
});

/** Opens an example app; counts every touchpoint:shown the document hears (window.tpShown). */
async function openApp(context, app, survey = QUICK) {
  const page = await context.newPage();
  page.errors = collectErrors(page);
  await page.addInitScript(() => {
    window.tpShown = 0;
    document.addEventListener('touchpoint:shown', () => window.tpShown++);
  });
  await page.goto(`${env.server.origin}/examples/${app}/index.html?survey=${encodeURIComponent(survey)}`);
  return page;
}

const log = (page) => page.$$eval('#log li', (items) => items.map((li) => li.textContent));
const surveyState = (page) =>
  page.evaluate(() => ({
    shown: window.tpShown,
    elements: document.querySelectorAll('touchpoint-survey').length,
    panels: [...document.querySelectorAll('touchpoint-survey')].reduce(
      (n, el) => n + (el.shadowRoot?.querySelectorAll('.tp-panel').length || 0),
      0,
    ),
    title:
      document.querySelector('touchpoint-survey')?.shadowRoot?.querySelector('.tp-panel')?.innerText || '',
  }));
const settle = (page) => page.evaluate(() => new Promise((r) => setTimeout(r, 500)));

test('React: StrictMode double mount -> one display, one response; a prop change while open does not re-show', async () => {
  const context = await env.browser.newContext();
  const page = await openApp(context, 'react-app', QUICK_PLAN);
  const before = (env.server.received['/collect'] || []).length;
  await page.waitForFunction(() => window.tpShown >= 1, null, { timeout: 15000 });
  await settle(page);
  let state = await surveyState(page);
  assert.deepEqual([state.shown, state.elements, state.panels], [1, 1, 1], 'one element, one display');
  assert.match(state.title, /How likely/);

  // The locale prop changes while the survey is open: it reaches the element, the survey stays as is.
  await page.click('#locale');
  await page.waitForFunction(
    () => document.querySelector('touchpoint-survey').getAttribute('locale') === 'zh-CN',
  );
  await settle(page);
  state = await surveyState(page);
  assert.deepEqual(
    [state.shown, state.elements, state.panels],
    [1, 1, 1],
    'no second display after a prop change',
  );
  assert.match(state.title, /How likely/, 'the open survey is not restarted');
  // The visitor's attributes change while it is open (the `attributes` prop): the payload has the
  // new plan; role is not in the survey's privacy.context and stays on the device.
  await page.click('#upgrade');
  await settle(page);
  assert.deepEqual(await surveyState(page).then((s) => [s.shown, s.panels]), [1, 1], 'an attribute change does not re-show');

  await page.click('label:has(input[value="9"])');
  await page.click('.tp-primary');
  await page.click('.tp-primary');
  await page.waitForFunction(() =>
    document.querySelector('touchpoint-survey').shadowRoot.querySelector('.tp-thanks'),
  );
  const deadline = Date.now() + 10000;
  while ((env.server.received['/collect'] || []).length === before && Date.now() < deadline)
    await settle(page);
  await settle(page);
  const received = env.server.received['/collect'].slice(before);
  assert.equal(received.length, 1, 'one response delivered');
  const payload = JSON.parse(received[0].body);
  assert.equal(payload.survey.id, 'quick');
  assert.equal(payload.answers.nps, 9);
  assert.deepEqual(payload.context.segment, { plan: 'pro' }, 'the attribute as it was at the end, only the listed one');
  assert.doesNotMatch(received[0].body, /owner/);
  assert.deepEqual(await log(page), ['shown', 'answered nps', 'completed'], 'each callback once');

  // Another survey (the `survey` prop changes): a new element, the old survey gives way, one display.
  await page.click('#next');
  await page.waitForFunction(() => window.tpShown === 2, null, { timeout: 15000 });
  await settle(page);
  state = await surveyState(page);
  assert.deepEqual([state.shown, state.elements, state.panels], [2, 1, 1]);
  assert.match(state.title, /Delivery satisfaction|交付满意度/, 'the new survey is the one shown');
  // And back: that survey file is cached, so the new element asks to show at once, while the old
  // element's survey is still open; it gives way all the same.
  await page.click('#next');
  await page.waitForFunction(() => window.tpShown === 3, null, { timeout: 15000 });
  await settle(page);
  state = await surveyState(page);
  assert.deepEqual([state.shown, state.elements, state.panels], [3, 1, 1]);
  assert.match(state.title, /一个小问题|您有多大可能推荐我们/);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('Vue: props reach the element, events come back as emits; removing it releases the survey', async () => {
  const context = await env.browser.newContext();
  const page = await openApp(context, 'vue-app');
  await page.waitForFunction(() => window.tpShown >= 1, null, { timeout: 15000 });
  let state = await surveyState(page);
  assert.equal(state.shown, 1);
  assert.match(state.title, /一个小问题|您有多大可能推荐我们/, 'the locale prop (zh-CN) reached the survey');
  const attrs = await page.$eval('touchpoint-survey', (el) => [
    el.getAttribute('src'),
    el.getAttribute('endpoint'),
    el.getAttribute('mode'),
    el.getAttribute('theme'),
  ]);
  assert.deepEqual(attrs, [QUICK, '/collect', 'inline', 'light']);

  // A prop change while open: reaches the element, no second display.
  await page.click('#theme');
  await page.waitForFunction(
    () => document.querySelector('touchpoint-survey').getAttribute('theme') === 'dark',
  );
  await page.click('label:has(input[value="3"])');
  await settle(page);
  state = await surveyState(page);
  assert.deepEqual([state.shown, state.elements, state.panels], [1, 1, 1]);

  // The component's exposed dismiss() -> dismissed; then hide and show the component: the first survey was released,
  // so the new element shows again.
  await page.click('#dismiss');
  await page.waitForFunction(() =>
    [...document.querySelectorAll('#log li')].some((li) => li.textContent.startsWith('dismissed')),
  );
  assert.deepEqual(await log(page), ['shown', 'answered nps', 'dismissed api']);
  await page.click('#toggle');
  await page.click('#toggle');
  await page.waitForFunction(() => window.tpShown === 2, null, { timeout: 15000 });
  assert.equal((await log(page)).filter((l) => l === 'shown').length, 2);

  // Removed while open: a later survey can still show (one survey at a time on a page).
  await page.click('#toggle');
  await page.click('#toggle');
  await page.waitForFunction(() => window.tpShown === 3, null, { timeout: 15000 });
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('Vue: an unreadable survey is reported through the error emit', async () => {
  const context = await env.browser.newContext();
  const page = await openApp(context, 'vue-app', '/tests/browser/pages/widget/surveys/missing.json');
  await page.waitForFunction(() =>
    [...document.querySelectorAll('#log li')].some((li) => li.textContent.startsWith('error')),
  );
  assert.deepEqual(await log(page), ['error fetch']);
  await context.close();
});

test('the declarations of both components type-check a usage and reject wrong props', () => {
  const tsc = path.join(repoRoot, 'web/node_modules/.bin/tsc');
  try {
    execFileSync(tsc, ['-p', path.join(repoRoot, 'web/types-test/tsconfig.json')], { encoding: 'utf8' });
  } catch (error) {
    assert.fail(`tsc: ${error.stdout || error.message}`);
  }
});
