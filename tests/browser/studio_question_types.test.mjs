// Studio edits the slider and call-to-action question types: an author adds each one, sets their
// fields (min/max/step/labels; button label and link), sees the core's error at the field for a
// zero step and for a javascript: link, fixes them, and the preview renders both; a number
// question's placeholder (a piped text) is edited and checked by the core at its field. The page
// offers the core's question types, each added as the core starts it with no problem found, and
// the settings' menus (display, delivery, privacy) and the preview's modes are the core's values.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { touchpoint } from '../collector/lib/collector.mjs';
import { launchBrowser, collectErrors } from './lib/browser.mjs';
import { skipReason, startStudioCollector, studioPage, signIn, validated, createSurvey } from './lib/studio.mjs';

let collector, browser;
before(async () => {
  if (skipReason) return;
  collector = await startStudioCollector();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await collector?.stop();
});

/** Adds a question of `type` at the end; its pointer. */
async function addQuestion(page, type) {
  const n = await page.locator('.question').count();
  await page.selectOption('#add-type', type);
  await page.click('button:has-text("Add question")');
  await page.waitForSelector(`[data-question="${n}"]`);
  return `/questions/${n}`;
}

/** The core's error shown at the field of `pointer` (waits for it). */
async function fieldError(page, pointer) {
  const error = page.locator(`.field:has([data-pointer="${pointer}"]) .field-error`);
  await error.waitFor();
  assert.equal(await page.getAttribute(`[data-pointer="${pointer}"]`, 'aria-invalid'), 'true');
  return (await error.textContent()).trim();
}

/** Waits until the field of `pointer` shows no error any more. */
const fieldFixed = (page, pointer) =>
  page.locator(`.field:has([data-pointer="${pointer}"]) .field-error`).waitFor({ state: 'detached' });

async function noProblems(page) {
  await validated(page);
  assert.match(await page.textContent('.problems'), /The core found no problem/);
}

/** A signed-in Studio page editing a new survey `id` made from the NPS template, clean. */
async function newSurvey(id) {
  const page = await studioPage(browser, { locale: 'en' });
  const errors = collectErrors(page);
  await signIn(page, collector.origin);
  await createSurvey(page, 'nps-support', id);
  await noProblems(page);
  return { page, errors };
}

test(
  'add and edit a slider and a call to action; the core checks step and link at their fields',
  { skip: skipReason },
  async () => {
    const { page, errors } = await newSurvey('types');

    const s = await addQuestion(page, 'slider');
    await page.fill(`[data-pointer="${s}/title"]`, 'How far did the guide get you?');
    await page.fill(`[data-pointer="${s}/title/en"]`, 'How far did the guide get you?');
    for (const [key, value] of [
      ['min', '0'],
      ['max', '10'],
      ['step', '0'],
    ])
      await page.fill(`[data-pointer="${s}/${key}"]`, value);
    assert.match(await fieldError(page, `${s}/step`), /step must be greater than 0/);
    await page.fill(`[data-pointer="${s}/step"]`, '0.5');
    await fieldFixed(page, `${s}/step`);
    await page.fill(`[data-pointer="${s}/minLabel"]`, '不远');
    await page.fill(`[data-pointer="${s}/minLabel/en"]`, 'Not far');
    await noProblems(page);

    const c = await addQuestion(page, 'cta');
    await page.fill(`[data-pointer="${c}/title"]`, '预约演示');
    await page.fill(`[data-pointer="${c}/title/en"]`, 'Book a demo');
    await page.fill(`[data-pointer="${c}/buttonLabel"]`, '预约');
    await page.fill(`[data-pointer="${c}/buttonLabel/en"]`, 'Book');
    await page.fill(`[data-pointer="${c}/url"]`, 'javascript:alert(1)');
    assert.match(await fieldError(page, `${c}/url`), /expected an http:\/\/ or https:\/\/ URL/);
    await page.fill(`[data-pointer="${c}/url"]`, 'https://example.com/demo');
    await fieldFixed(page, `${c}/url`);
    await noProblems(page);

    // The document holds exactly what was typed, typed as the core expects.
    const doc = await page.evaluate(() => document.querySelector('tp-editor').doc);
    const slider = doc.questions.find((q) => q.type === 'slider');
    assert.deepEqual([slider.min, slider.max, slider.step], [0, 10, 0.5]);
    assert.equal(doc.questions.find((q) => q.type === 'cta').url, 'https://example.com/demo');

    await page.click('[role=tab]:has-text("Preview")');
    const frame = await (await page.waitForSelector('.device iframe')).contentFrame();
    await frame.waitForFunction(() => window.touchpoint?.version);
    assert.deepEqual(
      errors.filter((e) => !/status of 401/.test(e)),
      [],
    );
    await page.context().close();
  },
);

