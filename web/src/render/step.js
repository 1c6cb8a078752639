// One step of a survey as the core's view describes it: title, progress, the step's questions
// (kept by id across updates so focus and IME state survive an answer), back/next, and the
// thank-you screen. Questions that appear or disappear (visibleIf) are added/removed in place.
import { h, uid, setText } from '../dom.js';
import { renderQuestion } from './questions.js';
import { firstControl } from './frame.js';

export function renderStep(view, ctx) {
  const headingId = uid('h');
  const heading = h('h2', { id: headingId, class: 'tp-title', tabindex: '-1' });
  const stepTitle = h('p', { class: 'tp-steptitle' });
  const progress = h('progress', { class: 'tp-progress', max: 100, 'aria-label': ctx.t('progress') });
  const list = h('div', { class: 'tp-questions' });
  const back = h('button', { type: 'button', class: 'tp-button tp-secondary', onclick: () => ctx.back() }, ctx.t('back'));
  const next = h('button', { type: 'submit', class: 'tp-button tp-primary' });
  const form = h(
    'form',
    { class: 'tp-form', novalidate: true, 'aria-labelledby': headingId, onsubmit: (e) => (e.preventDefault(), ctx.submit()) },
    list,
    h('div', { class: 'tp-nav' }, back, next),
  );
  const el = h('div', { class: 'tp-step' }, heading, stepTitle, progress, form);
  const rendered = new Map();

  const update = (v) => {
    setText(heading, v.survey?.title || ctx.t('dialog'));
    const multi = (v.step?.count || 1) > 1;
    setText(stepTitle, multi && v.step?.title ? v.step.title : '');
    stepTitle.hidden = !(multi && v.step?.title);
    progress.value = Math.round((v.progress || 0) * 100);
    setText(next, v.isLast ? ctx.t('submit') : ctx.t('next'));
    // A call to action moves on by its own two buttons: a third (Next) would skip it unrecorded.
    next.hidden = (v.questions || []).length > 0 && v.questions.every((q) => q.type === 'cta');
    back.hidden = !v.canBack;
    const ids = (v.questions || []).map((q) => q.id);
    for (const [id, r] of rendered) if (!ids.includes(id)) (r.el.remove(), rendered.delete(id));
    for (const q of v.questions || []) {
      if (rendered.has(q.id)) rendered.get(q.id).update(q);
      else rendered.set(q.id, renderQuestion(q, ctx));
    }
    const order = ids.map((id) => rendered.get(id).el);
    // Re-append only when the set or order changed: moving a focused node would drop its focus.
    if (order.some((node, i) => list.children[i] !== node) || list.children.length !== order.length) list.replaceChildren(...order);
  };
  update(view);

  return {
    el,
    heading,
    headingId,
    update,
    /** The first question with an error (its first control), for focus after a failed "next". */
    firstInvalid: (v) => {
      const bad = (v.questions || []).find((q) => q.error);
      return bad ? firstControl(rendered.get(bad.id).el) : null;
    },
  };
}

/** The thank-you screen; shows per-response score bands the survey defines (e.g. CX maturity). */
export function renderThanks(view, ctx) {
  const thanks = view.thankYou || {};
  const headingId = uid('h');
  const heading = h('h2', { id: headingId, class: 'tp-title', tabindex: '-1' }, thanks.title || ctx.t('thanks'));
  const bands = [];
  for (const [id, score] of Object.entries(thanks.scores?.custom || {})) {
    const band = score?.label || score?.band; // the band's label (the session's thank-you view), else its id
    if (band) bands.push(h('p', { class: 'tp-band' }, h('span', null, ctx.t('score', { title: score.title || id })), h('strong', null, band)));
  }
  const el = h(
    'div',
    { class: 'tp-step tp-thanks' },
    heading,
    thanks.message && h('p', { class: 'tp-message' }, thanks.message),
    bands,
    h('div', { class: 'tp-nav' }, h('button', { type: 'button', class: 'tp-button tp-primary', onclick: () => ctx.close() }, ctx.t('close'))),
  );
  return { el, heading, headingId };
}
