// slider: a native <input type=range> (the browser brings arrow keys, Home/End, the drag and the
// screen reader's slider role) with the value shown beside it in an <output>, and the survey's end
// labels under the track. PageUp/PageDown move a tenth of the track in every browser (Chromium
// and Firefox differ there). In right-to-left locales the track runs right to left, as the page
// does. Untouched, it records nothing: the respondent's first move answers, so a skipped optional
// slider is not a silent midpoint.
import { h, setText, setAttr } from '../dom.js';
import { frame } from './frame.js';

export function slider(q, ctx) {
  const f = frame(q, ctx, false);
  const { min, max, step } = q;
  const input = h('input', {
    id: f.controlId,
    type: 'range',
    class: 'tp-range',
    min: String(min),
    max: String(max),
    step: String(step),
    required: f.required,
    'aria-describedby': f.describedBy || null,
  });
  // The screen reader reads aria-valuetext; the output is its visible twin, hidden from it.
  const output = h('output', { class: 'tp-range-value', for: f.controlId, 'aria-hidden': 'true' });
  let ends = { min: q.minLabel, max: q.maxLabel }; // the end labels as last piped by the core
  const valueText = (value) => {
    const n = Number(value);
    const label = n === min ? ends.min : n === max ? ends.max : '';
    return label ? `${value} (${label})` : String(value);
  };
  const show = (value, answered) => {
    setText(output, answered ? String(value) : '–');
    setAttr(input, 'aria-valuetext', valueText(value));
    input.classList.toggle('tp-range-unset', !answered);
  };
  let sent = null;
  const commit = () => {
    if (input.value === sent) return;
    sent = input.value;
    show(input.value, true);
    ctx.answer(q.id, Number(input.value));
  };
  input.addEventListener('input', () => show(input.value, true));
  input.addEventListener('change', commit);
  // A click on the thumb where it already sits fires no change: it answers all the same.
  input.addEventListener('pointerup', commit);
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'PageUp' && event.key !== 'PageDown') return;
    event.preventDefault();
    const steps = Math.round((max - min) / step);
    const jump = Math.max(1, Math.round(steps / 10)) * (event.key === 'PageUp' ? 1 : -1);
    const at = Math.round((Number(input.value) - min) / step) + jump;
    input.value = String(min + Math.min(steps, Math.max(0, at)) * step);
    commit();
  });
  const track = h('div', { class: 'tp-range-row' }, input, output);
  f.body.append(track);
  // The view carries a label whenever the survey defines one (piped, it may read empty for now).
  const minText = h('span', null, q.minLabel || '');
  const maxText = h('span', null, q.maxLabel || '');
  if (q.minLabel != null || q.maxLabel != null) {
    f.body.append(h('div', { class: 'tp-scale-labels', 'aria-hidden': 'true' }, minText, maxText));
  }
  const update = (view) => {
    ends = { min: view.minLabel, max: view.maxLabel };
    setText(minText, view.minLabel || '');
    setText(maxText, view.maxLabel || '');
    if (view.answer != null) {
      input.value = String(view.answer);
      sent = input.value;
    }
    show(input.value, view.answer != null);
    f.showError(view);
  };
  return { el: f.el, update };
}
