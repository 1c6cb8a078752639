// Studio's journey maps on the real collector: a map published with `touchpoint publish` is listed;
// its coverage shows the touchpoints no published survey measures; "Create a survey" opens the
// editor with the journey link (map, stage, touchpoint) filled in by the core; binding a
// touchpoint to a published question makes it measured (a new map version); the published map is
// shown read-only by <touchpoint-journey>; "What changed" offers the core's periods
// (journey/change_periods.def), which the collector accepts, and no other. axe (WCAG A/AA):
// zero violations on the maps list, versions, coverage and what-changed screens, light and dark.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, collectErrors } from './lib/browser.mjs';
import { repoRoot } from './lib/server.mjs';
import { request, touchpoint } from '../collector/lib/collector.mjs';
import { EDITOR, skipReason, startStudioCollector, studioPage, signIn } from './lib/studio.mjs';
import { axeViolations } from './lib/axe.mjs';
import { strings } from '../../web/studio/strings.js';

let collector, browser;

before(async () => {
  if (skipReason) return;
  collector = await startStudioCollector();
  const r = spawnSync(
    touchpoint,
    [
      'publish',
      path.join(repoRoot, 'examples/journeys/b2b-purchase.json'),
      '--to',
      collector.origin,
      '--token',
      EDITOR,
    ],
    { encoding: 'utf8', timeout: 20000 },
  );
  assert.equal(r.status, 0, r.stderr);
  const survey = fs.readFileSync(path.join(repoRoot, 'examples/surveys/csat-delivery.json'), 'utf8');
  assert.equal(
    (
      await request(collector.origin, 'PUT', '/v1/studio/surveys/csat-delivery?publish=1', {
        body: survey,
        headers: { authorization: `Bearer ${EDITOR}` },
      })
    ).status,
    201,
  );
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await collector?.stop();
});

const violations = (page) => axeViolations(page);

const unmeasuredRow = (page, id) =>
  page.locator('section[aria-labelledby="unmeasured-title"] tbody tr', {
    has: page.locator(`code:text-is("${id}")`),
  });

test(
  'maps listed, coverage, create a survey with the journey link, bind a touchpoint',
  { skip: skipReason },
  async () => {
    const page = await studioPage(browser, { locale: 'en' });
    const errors = collectErrors(page);
    await signIn(page, collector.origin);
    await page.click('nav >> text=Journey maps');
    await page.waitForSelector('#maps-title');
    const row = page.locator('tp-maps tbody tr', { hasText: 'b2b-purchase' });
    assert.match(
      await row.innerText(),
      /b2b-purchase\s+1\s+1/,
      'listed with its newest and published version',
    );
    await row.locator('button').click();
    await page.waitForSelector('#map-history-title');
    // The published map, drawn read-only by the journey viewer's own element.
    assert.equal(await page.getAttribute('touchpoint-journey', 'src'), '/v1/maps/b2b-purchase/versions/1');
    await page.waitForFunction(
      () =>
        /Proposal and quote/.test(
          document.querySelector('touchpoint-journey')?.shadowRoot?.textContent || '',
        ),
      null,
      { timeout: 20000 },
    );
    await page.click('#map-tab-coverage');
    await page.waitForSelector('#unmeasured-title');
    // csat-delivery is published: delivery-received (bound to it) is measured; proposal is not.
    assert.equal(await unmeasuredRow(page, 'delivery-received').count(), 0);
    assert.equal(await unmeasuredRow(page, 'proposal').count(), 1);

    // Bind "training" to the published CSAT question: a new map version, and it is measured.
    const training = unmeasuredRow(page, 'training');
    const option = await training
      .locator('option', { hasText: 'csat-delivery · csat ' })
      .first()
      .getAttribute('value');
    await training.locator('select').selectOption(option);
    await training.getByRole('button', { name: 'Bind training to the chosen question' }).click();
    await page.waitForFunction(() =>
      /Bound training/.test(document.querySelector('tp-maps .status')?.textContent || ''),
    );
    assert.equal(await unmeasuredRow(page, 'training').count(), 0);
    const map = (
      await request(collector.origin, 'GET', '/v1/studio/maps/b2b-purchase', {
        headers: { authorization: `Bearer ${EDITOR}` },
      })
    ).json;
    assert.equal(map.version, 2);
    assert.ok(
      map.body.metrics.some(
        (m) =>
          m.touchpoint === 'training' &&
          m.survey === 'csat-delivery' &&
          m.question === 'csat' &&
          m.kind === 'csat',
      ),
    );

    // Create a survey for "proposal": the editor opens with the journey link filled in.
    await page.selectOption('#cover-template', 'nps-support');
    await unmeasuredRow(page, 'proposal')
      .getByRole('button', { name: 'Create a survey for proposal' })
      .click();
    await page.waitForSelector('tp-editor .survey-name');
    await page.click('#tab-json');
    const doc = JSON.parse(await page.inputValue('textarea.json'));
    assert.equal(doc.id, 'nps-support-proposal');
    assert.deepEqual(doc.journey, { map: 'b2b-purchase', stage: 'decision', touchpoint: 'proposal' });
    assert.deepEqual(
      errors.filter((e) => !/status of 401/.test(e)),
      [],
      'nothing but the signed-out session probe failed',
    );
  },
);

