// Journey maps as records of the collector, the same store as surveys (records.hpp), on both
// storage backends: versions with the canonical content hash, publishing, the public
// GET /v1/maps/ID with ETag and 304, history, diff, roll back, the core's journey/1 validation by
// JSON pointer; writes need the editor credential and, with a session cookie, the CSRF token;
// `touchpoint publish` accepts a journey/1 file.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startCollector, backends, request, repoRoot, tempDir, touchpoint, sql } from './lib/collector.mjs';

const EDITOR = 'editor-token-0123456789abcdef';
const READER = 'read-token-0123456789abcdef';
const journey = (name) => fs.readFileSync(path.join(repoRoot, 'examples/journeys', `${name}.json`), 'utf8');
const bearer = (t) => ({ authorization: `Bearer ${t}` });
const put = (c, id, body, token = EDITOR, query = '') =>
  request(c.origin, 'PUT', `/v1/studio/maps/${id}${query}`, { body, headers: bearer(token) });

for (const backend of backends()) {
  describe(`map records (${backend.name})`, () => {
    test('save, publish, ETag and 304, history, diff, roll back', async () => {
      const c = await startCollector(['--editor-token', EDITOR, '--token', READER], {
        db: await backend.freshDb(),
      });
      try {
        const v1 = journey('saas-support');
        let r = await put(c, 'saas-support', v1);
        assert.equal(r.status, 201, r.text);
        assert.equal(r.json.map, 'saas-support');
        assert.equal(r.json.version, 1);
        assert.match(r.json.hash, /^sha256:[0-9a-f]{32}$/);
        assert.equal(
          (await request(c.origin, 'GET', '/v1/maps/saas-support')).status,
          404,
          'a draft is not public',
        );
        r = await put(c, 'saas-support', JSON.stringify(JSON.parse(v1)));
        assert.equal(r.json.unchanged, true, 'the same content, reformatted, is not a new version');

        r = await request(c.origin, 'POST', '/v1/studio/maps/saas-support/publish', {
          body: {},
          headers: bearer(EDITOR),
        });
        assert.equal(r.status, 200, r.text);
        r = await request(c.origin, 'GET', '/v1/maps/saas-support', {
          headers: { origin: 'https://intranet.example' },
        });
        assert.equal(r.status, 200);
        assert.equal(r.text, v1, 'served exactly as published');
        assert.equal(r.headers['access-control-allow-origin'], '*');
        const etag = r.headers.etag;
        assert.match(etag, /^"sha256:[0-9a-f]{32}"$/);
        assert.equal(
          (await request(c.origin, 'GET', '/v1/maps/saas-support', { headers: { 'if-none-match': etag } }))
            .status,
          304,
        );

        const doc = JSON.parse(v1);
        doc.stages.push({ id: 'renew', title: { 'zh-CN': '续约', en: 'Renew' } });
        const v2 = JSON.stringify(doc, null, 2);
        r = await put(c, 'saas-support', v2, EDITOR, '?publish=1');
        assert.equal(r.status, 201);
        assert.equal(r.json.version, 2);
        r = await request(c.origin, 'GET', '/v1/maps/saas-support', { headers: { 'if-none-match': etag } });
        assert.equal(r.status, 200, 'a new version changes the ETag');
        assert.equal(r.text, v2);
        assert.equal((await request(c.origin, 'GET', '/v1/maps/saas-support/versions/1')).text, v1);

        r = await request(c.origin, 'GET', '/v1/studio/maps/saas-support/diff?from=1', {
          headers: bearer(READER),
        });
        assert.deepEqual(
          r.json.changes.map((x) => [x.op, x.pointer]),
          [['added', '/stages/' + (doc.stages.length - 1)]],
        );

        r = await request(c.origin, 'POST', '/v1/studio/maps/saas-support/rollback', {
          body: { version: 1 },
          headers: bearer(EDITOR),
        });
        assert.equal(r.status, 201, r.text);
        assert.equal(r.json.version, 3);
        assert.equal((await request(c.origin, 'GET', '/v1/maps/saas-support')).text, v1);
        r = await request(c.origin, 'GET', '/v1/studio/maps/saas-support/versions', {
          headers: bearer(READER),
        });
        assert.deepEqual(
          r.json.versions.map((v) => v.version),
          [3, 2, 1],
        );
        assert.equal(r.json.publishedVersion, 3);
        r = await request(c.origin, 'GET', '/v1/studio/maps', { headers: bearer(READER) });
        assert.deepEqual(
          r.json.maps.map((m) => [m.map, m.latest, m.published]),
          [['saas-support', 3, 3]],
        );
        assert.equal(
          Number(sql(c.db, "SELECT COUNT(*) FROM map_versions WHERE map='saas-support'")[0][0]),
          3,
          'their own table',
        );
        assert.equal(
          Number(sql(c.db, 'SELECT COUNT(*) FROM survey_versions')[0][0]),
          0,
          'no map among the surveys',
        );
      } finally {
        await c.stop();
      }
    });

    test("bad journey JSON is refused with the core's JSON pointers; nothing stored", async () => {
      const c = await startCollector(['--editor-token', EDITOR], { db: await backend.freshDb() });
      try {
        const doc = JSON.parse(journey('saas-support'));
        doc.touchpoints[0].stage = 'no-such-stage';
        let r = await put(c, 'saas-support', JSON.stringify(doc));
        assert.equal(r.status, 400);
        assert.ok(
          r.json.errors.some((e) => e.pointer === '/touchpoints/0/stage'),
          r.text,
        );
        r = await put(c, 'other', journey('saas-support'));
        assert.equal(r.status, 400);
        assert.equal(r.json.errors[0].pointer, '/id');
        r = await put(c, 'saas-support', '{"touchpoint": "journey/1",');
        assert.equal(r.status, 400);
        assert.match(r.json.errors[0].message, /JSON|line/);
        assert.equal(
          (await request(c.origin, 'GET', '/v1/studio/maps', { headers: bearer(EDITOR) })).json.maps.length,
          0,
        );
      } finally {
        await c.stop();
      }
    });
  });
}

