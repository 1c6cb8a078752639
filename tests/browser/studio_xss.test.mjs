// Survey texts are inert everywhere in Studio: a survey whose every text field holds markup and
// script is shown as those characters — in the editor's fields, the JSON view, the preview (the
// real widget), the diff — and nothing of it runs or becomes an element.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, collectErrors } from './lib/browser.mjs';
import { repoRoot } from './lib/server.mjs';
import { request } from '../collector/lib/collector.mjs';
import { EDITOR, skipReason, startStudioCollector, studioPage, signIn, validated } from './lib/studio.mjs';

const XSS = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script><b id="injected">bold</b>"'&amp;{{7*7}}`;
const TEXT_KEYS = new Set(['title', 'description', 'label', 'minLabel', 'maxLabel', 'placeholder', 'consentText', 'message', 'otherLabel']);
let collector, browser, doc, count = 0;

/** Every text of the survey (plain or per locale) replaced by the attack string, numbered. */
function poison(node) {
  if (Array.isArray(node)) return node.forEach(poison);
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (TEXT_KEYS.has(key) && typeof value === 'string') node[key] = `${XSS}#${++count}`;
    else if (TEXT_KEYS.has(key) && value && typeof value === 'object' && !Array.isArray(value)) for (const l of Object.keys(value)) value[l] = `${XSS}#${++count}`;
    else poison(value);
  }
}

before(async () => {
  if (skipReason) return;
  doc = JSON.parse(fs.readFileSync(path.join(repoRoot, 'tests/browser/pages/widget/surveys/all-types.json'), 'utf8'));
  doc.id = 'xss';
  poison(doc);
  collector = await startStudioCollector();
  const r = await request(collector.origin, 'PUT', '/v1/studio/surveys/xss?publish=1', { body: JSON.stringify(doc, null, 2), headers: { authorization: `Bearer ${EDITOR}` } });
  assert.equal(r.status, 201, r.text);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await collector?.stop();
});

const textOf = (t) => (typeof t === 'string' ? t : t.en);

async function assertInert(frameOrPage, where) {
  const state = await frameOrPage.evaluate(() => {
    const all = [document, ...[...document.querySelectorAll('*')].filter((e) => e.shadowRoot).map((e) => e.shadowRoot)];
    return {
      xss: window.__xss ?? null,
      injected: all.some((root) => root.querySelector('#injected, img[src="x"]')),
    };
  });
  assert.deepEqual(state, { xss: null, injected: false }, where);
}

test(`XSS strings in every text field stay text: editor, JSON view, preview, diff`, { skip: skipReason }, async () => {
  assert.ok(count > 40, `${count} texts poisoned`);
  const page = await studioPage(browser, { locale: 'en' });
  const errors = collectErrors(page);
  await signIn(page, collector.origin);
  await page.click('button[aria-label$=" xss"]');
  await page.waitForSelector('tp-editor .question');
  await validated(page);
  // Every text input shows the attack string as its value.
  const values = await page.$$eval('tp-editor .texts input, tp-editor .texts textarea', (els) => els.map((e) => e.value));
  const shown = values.filter((v) => v.startsWith('<img src=x onerror='));
  // Every text of the survey has a field (page titles and answer-rule messages included).
  assert.ok(shown.length >= count, `${shown.length} of ${count} texts shown as typed text in fields`);
  assert.match(await page.textContent('.survey-name'), /<img src=x onerror=/, 'the heading shows the title as characters');
  await assertInert(page, 'editor');

  // Typing another attack into a field keeps it text too.
  await page.fill('[data-pointer="/questions/0/title"]', '<svg onload="window.__xss=3">');
  await page.click('#tab-json');
  const json = await page.inputValue('textarea.json');
  assert.equal(textOf(JSON.parse(json).questions[0].title), '<svg onload="window.__xss=3">', 'the JSON view holds the characters');
  await assertInert(page, 'JSON view');

  await page.click('#tab-preview');
  const frame = await (await page.waitForSelector('.device iframe')).contentFrame();
  await frame.waitForFunction(() => document.querySelector('touchpoint-survey')?.shadowRoot?.textContent.includes('<img src=x onerror='));
  await assertInert(frame, 'preview (the widget)');
  await page.click('.preview-controls button.primary');
  await page.waitForSelector('pre.payload');
  await assertInert(page, 'payload');

  await page.click('.toolbar button:has-text("Save draft")');
  await page.waitForFunction(() => /version 2/.test(document.querySelector('.status').textContent));
  await page.click('#tab-publish');
  await page.waitForSelector('table.list tbody tr:nth-child(2)');
  await page.click('table.list tbody tr:nth-child(2) button:first-child');
  await page.waitForSelector('ul.diff');
  assert.match(await page.textContent('ul.diff'), /<svg onload=/);
  await assertInert(page, 'diff');
  assert.deepEqual(errors.filter((e) => !/status of 401/.test(e)), [], 'nothing but the signed-out session probe failed');
  await page.context().close();
});
