// A private PostgreSQL cluster for one collector test file: initdb in a temporary folder, a
// server listening on a Unix socket in that folder and on 127.0.0.1 at a free port, stopped (and
// the folder removed) by the after() hook it registers. Local (socket) connections are trusted;
// TCP connections need the password, so tests can check that it never reaches a log.
// When the tests run as root (initdb refuses to), the cluster runs as the `postgres` user.
import { after } from 'node:test';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const bin = process.env.TP_PG_BIN || '/usr/lib/postgresql/15/bin';
const asRoot = process.getuid?.() === 0;
export const superPassword = 'pg-secret-Zq81';

function runAsOwner(cmd, args, options = {}) {
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  return execFileSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a cluster; resolves to {dir, socketDir, port, conninfo(db), uri(db, user, password),
 * createDatabase(), sql(conninfo, query), stop(), start(), dataFiles()}.
 */
export async function startPostgres() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-pg-'));
  if (asRoot) execFileSync('chown', ['postgres:', dir]);
  const data = path.join(dir, 'data');
  const pwfile = path.join(dir, 'pw');
  fs.writeFileSync(pwfile, superPassword + '\n');
  if (asRoot) execFileSync('chown', ['postgres:', pwfile]);
  runAsOwner(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--pwfile', pwfile, '-E', 'UTF8', '--no-locale',
    '--auth-local=trust', '--auth-host=scram-sha-256']);
  const port = await freePort();
  const log = path.join(dir, 'server.log');
  const options = `-k ${dir} -p ${port} -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=32MB`;
  const pgctl = (...args) => runAsOwner(path.join(bin, 'pg_ctl'), ['-D', data, '-l', log, '-w', '-t', '60', ...args]);
  const start = () => pgctl('-o', options, 'start');
  start();
  let databases = 0;
  const cluster = {
    dir, socketDir: dir, port, data,
    conninfo: (db = 'postgres') => `host=${dir} port=${port} dbname=${db} user=postgres`,
    uri: (db = 'postgres', user = 'postgres', password = superPassword) =>
      `postgresql://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`,
    /** A fresh empty database; returns its key=value connection string. */
    createDatabase(name = `tp_${++databases}`) {
      cluster.sql(cluster.conninfo(), `CREATE DATABASE ${name}`);
      return cluster.conninfo(name);
    },
    sql: psql,
    /** Stops the server at once (like a crash); `start()` brings it back on the same port. */
    kill: () => pgctl('-m', 'immediate', 'stop'),
    start,
    stop() {
      spawnSync(asRoot ? 'runuser' : path.join(bin, 'pg_ctl'),
        [...(asRoot ? ['-u', 'postgres', '--', path.join(bin, 'pg_ctl')] : []), '-D', data, '-m', 'fast', '-w', 'stop'], { stdio: 'ignore' });
      fs.rmSync(dir, { recursive: true, force: true });
    },
    /** Every file holding table data or WAL (for "nothing identifying is stored" checks). */
    dataFiles() {
      const files = [];
      const walk = (d) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
          const p = path.join(d, e.name);
          if (e.isDirectory()) walk(p);
          else files.push(p);
        }
      };
      walk(path.join(data, 'base'));
      walk(path.join(data, 'pg_wal'));
      return files;
    },
  };
  return cluster;
}

/** Runs SQL with psql; rows as arrays of strings (tab-separated output). */
export function psql(conninfo, query) {
  const out = execFileSync('psql', ['-X', '-q', '-At', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-d', conninfo, '-c', query],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return out.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

let shared;
/**
 * The cluster of this test file, started on first use and stopped after the file's tests.
 * @returns {Promise<Awaited<ReturnType<typeof startPostgres>>>}
 */
export function filePostgres() {
  if (!shared) {
    shared = startPostgres();
    after(async () => (await shared).stop());
  }
  return shared;
}

/** True if a --db value is a PostgreSQL connection string (as the collector decides). */
export const isPostgres = (db) => /^postgres(ql)?:\/\//.test(db) || /^\s*[a-z_]+\s*=/.test(db);

/**
 * Responses committed but not yet in the rollups (tools/collector/pg_rollups.hpp: the rollups hold
 * what the snapshot in rollup_meta saw; the rest, the tail, is folded about once a second), by
 * that definition: not visible in the snapshot. Throws if the rollups hold no snapshot.
 */
export function rollupTail(conninfo) {
  const [[snapshots, tail]] = psql(conninfo, "WITH f AS (SELECT value::pg_snapshot AS s FROM rollup_meta WHERE name = 'folded') " +
    'SELECT (SELECT COUNT(*) FROM f), (SELECT COUNT(*) FROM responses, f WHERE NOT pg_visible_in_snapshot(tx::text::xid8, f.s))');
  if (snapshots !== '1') throw new Error('rollup_meta holds no snapshot of the rollups');
  return Number(tail);
}

/** Waits (20 s at most) until the collectors' compactors have folded every committed response into the rollups. */
export async function rollupsCompacted(conninfo) {
  const end = Date.now() + 20000;
  while (rollupTail(conninfo) > 0) {
    if (Date.now() > end) throw new Error('the rollups\' tail was not folded in within 20 s');
    await new Promise((r) => setTimeout(r, 100));
  }
}
