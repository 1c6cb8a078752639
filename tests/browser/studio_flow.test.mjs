// Studio end to end on the real collector and the real widget: in Chinese, create a survey from a
// template, add a question whose visibleIf names a missing question, see the core's error at that
// field, fix it, preview it in every display mode, publish it, load it on a host page through
// /v1/surveys/ID, answer it, and find the response stored with the published version's hash.
// Then the same by keyboard only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, collectErrors } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { request, sql } from '../collector/lib/collector.mjs';
import { coreTable } from '../../web/core-tables.mjs';
import { EDITOR, skipReason, startStudioCollector, studioPage, signIn, validated, completeSurvey } from './lib/studio.mjs';

const MODES = (await coreTable('widget-display')).modes; // the core's display modes, in its order
let collector, host, browser;

before(async () => {
  if (skipReason) return;
  // The host page is another origin, allowed to post responses to the collector.
  host = await startServer({
    handlers: {
      '/alerts': (req, res) => req.resume().on('end', () => res.writeHead(204).end()), // the site's own alert receiver
      '/host.html': (req, res) => {
        const url = new URL(req.url, 'http://x');
        const c = url.searchParams.get('collector');
        const id = url.searchParams.get('survey');
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>Host</title></head><body><main><h1>宿主页面</h1></main>
<script async src="${c}/dist/touchpoint.js" data-surveys="${c}/v1/surveys/" data-endpoint="${c}/v1/responses" data-alert-endpoint="/alerts" data-locale="zh-CN"></script>
<script>window.touchpoint = window.touchpoint || function () { (touchpoint.q = touchpoint.q || []).push(arguments); };
touchpoint('show', ${JSON.stringify(id)}, { force: true, mode: 'inline' });</script></body></html>`);
      },
    },
  });
  collector = await startStudioCollector(['--allow-origin', host.origin]);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await collector?.stop();
  await host?.close();
});

/** The preview's iframe (the real widget runs in it). */
async function previewFrame(page) {
  const handle = await page.waitForSelector('.device iframe');
  const frame = await handle.contentFrame();
  await frame.waitForFunction(() => window.touchpoint?.version);
  return frame;
}

/** Publishes, then answers the survey on the host page; returns the stored payload and the published hash. */
async function answerOnHostPage(id) {
  const versions = (await request(collector.origin, 'GET', `/v1/studio/surveys/${id}/versions`, { headers: { authorization: `Bearer ${EDITOR}` } })).json;
  const published = versions.versions.find((v) => v.version === versions.publishedVersion);
  assert.ok(published, 'a version is published');
  const served = await request(collector.origin, 'GET', `/v1/surveys/${id}`);
  assert.equal(served.status, 200);
  assert.equal(served.headers.etag, `"${published.hash}"`);

  const page = await browser.newPage();
  const errors = collectErrors(page);
  await page.goto(`${host.origin}/host.html?collector=${encodeURIComponent(collector.origin)}&survey=${id}`);
  await page.waitForFunction(() => document.querySelector('touchpoint-survey[mode="inline"]')?.shadowRoot?.querySelector('.tp-form'));
  const sent = await completeSurvey(page);
  assert.equal(sent.status, 200, 'the collector acknowledged the response');
  await page.close();
  assert.deepEqual(errors, []);
  const rows = sql(collector.db, `SELECT payload FROM responses WHERE survey='${id}'`);
  assert.equal(rows.length, 1);
  const payload = JSON.parse(rows[0][0]);
  assert.equal(payload.survey.hash, published.hash, "the response carries the published version's hash");
  return payload;
}

test('in Chinese: template → invalid visibleIf shown at its field → fixed → every display mode → published → answered on a host page', { skip: skipReason }, async () => {
  const page = await studioPage(browser, { locale: 'zh-CN' });
  const errors = collectErrors(page);
  await signIn(page, collector.origin);
  assert.equal(await page.textContent('h1'), 'Touchpoint 问卷工作室');

  await page.selectOption('#new-template', 'nps-support');
  await page.fill('#new-id', 'nps-zh');
  await page.click('button:has-text("创建")');
  await page.waitForSelector('tp-editor .question');
  await validated(page);
  assert.match(await page.textContent('.problems'), /内核检查未发现问题/);

  const n = await page.locator('.question').count();
  await page.selectOption('#add-type', 'single');
  await page.click('button:has-text("添加题目")');
  await page.waitForSelector(`[data-question="${n}"]`);
  const q = `/questions/${n}`;
  await page.fill(`[data-pointer="${q}/title"]`, '您是通过哪个渠道联系我们的？');
  await page.fill(`[data-pointer="${q}/title/en"]`, 'How did you contact us?');
  await page.fill(`[data-pointer="${q}/visibleIf"]`, 'missing_question >= 9');
  const fieldError = page.locator(`.field:has([data-pointer="${q}/visibleIf"]) .field-error`);
  await fieldError.waitFor();
  assert.match(await fieldError.textContent(), /missing_question/, 'the core names the unknown question');
  assert.equal(await page.getAttribute(`[data-pointer="${q}/visibleIf"]`, 'aria-invalid'), 'true');
  assert.equal(await page.getAttribute(`[data-pointer="${q}/visibleIf"]`, 'aria-describedby'), await fieldError.getAttribute('id'));
  assert.match(await page.textContent('.problems'), new RegExp(`${q}/visibleIf`));

  await page.fill(`[data-pointer="${q}/visibleIf"]`, 'nps >= 9');
  await fieldError.waitFor({ state: 'detached' });
  await validated(page);
  assert.match(await page.textContent('.problems'), /内核检查未发现问题/);

  await page.click('[role=tab]:has-text("预览")');
  const f = await previewFrame(page);
  for (const mode of MODES) {
    await page.selectOption('#preview-mode', mode);
    await f.waitForFunction((m) => document.querySelector(`touchpoint-survey[mode="${m}"]`)?.shadowRoot?.querySelector(`.tp-${m}`)?.textContent.includes('支持服务反馈'), mode);
  }
  await page.selectOption('#preview-locale', 'en');
  await f.waitForFunction(() => document.querySelector('touchpoint-survey')?.shadowRoot?.textContent.includes('Support feedback'));
  await page.click('button:has-text("查看答卷数据")');
  await page.waitForSelector('pre.payload');
  const previewPayload = JSON.parse(await page.textContent('pre.payload'));
  assert.equal(previewPayload.touchpoint, 'response/1');
  assert.equal(previewPayload.survey.id, 'nps-zh');

  await page.click('.toolbar button:has-text("发布")');
  await page.waitForFunction(() => /第 1 版已发布/.test(document.querySelector('.status').textContent));
  await page.click('[role=tab]:has-text("安装")');
  assert.match(await page.textContent('code.snippet'), new RegExp(`data-survey="nps-zh"[\\s\\S]*data-surveys="${collector.origin}/v1/surveys/"`));
  assert.deepEqual(errors.filter((e) => !/status of 401/.test(e)), [], 'nothing but the signed-out session probe failed');
  await page.context().close();

  const payload = await answerOnHostPage('nps-zh');
  assert.equal(payload.answers.nps, 9);
});

test('pages, answer rules, messages and request headers are edited in the form, checked by the core at their fields', { skip: skipReason }, async () => {
  const page = await studioPage(browser, { locale: 'en' });
  const errors = collectErrors(page);
  await signIn(page, collector.origin);
  await page.selectOption('#new-template', 'nps-support');
  await page.fill('#new-id', 'paged');
  await page.click('button:has-text("Create")');
  await page.waitForSelector('tp-editor .question');
  await page.check('#pages-on');
  await page.waitForSelector('.page');
  await page.click('button:has-text("Add page")');
  // An empty page is the core's error, shown at that page.
  const pageError = page.locator('.page:nth-child(2) .field-error');
  await pageError.waitFor();
  assert.match(await page.textContent('.problems'), /\/pages\/1\/questions/);
  // The last two questions move to page 2 from their own cards.
  const last = (await page.locator('.question').count()) - 1;
  for (const i of [last - 1, last]) await page.selectOption(`[data-question="${i}"] .field:has-text("On page") select`, '1');
  await pageError.waitFor({ state: 'detached' });
  await page.fill('[data-pointer="/pages/1/title"]', '补充信息');
  // An answer rule naming a question that does not exist is refused at the rule's field, then fixed.
  await page.click('[data-question="0"] button:has-text("Add answer rule")');
  const rule = '[data-pointer="/questions/0/validation/0/rule"]';
  await page.fill(rule, 'nosuch > 1');
  await page.locator(`.field:has(${rule}) .field-error`).waitFor();
  await page.fill(rule, 'nps >= 0');
  await page.fill('[data-pointer="/questions/0/validation/0/message"]', '请选择一个分数');
  await page.locator(`.field:has(${rule}) .field-error`).waitFor({ state: 'detached' });
  // The survey's own messages and the delivery's request headers (code = text, Name = value).
  await page.fill('[data-pointer="/messages"]', 'required = 请回答这一题\nnosuchcode = x');
  await page.dispatchEvent('[data-pointer="/messages"]', 'change');
  await page.locator('.field:has([data-pointer="/messages"]) .field-error').waitFor(); // the core flags the unknown code
  await page.fill('[data-pointer="/messages"]', 'required = 请回答这一题');
  await page.dispatchEvent('[data-pointer="/messages"]', 'change');
  await page.fill('[data-pointer="/delivery/headers"]', 'X-Team = cx');
  await page.dispatchEvent('[data-pointer="/delivery/headers"]', 'change');
  // The trigger's targeting: an audience naming something other than an attribute is the core's
  // error at its field; then the event condition and the selector triggers.
  const audienceField = '[data-pointer="/trigger/audience"]';
  await page.fill(audienceField, "plan == 'pro'");
  await page.locator(`.field:has(${audienceField}) .field-error`).waitFor();
  await page.fill(audienceField, "segment.plan == 'pro' and days_since(segment.signup) > 14");
  await page.locator(`.field:has(${audienceField}) .field-error`).waitFor({ state: 'detached' });
  await page.fill('[data-pointer="/trigger/event"]', 'export');
  await page.fill('[data-pointer="/trigger/eventCondition"]', 'properties.rows > 1000');
  await page.fill('[data-pointer="/trigger/clickSelector"]', '#upgrade');
  await page.fill('[data-pointer="/trigger/visibleSelector"]', '.pricing');
  await validated(page);
  assert.match(await page.textContent('.problems'), /found no problem/);
  await page.click('#tab-json');
  const doc = JSON.parse(await page.inputValue('textarea.json'));
  assert.deepEqual(doc.messages, { required: '请回答这一题' });
  assert.deepEqual(doc.delivery.headers, { 'X-Team': 'cx' });
  const { audience, event, eventCondition, clickSelector, visibleSelector } = doc.trigger;
  assert.deepEqual({ audience, event, eventCondition, clickSelector, visibleSelector }, {
    audience: "segment.plan == 'pro' and days_since(segment.signup) > 14",
    event: 'export',
    eventCondition: 'properties.rows > 1000',
    clickSelector: '#upgrade',
    visibleSelector: '.pricing',
  });
  const ids = doc.questions.map((q) => q.id);
  assert.deepEqual(doc.pages.map((pg) => pg.questions), [ids.slice(0, -2), ids.slice(-2)]);
  assert.equal(doc.pages[1].title['zh-CN'], '补充信息');
  assert.deepEqual(doc.questions[0].validation, [{ rule: 'nps >= 0', message: { 'zh-CN': '请选择一个分数' } }]);
  assert.deepEqual(errors.filter((e) => !/status of 401/.test(e)), []);
  await page.context().close();
});

/** Presses Tab until the focused element matches `selector` (keyboard only: no clicks). */
async function tabTo(page, selector, max = 400) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

test('the same by keyboard only (English UI, CSAT template, questions reordered with Alt+Arrow)', { skip: skipReason }, async () => {
  const page = await studioPage(browser, { locale: 'en' });
  const errors = collectErrors(page);
  await page.goto(`${collector.origin}/studio/`);
  await tabTo(page, '#token');
  await page.keyboard.type(EDITOR);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#list-title');
  await tabTo(page, '#new-template');
  await page.keyboard.press('ArrowDown'); // nps-support → csat-delivery
  assert.equal(await page.inputValue('#new-template'), 'csat-delivery');
  await tabTo(page, '#new-id');
  await page.keyboard.type('csat-keys');
  await page.keyboard.press('Enter');
  await page.waitForSelector('tp-editor .question');
  await validated(page);

  const n = await page.locator('.question').count();
  await tabTo(page, '#add-type');
  await tabTo(page, '#add-question');
  await page.keyboard.press('Enter');
  await page.waitForSelector(`[data-question="${n}"]`);
  const q = `/questions/${n}`;
  // Focus lands in the new question: its id field. Tab on to its title and visibleIf.
  await tabTo(page, `[data-pointer="${q}/title"]`);
  await page.keyboard.type('How was the courier?');
  await tabTo(page, `[data-pointer="${q}/visibleIf"]`);
  await page.keyboard.type('nope > 1');
  const fieldError = page.locator(`.field:has([data-pointer="${q}/visibleIf"]) .field-error`);
  // Checked as typed: an error about the text so far ("n") may show first; the one for the whole
  // expression replaces it.
  await fieldError.filter({ hasText: 'nope' }).waitFor();
  assert.match(await fieldError.textContent(), /nope/);
  for (let i = 0; i < 'nope > 1'.length; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type('csat >= 4');
  await fieldError.waitFor({ state: 'detached' });

  // Reorder by keyboard: the new question's handle, Alt+ArrowUp moves it one place up.
  await page.keyboard.down('Shift');
  await tabTo(page, `[data-question="${n}"] .handle`);
  await page.keyboard.up('Shift');
  await page.keyboard.press('Alt+ArrowUp');
  await page.waitForFunction((i) => document.activeElement?.closest('[data-question]')?.dataset.question === String(i - 1), n);
  assert.match(await page.textContent('.status'), new RegExp(`position ${n}`));
  // Undo by keyboard puts it back.
  await page.keyboard.press('Control+z');
  await page.waitForFunction((i) => document.querySelector(`[data-question="${i}"] [data-pointer="/questions/${i}/visibleIf"]`)?.value === 'csat >= 4', n);

  // Preview tab by arrow keys within the tab list, then publish from the toolbar.
  await tabTo(page, '[role=tab][aria-selected=true]');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector('#preview-mode');
  // The template opens as a modal, which takes the focus into the iframe until Studio gives it
  // back; keys pressed in between go to the survey. Wait for that hand-back first.
  const first = await previewFrame(page);
  await first.waitForFunction(() => document.querySelector('touchpoint-survey[mode="modal"]')?.shadowRoot?.querySelector('.tp-modal'), null, { timeout: 15000 });
  await page.waitForFunction(() => document.activeElement?.tagName !== 'IFRAME');
  await tabTo(page, '#preview-mode');
  await page.keyboard.press('Home');
  for (const [i, mode] of MODES.entries()) {
    if (i > 0) await page.keyboard.press('ArrowDown'); // a closed select steps through its options
    assert.equal(await page.inputValue('#preview-mode'), mode);
    const f = await previewFrame(page);
    await f.waitForFunction((m) => document.querySelector(`touchpoint-survey[mode="${m}"]`)?.shadowRoot?.querySelector(`.tp-${m}`), mode, { timeout: 15000 })
      .catch(async (e) => {
        const shown = await f.evaluate(() => [...document.querySelectorAll('touchpoint-survey')].map((x) => x.getAttribute('mode')));
        throw new Error(`${mode}: shown ${JSON.stringify(shown)}, problems: ${await page.textContent('.problems')}, focus on ${await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName)}: ${e.message}`);
      });
    // A modal survey takes the focus into the iframe; Studio gives it back to the control.
    await page.waitForFunction(() => document.activeElement?.id === 'preview-mode', null, { timeout: 10000 })
      .catch(async (e) => {
        throw new Error(`${mode}: focus on ${await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName)}: ${e.message}`);
      });
  }
  await page.keyboard.down('Shift');
  await tabTo(page, '.toolbar button.primary');
  await page.keyboard.up('Shift');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /Version 1 is published/.test(document.querySelector('.status').textContent));
  assert.deepEqual(errors.filter((e) => !/status of 401/.test(e)), []);
  await page.context().close();

  const payload = await answerOnHostPage('csat-keys');
  assert.ok(payload.answers.csat >= 1);
});
