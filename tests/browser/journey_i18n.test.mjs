// The words of <touchpoint-journey>'s own chrome in zh-CN and English, from the core's one table
// (shared/src/journey/ui_strings.def) in the column the viewer core names for its locale:
//   - every code the element, its panel and the canvas use has a row (no silent fallback to the code);
//   - in Chromium, the editor opened with locale="zh-CN" builds a small map by keyboard in the side
//     panel (stages, touchpoints, a persona, a lane item, a to-be copy and what it changes), and then
//     no English word of the table is left on screen (text, aria-label, placeholder, title,
//     aria-roledescription), the table's headers are the table's Chinese, every aria-label is Chinese;
//   - zh-TW reads the Traditional column, Arabic (no column yet) English, `el.locale = 'en'` English;
//   - counts in the DOM are formatted with Intl in the viewer's locale;
//   - axe-core: 0 violations on the edit panel in zh-CN and en, light and dark; zh-CN screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, repoRoot } from './lib/server.mjs';
import { launchBrowser, collectErrors } from './lib/browser.mjs';
import { axeRun } from './lib/axe.mjs';
import { typeInto as typeIntoField } from './lib/side-panel.mjs';
import { coreTable } from '../../web/core-tables.mjs';

const shots = process.env.TP_SCREENSHOTS || fs.mkdtempSync(path.join(os.tmpdir(), 'tp-journey-i18n-'));
const COLUMN = { en: 0, 'zh-Hans': 1, 'zh-Hant': 2 };
const TABLE = await coreTable('journey-strings');
const word = (code, column = 'zh-Hans') => TABLE[code][COLUMN[column]];

