// Host-page safety: the widget runs under a strict CSP with Trusted Types required and causes no
// violation; survey texts made of XSS strings render as inert text; Object.prototype and the
// host's computed styles are unchanged afterwards; host styles do not reach inside; showing a
// survey in an overlay mode shifts nothing on the host page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './lib/server.mjs';
import { launchBrowser, collectErrors } from './lib/browser.mjs';
import { startWidgetServer, hostUrl, openSurvey, MODES } from './pages/widget/harness.mjs';

const CSP = "script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; require-trusted-types-for 'script'; trusted-types 'none'";
const XSS = '/tests/browser/pages/widget/surveys/xss.json';
const ALL = '/tests/browser/pages/widget/surveys/all-types.json';

let server, strict, browser;
before(async () => {
  server = await startWidgetServer();
  strict = await startWidgetServer({ headers: { 'content-security-policy': CSP } });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
  await strict?.close();
});

/** Answers the first choice of every question on the step and goes on, until the thank-you screen. */
async function clickThrough(page) {
  for (let i = 0; i < 10; i++) {
    const done = await page.evaluate(() => {
      const root = document.querySelector('touchpoint-survey').shadowRoot;
      if (root.querySelector('.tp-thanks')) return true;
      for (const q of root.querySelectorAll('[data-question]')) if (!q.querySelector('input:checked')) q.querySelector('input')?.click();
      root.querySelector('.tp-primary').click();
      return false;
    });
    if (done) return;
    await page.waitForTimeout(100);
  }
  assert.fail('never reached the thank-you screen');
}

for (const mode of ['modal', 'inline']) {
  test(`strict CSP + Trusted Types (${mode}): a survey runs start to finish with no violation`, async () => {
    const context = await browser.newContext();
    const page = await openSurvey(context, strict, { survey: ALL, mode, page: 'csp.html' });
    const errors = collectErrors(page);
    assert.equal(await page.evaluate(() => window.trustedTypes && typeof window.trustedTypes.createPolicy), 'function');
    await clickThrough(page);
    await page.waitForSelector('html[data-tp-sent="true"]', { timeout: 10000 });
    assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
    // The policy really is enforced on this page: an inline style attribute is refused.
    await page.evaluate(() => {
      const probe = document.createElement('div');
      probe.setAttribute('style', 'color: red');
      document.body.append(probe);
    });
    await page.waitForFunction(() => window.cspViolations.length > 0);
    assert.deepEqual(errors.filter((e) => !/Content Security Policy|style-src/.test(e)), []);
    await context.close();
  });
}

test('survey texts made of XSS strings render as inert text', async () => {
  const context = await browser.newContext();
  const page = await openSurvey(context, strict, { survey: XSS, mode: 'modal', page: 'csp.html' });
  const raw = JSON.parse(fs.readFileSync(path.join(repoRoot, XSS.slice(1)), 'utf8'));
  const seen = await page.evaluate(() => {
    const root = document.querySelector('touchpoint-survey').shadowRoot;
    return {
      title: root.querySelector('.tp-title').textContent,
      question: root.querySelector('.tp-qtitle').firstChild.textContent,
      description: root.querySelector('.tp-desc').textContent,
      labels: [...root.querySelectorAll('.tp-choice span')].map((s) => s.textContent),
      foreign: root.querySelectorAll('img, script, svg, iframe, a, b, style, u').length,
    };
  });
  assert.equal(seen.title, raw.title);
  assert.equal(seen.question, raw.questions[0].title);
  assert.equal(seen.description, raw.questions[0].description);
  assert.deepEqual(seen.labels, [...raw.questions[0].choices.map((c) => c.label), raw.questions[0].other]);
  assert.equal(seen.foreign, 0, 'no element was created from survey text');
  await page.hover('.tp-choice'); // Playwright's CSS pierces the open shadow root
  await clickThrough(page);
  const thanks = await page.evaluate(() => document.querySelector('touchpoint-survey').shadowRoot.querySelector('.tp-thanks').textContent);
  assert.ok(thanks.includes(raw.thankYou.title));
  assert.equal(await page.evaluate(() => window.__xss), undefined, 'no payload ran');
  assert.deepEqual(await page.evaluate(() => window.cspViolations), [], 'and nothing even tried to');
  await context.close();
});

