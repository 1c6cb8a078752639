// One small driver interface over the three browser engines, so a test is written once and run in
// each (tests/browser/engines/, TP_ENGINES picks them):
//   chromium  Debian's Chromium through playwright-core (lib/browser.mjs)
//   firefox   Debian's Firefox ESR over WebDriver BiDi, through puppeteer-core (headless, but given
//             an Xvfb display for WebGL2)
//   webkit    WebKitGTK's MiniBrowser through WebKitWebDriver (W3C WebDriver, selenium-webdriver),
//             on an Xvfb display
// This file starts each engine's Xvfb (on a free display) and stops it with the engine.
// Every page is isolated (its own storage): a Playwright context, a Firefox user context, a WebKit
// automation session (one at a time: a new page closes the previous one). The page interface:
// goto, reload, evaluate(fn, arg), waitFor(fn, arg), clickAt(x, y), click(fn, arg) (a real mouse
// click on the element fn returns), press(key), type(text), screenshot() (PNG bytes), close().
// Functions run in the page, so they take one JSON argument.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { describe, before, after } from 'node:test';
import { launchBrowser } from './browser.mjs';

/** The engines to run (TP_ENGINES=chromium,firefox,webkit by default). */
export const ENGINES = (process.env.TP_ENGINES || 'chromium,firefox,webkit')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);

const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';
const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER || '/usr/bin/WebKitWebDriver';
const MINIBROWSER = process.env.MINIBROWSER || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const WIDTH = 1280;
const HEIGHT = 800;

/** Launches an engine. Resolves to {name, newPage(), close()}. */
export async function launch(name) {
  if (name === 'chromium') return chromium();
  if (name === 'firefox') return firefox();
  if (name === 'webkit') return webkit();
  throw new Error(`unknown browser engine "${name}" (chromium, firefox, webkit)`);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * A driver call that must answer within `ms`: a browser or driver that stops answering (seen rarely
 * on a loaded machine) fails the test that waits on it, by name, instead of holding the run.
 */
function within(promise, ms, what) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what}: no answer from the browser driver within ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** What every engine's page shares: waiting by polling evaluate() from node, and a click on an element's centre. */
function withCommon(page) {
  page.waitFor = async (fn, arg, { timeout = 15000, interval = 50 } = {}) => {
    const deadline = Date.now() + timeout;
    let last;
    for (;;) {
      try {
        const value = await page.evaluate(fn, arg);
        if (value) return value;
      } catch (error) {
        last = error; // mid-navigation: try again
      }
      if (Date.now() > deadline)
        throw new Error(
          `timed out after ${timeout} ms waiting for ${String(fn).slice(0, 160)}${last ? ` (last error: ${last.message})` : ''}`,
        );
      await sleep(interval);
    }
  };
  page.click = async (fn, arg) => {
    const box = await page.evaluate(`(() => {
      const el = (${fn})(${JSON.stringify(arg ?? null)});
      if (!el) return null;
      el.scrollIntoView({ block: 'center' });
      const r = el.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    })()`);
    if (!box) throw new Error(`click: no element for ${String(fn).slice(0, 160)}`);
    await page.clickAt(Math.round(box.x), Math.round(box.y));
  };
  return page;
}

// A function and its argument as one expression (engines differ in how they pass arguments).
const call = (fn, arg) => (typeof fn === 'string' ? fn : `(${fn})(${JSON.stringify(arg ?? null)})`);

// --- [SECTION] Chromium (Playwright) -------------------------------------------------------------
async function chromium() {
  const browser = await launchBrowser({ webgl: true });
  return {
    name: 'chromium',
    async newPage() {
      const context = await browser.newContext({ viewport: { width: WIDTH, height: HEIGHT } });
      const p = await context.newPage();
      return withCommon({
        goto: (url) => p.goto(url),
        reload: () => p.reload({ waitUntil: 'domcontentloaded' }),
        evaluate: (fn, arg) => p.evaluate(call(fn, arg)),
        clickAt: (x, y) => p.mouse.click(x, y),
        press: (key) => p.keyboard.press(key),
        type: (text) => p.keyboard.type(text),
        screenshot: () => p.screenshot(),
        close: () => context.close(),
      });
    },
    close: () => browser.close(),
  };
}

