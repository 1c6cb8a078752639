// The frame every question shares: a fieldset/legend (groups) or a label (single fields), the
// description, the error message wired to the inputs with aria-describedby/aria-invalid.
import { h, uid, setText } from '../dom.js';

/**
 * @param q the question of the view; @param group true for radio/checkbox groups (fieldset/legend)
 * @returns {{el, body, labelId, describedBy, showError(q), controlId}}: showError also refreshes the piped title and description
 */
export function frame(q, ctx, group) {
  const controlId = uid('c');
  const labelId = uid('l');
  const errorId = uid('e');
  // The view carries `description` whenever the survey defines one, even when its piping fills it
  // with nothing yet: the element is made once and shown as soon as an answer fills it.
  const descId = q.description != null ? uid('d') : null;
  const marker = q.required ? h('span', { class: 'tp-required', 'aria-hidden': 'true' }, ' *') : null;
  // Kept as one Text node beside the marker: a piped title changes its data, never the node.
  const titleText = document.createTextNode(q.title ?? '');
  const title = group
    ? h('legend', { id: labelId, class: 'tp-qtitle' }, titleText, marker)
    : h('label', { id: labelId, class: 'tp-qtitle', for: controlId }, titleText, marker);
  const desc = descId ? h('p', { id: descId, class: 'tp-desc', hidden: !q.description }, q.description) : null;
  const error = h('p', { id: errorId, class: 'tp-error', hidden: true });
  const body = h('div', { class: 'tp-qbody' });
  const describedBy = [descId, errorId].filter(Boolean).join(' ');
  const el = h(
    group ? 'fieldset' : 'div',
    { class: `tp-q tp-q-${q.type}`, dataset: { question: q.id }, 'aria-describedby': group ? describedBy : null },
    title,
    desc,
    body,
    error,
  );
  // Every update brings the core's view of the question: its error, and its texts with piping
  // filled in — an {answer.ID} of a question on the same step changes as that one is answered.
  // Unchanged text is left alone (setText), and it stays text, never markup.
  const showError = (view) => {
    if (view.title != null && titleText.data !== view.title) titleText.data = view.title;
    if (desc) {
      setText(desc, view.description || '');
      if (desc.hidden !== !view.description) desc.hidden = !view.description;
    }
    setText(error, view.error || '');
    if (error.hidden !== !view.error) error.hidden = !view.error; // an unchanged step writes nothing
    for (const input of el.querySelectorAll('input, textarea, select')) {
      if (view.error) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
  };
  return { el, body, labelId, controlId, describedBy, showError, required: !!q.required };
}

/** The first control a keyboard user should land on (the checked radio, else the first input). */
export function firstControl(el) {
  return el.querySelector('input:checked, textarea, input:not([type=radio]), input, button');
}
