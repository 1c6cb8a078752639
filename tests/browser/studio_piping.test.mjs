// Studio edits hidden fields and piping: a field added in the form lands in the survey JSON; a bad
// source and a placeholder naming an unknown question are the core's errors shown at their fields;
// the piping hint is on the page; the fixed survey validates clean. The survey's placeholders are
// offered as buttons that insert one where the author's caret was: its answers, hidden fields and
// scores, the built-in scores its questions feed (the core's list) and its declared segments.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
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

test('hidden fields and piping are edited in the form, checked by the core at their fields', { skip: skipReason }, async () => {
  const page = await studioPage(browser, { locale: 'en' });
  const errors = collectErrors(page);
  await signIn(page, collector.origin);
  await createSurvey(page, 'nps-support', 'piped');
  assert.match(await page.textContent('#piping-hint'), /\{answer\.QUESTION\}/);

  await page.click('#add-field');
  await page.waitForSelector('[data-pointer="/fields/0/id"]');
  await page.fill('[data-pointer="/fields/0/id"]', 'campaign');
  await validated(page);
  // A list is committed on change; set and commit in one step, so a re-render in between (the
  // live validation) cannot reset the typed text.
  const commit = (value) => page.$eval('[data-pointer="/fields/0/from"]', (el, v) => {
    el.value = v;
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }, value);
  await commit('cookie:utm');
  const fromError = page.locator('.field:has([data-pointer="/fields/0/from"]) .field-error');
  await fromError.waitFor();
  assert.match(await fromError.textContent(), /url:PARAM/);

  await commit('url:utm_campaign, show');
  await fromError.waitFor({ state: 'detached' });

  // A title that pipes an unknown question, then a known one and the new field.
  const title = '[data-pointer="/questions/0/title"]';
  await page.fill(title, '{answer.nope} 推荐我们吗？');
  const titleError = page.locator('.texts:has([data-pointer="/questions/0/title"]) .field-error').first();
  await titleError.waitFor();
  assert.match(await titleError.textContent(), /unknown question "nope"/);
  await page.fill(title, '{field.campaign|您} 推荐我们吗？');
  await titleError.waitFor({ state: 'detached' });
  await validated(page);
  assert.match(await page.textContent('.problems'), /found no problem/);

  await page.click('[role=tab]:has-text("JSON")');
  const doc = JSON.parse(await page.inputValue('textarea.json'));
  assert.deepEqual(doc.fields, [{ id: 'campaign', from: ['url:utm_campaign', 'show'] }]);
  assert.equal(doc.questions[0].title['zh-CN'], '{field.campaign|您} 推荐我们吗？');
  assert.deepEqual(errors.filter((e) => !/status of 401/.test(e)), []);
  await page.context().close();
});

test('the survey\'s placeholders are offered as buttons that insert one at the caret of the last text edited', { skip: skipReason }, async () => {
  const page = await studioPage(browser, { locale: 'en' });
  const errors = collectErrors(page);
  await signIn(page, collector.origin);
  await createSurvey(page, 'nps-support', 'picked');

  // The template's questions are offered; a hidden field added in the form is offered too.
  const tokens = () => page.$$eval('.piping-tokens .token', (buttons) => buttons.map((b) => b.textContent));
  assert.ok((await tokens()).includes('{answer.nps}'), (await tokens()).join(' '));
  await page.click('#add-field');
  await page.waitForSelector('[data-pointer="/fields/0/id"]');
  await page.fill('[data-pointer="/fields/0/id"]', 'plan');
  await page.waitForFunction(() => [...document.querySelectorAll('.piping-tokens .token')].some((b) => b.textContent === '{field.plan}'));

  // The caret after "为什么" in the second question's title: the token goes there, the text around it stays.
  const title = '[data-pointer="/questions/1/title"]';
  await page.fill(title, '为什么给这个分数？');
  await page.focus(title);
  await page.$eval(title, (el) => el.setSelectionRange(3, 3));
  await page.click('.piping-tokens .token:text-is("{answer.nps}")');
  await page.waitForFunction((sel) => document.querySelector(sel).value === '为什么{answer.nps}给这个分数？', title);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.pointer), '/questions/1/title', 'focus is back in the field');
  await validated(page);
  assert.match(await page.textContent('.problems'), /found no problem/);
  const doc = await page.evaluate(() => document.querySelector('tp-editor').doc);
  assert.equal(doc.questions[1].title['zh-CN'], '为什么{answer.nps}给这个分数？');
  assert.deepEqual(errors.filter((e) => !/status of 401/.test(e)), []);
  await page.context().close();
});

test('the built-in scores the survey\'s questions feed and its declared segments are offered too', { skip: skipReason }, async () => {
  const page = await studioPage(browser, { locale: 'en' });
  const errors = collectErrors(page);
  await signIn(page, collector.origin);
  await createSurvey(page, 'nps-support', 'scored');
  const tokens = () => page.$$eval('.piping-tokens .token', (buttons) => buttons.map((b) => b.textContent));
  const offered = (token) => page.waitForFunction((t) => [...document.querySelectorAll('.piping-tokens .token')].some((b) => b.textContent === t), token, { timeout: 15000 });

  // The template has an nps question and declares segment.plan and segment.role; no csat or ces question.
  const first = await tokens();
  for (const token of ['{score.nps}', '{segment.plan}', '{segment.role}']) assert.ok(first.includes(token), `${token} in ${first.join(' ')}`);
  for (const token of ['{score.csat}', '{score.ces}', '{segment.page}']) assert.ok(!first.includes(token), `${token} in ${first.join(' ')}`);

  // A csat question makes score.csat available; a segment declared in privacy.context is offered.
  const n = await page.locator('.question').count();
  await page.selectOption('#add-type', 'csat');
  await page.click('button:has-text("Add question")');
  await page.waitForSelector(`[data-question="${n}"]`);
  await offered('{score.csat}');
  await page.$eval('[data-pointer="/privacy/context"]', (el) => {
    el.value = 'page, segment.plan, segment.role, segment.region';
    el.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await offered('{segment.region}');
  assert.ok(!(await tokens()).includes('{score.ces}'));

  // Inserted at the caret, the core accepts them.
  const title = '[data-pointer="/questions/1/title"]';
  await page.fill(title, '为什么？');
  await page.focus(title);
  await page.$eval(title, (el) => el.setSelectionRange(3, 3));
  await page.click('.piping-tokens .token:text-is("{score.nps}")');
  await page.waitForFunction((sel) => document.querySelector(sel).value === '为什么{score.nps}？', title);
  await page.click('.piping-tokens .token:text-is("{segment.plan}")');
  await page.waitForFunction((sel) => document.querySelector(sel).value === '为什么{score.nps}{segment.plan}？', title);
  await validated(page);
  const doc = await page.evaluate(() => document.querySelector('tp-editor').doc);
  assert.equal(doc.questions[1].title['zh-CN'], '为什么{score.nps}{segment.plan}？');
  assert.deepEqual(doc.privacy.context, ['page', 'segment.plan', 'segment.role', 'segment.region']);
  assert.deepEqual(errors.filter((e) => !/status of 401/.test(e)), []);
  await page.context().close();
});
