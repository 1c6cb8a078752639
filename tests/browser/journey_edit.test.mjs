// Edit mode of <touchpoint-journey editable>, end to end in Chromium on one page: a three-stage map
// with Chinese names built from a blank map once by mouse (canvas edit bar, dragging a card to
// another stage and an emotion point up, typing names in the side panel's fields) and once by
// keyboard only (the side panel), the two exports equal and equal again after a reload from the
// exported JSON; undo/redo; a Mermaid journey imported, edited and exported back to Mermaid;
// axe-core on the side panel (0 violations); light and dark screenshots of the editor.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from './lib/server.mjs';
import { launchBrowser, collectErrors } from './lib/browser.mjs';
import { axeRun } from './lib/axe.mjs';
import { typeInto as typeIntoField } from './lib/side-panel.mjs';

const shots = process.env.TP_SCREENSHOTS || fs.mkdtempSync(path.join(os.tmpdir(), 'tp-journey-edit-'));
const MERMAID = `journey
  title 周末购物
  section 出发
    开车去商场: 4: 我
  section 购物
    找停车位: 2: 我
    挑选商品: 5: 我, 家人
`;
const STAGES = ['认知', '考虑', '购买'];

let server, browser;
before(async () => {
  server = await startServer({});
  browser = await launchBrowser({ webgl: true });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('edit mode: build by mouse and by keyboard, export, reload, Mermaid round trip, axe, themes', async () => {
  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  const errors = collectErrors(page);
  await page.goto(`${server.origin}/tests/browser/pages/journey/viewer.html?editable&theme=light`);
  await page.waitForSelector('html[data-ready="true"], html[data-error]', { state: 'attached', timeout: 60000 });
  assert.equal(await page.getAttribute('html', 'data-error'), null);
  const el = await page.$('touchpoint-journey');
  const panel = (sel) => page.locator(`touchpoint-journey >> .editor ${sel}`);
  const frames = (n = 2) => el.evaluate((e, k) => { for (let i = 0; i < k; i++) e.renderFrame(); }, n);
  const state = () => el.evaluate((e) => e.state());
  const edit = () => el.evaluate((e) => e.editState());
  const canvasBox = async () => page.locator('touchpoint-journey >> canvas').boundingBox();
  // Mouse on the canvas: ImGui sees one input change per frame, as in a live page's loop.
  const mouse = async (x, y, action) => {
    const c = await canvasBox();
    await page.mouse.move(c.x + x, c.y + y);
    await frames(1);
    if (action === 'down') await page.mouse.down();
    if (action === 'up') await page.mouse.up();
    await frames(1);
  };
  const clickControl = async (name) => {
    const [x, y, w, h] = (await state()).controls[name];
    await mouse(x + w / 2, y + h / 2);
    await mouse(x + w / 2, y + h / 2, 'down');
    await mouse(x + w / 2, y + h / 2, 'up');
    await frames(2);
  };
  const typeInto = (locator, text) => typeIntoField(page, locator, text);  // commits with Enter

  // No map yet: the panel offers a blank map or an import.
  assert.equal(await panel('[data-act="blank"]').count(), 1);

  // ---- By mouse: the canvas's edit bar and drags; names typed in the panel's fields ----------
  await panel('[data-act="blank"]').click();
  await frames(3);
  assert.equal((await edit()).stages.length, 1);
  await clickControl('add_stage');
  await clickControl('add_stage');
  let s = await edit();
  assert.deepEqual(s.stages.map((x) => x.id), ['stage-1', 'stage-2', 'stage-3']);
  // Select stage 1 by its header, add a touchpoint there, then drag its card to stage 3.
  const headers = (await state()).stage_headers;
  assert.equal(headers.length, 3);
  const mid = ([hx, hy, hw, hh]) => [hx + hw / 2, hy + hh / 2];
  await mouse(...mid(headers[0]));
  await mouse(...mid(headers[0]), 'down');
  await mouse(...mid(headers[0]), 'up');
  assert.equal((await state()).selected_stage, 'stage-1');
  await clickControl('add_touchpoint');
  s = await edit();
  assert.equal(s.stages[0].touchpoints.length, 1, 'the touchpoint went to the selected stage');
  const tp = s.stages[0].touchpoints[0].id;
  const [x, y, w, h] = await el.evaluate((e, id) => e.cardRect(id), tp);
  await mouse(x + w / 2, y + h / 2);
  await mouse(x + w / 2, y + h / 2, 'down');
  const target = mid(headers[2])[0];
  for (let k = 1; k <= 6; k++) await mouse(x + w / 2 + ((target - x - w / 2) * k) / 6, y + h / 2);
  await mouse(target, y + h / 2, 'up');
  s = await edit();
  assert.equal(s.stages[0].touchpoints.length, 0);
  assert.deepEqual(s.stages[2].touchpoints.map((t) => t.id), [tp], 'dragged to stage 3');
  // The drag is one step of the history: undo puts it back, redo moves it again (canvas buttons).
  await clickControl('undo');
  assert.equal((await edit()).stages[0].touchpoints.length, 1);
  await clickControl('redo');
  assert.equal((await edit()).stages[2].touchpoints.length, 1);
  // Names in the panel's fields (clicked with the mouse, then typed), an emotion value, then a drag up.
  for (let i = 0; i < 3; i++) {
    await panel(`[data-op="set_stage_title"][data-id="stage-${i + 1}"]`).click();
    await typeInto(panel(`[data-op="set_stage_title"][data-id="stage-${i + 1}"]`), STAGES[i]);
  }
  await typeInto(panel(`[data-op="set_touchpoint_title"][data-id="${tp}"]`), '官网');
  await typeInto(panel('[data-key="emotion-emotion-customer-stage-2"]'), '0');
  await frames(2);
  const point = (await state()).emotion_points.find((p) => p.stage === 'stage-2');
  assert.ok(point, 'the emotion point has a handle on the canvas');
  await mouse(point.x, point.y);
  await mouse(point.x, point.y, 'down');
  for (let k = 1; k <= 4; k++) await mouse(point.x, point.y - k * 10);
  await mouse(point.x, point.y - 40, 'up');
  const dragged = (await edit()).lanes.find((l) => l.kind === 'emotion').points.find((p) => p.stage === 'stage-2').value;
  assert.ok(dragged > 0.5 && dragged <= 2, `dragging the point up raised the emotion (${dragged})`);
  const byMouse = await el.evaluate((e) => e.exportMap('journey'));

  // ---- By keyboard only: the side panel -------------------------------------------------------
  await panel('[data-act="blank"]').focus();
  await page.keyboard.press('Enter');
  await frames(2);
  assert.equal((await edit()).stages.length, 1);
  await typeInto(panel('[data-op="set_stage_title"][data-id="stage-1"]'), STAGES[0]);
  for (const name of STAGES.slice(1)) {
    await panel('[data-new="stage"]').focus();
    await page.keyboard.type(name);
    await page.keyboard.press('Tab');  // to "Add stage"
    await page.keyboard.press('Enter');
  }
  assert.deepEqual((await edit()).stages.map((x) => x.title), STAGES);
  await panel('[data-act="add_touchpoint"][data-stage="stage-1"]').focus();
  await page.keyboard.press('Enter');
  await typeInto(panel(`[data-op="set_touchpoint_title"][data-id="${tp}"]`), '官网');
  // Select it on the map from the panel, then move it to stage 3 with its stage list.
  await panel(`[data-act="select"][data-id="${tp}"]`).focus();
  await page.keyboard.press('Enter');
  assert.equal((await state()).selected, tp);
  await panel(`[data-op="move_touchpoint"][data-id="${tp}"]`).focus();
  await page.keyboard.press('End');
  assert.deepEqual((await edit()).stages[2].touchpoints.map((t) => t.id), [tp], 'moved to stage 3 by keyboard');
  await typeInto(panel('[data-key="emotion-emotion-customer-stage-2"]'), String(dragged));
  // Undo and redo from the panel's buttons (Enter), then Ctrl+Z on the canvas and its redo.
  const before = await el.evaluate((e) => e.exportMap('journey'));
  await panel('[data-act="undo"]').focus();
  await page.keyboard.press('Enter');
  assert.notEqual(await el.evaluate((e) => e.exportMap('journey')), before);
  await panel('[data-act="redo"]').focus();
  await page.keyboard.press('Enter');
  assert.equal(await el.evaluate((e) => e.exportMap('journey')), before);
  await page.locator('touchpoint-journey >> canvas').focus();
  await page.keyboard.press('Control+z');
  await frames(2);
  assert.notEqual(await el.evaluate((e) => e.exportMap('journey')), before, 'Ctrl+Z on the canvas undoes');
  await page.keyboard.press('Control+Shift+z');
  await frames(2);
  const byKeyboard = await el.evaluate((e) => e.exportMap('journey'));
  assert.equal(byKeyboard, before, 'Ctrl+Shift+Z redoes');
  // The panel's export writes the same text into its output field.
  await panel('[data-act="export"][data-format="journey"]').focus();
  await page.keyboard.press('Enter');
  assert.equal(await panel('#ed-output').inputValue(), byKeyboard);

  // ---- The same map both ways; equal again after a reload from the exported JSON -------------
  assert.deepEqual(JSON.parse(byKeyboard), JSON.parse(byMouse));
  const doc = JSON.parse(byKeyboard);
  assert.deepEqual(doc.stages.map((x) => Object.values(x.title)[0] ?? x.title), STAGES);
  await el.evaluate((e, text) => e.importMap('journey', text), byMouse);
  assert.equal(await el.evaluate((e) => e.exportMap('journey')), byMouse);
  assert.equal((await el.evaluate((e) => e.table())).stages.length, 3, 'the table shows the reloaded map');

  // ---- Mermaid: import, edit, export back -------------------------------------------------------
  await panel('#ed-mermaid').fill(MERMAID);
  await panel('[data-act="import"]').focus();
  await page.keyboard.press('Enter');
  await frames(2);
  s = await edit();
  assert.deepEqual(s.stages.map((x) => x.title), ['出发', '购物']);
  assert.equal(await el.evaluate((e) => e.shadowRoot.querySelector('canvas').getAttribute('aria-label')), '周末购物',
    'the canvas is named by the imported map');
  await typeInto(panel(`[data-op="set_touchpoint_title"][data-id="${s.stages[1].touchpoints[0].id}"]`), '找到停车位');
  await panel(`[data-act="delete_touchpoint"][data-id="${s.stages[1].touchpoints[1].id}"]`).click();
  // The imported tasks' scores are touchpoint-level emotion points, each with a field: 4 − 3 = 1.
  assert.equal(await panel(`[data-key="emotion-emotion-persona-1-stage-1-${s.stages[0].touchpoints[0].id}"]`).inputValue(), '1');
  const mermaid = await el.evaluate((e) => e.exportMap('mermaid'));
  assert.match(mermaid, /^journey\n\s+title 周末购物\n\s+section 出发\n\s+开车去商场: 4: 我\n\s+section 购物\n\s+找到停车位: 2: 我\n?$/);
  // A bad diagram is refused with its line, and the map stays.
  await panel('#ed-mermaid').fill('journey\n  section 出发\n    没有分数\n');
  await panel('[data-act="import"]').click();
  assert.match(await panel('.error').textContent(), /line 3/);
  assert.equal(await el.evaluate((e) => e.exportMap('mermaid')), mermaid);

  // ---- axe on the side panel; screenshots in light and dark ----------------------------------
  const result = await axeRun(page, { fromShadowDom: ['touchpoint-journey', '.editor'] });
  assert.ok(result.passes.length > 10, `axe checked the panel (${result.passes.length} rules passed)`);
  assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' > ')).join(', ')}`), []);
  for (const theme of ['light', 'dark']) {
    await el.evaluate((e, t) => e.setAttribute('theme', t), theme);
    await frames(3);
    const file = path.join(shots, `journey-edit-${theme}.png`);
    await page.screenshot({ path: file });
    assert.ok(fs.statSync(file).size > 10000, `${file} written`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});
