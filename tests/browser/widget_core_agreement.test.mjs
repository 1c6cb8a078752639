// The browser renders, the core decides: what the widget acts on agrees with the core, case by case.
// Each case below is one way the widget and the core's validator disagreed before the widget read
// its settings from the core (trigger fields from trigger_fields.def; delivery/display defaults and
// the UI strings column from engine settings(); the scale range from the view):
//   1. trigger.urlPattern as a list: the loader matched any of them, the validator refuses the survey.
//   2. trigger.event as a list: the same.
//   3. trigger.repeat: the widget showed a completed survey again; the core warns it is unknown
//      and ignores it.
//   4. out-of-range or mistyped trigger values (scrollDepth 150, delayMs "5000", delayMs 1.5,
//      sampling -1, exitIntent "yes", a 501-character urlPattern) were acted on by the loader
//      (setTimeout coerces "5000", a depth of 150 never fires) while the core refuses them.
//   5. an Arabic survey: the buttons in Arabic, the answer errors in English (the core had no
//      Arabic messages); now both come from one table, shared/src/session/strings.def.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot, distDir } from './lib/server.mjs';
import { Engine } from '../../web/src/engine.js';
import { useServerAndBrowser } from './lib/fixture.mjs';
import { startWidgetServer } from './pages/widget/harness.mjs';

const esbuild = await import(path.join(repoRoot, 'web/node_modules/esbuild/lib/main.js'));
const { coreTablesPlugin } = await import(path.join(repoRoot, 'web/core-tables.mjs'));

/** A web/src module bundled as the widget build bundles it (the core's tables included). */
async function widgetModule(file) {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tp-agree-')), 'module.mjs');
  await esbuild.build({ entryPoints: [path.join(repoRoot, 'web/src', file)], bundle: true, format: 'esm', outfile: out, plugins: [coreTablesPlugin], logLevel: 'error' });
  return import(pathToFileURL(out).href);
}

async function engine() {
  const { default: createEngine } = await import(path.join(distDir, 'touchpoint-engine.js'));
  return new Engine(await createEngine({ wasmBinary: fs.readFileSync(path.join(distDir, 'touchpoint-engine.wasm')) }));
}

const quick = JSON.parse(fs.readFileSync(path.join(repoRoot, 'tests/browser/pages/widget/surveys/quick.json'), 'utf8'));
const withTrigger = (trigger) => JSON.stringify({ ...quick, trigger });

const cases = [
  ['urlPattern list', { urlPattern: ['/pricing*', '*/settings*'] }],
  ['event list', { event: ['ticket-closed', 'order-received'] }],
  ['repeat', { repeat: true, maxDisplays: 2 }],
  ['scrollDepth 150', { scrollDepth: 150 }],
  ['delayMs as text', { delayMs: '5000' }],
  ['delayMs fraction', { delayMs: 1.5 }],
  ['sampling -1', { sampling: -1 }],
  ['exitIntent as text', { exitIntent: 'yes' }],
  ['urlPattern too long', { urlPattern: `/${'x'.repeat(500)}` }],
  ['urlPattern 500 CJK characters', { urlPattern: `/${'页'.repeat(499)}` }],
  ['trigger a list', []],
  ['trigger null', null],
  ['every field valid', { delayMs: 2000, scrollDepth: 50, exitIntent: true, urlPattern: '/orders/*', event: 'done', pageViews: 2, sampling: 50, recontactDays: 30, maxDisplays: 1 }],
  ['1e3 is a whole number', { delayMs: 1e3 }],
  ['audience a number', { audience: 3 }],
  ['clickSelector too long', { clickSelector: `#${'x'.repeat(500)}` }],
  ['eventCondition of 1,000 CJK characters', { event: 'e', eventCondition: `properties.a == '${'页'.repeat(982)}'` }],
  ['audience over 1,000 characters', { audience: `segment.a == '${'页'.repeat(987)}'` }],
  ['the targeting fields valid', { clickSelector: '#buy', visibleSelector: '.plan', event: 'export', eventCondition: 'properties.rows > 10', audience: "segment.plan == 'pro' and days_since(segment.signup) > 14" }],
];

test('the loader reads a trigger exactly as the core validates it: same refusals, same ignored fields', async () => {
  const { readTrigger } = await widgetModule('triggers.js');
  const core = await engine();
  for (const [name, trigger] of cases) {
    const verdict = core.validate(withTrigger(trigger));
    const coreError = verdict.diagnostics.find((d) => d.severity === 'error' && d.pointer.startsWith('/trigger'));
    let loaderError = null;
    let read = null;
    try {
      read = readTrigger(trigger);
    } catch (error) {
      loaderError = error;
    }
    if (coreError) {
      assert.ok(loaderError, `${name}: the core refuses (${coreError.pointer}: ${coreError.message}), so must the loader`);
      assert.equal(loaderError.pointer, coreError.pointer, `${name}: the same pointer`);
    } else {
      assert.equal(loaderError, null, `${name}: the core accepts, so must the loader (${loaderError?.message})`);
      // What the loader drops is what the core warns it ignores; what it keeps, the core reads.
      const ignored = verdict.diagnostics.filter((d) => d.severity === 'warning' && d.pointer.startsWith('/trigger/')).map((d) => d.pointer.slice(9));
      for (const key of Object.keys(trigger ?? {})) assert.equal(key in read, !ignored.includes(key), `${name}: ${key} kept by the loader iff the core reads it`);
    }
  }
});

