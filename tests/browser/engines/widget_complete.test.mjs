// The widget completed in every browser engine (lib/engines.mjs): by keyboard alone (Tab, Space,
// arrows, typing, Enter), and by mouse right after typing. The payload that arrives at the endpoint
// is exactly what preview() showed, and arrives once.
// Per engine: Chromium completes every example survey; Firefox and WebKit complete the
// all-question-types fixture and the NPS example (every control kind, in a fraction of the time).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eachEngine } from '../lib/engines.mjs';
import { startWidgetServer, surveySources, hostUrl, focused, screen } from '../pages/widget/harness.mjs';

const ALL_TYPES = '/tests/browser/pages/widget/surveys/all-types.json';
const CLICK_AFTER_TYPING = '/tests/browser/pages/widget/surveys/click-after-typing.json';

/** Surveys completed by keyboard in an engine. */
const keyboardSurveys = (engine) => (engine === 'chromium' ? surveySources() : [ALL_TYPES, '/examples/surveys/nps-support.json']);

/** Opens the host page on a survey and waits until it is shown, its entrance transition over. */
async function openSurvey(env, options) {
  const page = await env.engine.newPage();
  await page.goto(hostUrl(env.server, options));
  await page.waitFor(() => {
    const panel = document.querySelector('touchpoint-survey')?.shadowRoot?.querySelector('.tp-panel');
    return document.documentElement.dataset.tpShown === 'true' && panel?.classList.contains('tp-open') &&
      panel.getAnimations({ subtree: true }).every((a) => a.playState !== 'running');
  });
  return page;
}

const titleId = () => document.querySelector('touchpoint-survey').shadowRoot.querySelector('.tp-title')?.id;
function advancedFrom(before) {
  const root = document.querySelector('touchpoint-survey')?.shadowRoot;
  return !root || !!root.querySelector('.tp-thanks') || root.querySelector('.tp-title')?.id !== before;
}

/** Answers everything on the screen by keyboard, then activates Next/Submit. Returns the preview taken before Submit. */
async function completeByKeyboard(page, engine) {
  let preview = null;
  for (let step = 0; step < 30; step++) {
    const now = await screen(page);
    if (now.thanks) return { preview, steps: step };
    const done = new Set();
    let advanced = false;
    for (let presses = 0; presses < 80 && !advanced; presses++) {
      await page.press('Tab');
      const f = await focused(page);
      if (!f.inside || f.disabled) continue;
      const key = f.name || f.question;
      if (f.tag === 'button' && f.classes.includes('tp-primary')) {
        const s = await screen(page);
        assert.deepEqual(s.errors, [], `no errors before submitting step ${step}`);
        if (/submit|提交/i.test(f.text)) preview = await page.evaluate(() => window.touchpoint.preview());
        const heading = await page.evaluate(titleId);
        await page.press('Enter');
        await page.waitFor(advancedFrom, heading);
        advanced = true;
      } else if (done.has(key)) {
        continue;
      } else if (f.type === 'radio') {
        await page.press('Space');
        if (f.questionType === 'nps') for (let i = 0; i < 9; i++) await page.press('ArrowRight'); // a promoter
        else await page.press('ArrowRight');
        done.add(key);
      } else if (f.type === 'checkbox') {
        await page.press('Space');
        done.add(key);
      } else if (f.type === 'number') {
        await page.type('42');
        done.add(key);
      } else if (f.type === 'date') {
        // Month, day, year segments of the en-US picker: WebKit's stay until a separator is typed.
        await page.type(engine === 'webkit' ? '11/23/2025' : '11232025');
        done.add(key);
      } else if (f.tag === 'textarea' || (f.tag === 'input' && f.type === 'text')) {
        await page.type('键盘 keyboard ✓');
        done.add(key);
      } else if (f.tag === 'button' && f.classes.includes('tp-move-down')) {
        await page.press('Enter');
        done.add(key);
      }
    }
    assert.ok(advanced, `step ${step}: reached the Next/Submit button by Tab`);
  }
  assert.fail('the survey never finished');
}

/** The payloads the endpoint received since `before`, unwrapped from a CloudEvent where the survey asks for one. */
function delivered(server, before) {
  const requests = (server.received['/collect'] || []).slice(before);
  return requests.map((r) => {
    const body = JSON.parse(r.body);
    if (body.specversion !== '1.0') return { body, headers: r.headers };
    assert.equal(body.type, 'dev.touchpoint.response.v1');
    assert.equal(r.headers['content-type'], 'application/cloudevents+json');
    return { body: body.data, headers: r.headers };
  });
}

