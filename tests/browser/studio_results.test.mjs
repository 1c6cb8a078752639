// Studio's results page on the real collector (demo seed): the figures it shows — KPI cards, the
// data tables behind every chart — equal `touchpoint score` over the same stored responses, group
// by group; a filter set in the page changes them exactly as `touchpoint score --where` does; axe
// finds no WCAG A/AA violation in light/dark, zh-CN/en (one page, switched in place); screenshots
// are saved (TP_SCREENSHOTS, default a temp dir).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, collectErrors } from './lib/browser.mjs';
import { repoRoot } from './lib/server.mjs';
import { request, touchpoint, tempDir } from '../collector/lib/collector.mjs';
import { EDITOR, skipReason, startStudioCollector, studioPage, signIn } from './lib/studio.mjs';
import { axeViolations } from './lib/axe.mjs';

const shots = process.env.TP_SCREENSHOTS || fs.mkdtempSync(path.join(os.tmpdir(), 'tp-results-shots-'));
const SURVEY = 'b2b-role';
let collector, browser, page, errors, stored;

function score(args) {
  const file = path.join(tempDir(), 'r.ndjson');
  fs.writeFileSync(file, stored);
  const r = spawnSync(touchpoint, ['score', ...args, file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout).groups;
}
const npsText = (g) => (g?.nps ? `${g.nps.value} ± ${g.nps.moe}` : '—');

async function table(id) {
  return page.$$eval(`table[data-table="${id}"] tbody tr`, (rows) => rows.map((r) => [...r.children].map((c) => c.textContent.trim())));
}
async function kpi(name) {
  return page.$eval(`[data-kpi="${name}"] .kpi-value`, (e) => e.textContent.replace(/\s+/g, ' ').trim());
}
async function ready() {
  await page.waitForSelector('[data-results-ready]');
  await page.waitForFunction(() => !document.querySelector('tp-results')?.loading);
}

// The demo's journey page for b2b-purchase in a second tab: `count(id, want)` waits until the viewer
// has the collector's count (the core's table, drawn on the canvas) and returns it after checking
// the DOM row says it in words and the card carries the badge (pixels of a PNG export) or none;
// `check()` runs axe on the element and saves screenshots (light zh-CN, dark en).
async function openJourney() {
  const jp = await page.context().newPage();
  const jerrors = collectErrors(jp);
  await jp.goto(`${collector.origin}/journey.html?map=b2b-purchase`);
  const el = jp.locator('touchpoint-journey');
  await jp.waitForFunction(() => typeof document.querySelector('touchpoint-journey')?.table()?.alerts === 'number', null, { timeout: 60000 });
  const row = (id) => jp.evaluate((k) => document.querySelector('touchpoint-journey').table().stages
    .flatMap((s) => s.touchpoints).find((t) => t.id === k), id);
  // The badge's amber (light #b45309, dark #fbbf24), also where anti-aliasing blends it with the card;
  // not the red change badge, the grey card or its white text.
  const amber = ([r, g, b]) => r > 150 && r - b > 110 && g > b + 30 && g < r - 30;
  // The pixels where the badge sits astride the card's top edge (amber ones: none without a badge).
  const badgePixels = (id) => jp.evaluate(async (k) => {
    const e = document.querySelector('touchpoint-journey');
    e.renderFrame();
    const [x, y, w] = e.cardRect(k), zoom = e.state().zoom;
    const img = new Image();
    img.src = e.exportPNG();
    await img.decode();
    const c = new OffscreenCanvas(img.width, img.height), ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const scale = img.width / e.shadowRoot.querySelector('canvas').getBoundingClientRect().width;
    // The band astride the top edge, left of the change badge's corner: every device pixel in it.
    const x0 = Math.floor((x + w - 80 * zoom) * scale), x1 = Math.ceil((x + w - 28 * zoom) * scale);
    const y0 = Math.floor((y - 8 * zoom) * scale), y1 = Math.ceil((y + 8 * zoom) * scale);
    const d = ctx.getImageData(x0, y0, x1 - x0, y1 - y0).data, out = [];
    for (let i = 0; i < d.length; i += 4) out.push([d[i], d[i + 1], d[i + 2]]);
    return out;
  }, id);
  return {
    page: jp,
    async count(id, want) {
      if (want !== undefined)
        await jp.waitForFunction(([k, n]) => document.querySelector('touchpoint-journey').table().stages
          .flatMap((s) => s.touchpoints).find((t) => t.id === k)?.alerts === n, [id, want]);
      const tp = await row(id);
      const words = el.locator(`tr[data-touchpoint="${id}"] [data-alerts]`);
      const pixels = (await badgePixels(id)).filter(amber).length;
      if (tp.alerts > 0) {
        assert.equal(await words.getAttribute('data-alerts'), String(tp.alerts));
        assert.match(await words.textContent(), new RegExp(`^${tp.alerts} (open alert|条未处理警报)`));
        assert.ok(pixels > 3, `${id}: a badge on the card (${pixels} amber pixels)`);
      } else {
        assert.equal(await words.count(), 0, `${id}: no open alert, no words`);
        assert.equal(pixels, 0, `${id}: no open alert, no badge`);
      }
      return tp.alerts;
    },
    async check() {
      const quiet = (await jp.evaluate(() => document.querySelector('touchpoint-journey').table().stages
        .flatMap((s) => s.touchpoints).find((t) => t.alerts === 0)?.id));
      if (quiet) await this.count(quiet);
      const found = [];
      // Both themes and both languages, in two passes (each axe pass on the whole table costs seconds).
      for (const [theme, locale] of [['light', 'zh-CN'], ['dark', 'en']]) {
        await el.evaluate((e, [t, l]) => { e.setAttribute('theme', t); e.set('locale', l); e.renderFrame(); }, [theme, locale]);
        for (const v of await axeViolations(jp, { include: [['touchpoint-journey']] })) found.push(`journey ${locale}-${theme}: ${v}`);
        await jp.screenshot({ path: path.join(shots, `journey-alerts-${locale}-${theme}.png`) });
      }
      assert.deepEqual(found, []);
      assert.deepEqual(jerrors, []);
      await jp.close();
    },
  };
}

before(async () => {
  if (skipReason) return;
  collector = await startStudioCollector(['--demo', '--seed', '80']);
  stored = (await request(collector.origin, 'GET', `/v1/export?format=ndjson&survey=${SURVEY}`, { headers: { authorization: `Bearer ${EDITOR}` } })).text;
  browser = await launchBrowser({ webgl: true });  // the journey viewer (open alerts) draws with WebGL2
  page = await studioPage(browser, { locale: 'en', theme: 'light' });
  errors = collectErrors(page);
  await signIn(page, collector.origin);
  await page.click(`button[aria-label="Results ${SURVEY}"]`);
  await ready();
});
after(async () => {
  await browser?.close();
  await collector?.stop();
});

test('the results page shows what `touchpoint score` computes, group by group', { skip: skipReason }, async () => {
  const [total] = score([]);
  assert.equal(await kpi('responses'), String(total.n));
  assert.equal(await kpi('nps'), npsText(total));
  const byDay = score(['--by', 'day']).filter((g) => g.key.day !== null);
  const days = await table('scores-over-time');
  assert.deepEqual(days.map((r) => [r[0], r[1], r[2]]), byDay.map((g) => [g.key.day, String(g.n), npsText(g)]));
  const byRole = score(['--survey', path.join(repoRoot, 'examples/surveys', `${SURVEY}.json`), '--by', 'answer.role']).filter((g) => g.key['answer.role'] !== null);
  const roles = await table(`dist-role`);
  assert.deepEqual(roles.map((r) => [r[1], r[2]]), byRole.map((g) => [String(g.n), npsText(g)]));
  assert.ok(roles.length > 1 && days.length > 1);
  const canvases = await page.$$eval('tp-chart canvas[role="img"][aria-label]', (c) => c.length);
  assert.ok(canvases >= 3, 'every chart is a labelled image with its table');
  await page.screenshot({ path: path.join(shots, 'results-full-en-light.png'), fullPage: true });
  assert.deepEqual(errors.filter((e) => !/status of 401/.test(e)), [], 'no page error (the 401 is the sign-in check before signing in)');
});

test('a filter changes the numbers as `touchpoint score --where` does', { skip: skipReason }, async () => {
  await page.selectOption('#f-answer', 'answer.role');
  await page.fill('#f-answer-value', 'funder');
  await page.click('form.filters button[type="submit"]');
  const [filtered] = score(['--where', 'answer.role=funder']);
  await page.waitForFunction((n) => document.querySelector('[data-kpi="responses"] .kpi-value')?.textContent.trim() === n, String(filtered.n));
  assert.equal(await kpi('nps'), npsText(filtered));
  assert.ok(filtered.n < score([])[0].n);
  const href = await page.getAttribute('a[href*="format=csv"]', 'href');
  assert.match(href, /where=answer\.role%3Dfunder/);
  await page.fill('#f-answer-value', '');
  await page.click('form.filters button[type="submit"]');
  await page.waitForFunction((n) => document.querySelector('[data-kpi="responses"] .kpi-value')?.textContent.trim() === n, String(score([])[0].n));
});

test('axe: no WCAG A/AA violation on the results page, light/dark, zh-CN/en', { skip: skipReason }, async () => {
  const found = [];
  for (const theme of ['light', 'dark']) {
    for (const locale of ['zh-CN', 'en']) {
      await page.selectOption('select[name="ui-locale"]', locale);
      await page.selectOption('select[name="ui-theme"]', theme);
      await page.waitForTimeout(200);
      await page.$$eval('tp-results details', (d) => d.forEach((x) => (x.open = true)));  // the tables too
      for (const v of await axeViolations(page)) found.push(`${locale}-${theme}: ${v}`);
      await page.screenshot({ path: path.join(shots, `results-${locale}-${theme}.png`) });
    }
  }
  assert.deepEqual(found, []);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
});

test('a detractor answer\'s alert appears in the inbox, is handled with a note, and its touchpoint\'s open count drops', { skip: skipReason }, async () => {
  const auth = { authorization: `Bearer ${EDITOR}` };
  const openCount = async () => (await request(collector.origin, 'GET', '/v1/alerts/open?map=b2b-purchase', { headers: auth })).json.touchpoints['demo-call'] ?? 0;
  // A detractor answer of the demo's survey, as the widget would send it (the core's generator).
  const gen = spawnSync(touchpoint, ['generate', '--survey', path.join(repoRoot, 'examples/surveys', `${SURVEY}.json`), '--count', '40', '--seed', '7'], { encoding: 'utf8' });
  assert.equal(gen.status, 0, gen.stderr);
  const detractor = gen.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l)).find((p) => p.alert?.reason === 'detractor');
  assert.ok(detractor, 'the generator produced a detractor');
  detractor.submitted = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const before = await openCount();
  assert.equal((await request(collector.origin, 'POST', '/v1/responses', { body: detractor })).status, 200);
  assert.equal(await openCount(), before + 1);
  // The journey viewer on the same collector (the demo's page: the map's responses are its export)
  // asks it for the open alerts and shows the count at the touchpoint.
  const journey = await openJourney();
  assert.equal(await journey.count('demo-call'), before + 1, 'the viewer shows the new open alert at demo-call');

  await page.selectOption('select[name="ui-locale"]', 'en');
  await page.selectOption('select[name="ui-theme"]', 'light');
  await page.click('button.link');  // back to the list
  await page.waitForSelector('#list-title');
  await page.click('nav button:has-text("Alerts")');
  const item = `[data-alert="${detractor.id}"]`;
  await page.waitForSelector(item);
  assert.match(await page.textContent(`${item} h3`), /Detractor · b2b-role · demo-call/);
  await page.fill(`${item} input[name="assignee"]`, '王芳');
  await page.fill(`${item} textarea[name="note"]`, '已致电客户，问题已解决');
  await page.click(`${item} button[data-action="handle"]`);
  await page.waitForSelector(item, { state: 'detached' });  // the open view no longer lists it
  assert.equal(await openCount(), before, "the map's open-alert count for demo-call dropped");
  // The viewer asks again when its window regains focus: the count at demo-call drops there too.
  await journey.page.evaluate(() => window.dispatchEvent(new Event('focus')));
  assert.equal(await journey.count('demo-call', before), before, 'the viewer shows the drop');
  await journey.check();
  await page.selectOption('#in-state', 'handled');
  await page.click('form.filters button[type="submit"]');
  await page.waitForSelector(item);
  assert.match(await page.textContent(item), /Handled in .* by editor/);
  assert.equal(await page.inputValue(`${item} textarea[name="note"]`), '已致电客户，问题已解决');

  const found = [];
  for (const theme of ['light', 'dark']) {
    for (const locale of ['zh-CN', 'en']) {
      await page.selectOption('select[name="ui-locale"]', locale);
      await page.selectOption('select[name="ui-theme"]', theme);
      await page.waitForTimeout(200);
      for (const v of await axeViolations(page)) found.push(`inbox ${locale}-${theme}: ${v}`);
      await page.screenshot({ path: path.join(shots, `inbox-${locale}-${theme}.png`) });
    }
  }
  assert.deepEqual(found, []);
});

