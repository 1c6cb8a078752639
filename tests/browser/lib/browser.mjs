// Launches Debian's Chromium through playwright-core (no browser download: docs/toolchain.md).
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';

/** @param {{webgl?: boolean}} [options] webgl: enable WebGL2 through SwiftShader (the viewer). */
export async function launchBrowser({ webgl = false } = {}) {
  const args = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    // new headless is the full browser: without these it loads the omnibox popup's WebUI (~200 chrome://
    // modules) in a renderer of its own for every context, CPU a 2-core machine takes from the page
    // (Chromium 156 brought the AI-mode popup, ~550 ms of a renderer's main thread per context).
    '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup',
  ];
  // Playwright gives every launch a fresh, throw-away profile directory of its own.
  if (webgl) args.push('--enable-unsafe-swiftshader', '--use-angle=swiftshader');
  return chromium.launch({ executablePath, headless: true, args });
}

/** Collects console errors and uncaught exceptions of a page, for assertions. */
export function collectErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
  return errors;
}

/**
 * Opens a bundled single file from file:// in a context of its own with every other request
 * refused (what "works offline" means), and waits until its journey element has responses.
 * `requests` lists the refused addresses, `errors` the page's errors.
 */
export async function openOfflineBundle(browser, file, viewport) {
  const context = await browser.newContext({ viewport });
  const requests = [];
  await context.route('**/*', (route) => {
    if (route.request().url().startsWith('file:')) return route.continue();
    requests.push(route.request().url());
    return route.abort();
  });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(pathToFileURL(file).href);
  await page.waitForFunction(() => document.querySelector('touchpoint-journey')?.table?.()?.responses > 0, null, { timeout: 60000 });
  // Then its first load's end: the DOM table follows the map's frame.
  await page.evaluate(() => document.querySelector('touchpoint-journey').load());
  return { context, page, requests, errors };
}
