// The journey viewer's controls, end to end in Chromium: presentation mode stepping through the
// stages (what is centred and highlighted changes, the live region and the DOM table announce the
// stage, Esc leaves), the PNG and JSON exports from the canvas toolbar's buttons (a download
// happens; the PNG decodes at the canvas size and is not blank; the JSON's numbers are
// `touchpoint score`'s), and the any-answer filter picked in the canvas (mouse and keyboard) and
// mirrored by the DOM selects beside the table; keys pressed once however slow the frames, held
// keys repeated at the browser's pace.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, repoRoot } from './lib/server.mjs';
import { launchBrowser, collectErrors } from './lib/browser.mjs';

const touchpoint = process.env.TOUCHPOINT || path.join(repoRoot, 'build/native-release/tools/touchpoint');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-journey-controls-'));
const responses = path.join(tmp, 'b2b.ndjson');

const score = (by) => JSON.parse(execFileSync(touchpoint, ['score', responses, '--by', by], { maxBuffer: 1 << 26 }).toString());

let server, browser;
before(async () => {
  let out = '';
  ['b2b-role', 'csat-delivery'].forEach((survey, i) => {
    out += execFileSync(touchpoint, ['generate', '--survey', `examples/surveys/${survey}.json`, '--journey',
      'examples/journeys/b2b-purchase.json', '--count', '1500', '--seed', String(21 + i), '--days', '90',
      '--start', '2026-06-01T00:00:00Z'], { cwd: repoRoot, maxBuffer: 1 << 28 }).toString();
  });
  fs.writeFileSync(responses, out);
  server = await startServer({
    handlers: {
      '/data/b2b.ndjson': (req, res) => res.writeHead(200, { 'content-type': 'application/x-ndjson' }).end(fs.readFileSync(responses)),
    },
  });
  browser = await launchBrowser({ webgl: true });
});
after(async () => {
  await browser?.close();
  await server?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function open({ width = 1500, height = 860, context } = {}) {
  const page = await (context || browser).newPage({ viewport: { width, height } });
  const errors = collectErrors(page);
  await page.goto(`${server.origin}/tests/browser/pages/journey/viewer.html?map=/examples/journeys/b2b-purchase.json&responses=/data/b2b.ndjson&theme=light`);
  await page.waitForSelector('html[data-ready="true"], html[data-error]', { state: 'attached', timeout: 60000 });
  assert.equal(await page.getAttribute('html', 'data-error'), null);
  const el = await page.$('touchpoint-journey');
  await el.evaluate((e) => { e.renderFrame(); e.renderFrame(); });
  const canvas = await page.locator('touchpoint-journey >> canvas').boundingBox();
  // Frames after input: ImGui handles one input change per frame (a live page's loop does this).
  const frames = (n = 2) => el.evaluate((e, k) => { for (let i = 0; i < k; i++) e.renderFrame(); }, n);
  const state = () => el.evaluate((e) => e.state());
  const click = async ([x, y, w, h]) => {
    await page.mouse.move(canvas.x + x + w / 2, canvas.y + y + h / 2);
    await frames(1);
    await page.mouse.down();
    await frames(1);
    await page.mouse.up();
    await frames(2);
  };
  return { page, errors, el, canvas, frames, state, click };
}

// Colour of one canvas pixel (CSS px), read from a PNG export drawn in the same task.
async function pixels(page, points) {
  return page.evaluate(async (pts) => {
    const el = document.querySelector('touchpoint-journey');
    const img = new Image();
    img.src = el.exportPNG();
    await img.decode();
    const c = new OffscreenCanvas(img.width, img.height), ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const dpr = img.width / el.shadowRoot.querySelector('canvas').clientWidth;
    return pts.map(([x, y]) => Array.from(ctx.getImageData(Math.round(x * dpr), Math.round(y * dpr), 1, 1).data.slice(0, 3)));
  }, points);
}

test('presentation mode steps through the stages, announces them and Esc leaves', async () => {
  const { page, errors, el, canvas, frames, state, click } = await open();
  const table = await el.evaluate((e) => e.table());
  const stages = table.stages;
  const fitted = await state();
  // The in-canvas "演示" (present) button starts at the first stage.
  await click(fitted.controls.present);
  let s = await state();
  assert.equal(s.presenting, true);
  assert.equal(s.stage, 0);
  const live = page.locator('touchpoint-journey >> .status');
  // Announced in the map's language (zh-CN, its first locale), as the element's other words.
  assert.equal(await live.textContent(), `第 1 阶段，共 ${stages.length} 个：${stages[0].title}`);
  assert.equal(await live.getAttribute('aria-live'), 'polite');
  // Shown in the canvas's corner, never over the table beside it (it once hid the last row's numbers).
  const shown = await live.boundingBox(), beside = await page.locator('touchpoint-journey >> .table').boundingBox();
  assert.ok(shown.x >= canvas.x && shown.x + shown.width <= canvas.x + canvas.width && shown.y + shown.height <= canvas.y + canvas.height,
    `status ${JSON.stringify(shown)} inside the canvas ${JSON.stringify(canvas)}`);
  assert.ok(shown.x + shown.width <= beside.x, `status ends (${shown.x + shown.width}) before the table begins (${beside.x})`);
  assert.equal(await page.locator(`touchpoint-journey >> tr[data-stage="${stages[0].id}"]`).getAttribute('aria-current'), 'step');

  // Arrow keys on the canvas step; each stage is centred in turn and the others are dimmed.
  await page.locator('touchpoint-journey >> canvas').focus();
  const seen = [];
  for (const step of [1, 2]) {
    await page.keyboard.press('ArrowRight');
    await frames(3);
    s = await state();
    assert.equal(s.stage, step);
    const stage = stages[step], other = stages[step === 1 ? 3 : 0];
    assert.equal(await live.textContent(), `第 ${step + 1} 阶段，共 ${stages.length} 个：${stage.title}`);
    assert.equal(await page.locator(`touchpoint-journey >> tr[data-stage="${stage.id}"]`).getAttribute('aria-current'), 'step');
    assert.equal(await page.locator('touchpoint-journey >> tr[aria-current]').count(), 1);
    // Centred: the stage's first card is in the middle of the canvas.
    const [x, y, w, h] = await el.evaluate((e, id) => e.cardRect(id), stage.touchpoints[0].id);
    assert.ok(Math.abs(x + w / 2 - canvas.width / 2) < w, `${stage.id} centred: card at ${x}..${x + w} of ${canvas.width}`);
    seen.push([s.pan[0], s.zoom]);
    // Highlighted: the current stage's column keeps its tint beside a card; another stage's is dimmed
    // to the background.
    const [ox, oy, , oh] = await el.evaluate((e, id) => e.cardRect(id), other.touchpoints[0].id);
    const [bgCurrent, bgOther, background] = await pixels(page, [[x - 3, y + h / 2], [ox - 3, oy + oh / 2], [2, canvas.height - 2]]);
    assert.ok(ox >= 3 && ox < canvas.width, `${other.id} is on screen to compare (${ox})`);
    assert.notDeepEqual(bgCurrent, background, `current stage column ${bgCurrent} is tinted`);
    assert.deepEqual(bgOther, background, `other stage column ${bgOther} is dimmed to the background`);
  }
  assert.notDeepEqual(seen[0], seen[1], 'the view moved from stage to stage');
  // Esc leaves: the whole map fits again, the live region says so, no row is current.
  await page.keyboard.press('Escape');
  await frames(3);
  s = await state();
  assert.equal(s.presenting, false);
  assert.equal(await live.textContent(), '演示已结束');
  assert.equal(await page.locator('touchpoint-journey >> tr[aria-current]').count(), 0);
  assert.ok(Math.abs(s.zoom - fitted.zoom) < 1e-6, `fitted again: zoom ${s.zoom} vs ${fitted.zoom}`);
  // The element's API does the same.
  assert.equal(await el.evaluate((e) => e.set('present', 'on')), '');
  assert.equal(await el.evaluate((e) => e.set('present', 'next')), '');
  assert.equal((await state()).stage, 1);
  assert.match(await el.evaluate((e) => e.set('present', 'sideways')), /present is on, off, next or prev/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('PNG and JSON exports from the canvas toolbar download real files', async () => {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1500, height: 860 } });
  const { page, errors, el, state, click } = await open({ context });
  const controls = (await state()).controls;

  const [pngDownload] = await Promise.all([page.waitForEvent('download'), click(controls.png)]);
  assert.equal(pngDownload.suggestedFilename(), 'b2b-purchase.png');
  const png = fs.readFileSync(await pngDownload.path());
  const decoded = await page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const c = new OffscreenCanvas(bmp.width, bmp.height), ctx = c.getContext('2d');
    ctx.drawImage(bmp, 0, 0);
    const d = ctx.getImageData(0, 0, bmp.width, bmp.height).data, colours = new Set();
    for (let i = 0; i < d.length; i += 4 * 53) colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    const canvas = document.querySelector('touchpoint-journey').shadowRoot.querySelector('canvas');
    return { w: bmp.width, h: bmp.height, colours: colours.size, canvas: [canvas.width, canvas.height] };
  }, png.toString('base64'));
  assert.deepEqual([decoded.w, decoded.h], decoded.canvas, 'the PNG has the canvas backing-store size');
  assert.ok(decoded.w > 800 && decoded.h > 600, `PNG ${decoded.w}x${decoded.h}`);
  assert.ok(decoded.colours > 20, `PNG has ${decoded.colours} colours: not blank`);

  const [jsonDownload] = await Promise.all([page.waitForEvent('download'), click(controls.json)]);
  assert.equal(jsonDownload.suggestedFilename(), 'b2b-purchase.json');
  const exported = JSON.parse(fs.readFileSync(await jsonDownload.path(), 'utf8'));
  assert.equal(exported.map.touchpoint, 'journey/1', 'the export carries the map');
  assert.equal(exported.map.id, 'b2b-purchase');
  // Its numbers are the core's aggregates, the same as `touchpoint score`.
  const byTp = new Map(score('touchpoint').groups.map((g) => [g.key.touchpoint, g]));
  const byStage = new Map(score('stage').groups.map((g) => [g.key.stage, g]));
  let compared = 0;
  for (const st of exported.stages) {
    const gs = byStage.get(st.id);
    assert.equal(st.scores.n, gs ? gs.n : 0, `stage ${st.id}: n`);
    for (const tp of st.touchpoints) {
      const g = byTp.get(tp.id);
      if (!g) { assert.equal(tp.scores.n, 0); continue; }
      assert.equal(tp.scores.n, g.n, `${tp.id}: n`);
      if (g.nps) assert.deepEqual([tp.scores.nps.value, tp.scores.nps.moe], [g.nps.value, g.nps.moe], `${tp.id}: nps`);
      if (g.csat) assert.equal(tp.scores.csat.value, g.csat.value, `${tp.id}: csat`);
      compared++;
    }
  }
  assert.ok(compared >= 10, `compared ${compared} touchpoints`);
  assert.deepEqual(exported.filter, { persona: '', question: '', value: '', until: null });
  assert.deepEqual(errors, []);
  await context.close();
});

