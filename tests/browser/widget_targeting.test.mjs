// Who sees a survey and at which moment: identify()/init({attributes}) kept on the device,
// trigger.audience decided by the engine, attributes that leave the device only when the survey's
// privacy.context lists them, and the triggers clickSelector, visibleSelector and track() with an
// eventCondition — SPA route changes re-evaluate them, and two tabs never both show the survey.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './lib/server.mjs';
import { collectErrors } from './lib/browser.mjs';
import { useServerAndBrowser } from './lib/fixture.mjs';
import { startWidgetServer } from './pages/widget/harness.mjs';

const quick = JSON.parse(fs.readFileSync(path.join(repoRoot, 'tests/browser/pages/widget/surveys/quick.json'), 'utf8'));

const env = useServerAndBrowser({ server: () =>
  startWidgetServer({
    handlers: {
      // /targeted.json?id=ID&trigger=JSON&privacy=JSON: the quick survey with that id, trigger and privacy
      '/targeted.json': (req, res) => {
        const q = new URL(req.url, 'http://x').searchParams;
        const survey = { ...quick, id: q.get('id'), trigger: JSON.parse(q.get('trigger') || '{}') };
        if (q.get('privacy')) survey.privacy = JSON.parse(q.get('privacy'));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(survey));
      },
    },
  }),
});

const targeted = (id, trigger, privacy) =>
  `/targeted.json?id=${id}&trigger=${encodeURIComponent(JSON.stringify(trigger))}${privacy ? `&privacy=${encodeURIComponent(JSON.stringify(privacy))}` : ''}`;
const HOST = '/tests/browser/pages/widget/host.html';

async function host(context) {
  const page = await context.newPage();
  page.errors = collectErrors(page);
  await page.goto(`${env.server.origin}${HOST}`);
  await page.waitForFunction(() => window.touchpoint?.installed);
  return page;
}
const events = (page, name) => page.evaluate((n) => window.tpEvents.filter((e) => e.name === n), name);
const shown = async (page) => (await events(page, 'shown')).length;
const settle = (page, ms = 500) => page.waitForTimeout(ms);
const isShown = (page) => page.waitForSelector('html[data-tp-shown="true"]', { timeout: 5000 });
const watch = (page, src) => page.evaluate((s) => window.touchpoint.watch(s), src);

test('audience: the engine decides on the stored attributes; a change counts at once and survives a reload', async () => {
  const context = await env.browser.newContext();
  const page = await host(context);
  const signup = new Date(Date.now() - 30 * 86400000).toISOString().slice(0, 10);
  const src = targeted('aud', { audience: "segment.plan == 'pro' and segment.seats >= 10 and days_since(segment.signup) > 14" });
  await page.evaluate((s) => window.touchpoint.identify('user-1', { plan: 'free', seats: 12, signup: s }), signup);
  await watch(page, src);
  await settle(page, 1500);
  assert.equal(await shown(page), 0, 'plan free: not in the audience');
  assert.deepEqual(await events(page, 'error'), []);
  // The visitor upgrades: merged with the stored attributes (seats and signup stay), and the armed
  // survey is asked again.
  await page.evaluate(() => window.touchpoint.identify('user-1', { plan: 'pro' }));
  await isShown(page);
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('touchpoint:visitor')));
  assert.deepEqual(stored.attributes, { plan: 'pro', seats: 12, signup }, 'kept on the device');

  // A later page that calls no identify(): the stored attributes count.
  const later = await host(context);
  await watch(later, targeted('aud-later', { audience: "segment.plan == 'pro' and segment.seats >= 10" }));
  await isShown(later);

  // Another person signs in on the same device: their attributes start empty.
  const other = await host(context);
  await other.evaluate(() => window.touchpoint.identify('user-2', { seats: 50 }));
  await watch(other, targeted('aud2', { audience: "segment.plan == 'pro'" }));
  await settle(other, 1500);
  assert.equal(await shown(other), 0, "user-2 has no plan: user-1's attributes are gone");
  assert.deepEqual((await other.evaluate(() => JSON.parse(localStorage.getItem('touchpoint:visitor')))).attributes, { seats: 50 });
  // init({attributes}) adds to them
  await other.evaluate(() => window.touchpoint.init({ attributes: { plan: 'pro' } }));
  await isShown(other);
  assert.deepEqual([...page.errors, ...later.errors, ...other.errors], []);
  await context.close();
});

