// Connection limits of the real collector: slow clients are cut off (--header-timeout,
// --body-timeout), one client cannot stall the others (trickling connections cost a socket, not
// a thread), and connections are capped per client address (--max-connections-per-client) and
// in all (--max-connections). The "attacker" connects from 127.0.0.2 (Linux routes all of
// 127/8 to the loopback interface), the legitimate client from 127.0.0.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startCollector, post, request, makeResponse, rowCount } from './lib/collector.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Opens a raw connection from `localAddress`. Resolves once connected (or closed), with
 * `closed` (a promise of the time it ended, ms after connecting) and `received` (bytes read).
 */
function openRaw(port, localAddress = '127.0.0.2') {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port, localAddress });
    const started = Date.now();
    const conn = { socket, received: '', ended: false };
    conn.closed = new Promise((done) => socket.on('close', () => {
      conn.ended = true;
      done(Date.now() - started);
    }));
    socket.on('data', (d) => (conn.received += d));
    socket.on('error', () => {});
    socket.on('connect', () => resolve(conn));
    socket.on('close', () => resolve(conn));
  });
}

/** Sends `text` one byte every `everyMs` until the text is out or the socket is gone. */
function trickle(conn, text, everyMs) {
  let i = 0;
  const timer = setInterval(() => {
    if (conn.ended || i >= text.length) return clearInterval(timer);
    conn.socket.write(text[i++]);
  }, everyMs);
  conn.socket.on('close', () => clearInterval(timer));
  return timer;
}

const head = 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow-client-with-a-long-header-line\r\n\r\n';

async function timed(fn) {
  const t0 = Date.now();
  const r = await fn();
  return { ...r, ms: Date.now() - t0 };
}

test('200 connections trickling a header byte every 2 s do not stall health checks or posts from another client', async () => {
  const c = await startCollector(['--rate', '0', '--max-connections-per-client', '0', '--header-timeout', '30']);
  const slow = [];
  try {
    for (let i = 0; i < 200; i++) slow.push(await openRaw(c.port));
    assert.equal(slow.filter((s) => !s.ended).length, 200, 'every slow connection is accepted');
    for (const s of slow) trickle(s, head, 2000);
    const answers = [];
    const until = Date.now() + 6000;
    while (Date.now() < until) {
      answers.push(await timed(() => request(c.origin, 'GET', '/healthz')));
      answers.push(await timed(() => post(c.origin, makeResponse())));
      await sleep(250);
    }
    for (const a of answers) assert.equal(a.status, 200, a.text);
    const slowest = Math.max(...answers.map((a) => a.ms));
    // Before: with cpp-httplib's thread per connection, 0 of 4 health checks came back within 5 s.
    assert.ok(slowest < 2000, `slowest answer took ${slowest} ms`);
    assert.equal(rowCount(c.db), answers.length / 2);
    assert.equal(slow.filter((s) => !s.ended).length, 200, 'the slow connections are still held (30 s deadline)');
  } finally {
    for (const s of slow) s.socket.destroy();
    await c.stop();
  }
});

test('--header-timeout cuts off a client that trickles its request head, however steadily', async () => {
  const c = await startCollector(['--rate', '0', '--header-timeout', '2']);
  try {
    const conn = await openRaw(c.port);
    trickle(conn, head, 300);  // well within any inactivity timeout: each byte resets one
    const ms = await conn.closed;
    assert.ok(ms >= 1500 && ms < 5000, `closed after ${ms} ms`);
    assert.equal(conn.received, '', 'no answer to a request that never arrived');
    assert.equal((await request(c.origin, 'GET', '/healthz')).status, 200);
  } finally {
    await c.stop();
  }
});

test('--body-timeout cuts off a client that trickles its request body', async () => {
  const c = await startCollector(['--rate', '0', '--body-timeout', '2', '--header-timeout', '30']);
  try {
    const conn = await openRaw(c.port);
    const body = JSON.stringify(makeResponse());
    conn.socket.write(`POST /v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`);
    trickle(conn, body, 300);
    const ms = await conn.closed;
    assert.ok(ms >= 1500 && ms < 5000, `closed after ${ms} ms`);
    assert.equal(rowCount(c.db), 0, 'nothing half-received is stored');
  } finally {
    await c.stop();
  }
});

test('--max-connections-per-client refuses further connections from that address only', async () => {
  const c = await startCollector(['--rate', '0', '--max-connections-per-client', '5']);
  const held = [];
  try {
    for (let i = 0; i < 5; i++) held.push(await openRaw(c.port));
    await sleep(200);
    assert.equal(held.filter((s) => !s.ended).length, 5, 'up to the cap, connections are kept');
    const extra = await openRaw(c.port);
    extra.socket.write(head);
    const ms = await extra.closed;
    assert.ok(ms < 2000, `the sixth connection was closed after ${ms} ms`);
    assert.equal(extra.received, '', 'and got no answer');
    // Another address is not affected; a freed slot is usable again.
    assert.equal((await request(c.origin, 'GET', '/healthz')).status, 200);
    held.pop().socket.destroy();
    await sleep(300);
    const again = await openRaw(c.port);
    again.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    await again.closed;
    assert.match(again.received, /^HTTP\/1\.1 200/);
  } finally {
    for (const s of held) s.socket.destroy();
    await c.stop();
  }
});

test('--max-connections caps open connections in all; the next client is served once one closes', async () => {
  const c = await startCollector(['--rate', '0', '--max-connections', '4', '--max-connections-per-client', '0']);
  const held = [];
  try {
    for (let i = 0; i < 4; i++) held.push(await openRaw(c.port));
    await sleep(200);
    assert.equal(held.filter((s) => !s.ended).length, 4);
    const extra = await openRaw(c.port, '127.0.0.1');
    extra.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    const outcome = await Promise.race([extra.closed.then(() => 'closed'), sleep(1000).then(() => 'waiting')]);
    assert.ok(extra.received === '', `no answer beyond the cap (${outcome}: ${extra.received})`);
    for (const s of held.splice(0)) s.socket.destroy();
    await sleep(300);
    assert.equal((await request(c.origin, 'GET', '/healthz')).status, 200, 'served again below the cap');
  } finally {
    for (const s of held) s.socket.destroy();
    await c.stop();
  }
});
