// What opening Studio costs (Chromium, the real collector, the demo's example surveys):
//   studio_first_load_gzip_bytes  every byte the page fetched until the editor was editable
//                                 (page, Lit bundle, CSS, wasm engine and its glue, API answers),
//                                 each gzip-compressed at level 9 as a server would send it
//   studio_ready_ms               navigation start -> a survey open in the editor, its fields
//                                 editable and the core's validation of it shown (median of 5,
//                                 signed in, fresh page, nothing cached)
// Run through tools/bench.sh (TP_DIST, TOUCHPOINT) or directly with those variables.
import os from 'node:os';
import zlib from 'node:zlib';
import { launchBrowser } from '../browser/lib/browser.mjs';
import { startCollector } from '../collector/lib/collector.mjs';

if (!process.env.TP_DIST || !process.env.TOUCHPOINT) throw new Error('run through tools/bench.sh (TP_DIST, TOUCHPOINT)');
const TOKEN = 'bench-editor-token-0123456789';
const collector = await startCollector(['--demo', '--seed', '0', '--dist', process.env.TP_DIST, '--editor-token', TOKEN, '--rate', '0']);
const browser = await launchBrowser();
const ready = [];
let bytes = 0;
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const signIn = await context.request.post(`${collector.origin}/v1/studio/session`, { data: { token: TOKEN }, headers: { origin: collector.origin } });
  if (!signIn.ok()) throw new Error(`sign-in: HTTP ${signIn.status()}`);
  for (let run = 0; run < 5; run++) {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const bodies = [];
    page.on('response', (r) => bodies.push(r.body().catch(() => Buffer.alloc(0))));
    await page.goto(`${collector.origin}/studio/#survey=nps-support`);
    await page.waitForFunction(() => document.querySelector('tp-editor [data-pointer="/title"]') && /found no problem|未发现问题/.test(document.querySelector('.problems')?.textContent || ''),
      null, { timeout: 60000 });
    ready.push(await page.evaluate(() => performance.now()));
    if (run === 0) for (const body of await Promise.all(bodies)) bytes += body.length ? zlib.gzipSync(body, { level: 9 }).length : 0;
    await page.close();
  }
} finally {
  await browser.close();
  await collector.stop();
}
ready.sort((a, b) => a - b);
console.log(`studio_first_load_gzip_bytes=${bytes}`);
console.log(`studio_ready_ms=${ready[2].toFixed(0)}`);
console.log(`studio_ready_load_average=${os.loadavg()[0].toFixed(2)}`);
