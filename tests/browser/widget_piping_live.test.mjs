// Live piping of every kind of text: one step holds a question of every type whose texts read the
// first question's answer ({answer.name|fallback}), resolved by the core. Answering it must update,
// on the same step and in place, the description, scale and slider end labels, the slider's value
// text, text and number placeholders, choice and "other" labels, matrix rows and columns, ranking
// items (and their buttons' names), the consent text and both call-to-action buttons — in zh-CN
// and in Arabic (right to left). The same nodes keep the texts (their data changes), unchanged
// texts are not rewritten, focus stays where the visitor put it, and markup in the answer stays
// characters: nothing of it runs or becomes an element.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectErrors } from './lib/browser.mjs';
import { useServerAndBrowser } from './lib/fixture.mjs';
import { startWidgetServer } from './pages/widget/harness.mjs';

const SURVEY = '/tests/browser/pages/widget/surveys/piping-every-text.json';
const XSS = '<img src=x onerror="window.__piped=1">';

const env = useServerAndBrowser({ server: () => startWidgetServer() });

// Runs in the page: every piped text of the step, by kind, with the node that holds it (a Text
// node for text, the element for an attribute), kept in window.__piped_nodes on the first call.
function collect() {
  const root = document.querySelector('touchpoint-survey').shadowRoot;
  const q = (id) => root.querySelector(`[data-question="${id}"]`);
  const text = (el) => ({ node: el.firstChild, value: el.textContent, hidden: el.hidden });
  const attr = (el, name) => ({ node: el, value: el.getAttribute(name) ?? '' });
  const found = {
    description: text(q('rec').querySelector('.tp-desc')),
    scaleMin: text(q('rec').querySelectorAll('.tp-scale-labels span')[0]),
    scaleMax: text(q('rec').querySelectorAll('.tp-scale-labels span')[1]),
    textPlaceholder: attr(q('note').querySelector('input'), 'placeholder'),
    numberPlaceholder: attr(q('seats').querySelector('input'), 'placeholder'),
    choice: text(q('role').querySelectorAll('.tp-choice span')[0]),
    otherChoice: text(q('role').querySelectorAll('.tp-choice span')[2]),
    otherField: attr(q('role').querySelector('.tp-other-text'), 'aria-label'),
    matrixRow: text(q('grid').querySelector('th[scope=row]')),
    matrixColumn: text(q('grid').querySelector('th[scope=col]')),
    rankingItem: text(q('rank').querySelector('[data-value=price] .tp-rank-label')),
    rankingButton: attr(q('rank').querySelector('[data-value=price] .tp-move-down'), 'aria-label'),
    sliderMin: text(q('effort').querySelectorAll('.tp-scale-labels span')[0]),
    sliderMax: text(q('effort').querySelectorAll('.tp-scale-labels span')[1]),
    sliderValueText: attr(q('effort').querySelector('input[type=range]'), 'aria-valuetext'),
    consent: text(q('ok').querySelector('.tp-choice span')),
    ctaButton: text(q('docs').querySelector('.tp-cta-link')),
    ctaDismiss: text(q('docs').querySelector('.tp-cta-dismiss')),
  };
  window.__piped_nodes ??= Object.fromEntries(Object.entries(found).map(([k, v]) => [k, v.node]));
  const out = {};
  for (const [kind, { node, value, hidden }] of Object.entries(found))
    out[kind] = { value, same: node === window.__piped_nodes[kind], hidden: !!hidden };
  return out;
}

const values = (texts) => Object.fromEntries(Object.entries(texts).map(([k, v]) => [k, v.value]));

// The texts as piped with `name` ("" before answering: the fallbacks, and no description yet).
const EXPECTED = {
  'zh-CN': (name, ui) => {
    const n = name || '朋友';
    return {
      description: name, // the description is the answer alone: empty (and hidden) until given
      scaleMin: `${n}：完全不会`,
      scaleMax: `${n}：一定会`,
      textPlaceholder: `${n}：您的想法`,
      numberPlaceholder: `${n}：席位数`,
      choice: `${n}：决策者`,
      otherChoice: `${n}：其他角色`,
      otherField: `${n}：其他角色: ${ui.other}`,
      matrixRow: `${n}：速度快`,
      matrixColumn: `${n}：不同意`,
      rankingItem: `${n}：价格`,
      rankingButton: `${ui.down}: ${n}：价格`,
      sliderMin: `${n}：毫不费力`,
      sliderMax: `${n}：非常费力`,
      sliderValueText: `0 (${n}：毫不费力)`,
      consent: `${n}：可以联系您吗？`,
      ctaButton: `${n}：打开指南`,
      ctaDismiss: `${n}：以后再说`,
    };
  },
  ar: (name, ui) => {
    const n = name || 'صديقي';
    return {
      description: name,
      scaleMin: `${n}: إطلاقًا`,
      scaleMax: `${n}: بالتأكيد`,
      textPlaceholder: `${n}: أفكارك`,
      numberPlaceholder: `${n}: المقاعد`,
      choice: `${n}: صانع القرار`,
      otherChoice: `${n}: دور آخر`,
      otherField: `${n}: دور آخر: ${ui.other}`,
      matrixRow: `${n}: إنه سريع`,
      matrixColumn: `${n}: لا أوافق`,
      rankingItem: `${n}: السعر`,
      rankingButton: `${ui.down}: ${n}: السعر`,
      sliderMin: `${n}: لا شيء`,
      sliderMax: `${n}: كثير`,
      sliderValueText: `0 (${n}: لا شيء)`,
      consent: `${n}: هل يمكننا التواصل معك؟`,
      ctaButton: `${n}: افتح الدليل`,
      ctaDismiss: `${n}: ليس الآن`,
    };
  },
};
// The widget's own words around a piped label (the core's strings table: "请说明", "下移"…), read
// from the page's first rendering rather than copied here.
const uiWords = (page) =>
  page.evaluate(() => {
    const root = document.querySelector('touchpoint-survey').shadowRoot;
    const other = root.querySelector('.tp-other-text').getAttribute('aria-label');
    const down = root.querySelector('[data-value=price] .tp-move-down').getAttribute('aria-label');
    return { other: other.slice(other.lastIndexOf(': ') + 2), down: down.slice(0, down.indexOf(': ')) };
  });

