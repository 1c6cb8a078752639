// Surveys as records of the collector (the Studio API and the public /v1/surveys/ID), on both
// storage backends: versions with the core's content hash, publishing, ETag/304, old versions
// kept, history, diff, roll back, the core's validation by JSON pointer; and `touchpoint publish`.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startCollector, backends, request, repoRoot, tempDir, touchpoint, sql } from './lib/collector.mjs';

const EDITOR = 'editor-token-0123456789abcdef';
const READER = 'read-token-0123456789abcdef';
const example = (name) => fs.readFileSync(path.join(repoRoot, 'examples/surveys', `${name}.json`), 'utf8');
const bearer = (t) => ({ authorization: `Bearer ${t}` });
const put = (c, id, body, token = EDITOR, query = '') =>
  request(c.origin, 'PUT', `/v1/studio/surveys/${id}${query}`, { body, headers: bearer(token) });

/** The core's content hash of a survey (with no required question), as in the payload `touchpoint preview` prints. */
function coreHash(text) {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 's.json'), text);
  fs.writeFileSync(path.join(dir, 'a.json'), '{}');
  const r = spawnSync(touchpoint, ['preview', '--survey', path.join(dir, 's.json'), '--answers', path.join(dir, 'a.json')], { encoding: 'utf8' });
  const m = /"hash":\s*"(sha256:[0-9a-f]{32})"/.exec(r.stdout);
  assert.ok(m, `preview printed a hash: ${r.stdout}${r.stderr}`);
  return m[1];
}

for (const backend of backends()) {
  describe(`survey records (${backend.name})`, () => {
    test('save, publish, ETag and 304, old versions kept, history, diff, roll back', async () => {
      const c = await startCollector(['--editor-token', EDITOR, '--token', READER], { db: await backend.freshDb() });
      try {
        const tiny = '{"touchpoint": "survey/1", "id": "tiny", "version": "1", "locales": ["en"],\n "questions": [{"id": "q", "type": "nps", "title": "How likely?"}]}';
        let r = await put(c, 'tiny', tiny);
        assert.equal(r.status, 201, r.text);
        assert.equal(r.json.hash, coreHash(tiny), "the version's hash is the core's survey hash (the one payloads carry)");

        const v1 = example('nps-support');
        r = await put(c, 'nps-support', v1);
        assert.equal(r.status, 201, r.text);
        assert.equal(r.json.version, 1);
        assert.match(r.json.hash, /^sha256:[0-9a-f]{32}$/);
        assert.equal(r.json.author, 'editor');
        assert.equal((await request(c.origin, 'GET', '/v1/surveys/nps-support')).status, 404, 'a draft is not public');

        r = await put(c, 'nps-support', v1);
        assert.equal(r.status, 200, 'the same document again is not a new version');
        assert.equal(r.json.unchanged, true);

        r = await request(c.origin, 'POST', '/v1/studio/surveys/nps-support/publish', { body: {}, headers: bearer(EDITOR) });
        assert.equal(r.status, 200, r.text);
        r = await request(c.origin, 'GET', '/v1/surveys/nps-support', { headers: { origin: 'https://shop.example' } });
        assert.equal(r.status, 200);
        assert.equal(r.text, v1, 'served exactly as published');
        const published = (await request(c.origin, 'GET', '/v1/studio/surveys/nps-support/versions/1', { headers: bearer(READER) })).json;
        assert.equal(r.headers.etag, `"${published.hash}"`);
        assert.match(r.headers['cache-control'], /public, max-age=\d+/);
        assert.equal(r.headers['access-control-allow-origin'], '*', 'any site may load a published survey');
        assert.equal((await request(c.origin, 'GET', '/v1/surveys/nps-support.json')).status, 200, "the loader's ID.json spelling");
        r = await request(c.origin, 'GET', '/v1/surveys/nps-support', { headers: { 'if-none-match': r.headers.etag } });
        assert.equal(r.status, 304);

        const doc = JSON.parse(v1);
        doc.title.en = 'Support feedback (v2)';
        doc.questions.push({ id: 'extra', type: 'csat', title: { 'zh-CN': '满意吗？', en: 'Satisfied?' } });
        const v2 = JSON.stringify(doc, null, 2);
        r = await put(c, 'nps-support', v2, EDITOR, '?publish=1');
        assert.equal(r.status, 201);
        assert.equal(r.json.version, 2);
        r = await request(c.origin, 'GET', '/v1/surveys/nps-support');
        assert.equal(r.text, v2);
        assert.equal(r.headers['x-touchpoint-version'], '2');
        r = await request(c.origin, 'GET', '/v1/surveys/nps-support/versions/1');
        assert.equal(r.status, 200, 'a response in flight on version 1 still finds it');
        assert.equal(r.text, v1);
        assert.match(r.headers['cache-control'], /immutable/);

        r = await request(c.origin, 'GET', '/v1/studio/surveys/nps-support/versions', { headers: bearer(READER) });
        assert.deepEqual(r.json.versions.map((v) => v.version), [2, 1]);
        r = await request(c.origin, 'GET', '/v1/studio/surveys/nps-support/diff?from=1&to=2', { headers: bearer(READER) });
        assert.deepEqual(r.json.changes.find((x) => x.pointer === '/title/en'), { op: 'changed', pointer: '/title/en', before: 'Support feedback', after: 'Support feedback (v2)' });
        assert.ok(r.json.changes.some((x) => x.op === 'added' && x.pointer === `/questions/${doc.questions.length - 1}`));

        r = await request(c.origin, 'POST', '/v1/studio/surveys/nps-support/rollback', { body: { version: 1 }, headers: bearer(EDITOR) });
        assert.equal(r.status, 201, r.text);
        assert.equal(r.json.version, 3, 'a roll back is a new version: history only grows');
        assert.match(r.json.author, /roll back to 1/);
        r = await request(c.origin, 'GET', '/v1/surveys/nps-support');
        assert.equal(r.text, v1);
        assert.equal(r.headers['x-touchpoint-version'], '3');

        r = await request(c.origin, 'GET', '/v1/studio/surveys', { headers: bearer(READER) });
        assert.deepEqual(r.json.surveys.map((s) => [s.survey, s.latest, s.published]), [['nps-support', 3, 3], ['tiny', 1, 0]]);
        assert.equal(Number(sql(c.db, "SELECT COUNT(*) FROM survey_versions WHERE survey='nps-support'")[0][0]), 3, 'in the same database');
      } finally {
        await c.stop();
      }
    });

    test("an invalid survey is refused with the core's JSON pointers, and the address's id must match", async () => {
      const c = await startCollector(['--editor-token', EDITOR], { db: await backend.freshDb() });
      try {
        const doc = JSON.parse(example('nps-support'));
        doc.questions[1].visibleIf = 'nsp <= 6';
        let r = await put(c, 'nps-support', JSON.stringify(doc));
        assert.equal(r.status, 400);
        assert.ok(r.json.errors.some((e) => e.pointer === '/questions/1/visibleIf' && /nsp/.test(e.message)), r.text);
        r = await put(c, 'other-id', example('nps-support'));
        assert.equal(r.status, 400);
        assert.equal(r.json.errors[0].pointer, '/id');
        r = await put(c, 'nps-support', '{"touchpoint": "survey/1",');
        assert.equal(r.status, 400);
        assert.equal(r.json.errors[0].pointer, '');
        assert.match(r.json.errors[0].message, /JSON/);
        assert.equal((await request(c.origin, 'GET', '/v1/studio/surveys', { headers: bearer(EDITOR) })).json.surveys.length, 0, 'nothing stored');
      } finally {
        await c.stop();
      }
    });
  });
}

