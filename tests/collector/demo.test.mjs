// `touchpoint serve --demo`: the example website, the examples and the browser assets are served,
// the database is seeded with generated responses linked to the example journey maps, and the
// journey page can read them without a token from this machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startCollector, request, repoRoot, tempDir, post, makeResponse } from './lib/collector.mjs';

function distDir() {
  // The real browser assets when built; otherwise a folder with one file stands in for them.
  const built = process.env.TP_DIST;
  if (built && fs.existsSync(built)) return built;
  const dir = tempDir('tp-dist-');
  fs.writeFileSync(path.join(dir, 'touchpoint.js'), '/* stand-in */');
  return dir;
}

test('the demo serves the site, the examples and /dist/, with a seeded database', async () => {
  const dist = distDir();
  const c = await startCollector(['--demo', '--dist', dist, '--seed', '50', '--rate', '0']);
  try {
    // The line follows "listening on" (which startCollector waits for): give it a moment.
    for (let i = 0; i < 50 && !/demo: open/.test(c.log()); i++) await new Promise((r) => setTimeout(r, 20));
    assert.match(c.log(), /demo: open http:\/\/127\.0\.0\.1:\d+\//, 'the log says where to point the browser');
    for (const [page, marker] of [['/', 'mode: \'popover\''], ['/app.html', 'ces-onboarding'], ['/journey.html', 'touchpoint-journey']]) {
      const r = await request(c.origin, 'GET', page);
      assert.equal(r.status, 200, page);
      assert.match(r.headers['content-type'], /text\/html/);
      assert.ok(r.text.includes(marker), `${page} contains ${marker}`);
      assert.match(r.text, /lang="zh-CN"/);
      assert.match(r.text, /lang="en"/);
    }
    const map = await request(c.origin, 'GET', '/examples/journeys/b2b-purchase.json');
    assert.equal(map.status, 200);
    assert.equal(map.json.id, 'b2b-purchase');
    const record = await request(c.origin, 'GET', '/v1/maps/b2b-purchase');
    assert.equal(record.status, 200, 'the example maps are published map records too (Studio lists them)');
    assert.equal(record.text, map.text);
    const asset = fs.readdirSync(dist).find((f) => f.endsWith('.js'));
    const js = await request(c.origin, 'GET', `/dist/${asset}`);
    assert.equal(js.status, 200);
    assert.match(js.headers['content-type'], /javascript/);
    assert.equal((await request(c.origin, 'GET', '/examples/../../../etc/passwd')).status >= 400, true);
    assert.equal((await request(c.origin, 'GET', '/no-such-page.html')).status, 404);

    // Seeded: every example survey linked to an example map got its responses, valid for the core.
    const agg = await request(c.origin, 'GET', '/v1/aggregates?by=survey,map');
    assert.equal(agg.status, 200, agg.text);
    const surveys = fs.readdirSync(path.join(repoRoot, 'examples/surveys')).filter((f) => f.endsWith('.json'));
    const linked = surveys
      .map((f) => JSON.parse(fs.readFileSync(path.join(repoRoot, 'examples/surveys', f), 'utf8')))
      .filter((s) => s.journey?.map && fs.existsSync(path.join(repoRoot, 'examples/journeys', `${s.journey.map}.json`)));
    assert.ok(linked.length > 0);
    for (const s of linked) {
      const group = agg.json.groups.find((g) => g.key.survey === s.id);
      assert.ok(group, `seeded responses for ${s.id}`);
      assert.equal(group.n, 50);
    }
    // What the journey page reads: the export of one map, without a token from loopback.
    const exp = await request(c.origin, 'GET', '/v1/export?format=ndjson&map=b2b-purchase');
    assert.equal(exp.status, 200);
    const lines = exp.text.trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.ok(lines.length >= 50);
    assert.ok(lines.every((p) => p.journey.map === 'b2b-purchase'));
    assert.ok(new Set(lines.map((p) => p.journey.touchpoint)).size > 1, 'spread over several touchpoints');
    // And the demo still collects.
    assert.equal((await post(c.origin, makeResponse(), 'application/json', { origin: c.origin })).status, 200);
  } finally {
    await c.stop();
  }
});

test('a demo database given with --db persists, and is seeded only when empty', async () => {
  const dir = tempDir();
  const db = path.join(dir, 'demo.sqlite');
  const first = await startCollector(['--demo', '--seed', '5', '--rate', '0'], { db, dir });
  await first.stop();
  const seeded = first.log().match(/seeded the demo database with (\d+)/);
  assert.ok(seeded && Number(seeded[1]) > 0, first.log());
  const second = await startCollector(['--demo', '--seed', '5', '--rate', '0'], { db, dir });
  await second.stop();
  assert.doesNotMatch(second.log(), /seeded/);
  assert.match(second.log(), new RegExp(`${seeded[1]} responses stored`));
});
