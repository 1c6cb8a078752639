// Piping in the browser: an answer, an attribute and hidden fields filled into the next question's
// title and description by the core, in Chinese and in Arabic (right to left); an answer made of
// markup shows as its characters and runs nothing. Screenshots go to $TP_SCREENS (default: the
// OS temp dir) for a person to look at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { collectErrors } from './lib/browser.mjs';
import { useServerAndBrowser } from './lib/fixture.mjs';
import { startWidgetServer } from './pages/widget/harness.mjs';

const OUT = path.resolve(process.env.TP_SCREENS || path.join(os.tmpdir(), 'touchpoint-screens'));
const SURVEY = '/tests/browser/pages/widget/surveys/piping.json';
const XSS = '<img src=x onerror="window.__piped=1">';

const env = useServerAndBrowser({ server: () => startWidgetServer() });

/** Opens the host page in `locale` with the visitor's attributes and shows the piping survey. */
async function showPiping(locale, attributes, fields) {
  const context = await env.browser.newContext({ viewport: { width: 900, height: 700 } });
  const page = await context.newPage();
  page.errors = collectErrors(page);
  await page.goto(`${env.server.origin}/tests/browser/pages/widget/host.html?locale=${locale}`);
  await page.waitForFunction(() => window.touchpoint?.installed);
  await page.evaluate(([src, attrs, f]) => {
    window.touchpoint.init({ attributes: attrs });
    window.touchpoint.show(src, { force: true, mode: 'modal', fields: f });
  }, [SURVEY, attributes, fields]);
  await page.waitForSelector('html[data-tp-shown="true"]', { timeout: 15000 });
  return { context, page };
}

async function answerName(page, name) {
  const input = page.locator('touchpoint-survey input.tp-input');
  await input.waitFor();
  await input.fill(name);
  await page.locator('touchpoint-survey .tp-primary').click();
  await page.locator('touchpoint-survey [data-question="nps"]').waitFor();
}

const texts = (page) =>
  page.evaluate(() => {
    const root = document.querySelector('touchpoint-survey').shadowRoot;
    const q = root.querySelector('[data-question="nps"]');
    return {
      title: q.querySelector('.tp-qtitle').firstChild.textContent,
      description: q.querySelector('.tp-desc').textContent,
      dir: root.querySelector('[dir]')?.getAttribute('dir'),
      images: root.querySelectorAll('img').length,
      ran: window.__piped === 1,
    };
  });

async function shoot(page, name) {
  fs.mkdirSync(OUT, { recursive: true });
  const file = path.join(OUT, `piping-${name}.png`);
  await page.waitForTimeout(300); // the step's entrance transition
  await page.screenshot({ path: file });
  return file;
}

test('piping in zh-CN: the answer, an attribute and hidden fields fill the next question', async () => {
  const { context, page } = await showPiping('zh-CN', { company: '华为', plan: 'pro' }, { order: 'A-2026-0001-XYZ' });
  await answerName(page, `李雷${XSS}`);
  const t = await texts(page);
  assert.equal(t.title, `李雷${XSS}，华为向同事推荐我们的可能性有多大？`);
  assert.equal(t.description, '订单 A-2026-0001-，pro版。'); // the order cut to its maxLength (12)
  assert.equal(t.images, 0, 'markup in an answer is text, not an element');
  assert.equal(t.ran, false);
  await shoot(page, 'zh-CN');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('piping right to left (ar): fallbacks for what is missing, dir=rtl', async () => {
  const { context, page } = await showPiping('ar', {}, {});
  await answerName(page, 'ليلى');
  const t = await texts(page);
  assert.equal(t.title, 'ليلى، ما مدى احتمال أن توصي شركتك بنا؟');
  assert.equal(t.description, 'الطلب لا يوجد، خطة مجانية.');
  assert.equal(t.dir, 'rtl');
  await shoot(page, 'ar');
  assert.deepEqual(page.errors, []);
  await context.close();
});