test('an attribute or the id leaves the device only if privacy.context lists it', async () => {
  const context = await env.browser.newContext();
  const page = await host(context);
  await page.evaluate(() => {
    window.touchpoint.init({ key: 'site-key-1' });
    window.touchpoint.identify('user-42@example.com', { plan: 'pro', role: 'admin', company: 'Secret Corp' });
  });
  const before = (env.server.received['/collect'] || []).length;
  // Lists one attribute and not the respondent: only segment.plan may leave.
  await page.evaluate((s) => window.touchpoint.show(s), targeted('leak', { audience: "segment.role == 'admin'" }, { context: ['segment.plan'] }));
  await isShown(page);
  await page.evaluate(() => window.touchpoint.identify(undefined, { plan: 'enterprise' })); // changed while open
  await page.click('label:has(input[value="9"])');
  await page.click('.tp-primary');
  await page.click('.tp-primary');
  await page.waitForFunction(() => window.tpEvents.some((e) => e.name === 'sent'));
  const body = env.server.received['/collect'][before].body;
  assert.deepEqual(JSON.parse(body).context.segment, { plan: 'enterprise' }, 'the listed attribute, as it is now');
  assert.doesNotMatch(body, /admin|Secret Corp|user-42|example\.com/, 'unlisted attributes and the id stay on the device');
  assert.equal(JSON.parse(body).context.respondent, undefined);

  // Listing "respondent": the id leaves as its keyed hash, never as itself.
  // A later page: the site key is page configuration (init), the id and attributes are stored.
  const second = await host(context);
  await second.evaluate(() => window.touchpoint.init({ key: 'site-key-1' }));
  const at = env.server.received['/collect'].length;
  await second.evaluate((s) => window.touchpoint.show(s), targeted('hashed', {}, { context: ['respondent', 'segment.company'] }));
  await isShown(second);
  await second.click('label:has(input[value="9"])');
  await second.click('.tp-primary');
  await second.click('.tp-primary');
  await second.waitForFunction(() => window.tpEvents.some((e) => e.name === 'sent'));
  const hashed = env.server.received['/collect'][at].body;
  assert.match(JSON.parse(hashed).context.respondent, /^[0-9a-f]{64}$/);
  assert.deepEqual(JSON.parse(hashed).context.segment, { company: 'Secret Corp' });
  assert.doesNotMatch(hashed, /user-42|admin/);
  assert.deepEqual([...page.errors, ...second.errors], []);
  await context.close();
});

test('clickSelector: a click on a matching element (or inside one, or one added later) shows it; other clicks do not', async () => {
  const context = await env.browser.newContext();
  const page = await host(context);
  await watch(page, targeted('click', { clickSelector: '#host-form button, .upgrade' }));
  await page.click('#q');
  await page.click('h1');
  await settle(page);
  assert.equal(await shown(page), 0);
  await page.evaluate(() => {
    const b = document.createElement('button');
    b.className = 'upgrade';
    b.innerHTML = '<span id="inner">Upgrade</span>';
    document.querySelector('main').prepend(b);
  });
  await page.click('#inner');
  await isShown(page);
  assert.deepEqual(page.errors, []);

  // A selector the browser cannot parse: reported with the field's pointer, never armed.
  const bad = await host(context);
  await bad.evaluate(() => console.error = () => {}); // the loader logs it too
  await watch(bad, targeted('badsel', { clickSelector: 'button[' }));
  await bad.waitForFunction(() => window.tpEvents.some((e) => e.name === 'error'));
  const [error] = await events(bad, 'error');
  assert.equal(error.detail.pointer, '/trigger/clickSelector');
  await context.close();
});

