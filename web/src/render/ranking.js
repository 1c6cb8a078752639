// ranking: an ordered list; each item has "move up"/"move down" buttons (keyboard and touch alike),
// and every move is announced in the polite live region. Value: the choice values in order.
import { h } from '../dom.js';
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
  const draw = () => {
    list.replaceChildren(
      ...order.map((value, i) =>
        h(
          'li',
          { class: 'tp-rank', dataset: { value } },
          h('span', { class: 'tp-rank-n', 'aria-hidden': 'true' }, String(i + 1)),
          h('span', { class: 'tp-rank-label' }, labels.get(value)),
          h('button', { type: 'button', class: 'tp-move tp-move-up', 'aria-label': `${ctx.t('moveUp')}: ${labels.get(value)}`, disabled: i === 0, onclick: () => move(value, -1, i - 1 === 0 ? 'down' : 'up') }, '↑'),
          h('button', { type: 'button', class: 'tp-move tp-move-down', 'aria-label': `${ctx.t('moveDown')}: ${labels.get(value)}`, disabled: i === order.length - 1, onclick: () => move(value, 1, i + 2 === order.length ? 'up' : 'down') }, '↓'),
        ),
      ),
    );
  };
  draw();
  f.body.append(list);
  // Leaving the initial order as it is is a valid ranking: it is sent when the step is submitted.
  ctx.beforeNext(() => !touched && ctx.answer(q.id, [...order]));
  const update = (view) => {
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