test('a matrix shows one stacked bar per row, its table equal to `touchpoint score --by answer.Q/ROW`; axe in dark zh-CN', { skip: skipReason }, async () => {
  const id = 'cx-maturity';
  const file = path.join(repoRoot, 'examples/surveys', `${id}.json`);
  const question = JSON.parse(fs.readFileSync(file, 'utf8')).questions.find((q) => q.type === 'matrix');
  const own = await studioPage(browser, { locale: 'zh-CN', theme: 'dark' });
  try {
    await signIn(own, collector.origin);
    await own.click(`button[aria-label="结果 ${id}"], button[aria-label="Results ${id}"]`);
    await own.waitForSelector('[data-results-ready]');
    const ndjson = (await request(collector.origin, 'GET', `/v1/export?format=ndjson&survey=${id}`, { headers: { authorization: `Bearer ${EDITOR}` } })).text;
    const f = path.join(tempDir(), 'm.ndjson');
    fs.writeFileSync(f, ndjson);
    const rows = await own.$$eval(`table[data-table="dist-${question.id}"] tbody tr`, (trs) => trs.map((r) => [...r.children].map((c) => c.textContent.trim())));
    assert.equal(rows.length, question.rows.length);
    question.rows.forEach((row, i) => {
      const key = `answer.${question.id}/${row.value}`;
      const groups = JSON.parse(spawnSync(touchpoint, ['score', '--by', key, f], { encoding: 'utf8' }).stdout).groups;
      const n = (v) => String(groups.find((g) => g.key[key] === v)?.n ?? 0);
      assert.equal(rows[i][0], row.label['zh-CN']);
      assert.deepEqual(rows[i].slice(1), [...question.columns.map((c) => n(c.value)), n(null)], key);
    });
    assert.ok(rows.some((r) => r.slice(1, -1).some((x) => x !== '0')), 'some rows were answered');
    await own.$$eval('tp-results details', (d) => d.forEach((x) => (x.open = true)));
    assert.deepEqual(await axeViolations(own), []);
    await own.locator(`[data-question="${question.id}"]`).screenshot({ path: path.join(shots, 'results-matrix-zh-CN-dark.png') });
  } finally {
    await own.context().close();
  }
});