// A key is pressed once however slow the frames around it: one arrow press whose key-up comes
// after a slow frame (a loaded machine) moves one entry, not two. Held keys repeat at the browser's
// pace: each of its repeated key-downs (KeyboardEvent.repeat) moves one entry more.
test('a key held through a slow frame moves once; the browser\'s own repeats move again', async () => {
  const { page, errors, el, frames, state, click } = await open();
  const questions = (await el.evaluate((e) => e.answerOptions())).questions.map((q) => q.id);
  assert.ok(questions.length >= 3, `questions ${questions}`);
  // Opens the question picker (its keyboard navigation starts on "any answer"), moves with `arrows`,
  // picks with Enter, then picks its last value: the filter names the question reached.
  const questionReached = async (arrows) => {
    await click((await state()).controls.answer_question);
    await arrows();
    await page.keyboard.press('Enter');
    await frames(3);
    const values = (await state()).controls.answer_value;
    assert.ok(values, 'a question was picked');
    await click(values);
    await page.keyboard.press('ArrowUp');  // from the first value round to the last
    await frames(2);
    await page.keyboard.press('Enter');
    await frames(3);
    const question = (await state()).filter.question;
    await page.locator('touchpoint-journey >> select[data-filter="question"]').selectOption('');
    await frames(2);
    return question;
  };
  // Down, a frame, 400 ms (longer than ImGui's key-repeat delay), a frame, up: one step.
  assert.equal(await questionReached(async () => {
    await page.keyboard.down('ArrowDown');
    await frames(1);
    await new Promise((r) => setTimeout(r, 400));
    await frames(1);
    await page.keyboard.up('ArrowDown');
    await frames(2);
  }), questions[0], 'one press, one step');
  // Down, then two key-downs of the same held key (Playwright sends them with repeat: true): three steps.
  assert.equal(await questionReached(async () => {
    for (let i = 0; i < 3; i++) {
      await page.keyboard.down('ArrowDown');
      await frames(2);
    }
    await page.keyboard.up('ArrowDown');
    await frames(2);
  }), questions[2], 'a press and two repeats, three steps');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the any-answer filter: picked in the canvas by keyboard, mirrored in the DOM selects', async () => {
  const { page, errors, el, frames, state, click } = await open();
  const all = await el.evaluate((e) => e.table().responses);
  const options = await el.evaluate((e) => e.answerOptions());
  const role = options.questions.find((q) => q.id === 'role');
  assert.ok(role, `the responses' questions: ${options.questions.map((q) => q.id)}`);
  assert.ok(role.values.includes('funder'), `role values ${role.values}`);
  assert.ok(!options.questions.some((q) => q.values.some((v) => / /.test(v))), 'free text is not offered as a value');
  const expected = score('answer.role').groups.find((g) => g.key['answer.role'] === 'funder');

  // The canvas: open the question picker, choose "role" with the keyboard (navigation starts on
  // "any answer", the first entry).
  let s = await state();
  await click(s.controls.answer_question);
  const questions = options.questions.map((q) => q.id);
  for (let i = 0; i <= questions.indexOf('role'); i++) {
    await page.keyboard.press('ArrowDown');
    await frames(2);
  }
  await page.keyboard.press('Enter');
  await frames(3);
  s = await state();
  assert.ok(s.controls.answer_value, 'a value picker appears once a question is picked');
  assert.equal(s.filter.question, '', 'a question alone filters nothing yet');
  // The value list has no "any" entry: keyboard navigation starts on its first value.
  await click(s.controls.answer_value);
  assert.ok(role.values.indexOf('funder') > 0);
  for (let i = 0; i < role.values.indexOf('funder'); i++) {
    await page.keyboard.press('ArrowDown');
    await frames(2);
  }
  await page.keyboard.press('Enter');
  await frames(3);
  s = await state();
  assert.deepEqual([s.filter.question, s.filter.value], ['role', 'funder']);
  const filtered = await el.evaluate((e) => e.table().responses);
  assert.equal(filtered, expected.n, 'the table counts what `touchpoint score --by answer.role` counts');
  assert.ok(filtered < all);
  // Mirrored in the DOM: the selects show the filter, the caption names it.
  await page.waitForFunction(() => document.querySelector('touchpoint-journey').shadowRoot
    .querySelector('select[data-filter="value"]').value === 'funder');
  assert.equal(await page.locator('touchpoint-journey >> select[data-filter="question"]').inputValue(), 'role');
  assert.match(await page.locator('touchpoint-journey >> caption').textContent(), /，回答 role = funder，/);

  // The DOM selects drive the same filter (keyboard users and screen readers).
  const q = page.locator('touchpoint-journey >> select[data-filter="question"]');
  const v = page.locator('touchpoint-journey >> select[data-filter="value"]');
  await v.focus();
  await v.selectOption('influencer');
  await frames(2);
  const influencer = score('answer.role').groups.find((g) => g.key['answer.role'] === 'influencer');
  assert.equal(await el.evaluate((e) => e.table().responses), influencer.n);
  assert.deepEqual(Object.values(await el.evaluate((e) => e.state().filter)).slice(1), ['role', 'influencer']);
  await q.selectOption('');
  await frames(2);
  assert.equal(await el.evaluate((e) => e.table().responses), all, '"any" clears the filter');
  assert.equal((await state()).filter.question, '');
  assert.deepEqual(errors, []);
  await page.close();
});
