// single (radio group) and multi (checkboxes), with an optional "other" choice that reveals a text
// field. Values follow response/1: "a" | ["a","b"], and {"value":"other","text":"…"} for other.
import { h, setText, setAttr } from '../dom.js';
import { frame } from './frame.js';
import { imeSafeEnter } from './keys.js';

export function choice(q, ctx) {
  const multi = q.type === 'multi';
  const f = frame(q, ctx, true);
  const name = `${f.controlId}-c`;
  const list = h('div', { class: 'tp-choices' });
  const boxes = [];
  const labels = []; // the choices' label spans, refreshed when a piped label changes
  const choices = [...(q.choices || [])];
  if (q.other) choices.push({ value: 'other', label: q.otherLabel || ctx.t('other'), other: true });
  let otherText = null;

  // response/1 shapes: single "a" | {"value":"other","text":"…"}; multi ["a"] | {"value":["a","other"],"text":"…"}
  const current = () => {
    const picked = boxes.filter((b) => b.checked).map((b) => b.value);
    const withOther = picked.includes('other') && otherText;
    if (multi) return withOther ? { value: picked, text: otherText.value } : picked;
    if (!picked.length) return null;
    return withOther ? { value: 'other', text: otherText.value } : picked[0];
  };
  const commit = () => ctx.answer(q.id, current());

  for (const c of choices) {
    const input = h('input', {
      type: multi ? 'checkbox' : 'radio',
      name,
      value: String(c.value),
      class: multi ? 'tp-check' : 'tp-radio',
      required: !multi && f.required,
      onchange: () => {
        const otherOn = !!boxes.find((b) => b.value === 'other')?.checked;
        if (otherText) otherText.hidden = !otherOn;
        // "Other" ticked with nothing typed yet: wait for the text (or for "next") before the core
        // judges it, so the visitor is not told off for a field they have not reached.
        if (otherOn && otherText && !otherText.value.trim() && c.other) return otherText.focus();
        commit();
      },
    });
    boxes.push(input);
    const label = h('span', null, c.label);
    labels.push(label);
    list.append(h('label', { class: 'tp-option tp-choice' }, input, label));
    if (c.other) {
      otherText = h('input', {
        type: 'text',
        class: 'tp-input tp-other-text',
        'aria-label': `${c.label}: ${ctx.t('otherText')}`,
        hidden: true,
        onchange: commit,
        onkeydown: imeSafeEnter(() => ctx.submit()),
      });
      list.append(otherText);
    }
  }
  f.body.append(list);
  ctx.beforeNext(() => otherText && !otherText.hidden && commit());

  const update = (view) => {
    const answer = view.answer;
    const withText = answer && typeof answer === 'object' && !Array.isArray(answer) ? answer : null;
    const picked = withText ? withText.value : answer;
    const values = (Array.isArray(picked) ? picked : picked == null ? [] : [picked]).map(String);
    for (const box of boxes) box.checked = values.includes(box.value);
    const shown = [...(view.choices || [])];
    if (q.other) shown.push({ label: view.otherLabel || ctx.t('other') });
    shown.forEach((c, i) => labels[i] && setText(labels[i], c.label));
    if (otherText) {
      setAttr(otherText, 'aria-label', `${shown[shown.length - 1].label}: ${ctx.t('otherText')}`);
      otherText.hidden = !values.includes('other');
      if (withText && otherText.getRootNode().activeElement !== otherText) otherText.value = withText.text || '';
    }
    f.showError(view);
  };
  return { el: f.el, update };
}
