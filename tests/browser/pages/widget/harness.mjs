// Node-side helpers shared by the widget browser tests (tests/browser/widget*.test.mjs): a test
// server with collecting endpoints, opening the example host page on a survey, reading the
// survey's shadow DOM.
import fs from 'node:fs';
import path from 'node:path';
import { startServer, repoRoot } from '../../lib/server.mjs';
import { coreTable } from '../../../../web/core-tables.mjs';

/** The display modes the core accepts (the survey/1 schema), each shown by the tests. */
export const MODES = (await coreTable('widget-display')).modes;

/** Every example survey (examples/surveys) plus the widget's all-question-types fixture, as host-page sources. */
export function surveySources() {
  const dir = path.join(repoRoot, 'examples/surveys');
  const examples = fs.existsSync(dir)
    ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => `/examples/surveys/${f}`)
    : [];
  return [...examples, '/tests/browser/pages/widget/surveys/all-types.json'];
}

function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/** The static server plus endpoints that store what they receive: received[path] = [{headers, body}]. */
export async function startWidgetServer(options = {}) {
  const received = {};
  const collect = (route) => async (req, res) => {
    const body = await readBody(req);
    (received[route] ||= []).push({ headers: req.headers, body });
    res.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
  };
  const server = await startServer({
    ...options,
    handlers: {
      '/collect': collect('/collect'),
      '/api/responses': collect('/api/responses'),
      '/api/alerts': collect('/api/alerts'),
      ...options.handlers,
    },
  });
  return Object.assign(server, { received });
}

/** Host page URL for a survey source and display options. */
export function hostUrl(server, { survey, mode, locale, theme, hostTheme, page = 'host.html' } = {}) {
  const q = new URLSearchParams({ alert: '/api/alerts' }); // example surveys may name remote alert endpoints
  if (survey) q.set('survey', survey);
  if (mode) q.set('mode', mode);
  if (locale) q.set('locale', locale);
  if (theme) q.set('theme', theme);
  if (hostTheme) q.set('host-theme', hostTheme);
  return `${server.origin}/tests/browser/pages/widget/${page}?${q}`;
}

/** Opens the host page and waits until the survey is visible and its entrance transition is over. */
export async function openSurvey(context, server, options) {
  const page = await context.newPage();
  await page.goto(hostUrl(server, options));
  await page.waitForSelector('html[data-tp-shown="true"]', { timeout: 15000 });
  await page.waitForFunction(() => {
    const panel = document.querySelector('touchpoint-survey')?.shadowRoot?.querySelector('.tp-panel');
    return panel && panel.classList.contains('tp-open') && panel.getAnimations({ subtree: true }).every((a) => a.playState !== 'running');
  });
  return page;
}

/** What has focus inside the survey's shadow root (or where focus is, if outside). */
export function focused(page) {
  return page.evaluate(() => {
    const host = document.querySelector('touchpoint-survey');
    const el = host?.shadowRoot?.activeElement;
    if (!el) return { inside: false, tag: document.activeElement?.tagName.toLowerCase() };
    return {
      inside: true,
      tag: el.tagName.toLowerCase(),
      type: el.type || '',
      name: el.name || '',
      checked: !!el.checked,
      disabled: !!el.disabled,
      classes: el.className,
      text: el.textContent.trim(),
      question: el.closest('[data-question]')?.dataset.question || '',
      questionType: [...(el.closest('[data-question]')?.classList || [])].find((c) => c.startsWith('tp-q-'))?.slice(5) || '',
    };
  });
}

/** Text of the current heading, step title and the ids of the questions on screen. */
export function screen(page) {
  return page.evaluate(() => {
    const root = document.querySelector('touchpoint-survey')?.shadowRoot;
    if (!root) return null;
    return {
      title: root.querySelector('.tp-title')?.textContent,
      thanks: !!root.querySelector('.tp-thanks'),
      questions: [...root.querySelectorAll('[data-question]')].map((q) => q.dataset.question),
      errors: [...root.querySelectorAll('.tp-error:not([hidden])')].map((e) => e.textContent),
      text: root.querySelector('.tp-panel')?.innerText,
    };
  });
}