test(
  "What changed offers the core's periods, labelled, its default chosen; the collector takes each and no other",
  { skip: skipReason },
  async () => {
    const { coreTable } = await import(path.join(repoRoot, 'web/core-tables.mjs'));
    const periods = await coreTable('change-periods');
    assert.equal(periods.filter(([, isDefault]) => isDefault).length, 1, 'one default');
    const page = await studioPage(browser, { locale: 'en' });
    await signIn(page, collector.origin);
    await page.click('nav >> text=Journey maps');
    await page.locator('tp-maps tbody tr', { hasText: 'b2b-purchase' }).locator('button').click();
    await page.click('#map-tab-changes');
    await page.waitForSelector('#changes-title');
    const options = await page.$$eval('#change-period option', (list) =>
      list.map((o) => [o.value, o.textContent.trim(), o.selected]),
    );
    assert.deepEqual(
      options,
      periods.map(([key, isDefault]) => [key, strings.en[`period_${key}`], isDefault]),
    );

    const changes = (period) =>
      request(collector.origin, 'GET', `/v1/studio/maps/b2b-purchase/changes?period=${period}`, {
        headers: { authorization: `Bearer ${EDITOR}` },
      });
    for (const [key] of periods) assert.notEqual((await changes(key)).status, 400, key);
    // An aggregator time key that is not a change period is refused, the message naming the periods.
    assert.ok(!periods.some(([key]) => key === 'year'));
    const refused = await changes('year');
    assert.equal(refused.status, 400);
    for (const [key] of periods) assert.match(refused.text, new RegExp(`\\b${key}\\b`));
    await page.context().close();
  },
);

/** Holds the page's requests to `pattern` (a slow server) until the returned function is called. */
async function hold(page, pattern) {
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route(pattern, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

test('a screen chosen while another loads stays chosen', { skip: skipReason }, async () => {
  const page = await studioPage(browser, { locale: 'en' });
  await signIn(page, collector.origin);
  await page.click('nav >> text=Journey maps');
  await page.waitForSelector('#maps-title');
  // The surveys list is held until the maps have been chosen again.
  const release = await hold(page, '**/v1/studio/surveys');
  await page.click('nav >> text=Surveys');
  await page.click('nav >> text=Journey maps');
  const listed = page.waitForResponse('**/v1/studio/surveys');
  release();
  await listed;
  await page.waitForTimeout(200); // what the list would re-render
  assert.equal(await page.locator('#maps-title').count(), 1, 'still the maps');
  assert.equal((await page.locator('nav button[aria-current="page"]').innerText()).trim(), 'Journey maps');
  await page.context().close();
});

test('a tab chosen while the map opens stays chosen', { skip: skipReason }, async () => {
  const page = await studioPage(browser, { locale: 'en' });
  await signIn(page, collector.origin);
  await page.click('nav >> text=Journey maps');
  // The versions answer is held until the Changes tab has been clicked.
  const release = await hold(page, '**/v1/studio/maps/b2b-purchase/versions');
  await page.locator('tp-maps tbody tr', { hasText: 'b2b-purchase' }).locator('button').click();
  await page.click('#map-tab-changes');
  await page.waitForSelector('#changes-title');
  release();
  await page.waitForResponse('**/v1/studio/maps/b2b-purchase/versions');
  await page.waitForTimeout(200); // what the versions answer would re-render
  assert.equal(await page.getAttribute('#map-tab-changes', 'aria-selected'), 'true');
  assert.equal(await page.locator('#changes-title').count(), 1);
  await page.context().close();
});

for (const [locale, theme] of [
  ['en', 'light'],
  ['zh-CN', 'dark'],
]) {
  test(`axe WCAG A/AA on the maps screens: ${locale}-${theme}`, { skip: skipReason }, async () => {
    const page = await studioPage(browser, { locale, theme });
    await signIn(page, collector.origin).catch(async () => page.waitForSelector('#list-title'));
    const found = [];
    const check = async (name) => {
      await page.waitForTimeout(100);
      const v = await violations(page);
      if (v.length) found.push(`${name}:\n  ${v.join('\n  ')}`);
    };
    await page.click('nav button:nth-child(2)');
    await page.waitForSelector('#maps-title');
    await check('maps list');
    await page.click('tp-maps tbody tr button');
    await page.waitForSelector('#map-history-title');
    // The viewer labels its canvas once the map is loaded (before that axe sees an unlabelled
    // role="img": the element's own loading state, checked by its own tests).
    await page.waitForFunction(
      () =>
        document
          .querySelector('touchpoint-journey')
          ?.shadowRoot?.querySelector('canvas')
          ?.getAttribute('aria-label'),
      null,
      { timeout: 20000 },
    );
    await check('versions');
    await page.click('#map-tab-coverage');
    await page.waitForSelector('#unmeasured-title');
    await check('coverage');
    await page.click('#map-tab-changes');
    await page.waitForSelector('#changes-title');
    await check('what changed');
    assert.deepEqual(found, []);
  });
}