async function waitForDelivery(page, server, before) {
  await page.waitFor(() => document.documentElement.dataset.tpSent === 'true');
  await new Promise((r) => setTimeout(r, 300)); // a second copy would arrive now
  return delivered(server, before);
}

eachEngine({ server: () => startWidgetServer() }, (env) => {
  test('a click on Next/Submit right after typing is not lost (the field commits on mousedown)', async () => {
    const page = await openSurvey(env, { survey: CLICK_AFTER_TYPING });
    const before = (env.server.received['/collect'] || []).length;
    const field = (selector) => document.querySelector('touchpoint-survey').shadowRoot.querySelector(selector);
    for (const [selector, text] of [['input[type=text]', 'Fewer clicks'], ['input[type=number]', '42']]) {
      await page.click(field, selector);
      await page.waitFor((s) => document.querySelector('touchpoint-survey').shadowRoot.activeElement?.matches(s), selector);
      await page.type(text);
      const heading = await page.evaluate(titleId);
      await page.click(field, '.tp-primary'); // one click: blur -> change -> answer -> re-render, then click
      await page.waitFor(advancedFrom, heading, { timeout: 3000 }).catch(() => {
        throw new Error(`${env.name}: the first click on Next/Submit after typing in ${selector} was lost`);
      });
    }
    const [sent, ...more] = await waitForDelivery(page, env.server, before);
    assert.equal(more.length, 0, 'delivered once');
    assert.deepEqual(sent.body.answers, { idea: 'Fewer clicks', seats: 42 });
    await page.close();
  });

  test('a Tab pressed before the next step\'s focus frame keeps its focus (a late frame does not pull it back)', async () => {
    const page = await openSurvey(env, { survey: CLICK_AFTER_TYPING });
    await page.waitFor(() => /tp-title/.test(document.querySelector('touchpoint-survey').shadowRoot.activeElement?.className || ''));
    for (let i = 0; i < 6 && (await focused(page)).type !== 'text'; i++) await page.press('Tab');
    await page.type('Fewer clicks');
    for (let i = 0; i < 6 && !(await focused(page)).classes?.includes('tp-primary'); i++) await page.press('Tab');
    // A busy or background tab: the frame that focuses the new step's heading comes 1.5 s late.
    await page.evaluate(() => {
      const later = window.requestAnimationFrame.bind(window);
      window.requestAnimationFrame = (fn) => setTimeout(() => later(fn), 1500);
    });
    const heading = await page.evaluate(titleId);
    await page.press('Enter');
    await page.waitFor(advancedFrom, heading);
    for (let i = 0; i < 6 && (await focused(page)).type !== 'number'; i++) await page.press('Tab');
    assert.equal((await focused(page)).type, 'number', 'Tab reached the next step\'s field');
    await new Promise((r) => setTimeout(r, 2000)); // the late frame has run
    const now = await focused(page);
    assert.equal(now.type, 'number', `focus stayed on the field the user tabbed to (now on ${now.tag}.${now.classes})`);
    await page.close();
  });

  for (const source of keyboardSurveys(env.name)) {
    test(`keyboard alone completes ${source}`, async () => {
      const page = await openSurvey(env, { survey: source });
      // Focus moves into the survey (its heading) when it opens, in the frame after it shows.
      await page.waitFor(() => /tp-title/.test(document.querySelector('touchpoint-survey').shadowRoot.activeElement?.className || ''));
      const before = (env.server.received['/collect'] || []).length;
      const { preview } = await completeByKeyboard(page, env.name);
      const sent = await waitForDelivery(page, env.server, before);
      assert.equal(sent.length, 1, 'one response delivered');
      const [{ body, headers }] = sent;
      assert.equal(body.touchpoint, 'response/1');
      assert.ok(Object.keys(body.answers).length > 0, 'answers recorded');
      assert.deepEqual(body, preview, 'the payload sent is exactly what preview() returned');
      if (source === ALL_TYPES) {
        // typed values arrive as the core normalized them
        assert.equal(body.answers.seats, 42);
        assert.equal(body.answers.renewal, '2025-11-23');
        assert.equal(body.answers.idea, '键盘 keyboard ✓');
        assert.equal(body.answers.priorities.length, 3);
        assert.equal(Object.keys(body.answers.channels).length, 2, 'one answer per matrix row');
        assert.ok(body.scores.custom.maturity.band);
      }
      const completed = await page.evaluate(() => window.tpEvents.find((e) => e.name === 'completed').detail.payload);
      assert.deepEqual(completed, body);
      assert.equal(headers['idempotency-key'], body.id);
      assert.deepEqual(await page.evaluate(() => window.tpEvents.filter((e) => e.name === 'error')), []);
      await page.close();
    });
  }
});
