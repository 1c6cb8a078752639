// A static file server on 127.0.0.1 for the browser tests. It maps URL prefixes to folders:
//   /dist/     -> the wasm build's browser assets (TP_DIST, default build/wasm-release/dist)
//   /web/, /examples/, /tests/browser/pages/  -> the source tree
// Tests may add routes (e.g. a flaky endpoint) through `handlers`.
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const distDir = path.resolve(process.env.TP_DIST || path.join(repoRoot, 'build/wasm-release/dist'));

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ndjson': 'application/x-ndjson',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

const mounts = [
  ['/dist/', distDir],
  ['/web/', path.join(repoRoot, 'web')],
  ['/examples/', path.join(repoRoot, 'examples')],
  ['/tests/browser/pages/', path.join(repoRoot, 'tests/browser/pages')],
];

/**
 * Starts the server on an ephemeral port.
 * @param {{handlers?: Record<string, (req: http.IncomingMessage, res: http.ServerResponse) => void>,
 *          headers?: Record<string, string>}} [options]
 *   handlers: exact-path routes tried before the static mounts; headers: added to every static file.
 */
export async function startServer({ handlers = {}, headers = {} } = {}) {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const handler = handlers[url.pathname];
    if (handler) return handler(req, res);
    if (url.pathname === '/favicon.ico') return void res.writeHead(204).end();
    const mount = mounts.find(([prefix]) => url.pathname.startsWith(prefix));
    if (!mount) return void res.writeHead(404).end('not found');
    const [prefix, dir] = mount;
    const file = path.resolve(dir, '.' + decodeURIComponent(url.pathname.slice(prefix.length - 1)));
    if (!file.startsWith(dir)) return void res.writeHead(403).end('forbidden');
    try {
      const body = await fs.readFile(file);
      res.writeHead(200, {
        'content-type': types[path.extname(file)] || 'application/octet-stream',
        'cache-control': 'no-store',
        ...headers,
      });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { server, origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}
