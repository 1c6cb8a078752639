// Studio access: no credential → 401 on every Studio route; the read token reads but never writes
// (403); sign-in gives an HttpOnly, SameSite=Strict session cookie; a cookie alone never writes
// (CSRF header and same origin required), so a cross-site form post is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startCollector, request, repoRoot } from './lib/collector.mjs';

const EDITOR = 'editor-token-0123456789abcdef';
const READER = 'read-token-0123456789abcdef';
const survey = fs.readFileSync(path.join(repoRoot, 'examples/surveys/csat-delivery.json'), 'utf8');
let c;

before(async () => {
  c = await startCollector(['--editor-token', EDITOR, '--token', READER]);
  const r = await request(c.origin, 'PUT', '/v1/studio/surveys/csat-delivery', { body: survey, headers: { authorization: `Bearer ${EDITOR}` } });
  assert.equal(r.status, 201, r.text);
});
after(() => c?.stop());

// Every Studio route: [method, path, body, writes?]
const routes = [
  ['GET', '/v1/studio/session', undefined, false],
  ['DELETE', '/v1/studio/session', undefined, true],
  ['GET', '/v1/studio/surveys', undefined, false],
  ['GET', '/v1/studio/surveys/csat-delivery', undefined, false],
  ['PUT', '/v1/studio/surveys/csat-delivery', survey, true],
  ['POST', '/v1/studio/surveys/csat-delivery/publish', '{}', true],
  ['POST', '/v1/studio/surveys/csat-delivery/rollback', '{"version":1}', true],
  ['GET', '/v1/studio/surveys/csat-delivery/versions', undefined, false],
  ['GET', '/v1/studio/surveys/csat-delivery/versions/1', undefined, false],
  ['GET', '/v1/studio/surveys/csat-delivery/diff?from=1', undefined, false],
];

async function signIn(token = EDITOR) {
  const r = await request(c.origin, 'POST', '/v1/studio/session', { body: { token }, headers: { origin: c.origin } });
  const cookie = (r.headers['set-cookie'] || [])[0] || '';
  return { r, cookie, id: cookie.split(';')[0], csrf: r.json?.csrf };
}

test('no credential (or a wrong one) → 401 on every Studio route', async () => {
  for (const [method, p, body] of routes) {
    for (const headers of [{}, { authorization: 'Bearer wrong-token-0123456789abcdef' }, { cookie: `tp_studio=${'0'.repeat(64)}` }]) {
      const r = await request(c.origin, method, p, { body, headers });
      assert.equal(r.status, 401, `${method} ${p} ${JSON.stringify(headers)}`);
      assert.ok(r.json.errors[0].message.length > 0);
    }
  }
  assert.equal((await request(c.origin, 'GET', '/v1/surveys/csat-delivery')).status, 404, 'unpublished drafts are not public either');
});

test('the read token reads every Studio route but every write is 403, and it cannot sign in', async () => {
  for (const [method, p, body, writes] of routes) {
    const r = await request(c.origin, method, p, { body, headers: { authorization: `Bearer ${READER}` } });
    assert.equal(r.status, writes ? 403 : 200, `${method} ${p}: ${r.text}`);
  }
  const s = await signIn(READER);
  assert.equal(s.r.status, 403);
  assert.equal(s.cookie, '');
  assert.equal((await signIn('not-a-token-at-all-0000')).r.status, 401);
});

test('sign-in: HttpOnly SameSite=Strict cookie; writes need the CSRF header and the same origin', async () => {
  const s = await signIn();
  assert.equal(s.r.status, 200, s.r.text);
  assert.match(s.cookie, /^tp_studio=[0-9a-f]{64}; /);
  for (const attr of ['HttpOnly', 'SameSite=Strict', 'Path=/']) assert.ok(s.cookie.split('; ').includes(attr), `${attr} in ${s.cookie}`);
  assert.match(s.csrf, /^[0-9a-f]{64}$/);
  assert.equal(s.r.json.author, 'editor');

  const who = await request(c.origin, 'GET', '/v1/studio/session', { headers: { cookie: s.id } });
  assert.equal(who.status, 200);
  assert.equal(who.json.csrf, s.csrf, 'a reloaded page gets its CSRF token back');

  const doc = JSON.parse(survey);
  doc.title = 'Changed by a cookie';
  const body = JSON.stringify(doc);
  const write = (headers, type = 'application/json') =>
    request(c.origin, 'PUT', '/v1/studio/surveys/csat-delivery', { body, type, headers: { cookie: s.id, ...headers } });
  assert.equal((await write({})).status, 403, 'cookie without the CSRF header');
  assert.equal((await write({ 'x-csrf-token': 'f'.repeat(64), origin: c.origin })).status, 403, 'wrong CSRF token');
  assert.equal((await write({ 'x-csrf-token': s.csrf, origin: 'https://evil.example' })).status, 403, 'foreign origin');
  assert.equal((await write({ 'x-csrf-token': s.csrf, origin: c.origin, 'sec-fetch-site': 'cross-site' })).status, 403, 'cross-site fetch');
  // What a cross-site <form method=post enctype=text/plain> can send: the cookie (were it not
  // SameSite=Strict), a text/plain body, a foreign Origin, no custom header.
  const form = await request(c.origin, 'POST', '/v1/studio/surveys/csat-delivery/publish',
    { body: '{"version":1}', type: 'text/plain', headers: { cookie: s.id, origin: 'https://evil.example' } });
  assert.equal(form.status, 403, 'cross-site form post');
  assert.equal((await request(c.origin, 'POST', '/v1/studio/surveys/csat-delivery/publish',
    { body: '{}', type: 'text/plain', headers: { cookie: s.id, 'x-csrf-token': s.csrf, origin: c.origin } })).status, 415, 'text/plain body');
  assert.equal((await request(c.origin, 'GET', '/v1/surveys/csat-delivery')).status, 404, 'nothing was published by them');

  const ok = await write({ 'x-csrf-token': s.csrf, origin: c.origin });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.version, 2);

  const out = await request(c.origin, 'DELETE', '/v1/studio/session', { headers: { cookie: s.id, 'x-csrf-token': s.csrf, origin: c.origin } });
  assert.equal(out.status, 204);
  assert.match(out.headers['set-cookie'][0], /Max-Age=0/);
  assert.equal((await request(c.origin, 'GET', '/v1/studio/session', { headers: { cookie: s.id } })).status, 401, 'signed out on the server');
});

test('a Studio API without any editor credential configured stays closed', async () => {
  const bare = await startCollector([]);
  try {
    const r = await request(bare.origin, 'POST', '/v1/studio/session', { body: { token: '' }, headers: { origin: bare.origin } });
    assert.equal(r.status, 401);
    assert.equal((await request(bare.origin, 'GET', '/v1/studio/surveys')).status, 401);
  } finally {
    await bare.stop();
  }
});
