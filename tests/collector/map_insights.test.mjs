// What a journey map adds to its record: coverage by published surveys (with the answers still
// needed for a target margin), a survey for an unmeasured touchpoint (the journey link filled in
// by the core), and what changed between two periods with the core's tests — the numbers equal
// `touchpoint score` on the same responses, and a significant drop is posted to the webhook once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  startCollector,
  backends,
  request,
  post,
  makeResponse,
  repoRoot,
  tempDir,
  touchpoint,
} from './lib/collector.mjs';

const EDITOR = 'editor-token-0123456789abcdef';
const READER = 'read-token-0123456789abcdef';
const bearer = (t) => ({ authorization: `Bearer ${t}` });
const mapText = fs.readFileSync(path.join(repoRoot, 'examples/journeys/b2b-purchase.json'), 'utf8');
// The survey b2b-purchase's metric "nps-demo" (touchpoint demo-call) is bound to.
const npsB2b = JSON.stringify({
  touchpoint: 'survey/1',
  id: 'nps-b2b',
  version: '1',
  locales: ['en'],
  questions: [{ id: 'nps', type: 'nps', title: 'How likely?' }],
});

async function webhook() {
  const received = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(body) });
      res.writeHead(200).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/hook`,
    received,
    close: () => new Promise((r) => server.close(r)),
  };
}

/** n responses at a touchpoint of b2b-purchase on a day, NPS answers cycling through `scores`. */
function responses(n, touchpointId, stage, day, scores) {
  return Array.from({ length: n }, (_, i) => {
    const r = makeResponse({
      nps: scores[i % scores.length],
      submitted: `${day}T10:00:00Z`,
      journey: { map: 'b2b-purchase', stage, touchpoint: touchpointId },
    });
    delete r.alert; // detractor alerts per response are another feature; here only change alerts may reach the hook
    return r;
  });
}

/** `touchpoint score` over the collector's own export: the reference numbers. */
async function score(c, ...by) {
  const exported = await request(c.origin, 'GET', '/v1/export?map=b2b-purchase', { headers: bearer(READER) });
  const file = path.join(tempDir(), 'export.ndjson');
  fs.writeFileSync(file, exported.text);
  const r = spawnSync(touchpoint, ['score', file, ...by.flatMap((k) => ['--by', k])], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout).groups;
}

for (const backend of backends())
  test(`coverage, a survey for an unmeasured touchpoint, and a significant drop alerted once (${backend.name})`, async () => {
    const hook = await webhook();
    const c = await startCollector(
      [
        '--editor-token',
        EDITOR,
        '--token',
        READER,
        '--rate',
        '0',
        '--alert-webhook',
        hook.url,
        '--alert-backoff',
        '0.2',
      ],
      { db: await backend.freshDb() },
    );
    try {
      assert.equal(
        (
          await request(c.origin, 'PUT', '/v1/studio/maps/b2b-purchase?publish=1', {
            body: mapText,
            headers: bearer(EDITOR),
          })
        ).status,
        201,
      );
      const coverage = async (q = '') =>
        (
          await request(c.origin, 'GET', `/v1/studio/maps/b2b-purchase/coverage${q}`, {
            headers: bearer(READER),
          })
        ).json;

      // No survey published yet: every touchpoint is unmeasured, its bound metrics are listed as such.
      let cov = await coverage();
      assert.equal(cov.touchpoints.length, JSON.parse(mapText).touchpoints.length);
      assert.ok(cov.touchpoints.every((t) => !t.measured));
      assert.ok(cov.unpublishedMetrics.includes('nps-demo'));

      // Publish the bound survey; week 47 mostly promoters, week 48 mostly detractors at demo-call;
      // at proposal, the same mix both weeks.
      assert.equal(
        (
          await request(c.origin, 'PUT', '/v1/studio/surveys/nps-b2b?publish=1', {
            body: npsB2b,
            headers: bearer(EDITOR),
          })
        ).status,
        201,
      );
      const batch = [
        ...responses(80, 'demo-call', 'decision', '2026-11-17', [10, 9, 9, 8, 3]),
        ...responses(80, 'demo-call', 'decision', '2026-11-24', [2, 4, 9, 6, 10]),
        ...responses(40, 'proposal', 'decision', '2026-11-17', [10, 7, 3, 9]),
        ...responses(40, 'proposal', 'decision', '2026-11-24', [9, 7, 3, 10]),
      ];
      for (let i = 0; i < batch.length; i += 100)
        assert.equal((await post(c.origin, batch.slice(i, i + 100))).status, 200);

      // A published survey without the bound question measures nothing either.
      const ticket = {
        touchpoint: 'survey/1',
        id: 'csat-ticket',
        version: '1',
        locales: ['en'],
        questions: [{ id: 'other', type: 'csat', title: 'Satisfied?' }],
      };
      assert.equal(
        (
          await request(c.origin, 'PUT', '/v1/studio/surveys/csat-ticket?publish=1', {
            body: ticket,
            headers: bearer(EDITOR),
          })
        ).status,
        201,
      );
      cov = await coverage('?nps=10');
      assert.ok(
        !cov.unpublishedMetrics.includes('nps-demo') && cov.unpublishedMetrics.includes('csat-ticket'),
        JSON.stringify(cov.unpublishedMetrics),
      );
      const demo = cov.touchpoints.find((t) => t.touchpoint === 'demo-call');
      assert.equal(demo.measured, true);
      assert.deepEqual(demo.metrics, ['nps-demo']);
      const ref = (await score(c, 'touchpoint')).find((g) => g.key.touchpoint === 'demo-call');
      assert.equal(demo.n, ref.n, 'the same n as touchpoint score');
      assert.ok(
        Math.abs(demo.npsMoe - ref.nps.moe) < 0.051,
        `margin ${demo.npsMoe} = touchpoint score's ${ref.nps.moe}`,
      );
      assert.ok(demo.npsMoe > 10 && demo.npsNeeded > 0, 'a margin wider than ±10 needs more answers');
      const loose = (await coverage('?nps=100')).touchpoints.find((t) => t.touchpoint === 'demo-call');
      assert.equal(loose.npsNeeded, 0, 'a margin within ±100 needs none');
      assert.equal(loose.meetsTarget, true);
      assert.equal(
        cov.touchpoints.find((t) => t.touchpoint === 'proposal').measured,
        false,
        'answers alone do not bind a metric',
      );
      assert.equal(
        (
          await request(c.origin, 'GET', '/v1/studio/maps/b2b-purchase/coverage?nps=0', {
            headers: bearer(READER),
          })
        ).status,
        400,
      );
      assert.equal((await request(c.origin, 'GET', '/v1/studio/maps/b2b-purchase/coverage')).status, 401);

      // A survey for the unmeasured touchpoint: the core fills the journey link.
      const template = {
        touchpoint: 'survey/1',
        id: 'x',
        version: '1',
        locales: ['en'],
        questions: [{ id: 'nps', type: 'nps', title: 'How likely?' }],
      };
      let r = await request(c.origin, 'POST', '/v1/studio/maps/b2b-purchase/touchpoints/proposal/survey', {
        body: { template, id: 'nps-proposal' },
        headers: bearer(READER),
      });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.id, 'nps-proposal');
      assert.deepEqual(r.json.journey, { map: 'b2b-purchase', stage: 'decision', touchpoint: 'proposal' });
      r = await request(c.origin, 'POST', '/v1/studio/maps/b2b-purchase/touchpoints/nowhere/survey', {
        body: { template, id: 'y' },
        headers: bearer(READER),
      });
      assert.equal(r.status, 404);

      // What changed, week 48 against week 47.
      const changes = async () =>
        (
          await request(c.origin, 'GET', '/v1/studio/maps/b2b-purchase/changes?period=week', {
            headers: bearer(READER),
          })
        ).json;
      const ch = await changes();
      assert.equal(ch.at, '2026-W48');
      assert.equal(ch.before, '2026-W47');
      const weekly = await score(c, 'week', 'touchpoint');
      const nps = (week, tp) => weekly.find((g) => g.key.week === week && g.key.touchpoint === tp).nps.value;
      const d = ch.touchpoints.find((t) => t.touchpoint === 'demo-call');
      assert.ok(
        Math.abs(d.nps.delta - (nps('2026-W48', 'demo-call') - nps('2026-W47', 'demo-call'))) < 0.11,
        'delta = the difference of touchpoint score',
      );
      assert.equal(d.after.npsN, 80);
      assert.ok(d.nps.significant && d.nps.p < 0.05 && d.nps.delta < 0, JSON.stringify(d.nps));
      const p = ch.touchpoints.find((t) => t.touchpoint === 'proposal');
      assert.ok(p.nps.testable && !p.nps.significant, 'the same mix is no significant change');
      const stage = ch.stages.find((s) => s.stage === 'decision');
      assert.equal(stage.after.n, 120);
      assert.ok(stage.nps.significant);
      const awareness = ch.stages.find((s) => s.stage === 'awareness');
      assert.equal(awareness.nps.testable, false, 'no answers: nothing to test');
      assert.deepEqual(ch.alerts, [{ touchpoint: 'demo-call', metric: 'nps', queued: true }]);
      // The oldest week has nothing before it, and one month of answers compares nothing: the
      // core's compare_periods (which the viewer's change marks follow) decides, not the collector.
      const first = (
        await request(c.origin, 'GET', '/v1/studio/maps/b2b-purchase/changes?period=week&at=2026-W47', {
          headers: bearer(READER),
        })
      ).json;
      assert.deepEqual([first.at, first.before, first.periods], ['2026-W47', '', ['2026-W47', '2026-W48']]);
      assert.ok(first.touchpoints.every((t) => !t.nps.testable && !t.nps.significant));
      assert.deepEqual(first.alerts, []);
      const monthly = (
        await request(c.origin, 'GET', '/v1/studio/maps/b2b-purchase/changes?period=month', { headers: bearer(READER) })
      ).json;
      assert.deepEqual([monthly.at, monthly.before], ['2026-11', '']);

      // Asked again (and again): the drop was already alerted.
      assert.deepEqual((await changes()).alerts, [{ touchpoint: 'demo-call', metric: 'nps', queued: false }]);
      await changes();
      const end = Date.now() + 5000;
      while (!hook.received.length && Date.now() < end) await new Promise((res) => setTimeout(res, 20));
      await new Promise((res) => setTimeout(res, 500));
      assert.equal(
        hook.received.length,
        1,
        'one alert for the touchpoint and period, never one per response or per request',
      );
      const alert = hook.received[0].body;
      assert.equal(alert.type, 'dev.touchpoint.change.v1');
      assert.deepEqual(
        [alert.map, alert.touchpoint, alert.metric, alert.at, alert.before],
        ['b2b-purchase', 'demo-call', 'nps', '2026-W48', '2026-W47'],
      );
      assert.equal(alert.change.p, d.nps.p);
      assert.equal(
        hook.received[0].headers['idempotency-key'],
        'change:b2b-purchase/demo-call/nps/week:2026-W48',
      );

      assert.equal(
        (
          await request(c.origin, 'GET', '/v1/studio/maps/b2b-purchase/changes?period=year', {
            headers: bearer(READER),
          })
        ).status,
        400,
      );
      assert.equal(
        (
          await request(c.origin, 'GET', '/v1/studio/maps/b2b-purchase/changes?at=2020-W01', {
            headers: bearer(READER),
          })
        ).status,
        404,
      );
    } finally {
      await c.stop();
      await hook.close();
    }
  });

