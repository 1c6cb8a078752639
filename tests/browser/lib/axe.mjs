// axe-core in a page: the WCAG 2.0/2.1/2.2 A and AA rules every accessibility test checks, run
// on the whole document or one part of it, violations as one readable line each.
import path from 'node:path';
import { repoRoot } from './server.mjs';

const AXE = path.join(repoRoot, 'tests/node_modules/axe-core/axe.min.js');
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/** axe's result on a Playwright page or frame. `context`: an axe context (JSON-serialisable, e.g.
 *  { include: [['touchpoint-survey']] } or { fromShadowDom: [...] }); null = the whole document.
 *  `options` are added to the run options (e.g. { iframes: false }). */
export async function axeRun(page, context = null, options = {}) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  return page.evaluate(
    ({ ctx, opts, tags }) => window.axe.run(ctx ?? document, { ...opts, runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    { ctx: context, opts: options, tags: WCAG_TAGS },
  );
}

/** The violations as lines "rule: help — target, target". */
export async function axeViolations(page, context = null, options = {}) {
  const result = await axeRun(page, context, options);
  return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' > ')).join(', ')}`);
}
