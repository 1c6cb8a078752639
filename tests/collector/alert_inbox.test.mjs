// The alert inbox (GET /v1/studio/alerts, POST /v1/studio/alerts/ID, GET /v1/alerts/open) on both
// storage backends: every stored response with an alert is listed with its webhook delivery
// (retries, then delivered) and nothing else is; an editor assigns it and marks it handled with a
// note (kept in the database: a restart shows it), which moves it out of the open counts per
// touchpoint and into time-to-handle; the read token cannot write, a cookie needs the CSRF token,
// and every limit answers 400 with its pointer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startCollector, post, makeResponse, request, backends } from './lib/collector.mjs';

const EDITOR = 'editor-token-0123456789abcdef';
const READER = 'read-token-0123456789abcdef';
const as = (t) => ({ authorization: `Bearer ${t}` });

async function webhook(statuses = []) {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(statuses.length ? statuses.shift() : 200).end());
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/hook`, close: () => new Promise((r) => server.close(r)) };
}

const until = async (cond, ms = 10000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

for (const backend of backends()) {
  test(`the inbox lists alerts with their delivery; handling moves them out of the open counts (${backend.name})`, async () => {
    const hook = await webhook([500]);
    const db = await backend.freshDb();
    const args = ['--rate', '0', '--token', READER, '--editor-token', EDITOR, '--alert-webhook', hook.url, '--alert-backoff', '0.2'];
    let c = await startCollector(args, { db });
    try {
      const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      const detractor = makeResponse({ nps: 2, submitted: now });
      const other = makeResponse({ nps: 3, submitted: now, journey: { map: 'b2b-purchase', stage: 'delivery', touchpoint: 'delivery-received' } });
      const promoter = makeResponse({ nps: 10 });
      assert.equal((await post(c.origin, [detractor, other, promoter])).status, 200);

      const list = async (q = '') => (await request(c.origin, 'GET', `/v1/studio/alerts${q}`, { headers: as(READER) })).json;
      let inbox = await list('?state=all');
      assert.deepEqual(inbox.alerts.map((a) => a.id).sort(), [detractor.id, other.id].sort(), 'the promoter raised no alert');
      const item = inbox.alerts.find((a) => a.id === detractor.id);
      assert.deepEqual(item.alert, detractor.alert);
      assert.deepEqual(item.answers, detractor.answers);
      assert.equal(item.handled_ms, null);
      assert.equal(inbox.target_minutes, 120);
      // Delivery: the webhook failed once (a retry), then took it.
      await until(async () => (await list('?state=all')).alerts.every((a) => a.delivery.status === 'delivered'));
      inbox = await list('?state=all');
      assert.ok(inbox.alerts.some((a) => a.delivery.attempts === 2), 'one alert needed a retry');

      let counts = (await request(c.origin, 'GET', '/v1/alerts/open?map=b2b-purchase', { headers: as(READER) })).json;
      assert.deepEqual(counts, { open: 2, touchpoints: { 'demo-call': 1, 'delivery-received': 1 } });

      // Writes: editor only; the read token is refused; unknown ids and bad bodies say why.
      const update = (id, body, token = EDITOR) => request(c.origin, 'POST', `/v1/studio/alerts/${id}`, { body, headers: as(token) });
      assert.equal((await update(detractor.id, { handled: true }, READER)).status, 403);
      assert.equal((await request(c.origin, 'POST', `/v1/studio/alerts/${detractor.id}`, { body: { handled: true } })).status, 401);
      assert.equal((await update('00000000-0000-4000-8000-000000000000', { handled: true })).status, 404);
      for (const [body, pointer] of [[{ note: 'x'.repeat(4001) }, '/note'], [{ assignee: 'y'.repeat(201) }, '/assignee'], [{ handled: 'yes' }, '/handled'], [{ colour: 1 }, '/colour']]) {
        const r = await update(detractor.id, body);
        assert.equal(r.status, 400, JSON.stringify(body).slice(0, 40));
        assert.equal(r.json.errors[0].pointer, pointer);
      }
      assert.equal((await update(detractor.id, { note: 'x'.repeat(4000), assignee: 'y'.repeat(200) })).status, 200, 'the limits themselves are accepted');
      let r = await update(detractor.id, { assignee: '王芳' });
      assert.equal(r.status, 200);
      r = await update(detractor.id, { handled: true, note: '已致电客户，问题已解决' });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.assignee, '王芳');
      assert.ok(r.json.handled_ms > 0);

      // The state lives in the database: a restarted collector shows it.
      await c.stop();
      c = await startCollector(args, { db });
      counts = (await request(c.origin, 'GET', '/v1/alerts/open?map=b2b-purchase', { headers: as(READER) })).json;
      assert.deepEqual(counts, { open: 1, touchpoints: { 'delivery-received': 1 } });
      inbox = await list('?state=handled');
      assert.deepEqual(inbox.alerts.map((a) => [a.id, a.note, a.assignee, a.handled_by]), [[detractor.id, '已致电客户，问题已解决', '王芳', 'editor']]);
      assert.ok(inbox.alerts[0].handle_ms >= 0 && inbox.alerts[0].overdue === false, 'handled within the 2 h target');
      const tp = inbox.by_touchpoint.find((t) => t.key === 'demo-call');
      assert.deepEqual([tp.total, tp.open, tp.handled, tp.handled_in_target], [1, 0, 1, 1]);
      const survey = inbox.by_survey.find((s) => s.key === 'nps-support');
      assert.deepEqual([survey.total, survey.open, survey.handled], [2, 1, 1]);
      assert.deepEqual((await list('?state=open')).alerts.map((a) => a.id), [other.id]);
      assert.deepEqual((await list('?state=all&touchpoint=delivery-received')).alerts.map((a) => a.id), [other.id]);
      // Reopened, it counts as open again.
      assert.equal((await update(detractor.id, { handled: false })).status, 200);
      counts = (await request(c.origin, 'GET', '/v1/alerts/open', { headers: as(READER) })).json;
      assert.equal(counts.open, 2);
      assert.equal((await request(c.origin, 'GET', '/v1/studio/alerts?state=maybe', { headers: as(READER) })).status, 400);
      assert.equal((await request(c.origin, 'GET', '/v1/studio/alerts?target_minutes=0', { headers: as(READER) })).status, 400);
      assert.equal((await request(c.origin, 'GET', '/v1/alerts/open')).status, 401);
    } finally {
      await c.stop();
      await hook.close();
    }
  });
}

test('a Studio session writes to the inbox only with its CSRF token', async () => {
  const c = await startCollector(['--rate', '0', '--editor-token', EDITOR]);
  try {
    const detractor = makeResponse({ nps: 1 });
    assert.equal((await post(c.origin, detractor)).status, 200);
    const signin = await request(c.origin, 'POST', '/v1/studio/session', { body: { token: EDITOR }, headers: { origin: c.origin } });
    assert.equal(signin.status, 200);
    const cookie = signin.headers['set-cookie'][0].split(';')[0];
    const path = `/v1/studio/alerts/${detractor.id}`;
    const noCsrf = await request(c.origin, 'POST', path, { body: { handled: true }, headers: { cookie, origin: c.origin } });
    assert.equal(noCsrf.status, 403);
    const ok = await request(c.origin, 'POST', path, { body: { handled: true }, headers: { cookie, origin: c.origin, 'x-csrf-token': signin.json.csrf } });
    assert.equal(ok.status, 200, ok.text);
    const inbox = await request(c.origin, 'GET', '/v1/studio/alerts?state=handled', { headers: { cookie } });
    assert.equal(inbox.json.alerts[0].delivery.status, 'none', 'no webhook configured');
  } finally {
    await c.stop();
  }
});
