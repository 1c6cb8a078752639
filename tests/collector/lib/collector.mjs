// Helpers for the collector tests: start the real `touchpoint serve` ($TOUCHPOINT) on 127.0.0.1
// with a temporary database, talk to it over keep-alive HTTP, and read the SQLite file directly.
import { spawn, execFileSync } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { filePostgres, isPostgres, psql } from './postgres.mjs';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const touchpoint =
  process.env.TOUCHPOINT || path.join(repoRoot, 'build/native-release/tools/touchpoint');

// Each test file runs in a process of its own: its folders go when it exits (a CI run made about a
// thousand, some holding 10 MB of responses). TP_KEEP_TEMP=1 keeps them, to look at after a failure.
const madeDirs = [];
process.on('exit', () => {
  if (process.env.TP_KEEP_TEMP) return;
  for (const dir of madeDirs) fs.rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix = 'tp-collector-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  madeDirs.push(dir);
  return dir;
}

/**
 * Starts `touchpoint serve --listen 127.0.0.1:0 --db <temp> ...args` and resolves once it listens.
 * @returns {Promise<{origin: string, port: number, db: string, dir: string, proc, log: () => string,
 *   stop: (signal?: string) => Promise<number|null>}>}
 */
export async function startCollector(args = [], { db, dir } = {}) {
  dir = dir || tempDir();
  db = db ?? path.join(dir, 'responses.sqlite');
  // db === false: no --db flag (the test passes it another way, e.g. in a --config file).
  const dbArgs = db === false ? [] : ['--db', db];
  const proc = spawn(touchpoint, ['serve', '--listen', '127.0.0.1:0', ...dbArgs, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  proc.stdout.on('data', (d) => (log += d));
  proc.stderr.on('data', (d) => (log += d));
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve(code ?? signal)));
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`collector did not start:\n${log}`)), 10000);
    const check = () => {
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    proc.stderr.on('data', check);
    proc.on('exit', () => {
      clearTimeout(timer);
      reject(new Error(`collector exited before listening:\n${log}`));
    });
  });
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    port,
    db,
    dir,
    proc,
    exited,
    log: () => log,
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
}

/**
 * The storage backends a test file runs its cases over. Call at the top level of the file: the
 * PostgreSQL cluster (private to the file) starts then and stops after the file's tests.
 * `freshDb()` gives the --db value of a new empty database.
 */
export function backends() {
  const cluster = filePostgres();
  return [
    { name: 'sqlite', freshDb: async () => path.join(tempDir(), 'responses.sqlite') },
    { name: 'postgres', cluster, freshDb: async () => (await cluster).createDatabase() },
  ];
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

/**
 * One HTTP request. body: string | object (JSON-encoded). Resolves {status, headers, text, json}.
 */
export function request(origin, method, pathname, { body, headers = {}, type } = {}) {
  const data =
    body === undefined
      ? undefined
      : typeof body === 'string' || Buffer.isBuffer(body)
        ? body
        : JSON.stringify(body);
  const h = { ...headers };
  if (data !== undefined) {
    h['content-type'] = type ?? h['content-type'] ?? 'application/json';
    h['content-length'] = Buffer.byteLength(data);
  }
  const attempt = (retried) =>
    new Promise((resolve, reject) => {
      const req = http.request(origin + pathname, { method, headers: h, agent }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode, headers: res.headers, text, json });
        });
        res.on('error', reject);
      });
      req.on('error', (err) => {
        // The keep-alive race Node documents (request.reusedSocket): the server closed an idle
        // connection as this request went out on it. Posting a response is idempotent: send it again.
        if (!retried && req.reusedSocket && err.code === 'ECONNRESET') attempt(true).then(resolve, reject);
        else reject(err);
      });
      if (data !== undefined) req.write(data);
      req.end();
    });
  return attempt(false);
}

export const post = (origin, body, type = 'application/json', headers = {}) =>
  request(origin, 'POST', '/v1/responses', { body, type, headers });

/**
 * Runs an SQL query on the collector's database (the --db value): the sqlite3 shell for a file,
 * psql for a PostgreSQL connection string. Rows as arrays of strings.
 */
export function sql(db, query) {
  if (isPostgres(db)) return psql(db, query);
  const out = execFileSync('sqlite3', ['-readonly', '-separator', '\t', db, query], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\t'));
}

export function rowCount(db) {
  return Number(sql(db, 'SELECT COUNT(*) FROM responses')[0][0]);
}

/** A valid response/1 payload (the contract: docs/response.md); override any field. */
export function makeResponse(overrides = {}) {
  const nps = overrides.nps ?? 9;
  const category = nps >= 9 ? 'promoter' : nps >= 7 ? 'passive' : 'detractor';
  const payload = {
    touchpoint: 'response/1',
    id: crypto.randomUUID(),
    survey: { id: 'nps-support', version: '3', hash: 'sha256:0123456789abcdef0123456789abcdef' },
    submitted: '2026-11-23T05:00:00Z',
    partial: false,
    locale: 'zh-CN',
    answers: { nps, comment: '很好用' },
    scores: { nps: { value: nps, category, question: 'nps' } },
    journey: { map: 'b2b-purchase', stage: 'decision', touchpoint: 'demo-call' },
    context: { page: '/pricing' },
    redactions: 0,
  };
  if (category === 'detractor') payload.alert = { reason: 'detractor', question: 'nps' };
  delete overrides.nps;
  return { ...payload, ...overrides };
}

export function cloudEvent(payload) {
  return {
    specversion: '1.0',
    type: 'dev.touchpoint.response.v1',
    source: `touchpoint/${payload.survey.id}`,
    id: payload.id,
    time: payload.submitted,
    datacontenttype: 'application/json',
    data: payload,
  };
}