// --- [SECTION] Firefox (puppeteer-core, WebDriver BiDi) ------------------------------------------
async function firefox() {
  const { default: puppeteer } = await import('puppeteer-core');
  // Headless Firefox finds no GL without a display: on an Xvfb one it gets WebGL2 (Mesa's llvmpipe).
  const xvfb = await startXvfb();
  const browser = await puppeteer
    .launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: true,
      defaultViewport: { width: WIDTH, height: HEIGHT },
      extraPrefsFirefox: { 'network.proxy.type': 0 },
      env: { ...process.env, DISPLAY: xvfb.display },
    })
    .catch(async (error) => {
      await xvfb.stop();
      throw error;
    });
  return {
    name: 'firefox',
    async newPage() {
      const context = await browser.createBrowserContext();
      const p = await context.newPage();
      return withCommon({
        goto: (url) => p.goto(url),
        reload: () => p.reload({ waitUntil: 'domcontentloaded' }),
        evaluate: (fn, arg) => p.evaluate(call(fn, arg)),
        clickAt: (x, y) => p.mouse.click(x, y),
        async press(key) {
          // Puppeteer presses one key at a time: "Shift+Tab" is Shift held around Tab.
          const keys = key.split('+');
          for (const k of keys.slice(0, -1)) await p.keyboard.down(k);
          await p.keyboard.press(keys.at(-1) === 'Space' ? ' ' : keys.at(-1));
          for (const k of keys.slice(0, -1).reverse()) await p.keyboard.up(k);
        },
        type: (text) => p.keyboard.type(text),
        screenshot: async () => Buffer.from(await p.screenshot()),
        close: () => context.close(),
      });
    },
    async close() {
      // A Firefox that does not quit is killed: its process must not outlive the test file.
      await within(browser.close(), 20000, 'closing Firefox').catch(() => browser.process()?.kill('SIGKILL'));
      await xvfb.stop();
    },
  };
}

// --- [SECTION] WebKit (WebKitWebDriver + MiniBrowser on Xvfb, selenium-webdriver) ----------------
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Starts Xvfb on a free display (it names the display on fd 3). Resolves to {display, stop()}. */
function startXvfb() {
  return new Promise((resolve, reject) => {
    const xvfb = spawn(
      'Xvfb',
      ['-displayfd', '3', '-screen', '0', `${WIDTH + 100}x${HEIGHT + 200}x24`, '-nolisten', 'tcp'],
      {
        stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    xvfb.stderr.on('data', (d) => (err += d));
    xvfb.stdio[3].on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve({ display: `:${out.trim()}`, stop: () => stop(xvfb) });
    });
    xvfb.once('error', reject);
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited (${code}): ${err.slice(-500)}`)));
  });
}

async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(3000)]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

// Per try: the first try of a new WebKit session, then the one after a driver restart (milliseconds).
const SESSION_START_MS = (process.env.TP_WEBKIT_SESSION_MS || '120000,180000').split(',').map(Number);

/**
 * Starts WebKitWebDriver on a free port, as the leader of its own process group so that stop() also
 * kills the MiniBrowser it launched. Resolves to {server, stop()} once the driver answers.
 */
async function startWebKitDriver(display) {
  const port = await freePort();
  const child = spawn(WEBKIT_DRIVER, [`--port=${port}`, '--host=127.0.0.1'], {
    stdio: 'ignore',
    detached: true,
    env: { ...process.env, DISPLAY: display },
  });
  const stopGroup = async () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    await stop(child);
    try {
      process.kill(-child.pid, 'SIGKILL'); // a MiniBrowser that outlived its driver
    } catch {
      /* none left */
    }
  };
  // A test file cancelled by its time limit never runs its after() hooks: the group must not outlive it.
  process.once('exit', () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  });
  const server = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${server}/status`)).ok) return { server, stop: stopGroup };
    } catch {
      /* not listening yet */
    }
    if (i > 100) {
      await stopGroup();
      throw new Error('WebKitWebDriver did not start');
    }
    await sleep(100);
  }
}

