// Helpers for the Studio browser tests: the real collector (`touchpoint serve` with an editor
// token and the wasm build's dist, Studio included) and a signed-in page.
import path from 'node:path';
import fs from 'node:fs';
import { startCollector, repoRoot } from '../../collector/lib/collector.mjs';

export const EDITOR = 'studio-editor-token-0123456789';
export const dist = path.resolve(process.env.TP_DIST || path.join(repoRoot, 'build/wasm-release/dist'));
export const haveStudio = fs.existsSync(path.join(dist, 'studio', 'studio.js')) && fs.existsSync(path.join(dist, 'touchpoint-engine.wasm'));
export const skipReason = haveStudio ? false : `no Studio build in ${dist} (tools/build.sh wasm-release)`;

export function startStudioCollector(extra = []) {
  return startCollector(['--editor-token', EDITOR, '--dist', dist, '--rate', '0', ...extra]);
}

/** A new page with Studio's UI language and theme preset (as a returning user's choice). */
export async function studioPage(browser, { locale = 'en', theme = 'light', viewport = { width: 1280, height: 900 } } = {}) {
  const context = await browser.newContext({ viewport, locale: locale === 'zh-CN' ? 'zh-CN' : 'en-US' });
  await context.addInitScript(([l, t]) => {
    if (!localStorage.getItem('tp-studio-locale')) localStorage.setItem('tp-studio-locale', l);
    if (!localStorage.getItem('tp-studio-theme')) localStorage.setItem('tp-studio-theme', t);
  }, [locale, theme]);
  return context.newPage();
}

export async function signIn(page, origin, token = EDITOR) {
  await page.goto(`${origin}/studio/`);
  await page.fill('#token', token);
  await page.press('#token', 'Enter');
  await page.waitForSelector('#list-title');
}

/** Creates survey `id` from `template` on the signed-in list page and waits for its validated editor. */
export async function createSurvey(page, template, id) {
  await page.selectOption('#new-template', template);
  await page.fill('#new-id', id);
  await page.click('button:has-text("Create")');
  await page.waitForSelector('tp-editor .question');
  await validated(page);
}

/** Waits until the editor's live validation has run on the current text. */
export async function validated(page) {
  await page.waitForFunction(() => {
    const p = document.querySelector('.problems');
    return p && !/Checking|检查中/.test(p.textContent);
  });
}

/** Answers every step of the widget's survey on `page` (first choice, NPS 9), submits, and
 *  resolves with the delivered event's detail. */
export async function completeSurvey(page) {
  const sent = page.evaluate(() => new Promise((resolve, reject) => {
    document.addEventListener('touchpoint:sent', (e) => e.detail?.kind === 'response' && resolve(e.detail));
    // (an alert goes to the survey's own alert endpoint, which the test host page does not have)
    document.addEventListener('touchpoint:error', (e) => e.detail?.kind !== 'alert' && reject(new Error(`touchpoint:error ${JSON.stringify(e.detail)}`)));
    setTimeout(() => reject(new Error('no touchpoint:sent within 20 s')), 20000);
  }));
  for (let step = 0; step < 12; step++) {
    const done = await page.evaluate(() => {
      const root = document.querySelector('touchpoint-survey')?.shadowRoot;
      if (!root || !root.querySelector('.tp-form')) return true;
      for (const q of root.querySelectorAll('fieldset.tp-q')) {
        const radios = [...q.querySelectorAll('input[type=radio]')];
        if (radios.length && !radios.some((r) => r.checked)) (radios.find((r) => r.value === '9') || radios[0]).click();
      }
      root.querySelector('.tp-primary').click();
      return false;
    });
    if (done) break;
    await page.waitForTimeout(300);
  }
  return sent;
}