test(
  'a number question\'s placeholder is edited in the form; the core checks its piping at the field',
  { skip: skipReason },
  async () => {
    const { page, errors } = await newSurvey('seats');

    const n = await addQuestion(page, 'number');
    await page.fill(`[data-pointer="${n}/title"]`, '需要多少个席位？');
    await page.fill(`[data-pointer="${n}/title/en"]`, 'How many seats?');
    const placeholder = `[data-pointer="${n}/placeholder"]`;
    await page.fill(placeholder, '{answer.nope|比如 20}');
    const error = page.locator(`.texts:has(${placeholder}) .field-error`).first();
    await error.waitFor();
    assert.match(await error.textContent(), /unknown question "nope"/);
    await page.fill(placeholder, '{answer.nps|比如} 20');
    await error.waitFor({ state: 'detached' });
    await page.fill(`[data-pointer="${n}/placeholder/en"]`, 'e.g. 20');
    await noProblems(page);

    const doc = await page.evaluate(() => document.querySelector('tp-editor').doc);
    assert.deepEqual(doc.questions.find((q) => q.type === 'number').placeholder, { 'zh-CN': '{answer.nps|比如} 20', en: 'e.g. 20' });
    assert.deepEqual(errors.filter((e) => !/status of 401/.test(e)), []);
    await page.context().close();
  },
);

/** The values a <select> offers (its empty "none" left out). */
const menu = (page, selector) =>
  page.$$eval(`${selector} option`, (options) => options.map((o) => o.value).filter((v) => v !== ''));

test(
  'the core\'s question types are offered and each is added with no problem; the settings\' menus are the core\'s values',
  { skip: skipReason },
  async () => {
    const schema = JSON.parse(execFileSync(touchpoint, ['schema', 'survey'], { encoding: 'utf8', timeout: 20000 }));
    const { page, errors } = await newSurvey('every-type');

    const types = schema.$defs.question.properties.type.enum;
    assert.deepEqual(await menu(page, '#add-type'), types);
    for (const type of types) {
      // The core's check of the document with the new question (the editor re-validates on each change).
      const checked = page.evaluate(() => new Promise((resolve, reject) => {
        document.addEventListener('studio-validated', () => resolve(document.querySelector('tp-editor').diagnostics), { once: true });
        setTimeout(() => reject(new Error('no validation within 20 s')), 20000);
      }));
      const q = await addQuestion(page, type);
      assert.deepEqual(await checked, [], `a new ${type} question as Studio starts it: the core finds nothing, not even a warning`);
      assert.equal(await page.inputValue(`[data-pointer="${q}/type"]`), type);
    }
    await noProblems(page);

    let menus = 0;
    for (const name of ['display', 'delivery', 'privacy']) {
      for (const [key, property] of Object.entries(schema.$defs[name].properties)) {
        if (!property.enum) continue;
        assert.deepEqual(await menu(page, `select[data-pointer="/${name}/${key}"]`), property.enum, `/${name}/${key}`);
        menus++;
      }
    }
    assert.ok(menus >= 5, `${menus} menus`);
    await page.selectOption('select[data-pointer="/display/mode"]', 'inline');
    await noProblems(page);

    await page.click('[role=tab]:has-text("Preview")');
    await page.waitForSelector('#preview-mode');
    assert.deepEqual(await menu(page, '#preview-mode'), schema.$defs.display.properties.mode.enum);
    assert.equal(await page.inputValue('#preview-mode'), 'inline', 'the survey\'s own mode');
    assert.deepEqual(errors.filter((e) => !/status of 401/.test(e)), []);
    await page.context().close();
  },
);