test('every word the journey element and the canvas use is a row of the core table, in each column', () => {
  const read = (file) => fs.readFileSync(path.join(repoRoot, file), 'utf8');
  const js = ['web/src/journey/touchpoint-journey.js', 'web/src/journey/edit-panel.js'].map(read).join('\n');
  const cpp = ['viewer/core', 'shared/src/journey'].flatMap((dir) => fs.readdirSync(path.join(repoRoot, dir))
    .filter((f) => f.endsWith('.cpp')).map((f) => read(`${dir}/${f}`))).join('\n');
  const used = new Set([
    ...[...js.matchAll(/\b(?:t|tx|w)\('(\w+)'/g)].map((m) => m[1]),
    ...[...js.matchAll(/data-words(?:-[a-z-]+)?="(\w+)"/g)].map((m) => m[1]),
    ...[...js.matchAll(/\b(?:t|tx|w)\([^)]*?\? '(\w+)' : '(\w+)'/g)].flatMap((m) => [m[1], m[2]]),
    ...[...js.matchAll(/\[((?:'\w+', )+'\w+')\]\.map\(\(h\) => `<th/g)].flatMap((m) => m[1].split(', ').map((x) => x.slice(1, -1))),
    ...[...cpp.matchAll(/ui_text\((?:v, )?"(\w+)"/g)].map((m) => m[1]),
    ...[...cpp.matchAll(/ui_text\(v, [^"()]*\? "(\w+)" : "(\w+)"/g)].flatMap((m) => [m[1], m[2]]),
  ]);
  assert.ok(used.size > 100, `found the codes in use (${used.size})`);
  for (const code of ['newJourney', 'toBe', 'createAsIsCopy', 'npsChangeSignificant', 'stepTouchpoint', 'colEmotion', 'openAlertsOne', 'stopPresenting', 'colCes', 'mapRole'])
    assert.ok(used.has(code), `the scan sees ${code}`);
  for (const code of used) assert.ok(TABLE[code], `"${code}" is used but has no row in journey/ui_strings.def`);
  for (const [code, texts] of Object.entries(TABLE)) {
    assert.equal(texts.length, 3, `${code}: en, zh-Hans and zh-Hant`);
    assert.ok(texts.every((x) => x.length > 0), `${code}: no empty column`);
    // The same {fields} in every language: a translation never drops or invents one.
    const fields = (x) => [...x.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join();
    assert.equal(fields(texts[1]), fields(texts[0]), `${code}: zh-Hans fields`);
    assert.equal(fields(texts[2]), fields(texts[0]), `${code}: zh-Hant fields`);
  }
});

let server, browser;
before(async () => {
  server = await startServer({});
  browser = await launchBrowser({ webgl: true });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

// Every string a user can see or hear in the element's shadow root: text nodes and the attributes
// read aloud or shown (the map's own texts included: the test types only Chinese ones).
const visibleStrings = (el) => el.evaluate((e) => {
  const out = [];
  const root = e.shadowRoot;
  const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    const p = n.parentElement;
    if (!p || p.closest('style, [hidden], datalist')) continue;
    if (n.textContent.trim()) out.push(n.textContent.trim());
  }
  for (const n of root.querySelectorAll('[aria-label], [placeholder], [title], [aria-roledescription]')) {
    if (n.closest('[hidden]')) continue;
    for (const a of ['aria-label', 'placeholder', 'title', 'aria-roledescription']) if (n.getAttribute(a)) out.push(n.getAttribute(a));
  }
  return out;
});

// The English rows (those whose Chinese differs) as patterns: a {field} matches anything.
const englishPatterns = Object.entries(TABLE)
  .filter(([, [en, hans]]) => en !== hans)
  .map(([code, [en]]) => {
    const parts = en.trim().split(/\{\w+\}/).map((x) => x.replace(/[.*+?^$()|[\]\\]/g, '\\$&'));
    return { code, en, whole: new RegExp(`^${parts.join('.*')}$`), long: en.length >= 8 && !/\{/.test(en) ? en.trim() : null };
  });

function englishLeft(strings) {
  const found = [];
  for (const s of strings)
    for (const p of englishPatterns)
      if (p.whole.test(s) || (p.long && s.includes(p.long))) found.push(`${p.code} ("${p.en}") in "${s}"`);
  return found;
}

test('zh-CN editor: built by keyboard in the side panel, no English word left, Chinese headers and labels, axe, themes', async () => {
  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  const errors = collectErrors(page);
  await page.goto(`${server.origin}/tests/browser/pages/journey/viewer.html?editable&theme=light&locale=zh-CN`);
  await page.waitForSelector('html[data-ready="true"], html[data-error]', { state: 'attached', timeout: 60000 });
  assert.equal(await page.getAttribute('html', 'data-error'), null);
  const el = await page.$('touchpoint-journey');
  const panel = (sel) => page.locator(`touchpoint-journey >> .editor ${sel}`);
  const edit = () => el.evaluate((e) => e.editState());
  const frames = (n = 2) => el.evaluate((e, k) => { for (let i = 0; i < k; i++) e.renderFrame(); }, n);
  const press = async (locator, key = 'Enter') => { await locator.focus(); await page.keyboard.press(key); };
  const typeInto = (locator, text) => typeIntoField(page, locator, text);  // commits with Enter

  // No map yet: the start offers, in Chinese already (the core named the column for zh-CN).
  assert.equal((await el.evaluate((e) => e.state())).strings, 'zh-Hans');
  assert.equal(await panel('[data-act="blank"]').textContent(), word('newBlankMap'));
  assert.deepEqual(englishLeft(await visibleStrings(el)), []);

  // ---- A small map, keyboard only -------------------------------------------------------------
  await press(panel('[data-act="blank"]'));
  await page.waitForFunction(() => document.querySelector('touchpoint-journey').editState()?.editing === true, null, { timeout: 30000 });
  await typeInto(panel('[data-op="set_title"]'), '会员续费');
  await typeInto(panel('[data-op="set_stage_title"][data-id="stage-1"]'), '提醒');
  for (const name of ['续费', '售后']) {
    await panel('[data-new="stage"]').focus();
    await page.keyboard.type(name);
    await page.keyboard.press('Tab');  // to "添加阶段"
    await page.keyboard.press('Enter');
  }
  let s = await edit();
  assert.deepEqual(s.stages.map((x) => x.title), ['提醒', '续费', '售后']);
  await press(panel('[data-act="add_touchpoint"][data-stage="stage-1"]'));
  await press(panel('[data-act="add_touchpoint"][data-stage="stage-2"]'));
  s = await edit();
  // A touchpoint added from the panel is named by the table's Chinese, then renamed.
  assert.equal(s.stages[0].touchpoints[0].title, word('newTouchpoint'));
  const [tp1, tp2] = [s.stages[0].touchpoints[0].id, s.stages[1].touchpoints[0].id];
  await typeInto(panel(`[data-op="set_touchpoint_title"][data-id="${tp1}"]`), '短信提醒');
  await typeInto(panel(`[data-op="set_touchpoint_channel"][data-id="${tp1}"]`), '短信');
  await typeInto(panel(`[data-op="set_touchpoint_owner"][data-id="${tp1}"]`), '会员运营部');
  await typeInto(panel(`[data-op="set_touchpoint_title"][data-id="${tp2}"]`), '在线支付');
  await panel('[data-new="persona"]').focus();
  await page.keyboard.type('老会员');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  // A pain-points lane (its kind chosen in Chinese), then an item on the first touchpoint.
  assert.equal(await panel('[data-new="lane-kind"] option[value="pain-points"]').textContent(), word('lane_pain_points'));
  await panel('[data-new="lane-kind"]').focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');  // actions → thoughts → emotion → pain points
  assert.equal(await panel('[data-new="lane-kind"]').inputValue(), 'pain-points');
  await press(panel('[data-act="add_lane"]'));
  s = await edit();
  for (const kind of s.lane_kinds) assert.ok(TABLE[`lane_${kind.replace(/-/g, '_')}`], `lane kind ${kind} has a row`);
  const pains = s.lanes.find((l) => l.kind === 'pain-points');
  assert.ok(pains, 'a pain-points lane');
  await panel(`[data-new="item-${pains.id}"]`).focus();
  await page.keyboard.type('提醒太晚');
  await page.keyboard.press('Tab');
  await page.keyboard.press('ArrowDown');  // stage 1 → its touchpoint
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  assert.equal((await edit()).lanes.find((l) => l.id === pains.id).items.at(-1).text, '提醒太晚');
  // A to-be copy, changed: the "what changed" table fills in.
  await press(panel('[data-act="create_variant"]'));
  await typeInto(panel(`[data-op="set_touchpoint_title"][data-id="${tp2}"]`), '一键续费');
  await press(panel(`[data-act="delete_touchpoint"][data-id="${tp1}"]`));
  s = await edit();
  assert.equal(s.variants.compare.removed, 1);
  assert.equal(s.variants.compare.edited, 1);
  await frames(3);

  // ---- Chinese everywhere the element speaks ---------------------------------------------------
  const strings = await visibleStrings(el);
  assert.ok(strings.length > 60, `read the visible strings (${strings.length})`);
  assert.deepEqual(englishLeft(strings), [], 'no English word of the table is left');
  const cjk = /[\u3400-\u9fff]/;
  const headers = await page.locator('touchpoint-journey >> table:not([data-key]) thead th').allTextContents();
  assert.deepEqual(headers, ['colTouchpoint', 'colN', 'colNps', 'colCsat', 'colCes'].map((c) => word(c)));
  assert.deepEqual(await page.locator('touchpoint-journey >> [data-key="compare"] thead th').allTextContents(),
    ['colStep', 'colChange', 'colEmotion'].map((c) => word(c)));
  assert.match(await page.locator('touchpoint-journey >> [data-key="compare"] caption').textContent(), /^现状 .* → 未来 .*：新增 0，删除 1，移动 0，修改 1$/);
  const labels = await el.evaluate((e) => [...e.shadowRoot.querySelectorAll('[aria-label]')].map((n) => n.getAttribute('aria-label')));
  assert.ok(labels.length > 20, `aria-labels (${labels.length})`);
  assert.deepEqual(labels.filter((l) => !cjk.test(l)), [], 'every aria-label is Chinese');
  assert.equal(await page.locator('touchpoint-journey >> canvas').getAttribute('aria-roledescription'), word('mapRole'));
  assert.equal(await page.locator('touchpoint-journey >> .editor').getAttribute('aria-label'), word('editPanel'));
  // The canvas draws its chrome from the same rows (its edit bar is ImGui text): same column.
  assert.equal((await el.evaluate((e) => e.state())).strings, 'zh-Hans');
  // Counts through Intl in the viewer's locale (here: the caption's response count).
  assert.equal(await el.evaluate((e) => e.words().num(12345)), new Intl.NumberFormat('zh-CN').format(12345));
  assert.match(await page.locator('touchpoint-journey >> table:not([data-key]) caption').textContent(), /— 0 条回答，热度：NPS$/);

  // ---- axe on the edit panel and zh-CN screenshots, light and dark ----------------------------
  const axeClean = async (what) => {
    const result = await axeRun(page, { fromShadowDom: ['touchpoint-journey', '.editor'] });
    assert.ok(result.passes.length > 10, `${what}: axe checked the panel (${result.passes.length} rules passed)`);
    assert.deepEqual(result.violations.map((v) => `${what} ${v.id}: ${v.nodes.map((n) => n.target.join(' > ')).join(', ')}`), []);
  };
  for (const theme of ['light', 'dark']) {
    await el.evaluate((e, t) => e.setAttribute('theme', t), theme);
    await frames(3);
    await axeClean(`zh-CN ${theme}`);
    const file = path.join(shots, `journey-i18n-zh-CN-${theme}.png`);
    await page.screenshot({ path: file });
    assert.ok(fs.statSync(file).size > 10000, `${file} written`);
  }

  // ---- Other locales: Traditional, Arabic (no column: English), English by the property -------
  await el.evaluate((e) => { e.locale = 'zh-TW'; });
  assert.equal((await el.evaluate((e) => e.state())).strings, 'zh-Hant');
  assert.equal(await panel('[data-act="undo"]').textContent(), word('undo', 'zh-Hant'));
  assert.deepEqual(await page.locator('touchpoint-journey >> table:not([data-key]) thead th').allTextContents(),
    ['colTouchpoint', 'colN', 'colNps', 'colCsat', 'colCes'].map((c) => word(c, 'zh-Hant')));
  await el.evaluate((e) => { e.locale = 'ar'; });
  assert.equal((await el.evaluate((e) => e.state())).strings, 'ar');
  assert.equal(await panel('[data-act="undo"]').textContent(), word('undo', 'en'), 'a locale without a column reads English');
  await el.evaluate((e) => { e.locale = 'en'; });
  assert.equal(await el.evaluate((e) => e.getAttribute('locale')), 'en');
  assert.equal((await el.evaluate((e) => e.state())).strings, 'en');
  const english = await visibleStrings(el);
  assert.ok(english.includes(word('exportMermaid', 'en')) && english.includes(word('colEmotion', 'en')), 'English words in en');
  // The detector used above finds them when they are there (it could fail).
  assert.ok(englishLeft(english).length > 40, `English found in en (${englishLeft(english).length})`);
  assert.deepEqual(await page.locator('touchpoint-journey >> table:not([data-key]) thead th').allTextContents(),
    ['colTouchpoint', 'colN', 'colNps', 'colCsat', 'colCes'].map((c) => word(c, 'en')));
  for (const theme of ['light', 'dark']) {
    await el.evaluate((e, t) => e.setAttribute('theme', t), theme);
    await frames(2);
    await axeClean(`en ${theme}`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});