test('map writes need the editor credential, and with a session cookie the CSRF token', async () => {
  const c = await startCollector(['--editor-token', EDITOR, '--token', READER]);
  try {
    const body = journey('subscription');
    const id = JSON.parse(body).id;
    assert.equal((await put(c, id, body)).status, 201);
    const routes = [
      ['GET', '/v1/studio/maps', undefined, false],
      ['GET', `/v1/studio/maps/${id}`, undefined, false],
      ['PUT', `/v1/studio/maps/${id}`, body, true],
      ['POST', `/v1/studio/maps/${id}/publish`, '{}', true],
      ['POST', `/v1/studio/maps/${id}/rollback`, '{"version":1}', true],
      ['GET', `/v1/studio/maps/${id}/versions`, undefined, false],
      ['GET', `/v1/studio/maps/${id}/versions/1`, undefined, false],
      ['GET', `/v1/studio/maps/${id}/diff?from=1`, undefined, false],
    ];
    for (const [method, p, b, writes] of routes) {
      assert.equal(
        (await request(c.origin, method, p, { body: b })).status,
        401,
        `${method} ${p} without a credential`,
      );
      const r = await request(c.origin, method, p, { body: b, headers: bearer(READER) });
      assert.equal(r.status, writes ? 403 : 200, `${method} ${p} with the read token: ${r.text}`);
    }
    const s = await request(c.origin, 'POST', '/v1/studio/session', {
      body: { token: EDITOR },
      headers: { origin: c.origin },
    });
    const cookie = s.headers['set-cookie'][0].split(';')[0];
    const publish = (headers) =>
      request(c.origin, 'POST', `/v1/studio/maps/${id}/publish`, {
        body: '{}',
        headers: { cookie, ...headers },
      });
    assert.equal((await publish({ origin: c.origin })).status, 403, 'a cookie without the CSRF token');
    assert.equal(
      (await publish({ 'x-csrf-token': s.json.csrf, origin: 'https://evil.example' })).status,
      403,
      'a foreign origin',
    );
    assert.equal((await request(c.origin, 'GET', `/v1/maps/${id}`)).status, 404, 'nothing published by them');
    assert.equal((await publish({ 'x-csrf-token': s.json.csrf, origin: c.origin })).status, 200);
    assert.equal((await request(c.origin, 'GET', `/v1/maps/${id}`)).status, 200);
  } finally {
    await c.stop();
  }
});

test('touchpoint publish accepts a journey/1 file: validated here, versioned there', async () => {
  const c = await startCollector(['--editor-token', EDITOR, '--token', READER]);
  const dir = tempDir();
  try {
    const file = path.join(dir, 'map.json');
    fs.writeFileSync(file, journey('b2b-purchase'));
    const run = (...args) =>
      spawnSync(touchpoint, ['publish', ...args], { encoding: 'utf8', timeout: 20000 });
    let r = run(file, '--to', c.origin, '--token', EDITOR, '--author', 'ci');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /published b2b-purchase version 1 \(sha256:[0-9a-f]{32}\)/);
    assert.match(r.stdout, /\/v1\/maps\/b2b-purchase/);
    const g = await request(c.origin, 'GET', '/v1/maps/b2b-purchase');
    assert.equal(g.status, 200);
    assert.equal(g.text, journey('b2b-purchase'));
    assert.ok(
      r.stdout.includes(JSON.parse(g.headers.etag)),
      'the CLI printed the hash the collector serves as ETag',
    );

    const broken = JSON.parse(journey('b2b-purchase'));
    broken.stages[0].id = '';
    fs.writeFileSync(file, JSON.stringify(broken));
    r = run(file, '--to', c.origin, '--token', EDITOR);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /map\.json: \/stages\/0\/id/);
  } finally {
    await c.stop();
  }
});