async function webkit() {
  for (const file of [WEBKIT_DRIVER, MINIBROWSER])
    if (!fs.existsSync(file))
      throw new Error(`${file} is missing: install webkit2gtk-driver (tools/setup.sh)`);
  const { Builder, Key, Origin } = await import('selenium-webdriver');
  const xvfb = await startXvfb();
  let driverProcess = await startWebKitDriver(xvfb.display);
  const keys = {
    Tab: Key.TAB,
    Enter: Key.ENTER,
    Space: Key.SPACE,
    Escape: Key.ESCAPE,
    Shift: Key.SHIFT,
    ArrowRight: Key.ARROW_RIGHT,
    ArrowLeft: Key.ARROW_LEFT,
    ArrowUp: Key.ARROW_UP,
    ArrowDown: Key.ARROW_DOWN,
    Backspace: Key.BACK_SPACE,
  };
  const sessions = new Set();
  async function startSession(server, ms) {
    const driver = new Builder()
      .usingServer(server)
      .withCapabilities({
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
      })
      .build();
    driver.catch(() => {}); // the driver is also a promise of itself: a session that fails is reported below, not unhandled
    sessions.add(driver); // before it answers: a session that starts late is still quit by the next page
    await within(driver.getSession(), ms, 'starting a WebKit session');
    return { driver }; // wrapped: an async function returning the thenable driver would resolve to another object
  }
  return {
    name: 'webkit',
    async newPage() {
      // WebKitWebDriver runs one session at a time: a page a failed test left open goes first.
      for (const open of sessions)
        await within(open.quit(), 20000, 'closing a WebKit session').catch(() => {});
      sessions.clear();
      // A loaded machine has taken over a minute to start MiniBrowser, but CI has also seen a driver that
      // never answered a new session (180 s). Such a driver (and the MiniBrowser it may have left) is
      // killed and a fresh one gets one more try: the test still fails if the second does not answer.
      let driver;
      try {
        ({ driver } = await startSession(driverProcess.server, SESSION_START_MS[0]));
      } catch (error) {
        console.error(`# WebKit: ${error.message}; restarting WebKitWebDriver and trying once more`);
        await driverProcess.stop();
        sessions.clear();
        driverProcess = await startWebKitDriver(xvfb.display);
        ({ driver } = await startSession(driverProcess.server, SESSION_START_MS[1]));
      }
      await driver.manage().setTimeouts({ script: 60000, pageLoad: 60000 });
      await driver
        .manage()
        .window()
        .setRect({ width: WIDTH, height: HEIGHT })
        .catch(() => {});
      return withCommon({
        goto: (url) => within(driver.get(url), 90000, `opening ${url} in WebKit`), // the driver's page-load timeout is 60 s
        reload: () => within(driver.navigate().refresh(), 90000, 'reloading in WebKit'),
        async evaluate(fn, arg) {
          // The page's promise settles the async script; errors come back as values (WebDriver drops their message).
          const result = await within(
            driver.executeAsyncScript(
              `const done = arguments[arguments.length - 1];
             Promise.resolve().then(() => ${call(fn, arg)}).then((value) => done({ value: value === undefined ? null : value }), (e) => done({ error: e instanceof Error ? e.name + ': ' + e.message : String(e) }));`,
            ),
            90000,
            'a script in WebKit',
          ); // the driver's own script timeout is 60 s
          if (result?.error) throw new Error(result.error);
          return result?.value;
        },
        clickAt: (x, y) =>
          driver.actions().move({ x, y, origin: Origin.VIEWPORT }).press().release().perform(),
        async press(key) {
          const parts = key.split('+').map((k) => keys[k] ?? k);
          const actions = driver.actions();
          for (const k of parts.slice(0, -1)) actions.keyDown(k);
          actions.keyDown(parts.at(-1)).keyUp(parts.at(-1));
          for (const k of parts.slice(0, -1).reverse()) actions.keyUp(k);
          await actions.perform();
        },
        async type(text) {
          await driver.actions().sendKeys(text).perform();
          // WebKitWebDriver may answer before the page has handled every key (seen with CJK text, and under
          // load one key every few hundred ms): a Tab sent now would blur the field mid-text. Wait until the
          // focused field shows the text typed, or (a field that reformats it, like a date) until its value
          // has stayed the same for a full second.
          let last;
          let stable = 0;
          for (let i = 0; i < 200 && stable < 20; i++) {
            const value = await this.evaluate(() => {
              let a = document.activeElement;
              while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
              return a?.value ?? null;
            });
            if (typeof value === 'string' && value.endsWith(text)) break;
            stable = i > 0 && value === last ? stable + 1 : 0;
            last = value;
            await sleep(50);
          }
        },
        screenshot: async () => Buffer.from(await driver.takeScreenshot(), 'base64'),
        async close() {
          sessions.delete(driver);
          await within(driver.quit(), 20000, 'closing a WebKit session').catch(() => {});
        },
      });
    },
    async close() {
      for (const driver of sessions)
        await within(driver.quit(), 20000, 'closing a WebKit session').catch(() => {});
      await driverProcess.stop();
      await xvfb.stop();
    },
  };
}

/**
 * Runs `body(env)` once per engine of ENGINES (those of `engines` only, if given), in a describe() named after it. env.engine (the
 * launched engine) and env.server (from `server()`, one per engine) are set in before() and closed
 * in after(), even when a test failed. env.name is the engine's name (for per-engine choices).
 */
export function eachEngine({ server, engines = ENGINES }, body) {
  for (const name of ENGINES.filter((e) => engines.includes(e))) {
    describe(name, () => {
      const env = { name, engine: null, server: null };
      before(async () => {
        env.server = await server();
        env.engine = await launch(name);
      });
      after(async () => {
        await env.engine?.close();
        await env.server?.close();
      });
      body(env);
    });
  }
}
