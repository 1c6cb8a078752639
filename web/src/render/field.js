// number and date: one native input each (the browser brings the numeric keypad and the date
// picker, localized). The raw value goes to the core, which validates it (range, whole number,
// YYYY-MM-DD) and returns its localized error; nothing is judged here.
import { h, setAttr } from '../dom.js';
import { frame } from './frame.js';
import { imeSafeEnter } from './keys.js';

function single(q, ctx, props, toValue, fromValue) {
  const f = frame(q, ctx, false);
  const field = h('input', {
    id: f.controlId,
    class: 'tp-input tp-short',
    required: f.required,
    autocomplete: 'off',
    'aria-describedby': f.describedBy || null,
    ...props,
  });
  let sent = null;
  const commit = () => {
    if (field.value === sent) return;
    sent = field.value;
    ctx.answer(q.id, field.value === '' ? null : toValue(field.value));
  };
  field.addEventListener('change', commit);
  field.addEventListener('keydown', imeSafeEnter(() => (commit(), ctx.submit())));
  ctx.beforeNext(commit);
  f.body.append(field);
  const update = (view) => {
    if (field.getRootNode().activeElement !== field && view.answer != null) field.value = fromValue(view.answer);
    sent = field.value;
    if ('placeholder' in props) setAttr(field, 'placeholder', view.placeholder); // piped, like every text
    f.showError(view);
  };
  return { el: f.el, update };
}

export function number(q, ctx) {
  return single(
    q,
    ctx,
    { type: 'number', inputmode: q.integer ? 'numeric' : 'decimal', step: q.integer ? '1' : 'any', min: q.min ?? null, max: q.max ?? null, placeholder: q.placeholder || null },
    (text) => (Number.isFinite(Number(text)) ? Number(text) : text), // not a number: the core says so
    String,
  );
}

export function date(q, ctx) {
  return single(q, ctx, { type: 'date', min: q.min || null, max: q.max || null }, (text) => text, String);
}
