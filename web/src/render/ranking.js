// ranking: an ordered list; each item has "move up"/"move down" buttons (keyboard and touch alike),
// and every move is announced in the polite live region. Value: the choice values in order.
import { h, setText, setAttr } from '../dom.js';
import { frame } from './frame.js';

export function ranking(q, ctx) {
  const f = frame(q, ctx, true);
  const labels = new Map((q.choices || []).map((c) => [String(c.value), c.label]));
  let order = [...labels.keys()];
  let touched = false;
  const list = h('ol', { class: 'tp-ranking' });

  const move = (value, delta, focusDir) => {
    const i = order.indexOf(value);
    const j = i + delta;
    if (j < 0 || j >= order.length) return;
    [order[i], order[j]] = [order[j], order[i]];
    touched = true;
    draw();
    ctx.announce(ctx.t('moved', { item: labels.get(value), n: j + 1, count: order.length }));
    list.querySelector(`[data-value="${CSS.escape(value)}"] .tp-move-${focusDir}`)?.focus();
    ctx.answer(q.id, [...order]);
  };
  // One <li> per choice for the question's lifetime: a redraw reorders them and updates numbers and
  // disabled states in place, so an update with the same order (the core's echo of an answer)
  // changes no node, and the button under the pointer is never replaced mid-click.
  const items = new Map();
  for (const value of order) {
    const n = h('span', { class: 'tp-rank-n', 'aria-hidden': 'true' });
    const at = () => order.indexOf(value);
    const up = h('button', { type: 'button', class: 'tp-move tp-move-up', 'aria-label': `${ctx.t('moveUp')}: ${labels.get(value)}`, onclick: () => move(value, -1, at() - 1 === 0 ? 'down' : 'up') }, '↑');
    const down = h('button', { type: 'button', class: 'tp-move tp-move-down', 'aria-label': `${ctx.t('moveDown')}: ${labels.get(value)}`, onclick: () => move(value, 1, at() + 2 === order.length ? 'up' : 'down') }, '↓');
    const label = h('span', { class: 'tp-rank-label' }, labels.get(value));
    const li = h('li', { class: 'tp-rank', dataset: { value } }, n, label, up, down);
    items.set(value, { li, n, label, up, down });
  }
  const draw = () => {
    order.forEach((value, i) => {
      const item = items.get(value);
      setText(item.n, String(i + 1));
      item.up.disabled = i === 0;
      item.down.disabled = i === order.length - 1;
    });
    const nodes = order.map((value) => items.get(value).li);
    if (nodes.some((node, i) => list.children[i] !== node) || list.children.length !== nodes.length) list.replaceChildren(...nodes);
  };
  draw();
  f.body.append(list);
  // Leaving the initial order as it is is a valid ranking: it is sent when the step is submitted.
  ctx.beforeNext(() => !touched && ctx.answer(q.id, [...order]));
  // Piped item labels (an answer on this step may be in them) refresh in place: the text, the
  // buttons' names and what a move announces.
  const relabel = (choices) => {
    for (const c of choices || []) {
      const value = String(c.value);
      const item = items.get(value);
      if (!item || labels.get(value) === c.label) continue;
      labels.set(value, c.label);
      setText(item.label, c.label);
      setAttr(item.up, 'aria-label', `${ctx.t('moveUp')}: ${c.label}`);
      setAttr(item.down, 'aria-label', `${ctx.t('moveDown')}: ${c.label}`);
    }
  };
  const update = (view) => {
    relabel(view.choices);
    if (Array.isArray(view.answer) && view.answer.length) {
      const known = view.answer.map(String).filter((v) => labels.has(v));
      order = [...known, ...[...labels.keys()].filter((v) => !known.includes(v))];
      touched = true;
      draw();
    }
    f.showError(view);
  };
  return { el: f.el, update };
}