test('touchpoint publish: validated here, versioned there, refused with pointers or a wrong credential', async () => {
  const c = await startCollector(['--editor-token', EDITOR, '--token', READER]);
  const dir = tempDir();
  try {
    const file = path.join(dir, 'ces.json');
    fs.writeFileSync(file, example('ces-onboarding'));
    const run = (...args) => spawnSync(touchpoint, ['publish', ...args], { encoding: 'utf8', timeout: 20000 });
    let r = run(file, '--to', c.origin, '--token', EDITOR, '--author', 'ci #42');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /published ces-onboarding version 1 \(sha256:[0-9a-f]{32}\)/);
    let g = await request(c.origin, 'GET', '/v1/surveys/ces-onboarding');
    assert.equal(g.status, 200);
    assert.equal(g.text, example('ces-onboarding'));
    g = await request(c.origin, 'GET', '/v1/studio/surveys/ces-onboarding/versions', { headers: bearer(EDITOR) });
    assert.equal(g.json.versions[0].author, 'editor (ci #42)');

    r = run(file, '--to', c.origin, '--token', EDITOR);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /version 1 .*unchanged/);

    r = run(file, '--to', c.origin, '--token', READER);
    assert.equal(r.status, 1, 'the read token cannot publish');
    assert.match(r.stderr, /read token cannot change surveys/);

    const broken = JSON.parse(example('ces-onboarding'));
    broken.questions[0].type = 'nope';
    fs.writeFileSync(file, JSON.stringify(broken));
    r = run(file, '--to', c.origin, '--token', EDITOR);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /ces\.json: \/questions\/0\/type: /, 'the same validation as `touchpoint validate`');

    r = run(file, '--to', 'ftp://x', '--token', EDITOR);
    assert.equal(r.status, 2);
  } finally {
    await c.stop();
  }
});
