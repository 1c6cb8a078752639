// `touchpoint serve` configuration and life cycle: --help, usage errors, the JSON config file,
// clean shutdown on SIGTERM/SIGINT.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startCollector, touchpoint, tempDir, post, makeResponse, request, rowCount } from './lib/collector.mjs';

test('--help explains every option', () => {
  const r = spawnSync(touchpoint, ['serve', '--help'], { encoding: 'utf8' });
  assert.equal(r.status, 0);
  for (const flag of ['--listen', '--db', '--sync', '--token', '--allow-origin', '--max-body', '--max-batch', '--rate', '--burst',
    '--alert-webhook', '--alert-backoff', '--change-check', '--demo', '--dist', '--examples', '--seed', '--threads', '--config',
    '--header-timeout', '--body-timeout', '--max-connections', '--max-connections-per-client', '--wal-limit']) {
    assert.match(r.stdout, new RegExp(`${flag}\\b[^\\n]*\\n?\\s+\\S`), `${flag} is documented`);
  }
});

test('usage errors exit 2 with a message', () => {
  for (const args of [['--listen', 'nonsense'], ['--frobnicate'], ['--sync', 'sometimes'], ['--alert-webhook', 'ftp://x'],
    ['--wal-limit', '65536'], ['--wal-limit', '-1'], ['--wal-limit', String(2 ** 41)]]) {
    const r = spawnSync(touchpoint, ['serve', ...args, '--db', path.join(tempDir(), 'x.sqlite')], { encoding: 'utf8', timeout: 5000 });
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.ok(r.stderr.length > 0);
  }
});

test('a JSON config file sets options, flags override it, and bad keys name their pointer', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'serve.json');
  fs.writeFileSync(file, JSON.stringify({ token: 'from-file', 'max-body': 2048, rate: 0, 'allow-origin': ['https://a.example'] }));
  const c = await startCollector(['--config', file, '--token', 'from-flag'], { dir });
  try {
    assert.equal((await post(c.origin, makeResponse({ answers: { nps: 9, t: 'x'.repeat(3000) } }))).status, 413, 'max-body from the file');
    assert.equal((await post(c.origin, makeResponse(), 'application/json', { origin: 'https://a.example' })).status, 200, 'allow-origin from the file');
    const auth = (t) => request(c.origin, 'GET', '/v1/feed', { headers: { authorization: `Bearer ${t}` } });
    assert.equal((await auth('from-flag')).status, 200, 'the flag overrides the file');
    assert.equal((await auth('from-file')).status, 401);
  } finally {
    await c.stop();
  }
  fs.writeFileSync(file, JSON.stringify({ 'max-bodies': 1 }));
  const bad = spawnSync(touchpoint, ['serve', '--config', file], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /\/max-bodies: unknown option/);
  fs.writeFileSync(file, '{\n  "token": "x",\n  "rate": 0,\n}\n'); // a trailing comma
  const broken = spawnSync(touchpoint, ['serve', '--config', file], { encoding: 'utf8' });
  assert.equal(broken.status, 2);
  assert.match(broken.stderr, /not valid JSON at line 4, column 1/, broken.stderr);
});

test('SIGTERM and SIGINT stop the server cleanly with everything stored and the WAL folded in', async () => {
  for (const signal of ['SIGTERM', 'SIGINT']) {
    const c = await startCollector(['--rate', '0']);
    for (let i = 0; i < 20; i++) assert.equal((await post(c.origin, makeResponse())).status, 200);
    const code = await c.stop(signal);
    assert.equal(code, 0, c.log());
    assert.match(c.log(), /stopped; 20 responses/);
    assert.ok(!fs.existsSync(c.db + '-wal') || fs.statSync(c.db + '-wal').size === 0, 'WAL checkpointed');
    assert.equal(rowCount(c.db), 20);
  }
});

test('a port already in use is reported, not crashed on', async () => {
  const c = await startCollector(['--rate', '0']);
  try {
    const r = spawnSync(touchpoint, ['serve', '--listen', `127.0.0.1:${c.port}`, '--db', path.join(tempDir(), 'y.sqlite')], {
      encoding: 'utf8', timeout: 5000,
    });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /cannot listen/);
  } finally {
    await c.stop();
  }
});
