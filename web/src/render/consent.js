// consent: one checkbox whose label is the consent text. Value: true/false.
import { h, setText } from '../dom.js';
import { frame } from './frame.js';

export function consent(q, ctx) {
  const f = frame(q, ctx, true);
  const box = h('input', { type: 'checkbox', class: 'tp-check', required: f.required, onchange: () => ctx.answer(q.id, box.checked) });
  const text = h('span', null, q.consentText || q.title);
  f.body.append(h('label', { class: 'tp-option tp-choice' }, box, text));
  const update = (view) => {
    box.checked = view.answer === true;
    setText(text, view.consentText || view.title); // piped: it may read an answer on this step
    f.showError(view);
  };
  return { el: f.el, update };
}
