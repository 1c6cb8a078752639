// Studio edits hidden fields and piping: a field added in the form lands in the survey JSON; a bad
// source and a placeholder naming an unknown question are the core's errors shown at their fields;
// the piping hint is on the page; the fixed survey validates clean.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, collectErrors } from './lib/browser.mjs';
import { skipReason, startStudioCollector, studioPage, signIn, validated } from './lib/studio.mjs';

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
  await page.selectOption('#new-template', 'nps-support');
  await page.fill('#new-id', 'piped');
  await page.click('button:has-text("Create")');
  await page.waitForSelector('tp-editor .question');
  await validated(page);
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
