// As-is / to-be in <touchpoint-journey editable>, by keyboard only through the side panel: a to-be
// created from the as-is example, edited in Chinese (a touchpoint renamed, its channel and owner,
// one moved to another stage, one deleted, a pain point added and another rewritten, an emotion),
// compared with the as-is in the panel's table, the as-is found untouched, the whole session undone
// in order (the to-be's creation last); axe-core on the panel with its comparison (0 violations);
// light and dark screenshots. Then the change marks: a touchpoint whose NPS fell significantly from
// one month to the next carries a badge pointing down on its card, and its row in the DOM table
// says the size and the p-value; a touchpoint that did not change carries none. Open-alert counts
// (none without a collector) are shown in words, and a malformed answer is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from './lib/server.mjs';
import { launchBrowser, collectErrors } from './lib/browser.mjs';
import { axeRun } from './lib/axe.mjs';
import { typeInto as typeIntoField } from './lib/side-panel.mjs';

const shots = process.env.TP_SCREENSHOTS || fs.mkdtempSync(path.join(os.tmpdir(), 'tp-journey-variants-'));

// October: NPS +40 at the pricing page (100 promoters, 80 passives, 20 detractors of 200); November:
// −30 (40 / 60 / 100). The demo call: NPS 0 both months. Every line is response/1 as the collector
// stores it (the fields the aggregator reads).
function responses() {
  const lines = [];
  const add = (month, touchpoint, stage, score, count) => {
    for (let i = 0; i < count; i++)
      lines.push(JSON.stringify({
        touchpoint: 'response/1', id: `r-${lines.length}`, survey: { id: 'b2b-role', version: '1' },
        submitted: `2026-${month}-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`, locale: 'zh-CN', partial: false,
        journey: { map: 'b2b-purchase', stage, touchpoint }, answers: { nps: score },
        scores: { nps: { question: 'nps', value: score, category: score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor' } },
      }));
  };
  for (const [month, p, q, d] of [['10', 100, 80, 20], ['11', 40, 60, 100]]) {
    add(month, 'pricing-page', 'search', 10, p);
    add(month, 'pricing-page', 'search', 7, q);
    add(month, 'pricing-page', 'search', 2, d);
    add(month, 'demo-call', 'decision', 9, 50);
    add(month, 'demo-call', 'decision', 3, 50);
  }
  return lines.join('\n') + '\n';
}

let server, browser;
before(async () => {
  const body = responses();
  server = await startServer({
    handlers: { '/data/changes.ndjson': (req, res) => res.writeHead(200, { 'content-type': 'application/x-ndjson' }).end(body) },
  });
  browser = await launchBrowser({ webgl: true });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('variants: create a to-be, edit it by keyboard, compare with the as-is, undo it all, axe, themes', async () => {
  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  const errors = collectErrors(page);
  await page.goto(`${server.origin}/tests/browser/pages/journey/viewer.html?editable&theme=light&map=/examples/journeys/b2b-purchase.json`);
  await page.waitForSelector('html[data-ready="true"], html[data-error]', { state: 'attached', timeout: 60000 });
  assert.equal(await page.getAttribute('html', 'data-error'), null);
  const el = await page.$('touchpoint-journey');
  const panel = (sel) => page.locator(`touchpoint-journey >> .editor ${sel}`);
  const edit = () => el.evaluate((e) => e.editState());
  const exported = async () => JSON.parse(await el.evaluate((e) => e.exportMap('journey')));
  const press = async (locator, key = 'Enter') => { await locator.focus(); await page.keyboard.press(key); };
  const typeInto = (locator, text) => typeIntoField(page, locator, text);  // commits with Enter
  await page.waitForFunction(() => document.querySelector('touchpoint-journey')?.editState()?.editing === true);
  const asIs = await exported();
  assert.equal((await edit()).variants.list.length, 1);

  // ---- A to-be from the as-is ---------------------------------------------------------------
  await press(panel('[data-act="create_variant"]'));
  let s = await edit();
  assert.deepEqual(s.variants.list.map((x) => [x.id, x.state, x.active]),
    [['b2b-purchase', 'current', false], ['b2b-purchase-to-be', 'future', true]]);
  assert.equal(s.variants.compare.to_be, 'b2b-purchase-to-be');
  assert.equal(await panel('[data-key="compare"] tbody tr[data-change]').count(), 0, 'a fresh copy changes nothing');
  let doc = await exported();
  assert.equal(doc.meta.state, 'future');
  assert.equal(doc.meta.counterpart, 'b2b-purchase');

  // ---- Edit the to-be, keyboard only ---------------------------------------------------------
  await typeInto(panel('[data-op="set_touchpoint_title"][data-id="pricing-page"]'), '在线报价');
  await typeInto(panel('[data-op="set_touchpoint_channel"][data-id="pricing-page"]'), '小程序');
  await typeInto(panel('[data-op="set_touchpoint_owner"][data-id="pricing-page"]'), '销售运营部');
  await press(panel('[data-op="move_touchpoint"][data-id="tech-qa"]'), 'ArrowDown');  // communication → decision
  await press(panel('[data-act="delete_touchpoint"][data-id="credit-check"]'));
  const painBefore = (await edit()).lanes.find((l) => l.id === 'pain-points').items.length;
  await panel('[data-new="item-pain-points"]').focus();
  await page.keyboard.type('报价要等三天');
  await page.keyboard.press('Tab');         // to the stage/touchpoint list
  await page.keyboard.press('ArrowDown');   // stage 1 → its first touchpoint
  await page.keyboard.press('Tab');         // to "Add"
  await page.keyboard.press('Enter');
  await typeInto(panel('[data-op="set_lane_item"][data-lane="pain-points"][data-index="0"]'), '官网没有行业案例');
  await typeInto(panel('[data-key="emotion-emotion-decision-maker-purchase"]'), '2');
  s = await edit();
  const tp = (id) => s.stages.flatMap((st) => st.touchpoints.map((t) => ({ ...t, stage: st.id }))).find((t) => t.id === id);
  assert.deepEqual([tp('pricing-page').title, tp('pricing-page').channel, tp('pricing-page').owner], ['在线报价', '小程序', '销售运营部']);
  assert.equal(tp('tech-qa').stage, 'decision');
  assert.equal(tp('credit-check'), undefined);
  const pain = s.lanes.find((l) => l.id === 'pain-points').items;
  assert.equal(pain.length, painBefore + 1);
  assert.deepEqual(pain.at(-1), { stage: 'awareness', touchpoint: 'industry-event', text: '报价要等三天' });
  assert.equal(pain[0].text, '官网没有行业案例');

  // ---- Compare: the panel's table says what the to-be changes ----------------------------------
  const c = s.variants.compare;
  assert.deepEqual([c.as_is, c.to_be, c.added, c.removed, c.moved, c.edited], ['b2b-purchase', 'b2b-purchase-to-be', 0, 1, 1, 1]);
  const row = (id) => panel(`[data-key="compare"] tr[data-id="${id}"]`);
  assert.equal(await row('credit-check').getAttribute('data-change'), 'removed');
  assert.equal(await row('tech-qa').getAttribute('data-change'), 'moved');
  // In the viewer's language (the map's first, zh-CN), then in English.
  assert.match(await row('tech-qa').textContent(), /从 沟通 移到 决策/);
  assert.match(await row('pricing-page').textContent(), /触点 在线报价.*文字已修改/);
  assert.match(await row('purchase').textContent(), /▲/, 'the purchase stage feels better in the to-be');
  assert.match(await panel('[data-key="compare"] caption').textContent(), /现状 b2b-purchase → 未来 b2b-purchase-to-be：新增 0，删除 1，移动 1，修改 1/);
  assert.equal(await panel('#ed-variants').textContent(), '方案');
  await panel('#ed-variants').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, 'journey-variants-zh-CN-light.png') });
  await el.evaluate((e) => e.set('locale', 'en'));
  assert.match(await row('tech-qa').textContent(), /moved from Communication to Decision/);
  assert.match(await row('pricing-page').textContent(), /Touchpoint .*text edited/);
  assert.match(await panel('[data-key="compare"] caption').textContent(), /1 removed, 1 moved, 1 edited/);
  assert.equal(await panel('[data-act="create_variant"]').textContent(), 'Create as-is copy');
  await el.evaluate((e) => e.set('locale', 'zh-CN'));

  // ---- The as-is is untouched; switching is not an edit ---------------------------------------
  await press(panel('[data-op="activate_variant"]'), 'ArrowUp');
  s = await edit();
  assert.equal(s.variants.active, 'b2b-purchase');
  assert.deepEqual(await exported(), asIs);
  assert.equal(s.variants.compare.removed, 1, 'the comparison reads the same from either side');

  // ---- axe and screenshots, with the comparison showing ----------------------------------------
  const result = await axeRun(page, { fromShadowDom: ['touchpoint-journey', '.editor'] });
  assert.ok(result.passes.length > 10, `axe checked the panel (${result.passes.length} rules passed)`);
  assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' > ')).join(', ')}`), []);
  await press(panel('[data-op="activate_variant"]'), 'ArrowDown');
  for (const theme of ['light', 'dark']) {
    await el.evaluate((e, t) => e.setAttribute('theme', t), theme);
    await el.evaluate((e) => { e.renderFrame(); e.renderFrame(); });
    const file = path.join(shots, `journey-variants-${theme}.png`);
    await page.screenshot({ path: file });
    assert.ok(fs.statSync(file).size > 10000, `${file} written`);
  }

  // ---- Undo it all, in order: the edits in the to-be, then its creation -------------------------
  let undos = 0;
  while ((await edit()).can_undo) {
    await press(panel('[data-act="undo"]'));
    undos++;
    assert.ok(undos < 20, 'undo ends');
  }
  assert.equal(undos, 9, 'nine edits: title, channel, owner, move, delete, add item, set item, emotion, and the creation');
  s = await edit();
  assert.equal(s.variants.list.length, 1);
  assert.deepEqual(await exported(), asIs);
  await press(panel('[data-act="redo"]'));
  assert.equal((await edit()).variants.list.length, 2, 'redo creates the to-be again');
  assert.deepEqual(errors, []);
  await page.close();
});

test('change marks: a significant drop is badged on its card and stated with its p-value in the table', async () => {
  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  const errors = collectErrors(page);
  await page.goto(`${server.origin}/tests/browser/pages/journey/viewer.html?theme=light&map=/examples/journeys/b2b-purchase.json&responses=/data/changes.ndjson`);
  await page.waitForSelector('html[data-ready="true"], html[data-error]', { state: 'attached', timeout: 60000 });
  assert.equal(await page.getAttribute('html', 'data-error'), null);
  const el = await page.$('touchpoint-journey');
  await el.evaluate((e) => { e.renderFrame(); e.renderFrame(); });
  const t = await el.evaluate((e) => e.table());
  assert.deepEqual(t.changes, { at: '2026-11', before: '2026-10' });
  const tps = Object.fromEntries(t.stages.flatMap((st) => st.touchpoints).map((x) => [x.id, x]));
  const drop = tps['pricing-page'].change;
  assert.ok(drop, 'the pricing page is marked');
  assert.equal(drop.metric, 'NPS');
  assert.ok(Math.abs(drop.delta - -70) < 1e-9, `NPS 40 → −30 (${drop.delta})`);
  assert.ok(drop.p < 0.001);
  assert.equal(tps['demo-call'].change, undefined, 'no change, no mark');
  // The DOM table: the arrow and the size and p in the row's text.
  const row = page.locator('touchpoint-journey >> tr[data-touchpoint="pricing-page"]');
  // In the viewer's language: the map's first (zh-CN), then English.
  assert.match(await row.locator('[data-change="down"]').textContent(), /▼ NPS −70\.0，对比 2026-10（p < 0\.001）/);
  await page.screenshot({ path: path.join(shots, 'journey-changes-zh-CN-light.png') });
  await el.evaluate((e) => e.set('locale', 'en'));
  assert.match(await row.locator('[data-change="down"]').textContent(), /▼ NPS −70\.0 vs 2026-10 \(p < 0\.001\)/);
  assert.equal(await page.locator('touchpoint-journey >> tr[data-touchpoint="demo-call"] [data-change]').count(), 0);
  // The canvas: a red badge in the card's top-right corner (read off a PNG export), none on the demo call.
  const zoom = (await el.evaluate((e) => e.state())).zoom;
  const badge = async (id) => {
    const [x, y, w] = await el.evaluate((e, k) => e.cardRect(k), id);
    return [x + w - 13 * zoom, y + (13 - 6.5) * zoom];  // above the arrow, inside the disc
  };
  const pixels = await page.evaluate(async (points) => {
    const e = document.querySelector('touchpoint-journey');
    const img = new Image();
    img.src = e.exportPNG();
    await img.decode();
    const c = new OffscreenCanvas(img.width, img.height);
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const scale = img.width / e.shadowRoot.querySelector('canvas').getBoundingClientRect().width;
    return points.map(([x, y]) => Array.from(ctx.getImageData(Math.round(x * scale), Math.round(y * scale), 1, 1).data.slice(0, 3)));
  }, [await badge('pricing-page'), await badge('demo-call')]);
  const red = ([r, g, b]) => r > 150 && g < 80 && b < 80;
  assert.ok(red(pixels[0]), `the pricing page's badge is red (${pixels[0]})`);
  assert.ok(!red(pixels[1]), `the demo call has no badge (${pixels[1]})`);
  const file = path.join(shots, 'journey-changes-light.png');
  await page.screenshot({ path: file });

  // Open alerts: this page's data is not a collector's, so none are asked for or shown; counts
  // handed to the viewer (the collector's answer, as the element passes it) are shown in words, a
  // malformed answer is refused with its pointer, an empty one takes them away.
  assert.equal(t.alerts, undefined, 'no collector, no open-alert counts');
  assert.equal(await page.locator('touchpoint-journey >> [data-alerts]').count(), 0);
  assert.equal(await el.evaluate((e) => e.set('alerts', '{"open": 3, "touchpoints": {"demo-call": 3}}')), '');
  const counts = await el.evaluate((e) => Object.fromEntries(e.table().stages.flatMap((st) => st.touchpoints).map((x) => [x.id, x.alerts])));
  assert.equal(counts['demo-call'], 3);
  assert.equal(counts['pricing-page'], 0);
  assert.equal(await page.locator('touchpoint-journey >> tr[data-touchpoint="demo-call"] [data-alerts="3"]').textContent(), '3 open alerts');
  assert.match(await el.evaluate((e) => e.set('alerts', '{"touchpoints": {"demo-call": -1}}')), /^alerts\/touchpoints\/demo-call: /);
  assert.match(await el.evaluate((e) => e.set('alerts', '[1]')), /^alerts: /);
  assert.equal(await el.evaluate((e) => e.table().alerts), 3, 'a refused answer changes nothing');
  assert.equal(await el.evaluate((e) => e.set('alerts', '')), '');
  assert.equal(await el.evaluate((e) => e.table().alerts), undefined);
  assert.equal(await page.locator('touchpoint-journey >> [data-alerts]').count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});