const env = useServerAndBrowser({ server: () =>
  startWidgetServer({
    handlers: {
      // /variant.json?trigger=JSON: the quick survey with that trigger
      '/variant.json': (req, res) => {
        const trigger = JSON.parse(new URL(req.url, 'http://x').searchParams.get('trigger'));
        res.writeHead(200, { 'content-type': 'application/json' }).end(withTrigger(trigger));
      },
    },
  }),
});

test('in the page: a trigger the core refuses is not armed, and touchpoint:error names its pointer', async () => {
  const page = await env.browser.newPage();
  await page.goto(`${env.server.origin}/tests/browser/pages/widget/host.html`);
  await page.waitForFunction(() => window.touchpoint?.installed);
  // Matches every URL: before, the loader armed it and showed the survey on this page.
  const src = `/variant.json?trigger=${encodeURIComponent(JSON.stringify({ urlPattern: ['*', '/other'] }))}`;
  await page.evaluate((s) => window.touchpoint.watch(s), src);
  await page.waitForSelector('html[data-tp-error="true"]', { state: 'attached', timeout: 5000 });
  await page.waitForTimeout(300);
  const events = await page.evaluate(() => window.tpEvents);
  assert.deepEqual(events.filter((e) => e.name === 'shown'), [], 'not shown');
  const error = events.find((e) => e.name === 'error').detail;
  assert.equal(error.reason, 'trigger');
  assert.equal(error.pointer, '/trigger/urlPattern');
  await page.close();
});

test('settings(): the core applies the defaults of delivery and display', async () => {
  const core = await engine();
  const plain = core.open(JSON.stringify({ ...quick, delivery: undefined }), { locale: 'en' });
  assert.deepEqual(plain.settings().display, { mode: 'popover', position: 'bottom-right', theme: {}, showProgress: true, dismissible: true });
  assert.deepEqual(plain.settings().delivery, { method: 'POST', format: 'json', headers: {} });
  const given = core.open(JSON.stringify({ ...quick, display: { mode: 'modal', dismissible: false }, delivery: { ...quick.delivery, format: 'cloudevents', method: 'PUT' } }), { locale: 'en' });
  assert.deepEqual(given.settings().display, { mode: 'modal', position: 'bottom-right', theme: {}, showProgress: true, dismissible: false });
  const delivery = given.settings().delivery;
  assert.deepEqual([delivery.method, delivery.format, delivery.headers, delivery.endpoint, delivery.alerts.endpoint], ['PUT', 'cloudevents', {}, '/collect', '/api/alerts']);
});

test('UI strings and answer errors: one table, the column chosen by the core', async () => {
  const { strings } = await widgetModule('ui-strings.js');
  const core = await engine();
  const locales = { en: 'en', 'en-GB': 'en', 'zh-CN': 'zh-Hans', 'zh-SG': 'zh-Hans', 'zh-TW': 'zh-Hant', 'zh-HK': 'zh-Hant', 'zh-MO': 'zh-Hant', 'zh-Hant': 'zh-Hant', ar: 'ar', 'ar-EG': 'ar' };
  for (const [locale, column] of Object.entries(locales)) {
    const survey = { ...quick, locales: [locale], title: 'T', questions: [{ id: 'nps', type: 'nps', required: true, title: 'Q' }] };
    const session = core.open(JSON.stringify(survey), { locale });
    const settings = session.settings();
    assert.equal(settings.strings, column, `${locale} reads the ${column} column`);
    const t = strings(settings.strings);
    const error = session.next().questions[0].error;
    if (column === 'ar') {
      assert.equal(t('next'), 'التالي');
      assert.match(error, /[\u0600-\u06ff]/, `an Arabic survey's answer error is Arabic: ${error}`);
    }
    if (column === 'en') assert.equal(error, 'Please answer this question.');
    if (column === 'zh-Hant') assert.equal(t('close'), '關閉問卷');
    session.close();
  }
  assert.equal(strings('en')('chars', { n: 3, max: 10 }), '3 of 10 characters');
});

test('the scale range a renderer draws is the one the core validates answers against', async () => {
  const core = await engine();
  for (const [type, scale, min, max] of [['ces', 5, 1, 5], ['ces', 7, 1, 7], ['ces', 10, 1, 10], ['csat', undefined, 1, 5], ['nps', undefined, 0, 10], ['rating', 3, 1, 3]]) {
    const q = { id: 'q', type, title: 'Q', ...(scale ? { scale } : {}) };
    const session = core.open(JSON.stringify({ touchpoint: 'survey/1', id: 's', version: '1', locales: ['en'], title: 'S', questions: [q] }), {});
    const view = session.view().questions[0];
    assert.deepEqual([view.min, view.max], [min, max], `${type} on ${scale ?? 'its default'} points`);
    assert.equal(session.answer('q', max).questions[0].error, null);
    assert.ok(session.answer('q', max + 1).questions[0].error, `${max + 1} is out of range`);
    session.close();
  }
});