const HOST_SELECTORS = ['body', 'header', 'main', 'h1', 'p', '#cjk', 'label', 'input', 'button', 'footer', 'a'];
const PROPS = ['color', 'background-color', 'font-family', 'font-size', 'line-height', 'letter-spacing', 'margin-top', 'padding-top', 'display', 'position', 'overflow', 'border-top-width', 'text-transform', 'width', 'height'];

function hostSnapshot(page) {
  return page.evaluate(
    ([selectors, props]) => ({
      objectProto: Object.getOwnPropertyNames(Object.prototype).sort(),
      arrayProto: Object.getOwnPropertyNames(Array.prototype).sort(),
      functionProto: Object.getOwnPropertyNames(Function.prototype).sort(),
      styles: selectors.map((s) => {
        const el = document.querySelector(s);
        const cs = getComputedStyle(el);
        return [s, Object.fromEntries(props.map((p) => [p, cs.getPropertyValue(p)]))];
      }),
      rects: selectors.map((s) => JSON.stringify(document.querySelector(s).getBoundingClientRect())),
      scroll: [scrollX, scrollY],
    }),
    [HOST_SELECTORS, PROPS],
  );
}

// Every display mode the core defines but inline (the one in the page flow, which shifts the host by
// design): a mode added to the core is checked here without touching this file.
const OVERLAY_MODES = MODES.filter((mode) => mode !== 'inline');
assert.ok(OVERLAY_MODES.length >= 4, `the core's display modes: ${MODES}`);

for (const mode of OVERLAY_MODES) {
  test(`${mode}: host page untouched (prototypes, computed styles, layout) and no layout shift`, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(hostUrl(server, {}));
    await page.waitForFunction(() => window.touchpoint?.installed);
    await page.evaluate(() => {
      window.shifts = [];
      new PerformanceObserver((list) =>
        window.shifts.push(
          ...list.getEntries().map((e) => ({
            value: e.value,
            t: Math.round(e.startTime),
            input: e.hadRecentInput,
            nodes: e.sources.map((s) => (s.node?.nodeName || '?') + '.' + (s.node?.className || '') + ' ' + JSON.stringify(s.previousRect) + '->' + JSON.stringify(s.currentRect)),
          })),
        ),
      ).observe({ type: 'layout-shift', buffered: false });
    });
    const before = await hostSnapshot(page);
    await page.evaluate(([src, m]) => window.touchpoint.show(src, { mode: m, force: true }), [ALL, mode]);
    await page.waitForSelector('html[data-tp-shown="true"]');
    await page.waitForTimeout(300);
    // Host styles do not reach inside: the widget's button keeps its own look and font.
    const inside = await page.evaluate(() => {
      const b = getComputedStyle(document.querySelector('touchpoint-survey').shadowRoot.querySelector('.tp-primary'));
      return { bg: b.backgroundColor, transform: b.textTransform, font: b.fontFamily, border: b.borderTopStyle };
    });
    assert.equal(inside.bg, 'rgb(11, 87, 208)');
    assert.equal(inside.transform, 'none');
    assert.equal(inside.border, 'solid');
    assert.doesNotMatch(inside.font, /Georgia/);
    const during = await hostSnapshot(page);
    assert.deepEqual(during.rects, before.rects, 'nothing on the host page moved while the survey shows');
    await clickThrough(page);
    await page.evaluate(() => window.touchpoint.dismiss());
    await page.waitForFunction(() => !document.querySelector('touchpoint-survey'));
    const afterwards = await hostSnapshot(page);
    assert.deepEqual(afterwards, before);
    // CLS counts shifts without recent input; the survey's own panel resizing after a click is not one.
    const unexpected = (await page.evaluate(() => window.shifts)).filter((s) => !s.input);
    assert.deepEqual(unexpected, [], 'no layout shift without user input (CLS 0)');
    assert.deepEqual(errors, []);
    await context.close();
  });
}
