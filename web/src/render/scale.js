// nps, csat, ces and rating questions (numbers, stars or smileys; range and shape from the core's
// view): one native radio group, so arrow keys, Space and screen-reader announcements come from the
// browser itself.
import { h, uid, setText } from '../dom.js';
import { frame } from './frame.js';

const SMILEYS = ['😞', '🙁', '😐', '🙂', '😄'];

function glyph(q, value) {
  if (q.shape === 'stars') return '★';
  if (q.shape === 'smileys') {
    const span = Math.max(1, q.max - q.min);
    return SMILEYS[Math.round(((value - q.min) / span) * (SMILEYS.length - 1))];
  }
  return String(value);
}

export function scale(q, ctx) {
  const f = frame(q, ctx, true);
  const name = `${f.controlId}-r`;
  // The range comes from the core's view (each type's defaults and the survey's "scale" applied).
  const { min, max } = q;
  const options = h('div', { class: `tp-scale tp-shape-${q.shape || 'numbers'}`, dataset: { count: max - min + 1 } });
  const inputs = [];
  for (let value = min; value <= max; value++) {
    const input = h('input', {
      type: 'radio',
      name,
      value: String(value),
      class: 'tp-radio',
      required: f.required,
      onchange: () => ctx.answer(q.id, value),
    });
    inputs.push(input);
    const text = glyph(q, value);
    options.append(
      h(
        'label',
        { class: 'tp-option tp-scale-option' },
        input,
        q.shape === 'stars' || q.shape === 'smileys'
          ? [h('span', { 'aria-hidden': 'true' }, text), h('span', { class: 'tp-sr-only' }, ctx.t('scale', { n: value, max }))]
          : h('span', null, text),
      ),
    );
  }
  f.body.append(options);
  // The end labels are read with the first and last options rather than as loose text. The view
  // carries a label whenever the survey defines one (piped, it may read empty until answered).
  let minText = null;
  let maxText = null;
  if (q.minLabel != null || q.maxLabel != null) {
    const minId = uid('min');
    const maxId = uid('max');
    minText = h('span', { id: minId }, q.minLabel || '');
    maxText = h('span', { id: maxId }, q.maxLabel || '');
    f.body.append(h('div', { class: 'tp-scale-labels', 'aria-hidden': 'true' }, minText, maxText));
    if (q.minLabel != null) inputs[0].setAttribute('aria-describedby', minId);
    if (q.maxLabel != null) inputs[inputs.length - 1].setAttribute('aria-describedby', maxId);
  }
  const update = (view) => {
    for (const input of inputs) input.checked = view.answer != null && Number(input.value) === Number(view.answer);
    if (minText) setText(minText, view.minLabel || '');
    if (maxText) setText(maxText, view.maxLabel || '');
    f.showError(view);
  };
  return { el: f.el, update };
}
