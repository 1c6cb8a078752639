// Time from the loader's first line to the survey painted, and the longest main-thread task on
// the example host page while it happens (Long Tasks API), median over several fresh visits.
//   widget_time_to_visible_ms   performance mark touchpoint:start -> touchpoint:visible
//   widget_page_to_visible_ms   navigation start -> survey painted
//   host_longest_task_ms        longest task (ms) from navigation until 1 s after visible (median
//                               over runs; includes the host page's own parsing and first layout)
//   host_longest_task_max_ms    the same, worst run
//   widget_longest_task_ms      longest task that started after the loader's first line (the
//                               widget's own work: loading, opening, rendering), median; _max_ms worst
//   widget_long_tasks_over_50ms how many such widget tasks took over 50 ms, summed over all runs
//   # long tasks by phase       a comment line: the phase each task over 50 ms started in
//   bench_runs, bench_load_avg  measured runs and the machine's 1-minute load average (shared box)
//   widget_engine_load_ms       fetch + compile + instantiate of the wasm engine (inside the above)
//   widget_engine_open_ms       the core parsing the survey and opening a session
//   widget_render_ms            first view to DOM in the shadow root
//   widget_layout_ms            of which the survey's first layout (fonts, shaping), a task's worth
//   widget_warm_ms              the font warm-up before it (two tasks, while the engine downloads)
// Env: TP_DIST, TP_ROOT (as set by tools/bench.sh).
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = process.env.TP_ROOT || path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { startServer } = await import(path.join(root, 'tests/browser/lib/server.mjs'));
const { launchBrowser } = await import(path.join(root, 'tests/browser/lib/browser.mjs'));

const RUNS = Number(process.env.TP_BENCH_RUNS || 7);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await startServer({ handlers: { '/collect': (req, res) => (req.resume(), req.on('end', () => res.writeHead(201).end())) } });
const browser = await launchBrowser();
const visible = [];
const fromNavigation = [];
const longest = [];
const widgetLongest = [];
let widgetOver50 = 0;
const phases = [];
const spans = { 'touchpoint:engine-load': [], 'touchpoint:engine-open': [], 'touchpoint:render': [], 'touchpoint:layout': [], 'touchpoint:warm': [] };
try {
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.longTasks = [];
      new PerformanceObserver((list) => window.longTasks.push(...list.getEntries().map((e) => [e.startTime, e.duration]))).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`${server.origin}/tests/browser/pages/widget/host.html?survey=nps-support&locale=zh-CN`);
    await page.waitForFunction(() => performance.getEntriesByName('touchpoint:visible').length > 0, null, { timeout: 20000 });
    await page.waitForTimeout(1000);
    const m = await page.evaluate(() => ({
      start: performance.getEntriesByName('touchpoint:start')[0].startTime,
      visible: performance.getEntriesByName('touchpoint:visible')[0].startTime,
      longest: Math.max(0, ...window.longTasks.map(([, d]) => d)),
      widget: window.longTasks.filter(([s]) => s >= performance.getEntriesByName('touchpoint:start')[0].startTime).map(([, d]) => d),
      // which of the widget's phases each long task started in (where to cut next)
      phases: window.longTasks.filter(([, d]) => d > 50).map(([s, d]) => {
        const span = performance.getEntriesByType('measure').filter((e) => s >= e.startTime - 1 && s <= e.startTime + e.duration).sort((a, b) => a.duration - b.duration)[0]; // innermost
        const start = performance.getEntriesByName('touchpoint:start')[0].startTime;
        return `${span ? span.name.slice(11) : s < start ? 'host-page' : 'between'}:${d.toFixed(0)}ms`;
      }),
      spans: performance.getEntriesByType('measure').map((e) => [e.name, e.duration]),
    }));
    if (run > 0) {
      // the first visit warms the browser's compilers; a visitor's browser is warm too
      visible.push(m.visible - m.start);
      fromNavigation.push(m.visible);
      longest.push(m.longest);
      widgetLongest.push(Math.max(0, ...m.widget));
      widgetOver50 += m.widget.filter((d) => d > 50).length;
      phases.push(...m.phases);
      for (const [name, duration] of m.spans) spans[name]?.push(duration);
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`widget_time_to_visible_ms=${median(visible).toFixed(1)}`);
console.log(`widget_page_to_visible_ms=${median(fromNavigation).toFixed(1)}`);
console.log(`host_longest_task_ms=${median(longest).toFixed(1)}`);
console.log(`host_longest_task_max_ms=${Math.max(...longest).toFixed(1)}`);
console.log(`widget_longest_task_ms=${median(widgetLongest).toFixed(1)}`);
console.log(`widget_longest_task_max_ms=${Math.max(...widgetLongest).toFixed(1)}`);
console.log(`widget_long_tasks_over_50ms=${widgetOver50}`);
console.log(`bench_runs=${visible.length}`);
if (phases.length) console.log(`# long tasks by phase: ${phases.join(' ')}`);
console.log(`bench_load_avg=${os.loadavg()[0].toFixed(2)}`);
for (const [name, values] of Object.entries(spans))
  if (values.length) console.log(`widget_${name.slice(11).replace('-', '_')}_ms=${median(values).toFixed(1)}`);
