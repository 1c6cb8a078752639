// Piping in the browser: an answer, an attribute and hidden fields filled into the next question's
// title and description by the core, in Chinese and in Arabic (right to left); an answer made of
// markup shows as its characters and runs nothing; a placeholder reading an answer on the same page
// follows it as it is given, in place (the same Text nodes, their data changed). Screenshots go to $TP_SCREENS (default: the
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

const SAME_PAGE = '/tests/browser/pages/widget/surveys/piping-same-page.json';

test('a placeholder reading an answer on the same page updates as it is answered (zh-CN)', async () => {
  const context = await env.browser.newContext({ viewport: { width: 900, height: 700 } });
  const page = await context.newPage();
  page.errors = collectErrors(page);
  try {
    await page.goto(`${env.server.origin}/tests/browser/pages/widget/host.html?locale=zh-CN`);
    await page.waitForFunction(() => window.touchpoint?.installed);
    await page.evaluate((src) => window.touchpoint.show(src, { force: true, mode: 'modal' }), SAME_PAGE);
    await page.locator('touchpoint-survey [data-question="team"]').waitFor();
    // The nodes as first rendered (with the fallbacks), kept to check they are the ones updated.
    const before = await page.evaluate(() => {
      const q = document.querySelector('touchpoint-survey').shadowRoot.querySelector('[data-question="team"]');
      window.__nodes = {
        title: q.querySelector('.tp-qtitle').firstChild,
        desc: q.querySelector('.tp-desc').firstChild,
        label: q.querySelector('.tp-choice span').firstChild,
        question: q,
      };
      return { title: window.__nodes.title.data, desc: window.__nodes.desc.data, label: window.__nodes.label.data };
    });
    assert.deepEqual(before, { title: '朋友，谁用得最多？', desc: '问的是您。', label: '我本人' });

    const input = page.locator('touchpoint-survey [data-question="name"] input.tp-input');
    await input.fill(`李雷${XSS}`);
    await input.press('Tab'); // change: the answer goes to the core, the step updates in place
    await page.waitForFunction(() => window.__nodes.title.data.startsWith('李雷'));
    const after = await page.evaluate(() => {
      const q = document.querySelector('touchpoint-survey').shadowRoot.querySelector('[data-question="team"]');
      const n = window.__nodes;
      return {
        title: n.title.data,
        desc: n.desc.data,
        label: n.label.data,
        same: q === n.question && q.querySelector('.tp-qtitle').firstChild === n.title &&
          q.querySelector('.tp-desc').firstChild === n.desc && q.querySelector('.tp-choice span').firstChild === n.label,
        images: document.querySelector('touchpoint-survey').shadowRoot.querySelectorAll('img').length,
        ran: window.__piped === 1,
      };
    });
    assert.deepEqual(after, {
      title: `李雷${XSS}，谁用得最多？`,
      desc: `问的是李雷${XSS}。`,
      label: `李雷${XSS}本人`,
      same: true,
      images: 0,
      ran: false,
    });
    // Clearing the answer brings the fallbacks back, still in place.
    await input.fill('');
    await input.press('Tab');
    await page.waitForFunction(() => window.__nodes.title.data === '朋友，谁用得最多？');
    assert.equal(await page.evaluate(() => window.__nodes.label.data), '我本人');
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
  }
});
