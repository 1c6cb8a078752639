// One renderer per question type of the core, registered explicitly by type string. A type this
// build does not know is shown as text with its error, never silently dropped.
import { scale } from './scale.js';
import { choice } from './choice.js';
import { text } from './text.js';
import { matrix } from './matrix.js';
import { ranking } from './ranking.js';
import { consent } from './consent.js';
import { number, date } from './field.js';
import { slider } from './slider.js';
import { cta } from './cta.js';
import { frame } from './frame.js';

const RENDERERS = {
  nps: scale,
  csat: scale,
  ces: scale,
  rating: scale,
  single: choice,
  multi: choice,
  text,
  matrix,
  ranking,
  consent,
  number,
  date,
  slider,
  cta,
};

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