test('a published map is checked on a timer: its drop is alerted without anyone asking, once', async () => {
  const hook = await webhook();
  const c = await startCollector([
    '--editor-token',
    EDITOR,
    '--token',
    READER,
    '--rate',
    '0',
    '--alert-webhook',
    hook.url,
    '--change-check',
    '0.3',
  ]);
  try {
    assert.equal(
      (
        await request(c.origin, 'PUT', '/v1/studio/maps/b2b-purchase', {
          body: mapText,
          headers: bearer(EDITOR),
        })
      ).status,
      201,
    );
    const batch = [
      ...responses(60, 'demo-call', 'decision', '2026-11-17', [10, 9, 9, 8, 3]),
      ...responses(60, 'demo-call', 'decision', '2026-11-24', [2, 4, 9, 6, 10]),
    ];
    assert.equal((await post(c.origin, batch)).status, 200);
    await new Promise((res) => setTimeout(res, 1000));
    assert.equal(hook.received.length, 0, 'a draft map is not watched');
    assert.equal(
      (
        await request(c.origin, 'POST', '/v1/studio/maps/b2b-purchase/publish', {
          body: {},
          headers: bearer(EDITOR),
        })
      ).status,
      200,
    );
    const end = Date.now() + 8000;
    while (!hook.received.length && Date.now() < end) await new Promise((res) => setTimeout(res, 50));
    assert.equal(hook.received.length, 1, 'the watcher raised the drop');
    assert.deepEqual([hook.received[0].body.touchpoint, hook.received[0].body.at], ['demo-call', '2026-W48']);
    await new Promise((res) => setTimeout(res, 1200)); // several more rounds
    assert.equal(hook.received.length, 1, 'once per touchpoint, metric and period');
    const ch = (
      await request(c.origin, 'GET', '/v1/studio/maps/b2b-purchase/changes', { headers: bearer(READER) })
    ).json;
    assert.deepEqual(ch.alerts, [{ touchpoint: 'demo-call', metric: 'nps', queued: false }]);
  } finally {
    await c.stop();
    await hook.close();
  }
});
