// The fixture almost every browser test file needs: one local server and one Chromium for the
// whole file, started in before() and closed in after() even when a test failed.
import { before, after } from 'node:test';
import { startServer } from './server.mjs';
import { launchBrowser } from './browser.mjs';

/**
 * Registers the file's before/after hooks and returns an object whose `server` and `browser` are
 * set once before() has run (so read them inside tests, not at module level).
 * @param {{server?: () => Promise<any>, webgl?: boolean}} [options]
 *   server: starts the server (default: startServer() on the repository root);
 *   webgl: launch Chromium with WebGL2 (the journey viewer).
 */
export function useServerAndBrowser({ server = () => startServer(), webgl = false } = {}) {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await server();
    env.browser = await launchBrowser({ webgl });
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}