test('visibleSelector: shows when the element scrolls into view, including one the page renders later', async () => {
  const context = await env.browser.newContext({ viewport: { width: 800, height: 500 } });
  const page = await host(context);
  await page.evaluate(() => {
    const spacer = document.createElement('div');
    spacer.style.height = '3000px';
    document.querySelector('main').append(spacer);
  });
  await watch(page, targeted('visible', { visibleSelector: '#pricing-table' }));
  await page.evaluate(() => {
    const table = document.createElement('section');
    table.id = 'pricing-table';
    table.style.height = '200px';
    table.textContent = 'Plans';
    document.querySelector('main').append(table); // below the fold, added after the trigger was armed
  });
  await settle(page);
  assert.equal(await shown(page), 0, 'not in view yet');
  await page.evaluate(() => document.getElementById('pricing-table').scrollIntoView());
  await isShown(page);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("track(name, properties): only an event whose properties pass the core's condition shows it", async () => {
  const context = await env.browser.newContext();
  const page = await host(context);
  await page.evaluate(() => window.touchpoint.identify('u', { role: 'admin' }));
  await watch(page, targeted('track', { event: 'export', eventCondition: "properties.rows > 1000 and segment.role == 'admin'" }));
  await settle(page, 300);
  await page.evaluate(() => window.touchpoint.track('export', { rows: 10 }));
  await page.evaluate(() => window.touchpoint.track('import', { rows: 5000 }));
  await settle(page, 1500);
  assert.equal(await shown(page), 0, 'too few rows, or another event');
  await page.evaluate(() => window.touchpoint('track', 'export', { rows: 5000 }));
  await isShown(page);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('SPA: a route change re-evaluates the URL gate, and the new route can hold the element a trigger waits for', async () => {
  const context = await env.browser.newContext({ viewport: { width: 800, height: 600 } });
  const page = await host(context);
  await watch(page, targeted('spa', { urlPattern: '*/billing*', visibleSelector: '.plan-card' }));
  // Visible on the wrong route: gated out.
  await page.evaluate(() => document.querySelector('main').insertAdjacentHTML('afterbegin', '<div class="plan-card">Pro</div>'));
  await settle(page);
  assert.equal(await shown(page), 0);
  await page.evaluate(() => document.querySelector('.plan-card').remove());
  // The router moves to /billing and renders the card a moment later.
  await page.evaluate(() => {
    history.pushState({}, '', '/tests/browser/pages/widget/billing');
    setTimeout(() => document.querySelector('main').insertAdjacentHTML('afterbegin', '<div class="plan-card">Pro</div>'), 200);
  });
  await isShown(page);
  // Back and forth once more while it is open: it is not shown a second time.
  await page.evaluate(() => history.back());
  await page.evaluate(() => history.pushState({}, '', '/tests/browser/pages/widget/billing?tab=2'));
  await settle(page);
  assert.equal(await shown(page), 1);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('two tabs whose trigger fires at the same moment: one shows the survey', async () => {
  const context = await env.browser.newContext();
  const [a, b] = [await host(context), await host(context)];
  const src = targeted('tabs', { event: 'checkout', audience: "segment.plan == 'pro'" });
  await a.evaluate(() => window.touchpoint.identify('u', { plan: 'pro' }));
  await Promise.all([watch(a, src), watch(b, src)]);
  await settle(a, 300);
  await Promise.all([a.evaluate(() => window.touchpoint.track('checkout')), b.evaluate(() => window.touchpoint.track('checkout'))]);
  await Promise.race([isShown(a), isShown(b)]);
  await settle(a, 2000);
  assert.equal((await shown(a)) + (await shown(b)), 1, 'exactly one tab shows it');
  assert.deepEqual([...a.errors, ...b.errors], []);
  await context.close();
});
