// Every example survey can be completed with the keyboard alone (Tab, Space, arrows, typing,
// Enter), in its own display mode; focus moves into the survey when it opens; the payload that
// arrives at the endpoint is exactly what preview() showed; Esc dismisses and gives focus back;
// a modal survey keeps focus inside.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectErrors } from './lib/browser.mjs';
import { useServerAndBrowser } from './lib/fixture.mjs';
import { startWidgetServer, surveySources, openSurvey, focused, screen } from './pages/widget/harness.mjs';

const env = useServerAndBrowser({ server: () => startWidgetServer() });

/** Answers everything on the screen by keyboard, then activates Next/Submit. Returns the preview taken before Submit. */
async function completeByKeyboard(page) {
  let preview = null;
  for (let step = 0; step < 30; step++) {
    const now = await screen(page);
    if (now.thanks) return { preview, steps: step };
    const done = new Set();
    let advanced = false;
    for (let presses = 0; presses < 80 && !advanced; presses++) {
      await page.keyboard.press('Tab');
      const f = await focused(page);
      if (!f.inside || f.disabled) continue;
      const key = f.name || f.question;
      if (f.tag === 'button' && f.classes.includes('tp-primary')) {
        const s = await screen(page);
        assert.deepEqual(s.errors, [], `no errors before submitting step ${step}`);
        if (/submit|提交/i.test(f.text)) preview = await page.evaluate(() => window.touchpoint.preview());
        const heading = await page.evaluate(() => document.querySelector('touchpoint-survey').shadowRoot.querySelector('.tp-title').id);
        await page.keyboard.press('Enter');
        await page.waitForFunction((before) => {
          const root = document.querySelector('touchpoint-survey')?.shadowRoot;
          return !root || root.querySelector('.tp-thanks') || root.querySelector('.tp-title')?.id !== before;
        }, heading);
        advanced = true;
      } else if (done.has(key)) {
        continue;
      } else if (f.type === 'radio') {
        await page.keyboard.press('Space');
        if (f.questionType === 'nps') for (let i = 0; i < 9; i++) await page.keyboard.press('ArrowRight'); // a promoter
        else await page.keyboard.press('ArrowRight');
        done.add(key);
      } else if (f.type === 'checkbox') {
        await page.keyboard.press('Space');
        done.add(key);
      } else if (f.type === 'number') {
        await page.keyboard.type('42');
        done.add(key);
      } else if (f.type === 'date') {
        await page.keyboard.type('11232025'); // month, day, year segments of the en-US picker
        done.add(key);
      } else if (f.tag === 'textarea' || (f.tag === 'input' && f.type === 'text')) {
        await page.keyboard.type('键盘 keyboard ✓');
        done.add(key);
      } else if (f.tag === 'button' && f.classes.includes('tp-move-down')) {
        await page.keyboard.press('Enter');
        done.add(key);
      }
    }
    assert.ok(advanced, `step ${step}: reached the Next/Submit button by Tab`);
  }
  assert.fail('the survey never finished');
}

for (const source of surveySources()) {
  test(`keyboard alone completes ${source}`, async () => {
    const context = await env.browser.newContext();
    const page = await openSurvey(context, env.server, { survey: source });
    const errors = collectErrors(page);
    // Focus was moved into the survey (its heading) when it opened.
    const first = await page.evaluate(() => document.querySelector('touchpoint-survey').shadowRoot.activeElement?.className);
    assert.match(first || '', /tp-title/);
    const before = (env.server.received['/collect'] || []).length;
    const { preview } = await completeByKeyboard(page);
    await page.waitForSelector('html[data-tp-sent="true"]', { timeout: 10000 });
    const requests = env.server.received['/collect'].slice(before);
    const sent = requests.map((r) => JSON.parse(r.body)).map((body) => {
      if (body.specversion !== '1.0') return body;
      // format "cloudevents": a structured CloudEvent around the payload
      assert.equal(body.type, 'dev.touchpoint.response.v1');
      assert.equal(body.id, body.data.id);
      assert.equal(requests[0].headers['content-type'], 'application/cloudevents+json');
      return body.data;
    });
    assert.equal(sent.length, 1, 'one response delivered');
    assert.equal(sent[0].touchpoint, 'response/1');
    assert.ok(Object.keys(sent[0].answers).length > 0, 'answers recorded');
    assert.deepEqual(sent[0], preview, 'the payload sent is exactly what preview() returned');
    if (source.includes('all-types')) {
      // typed values arrive as the core normalized them
      assert.equal(sent[0].answers.seats, 42);
      assert.equal(sent[0].answers.renewal, '2025-11-23');
      assert.equal(sent[0].answers.idea, '键盘 keyboard ✓');
      assert.equal(sent[0].answers.priorities.length, 3);
      assert.equal(Object.keys(sent[0].answers.channels).length, 2, 'one answer per matrix row');
      assert.ok(sent[0].scores.custom.maturity.band);
    }
    const completed = await page.evaluate(() => window.tpEvents.find((e) => e.name === 'completed').detail.payload);
    assert.deepEqual(completed, sent[0]);
    assert.equal(requests[0].headers['idempotency-key'], sent[0].id);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('Esc dismisses and gives focus back; a modal survey traps Tab', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${env.server.origin}/tests/browser/pages/widget/host.html`);
  await page.focus('#q');
  await page.evaluate(() => window.touchpoint.show('/tests/browser/pages/widget/surveys/all-types.json', { mode: 'modal', force: true }));
  await page.waitForSelector('html[data-tp-shown="true"]');
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press(i % 7 === 6 ? 'Shift+Tab' : 'Tab');
    assert.ok((await focused(page)).inside, `focus stays in the modal after ${i + 1} presses`);
  }
  await page.keyboard.press('Escape');
  await page.waitForSelector('html[data-tp-dismissed="true"]');
  assert.equal(await page.evaluate(() => document.querySelector('touchpoint-survey')), null, 'element removed');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'q', 'focus returned to where it was');
  const detail = await page.evaluate(() => window.tpEvents.find((e) => e.name === 'dismissed').detail);
  assert.equal(detail.reason, 'escape');
  await context.close();
});

test('a required question left empty shows its error in a live region and takes focus', async () => {
  const context = await env.browser.newContext();
  const page = await openSurvey(context, env.server, { survey: '/tests/browser/pages/widget/surveys/all-types.json', mode: 'popover' });
  await page.evaluate(() => document.querySelector('touchpoint-survey').shadowRoot.querySelector('.tp-primary').click());
  await page.waitForFunction(() => document.querySelector('touchpoint-survey').shadowRoot.querySelector('[role=alert]').textContent.length > 0);
  const state = await page.evaluate(() => {
    const root = document.querySelector('touchpoint-survey').shadowRoot;
    const active = root.activeElement;
    return {
      alert: root.querySelector('[role=alert]').textContent,
      invalid: active?.getAttribute('aria-invalid'),
      question: active?.closest('[data-question]')?.dataset.question,
      describedBy: active?.closest('fieldset')?.getAttribute('aria-describedby'),
    };
  });
  assert.ok(state.alert.length > 0);
  assert.equal(state.question, 'csat');
  assert.equal(state.invalid, 'true');
  assert.ok(state.describedBy);
  await context.close();
});
