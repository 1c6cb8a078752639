// Free text: an input or a textarea. The answer goes to the core on change and before "next" (not
// per keystroke, and never mid-composition); the core redacts PII when it builds the payload.
// The counter counts code points, as the core's maxLength does (an emoji or a CJK character is one).
import { h, uid, setText, setAttr } from '../dom.js';
import { frame } from './frame.js';
import { imeSafeEnter } from './keys.js';

export const codePoints = (text) => [...text].length;

export function text(q, ctx) {
  const f = frame(q, ctx, false);
  const counterId = q.maxLength ? uid('n') : null;
  const field = h(q.multiline ? 'textarea' : 'input', {
    id: f.controlId,
    class: 'tp-input',
    type: q.multiline ? null : 'text',
    rows: q.multiline ? 4 : null,
    placeholder: q.placeholder || null,
    required: f.required,
    autocomplete: 'off',
    'aria-describedby': [f.describedBy, counterId].filter(Boolean).join(' ') || null,
  });
  let sent = null;
  const commit = () => {
    if (field.value === sent) return;
    sent = field.value;
    ctx.answer(q.id, field.value === '' ? null : field.value);
  };
  const counter = counterId && h('p', { id: counterId, class: 'tp-counter' });
  const count = () => {
    if (!counter) return;
    const n = codePoints(field.value);
    setText(counter, ctx.t('chars', { n, max: q.maxLength }));
    counter.classList.toggle('tp-over', n > q.maxLength);
  };
  field.addEventListener('input', count);
  field.addEventListener('change', commit);
  field.addEventListener('compositionend', count);
  if (!q.multiline) field.addEventListener('keydown', imeSafeEnter(() => (commit(), ctx.submit())));
  ctx.beforeNext(commit);
  f.body.append(field);
  if (counter) f.body.append(counter);
  const update = (view) => {
    if (field.getRootNode().activeElement !== field && view.answer != null && typeof view.answer === 'string') field.value = view.answer;
    sent = view.answer ?? '';
    count();
    setAttr(field, 'placeholder', view.placeholder); // piped: it may read an answer on this step
    f.showError(view);
  };
  return { el: f.el, update };
}