test('a date and a number question are drawn in the core\'s bins (`touchpoint score --bins`); axe in light/dark, zh-CN/en', { skip: skipReason }, async () => {
  const auth = { authorization: `Bearer ${EDITOR}` };
  const own = await studioPage(browser, { locale: 'en', theme: 'light' });
  const found = [];
  try {
    await signIn(own, collector.origin);
    // Each survey is checked in two of the four looks; together they cover all four.
    const cases = [
      ['csat-delivery', 'delivered-on', [['zh-CN', 'dark'], ['en', 'light']]],
      ['ces-onboarding', 'minutes', [['en', 'dark'], ['zh-CN', 'light']]],
    ];
    for (const [survey, id, looks] of cases) {
      const ndjson = (await request(collector.origin, 'GET', `/v1/export?format=ndjson&survey=${survey}`, { headers: auth })).text;
      const file = path.join(tempDir(), 'b.ndjson');
      fs.writeFileSync(file, ndjson);
      const r = spawnSync(touchpoint, ['score', '--survey', path.join(repoRoot, 'examples/surveys', `${survey}.json`), '--bins', id, file], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const cli = JSON.parse(r.stdout);
      await own.selectOption('select[name="ui-locale"]', 'en');
      await own.click(`button[aria-label="Results ${survey}"]`);
      await own.waitForSelector(`table[data-table="dist-${id}"]`, { state: 'attached' });
      const rows = await own.$$eval(`table[data-table="dist-${id}"] tbody tr`, (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
      assert.deepEqual(rows, cli.bins.map((b) => [b.label, String(b.n)]), `${survey}: the page's bins are the CLI's`);
      assert.equal(await own.getAttribute(`[data-question="${id}"] [data-binned-by]`, 'data-binned-by'), cli.by);
      assert.ok(cli.bins.length >= 2 && cli.bins.length <= 13, `${cli.bins.length} bins`);
      for (const [locale, theme] of looks) {
        await own.selectOption('select[name="ui-locale"]', locale);
        await own.selectOption('select[name="ui-theme"]', theme);
        await own.waitForFunction(([l, t]) => document.documentElement.lang === l && document.documentElement.dataset.theme === t, [locale, theme]);
        await own.$$eval('tp-results details', (d) => d.forEach((x) => (x.open = true)));
        for (const v of await axeViolations(own)) found.push(`${survey} ${locale}-${theme}: ${v}`);
        await own.locator(`[data-question="${id}"]`).screenshot({ path: path.join(shots, `results-bins-${id}-${locale}-${theme}.png`) });
      }
      await own.click('button.link'); // back to the survey list
      await own.waitForSelector('#list-title');
    }
  } finally {
    await own.context().close();
  }
  assert.deepEqual(found, []);
});