// The widget updates the step before it reports an answer (touchpoint:answered): waiting for the
// count to grow waits for the update, whatever it changed.
const answers = (page) => page.evaluate(() => window.__answers);

async function open(locale) {
  const context = await env.browser.newContext({ viewport: { width: 900, height: 900 } });
  const page = await context.newPage();
  page.errors = collectErrors(page);
  await page.goto(`${env.server.origin}/tests/browser/pages/widget/host.html?locale=${locale}`);
  await page.waitForFunction(() => window.touchpoint?.installed);
  await page.evaluate((src) => {
    window.__answers = 0;
    document.addEventListener('touchpoint:answered', () => window.__answers++);
    window.touchpoint.show(src, { force: true, mode: 'modal' });
  }, SURVEY);
  await page.locator('touchpoint-survey [data-question="docs"] .tp-cta-link').waitFor({ timeout: 15000 });
  return { context, page };
}

for (const locale of ['zh-CN', 'ar']) {
  test(`every piped text of every question type follows an answer on the same step (${locale})`, async () => {
    const { context, page } = await open(locale);
    try {
      if (locale === 'ar')
        assert.equal(await page.evaluate(() => document.querySelector('touchpoint-survey').shadowRoot.querySelector('[dir]')?.getAttribute('dir')), 'rtl');
      const ui = await uiWords(page);
      assert.ok(ui.other && ui.down, 'the widget names the other field and the move buttons');
      // The slider at its minimum, so its value text carries the piped end label.
      const slider = page.locator('touchpoint-survey [data-question="effort"] input[type=range]');
      await slider.focus();
      await slider.press('Home');
      await page.waitForFunction(() =>
        document.querySelector('touchpoint-survey').shadowRoot.querySelector('[data-question="effort"] input[type=range]').getAttribute('aria-valuetext')?.startsWith('0 ('));

      const before = await page.evaluate(collect);
      assert.deepEqual(values(before), EXPECTED[locale]('', ui));
      assert.equal(before.description.hidden, true, 'a description piped to nothing is hidden');

      const name = `李雷${XSS}`;
      const input = page.locator('touchpoint-survey [data-question="name"] input.tp-input');
      await input.fill(name);
      let given = await answers(page);
      await input.press('Tab'); // change: the answer goes to the core, the step updates in place
      await page.waitForFunction((n) => window.__answers > n, given, { timeout: 15000 });
      const after = await page.evaluate(collect);
      assert.deepEqual(values(after), EXPECTED[locale](name, ui));
      for (const [kind, t] of Object.entries(after)) assert.equal(t.same, true, `${kind}: the same node, its data changed`);
      assert.equal(after.description.hidden, false, 'the description shows once the answer fills it');
      const state = await page.evaluate(() => {
        const root = document.querySelector('touchpoint-survey').shadowRoot;
        const focused = root.activeElement;
        return {
          images: root.querySelectorAll('img').length,
          ran: window.__piped === 1,
          focus: focused?.closest('[data-question]')?.dataset.question,
          focusType: focused?.type,
        };
      });
      assert.deepEqual(state, { images: 0, ran: false, focus: 'rec', focusType: 'radio' }, 'inert text; focus stays where Tab put it');

      // Texts that did not change are not rewritten: a second answer elsewhere touches no piped node.
      await page.evaluate(() => {
        const root = document.querySelector('touchpoint-survey').shadowRoot;
        window.__mutations = [];
        new MutationObserver((records) => window.__mutations.push(...records.map((r) => r.type + ':' + (r.attributeName || r.target.nodeName))))
          .observe(root.querySelector('[data-question="docs"]'), { subtree: true, childList: true, characterData: true, attributes: true });
      });
      given = await answers(page);
      await page.locator('touchpoint-survey [data-question="grid"] input[type=radio]').first().check();
      await page.locator('touchpoint-survey [data-question="seats"] input').fill('3');
      await page.locator('touchpoint-survey [data-question="seats"] input').press('Tab');
      await page.waitForFunction((n) => window.__answers >= n + 2, given, { timeout: 15000 });
      assert.deepEqual(values(await page.evaluate(collect)), EXPECTED[locale](name, ui));
      assert.deepEqual(await page.evaluate(() => window.__mutations), [], 'the call to action is left alone');

      // Clearing the answer brings the fallbacks back, in the same nodes.
      await input.fill('');
      given = await answers(page);
      await input.press('Tab');
      await page.waitForFunction((n) => window.__answers > n, given, { timeout: 15000 });
      const cleared = await page.evaluate(collect);
      assert.deepEqual(values(cleared), EXPECTED[locale]('', ui));
      assert.equal(cleared.description.hidden, true);
      assert.deepEqual(page.errors, []);
    } finally {
      await context.close();
    }
  });
}
