// Request limits of the real collector: body size (413), batch size (413), per-client rate
// (429 + Retry-After), and CORS: origin allowlist, preflight, same-origin pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCollector, post, request, makeResponse, rowCount } from './lib/collector.mjs';

test('bodies above --max-body get 413 with a JSON error, and nothing is stored', async () => {
  const c = await startCollector(['--max-body', '4096', '--rate', '0']);
  try {
    const p = makeResponse({ answers: { nps: 9, comment: 'x'.repeat(5000) } });
    const r = await post(c.origin, p);
    assert.equal(r.status, 413);
    assert.match(r.json.errors[0].message, /larger than the limit of 4096 bytes/);
    const small = await post(c.origin, makeResponse());
    assert.equal(small.status, 200, 'the server still works after refusing a body');
    assert.equal(rowCount(c.db), 1);
  } finally {
    await c.stop();
  }
});

test('batches above --max-batch get 413', async () => {
  const c = await startCollector(['--max-batch', '3', '--rate', '0']);
  try {
    const r = await post(c.origin, Array.from({ length: 4 }, () => makeResponse()));
    assert.equal(r.status, 413);
    assert.match(r.json.errors[0].message, /at most 3 responses/);
    assert.equal((await post(c.origin, Array.from({ length: 3 }, () => makeResponse()))).status, 200);
  } finally {
    await c.stop();
  }
});

test('a client over --rate gets 429 with Retry-After, and may post again after waiting', async () => {
  const c = await startCollector(['--rate', '2', '--burst', '5']);
  try {
    const results = [];
    for (let i = 0; i < 8; i++) results.push(await post(c.origin, makeResponse()));
    const statuses = results.map((r) => r.status);
    assert.deepEqual(statuses.slice(0, 5), [200, 200, 200, 200, 200], statuses.join());
    const limited = results.filter((r) => r.status === 429);
    assert.ok(limited.length >= 2, statuses.join());
    for (const r of limited) {
      const wait = Number(r.headers['retry-after']);
      assert.ok(Number.isInteger(wait) && wait >= 1, `Retry-After: ${r.headers['retry-after']}`);
      assert.match(r.json.errors[0].message, /too many requests/);
    }
    assert.equal(rowCount(c.db), 5, 'refused requests store nothing');
    await new Promise((resolve) => setTimeout(resolve, Number(limited[0].headers['retry-after']) * 1000));
    assert.equal((await post(c.origin, makeResponse())).status, 200);
  } finally {
    await c.stop();
  }
});

test('CORS: listed origins get the headers, preflight is answered, unlisted origins are refused', async () => {
  const site = 'https://shop.example.cn';
  const c = await startCollector(['--allow-origin', site, '--allow-origin', 'https://app.example.com', '--rate', '0']);
  try {
    const pre = await request(c.origin, 'OPTIONS', '/v1/responses', {
      headers: { origin: site, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers['access-control-allow-origin'], site);
    assert.match(pre.headers['access-control-allow-methods'], /POST/);
    assert.match(pre.headers['access-control-allow-headers'], /Content-Type/i);
    assert.ok(Number(pre.headers['access-control-max-age']) > 0);

    const ok = await post(c.origin, makeResponse(), 'application/json', { origin: site });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers['access-control-allow-origin'], site);
    assert.match(ok.headers.vary, /Origin/);

    // A beacon (text/plain, no preflight) from an unlisted site must not be stored either.
    const evil = 'https://evil.example';
    const before = rowCount(c.db);
    const refused = await post(c.origin, JSON.stringify(makeResponse()), 'text/plain', { origin: evil });
    assert.equal(refused.status, 403);
    assert.equal(refused.headers['access-control-allow-origin'], undefined);
    const preEvil = await request(c.origin, 'OPTIONS', '/v1/responses', { headers: { origin: evil, 'access-control-request-method': 'POST' } });
    assert.equal(preEvil.status, 403);
    assert.equal(preEvil.headers['access-control-allow-origin'], undefined);
    assert.equal(rowCount(c.db), before);

    // The collector's own pages (same origin) and non-browser clients (no Origin) are allowed.
    assert.equal((await post(c.origin, makeResponse(), 'application/json', { origin: c.origin })).status, 200);
    assert.equal((await post(c.origin, makeResponse())).status, 200);

    // Library-level errors (413) still carry the CORS header, so the page can read the status.
    const big = await post(c.origin, 'x'.repeat(2 << 20), 'text/plain', { origin: site });
    assert.equal(big.status, 413);
    assert.equal(big.headers['access-control-allow-origin'], site);
  } finally {
    await c.stop();
  }
});

test('without --allow-origin only same-origin browser posts are accepted; "*" accepts any origin', async () => {
  const closed = await startCollector(['--rate', '0']);
  try {
    assert.equal((await post(closed.origin, makeResponse(), 'application/json', { origin: 'https://a.example' })).status, 403);
  } finally {
    await closed.stop();
  }
  const open = await startCollector(['--rate', '0', '--allow-origin', '*']);
  try {
    const r = await post(open.origin, makeResponse(), 'application/json', { origin: 'https://a.example' });
    assert.equal(r.status, 200);
    assert.equal(r.headers['access-control-allow-origin'], 'https://a.example');
  } finally {
    await open.stop();
  }
});
