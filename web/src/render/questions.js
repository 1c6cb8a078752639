// One renderer per question type of the core, registered explicitly by type string. A type this
// build does not know is shown as text with its error, never silently dropped.
import { scale } from './scale.js';
import { choice } from './choice.js';
import { text } from './text.js';
import { consent } from './consent.js';
import { frame } from './frame.js';

const RENDERERS = {
  nps: scale,
  csat: scale,
  ces: scale,
  rating: scale,
  single: choice,
  multi: choice,
  text,
  consent,
};

// The types fewer surveys use: a chunk each, not in the first load; loadRenderers fetches the ones
// a survey has while the engine downloads.
const LATER = {
  matrix: () => import('./matrix.js').then((m) => m.matrix),
  ranking: () => import('./ranking.js').then((m) => m.ranking),
  number: () => import('./field.js').then((m) => m.number),
  date: () => import('./field.js').then((m) => m.date),
  slider: () => import('./slider.js').then((m) => m.slider),
  cta: () => import('./cta.js').then((m) => m.cta),
};

/** Loads the renderers of these question types (a survey's), so renderQuestion finds them. */
export async function loadRenderers(types) {
  const missing = [...new Set(types)].filter((type) => Object.hasOwn(LATER, type) && !RENDERERS[type]);
  await Promise.all(missing.map(async (type) => (RENDERERS[type] = await LATER[type]())));
}

function unknown(q, ctx) {
  const f = frame(q, ctx, true);
  return { el: f.el, update: f.showError };
}

/** @returns {{el: HTMLElement, update(view: object): void}} */
export function renderQuestion(q, ctx) {
  const rendered = (RENDERERS[q.type] || unknown)(q, ctx);
  rendered.update(q);
  return rendered;
}
