// matrix: one radio group per row in a table (row headers, column headers), so each row answers
// with arrow keys like any radio group. Value follows response/1: {"row": "column", ...}.
import { h, uid, setText } from '../dom.js';
import { frame } from './frame.js';

export function matrix(q, ctx) {
  const f = frame(q, ctx, true);
  const columns = q.columns || [];
  const colIds = columns.map(() => uid('col'));
  const answer = {};
  const radios = [];
  // The header cells are kept to refresh their piped labels in place (the radios name them).
  const colHeads = columns.map((c, i) => h('th', { scope: 'col', id: colIds[i] }, c.label));
  const rowHeads = [];
  const head = h('tr', null, h('td'), colHeads);
  const body = h('tbody');
  for (const row of q.rows || []) {
    const rowId = uid('row');
    const name = `${f.controlId}-${rowId}`;
    const rowHead = h('th', { scope: 'row', id: rowId }, row.label);
    rowHeads.push(rowHead);
    body.append(
      h(
        'tr',
        null,
        rowHead,
        columns.map((c, i) => {
          const input = h('input', {
            type: 'radio',
            name,
            value: String(c.value),
            class: 'tp-radio',
            'aria-labelledby': `${rowId} ${colIds[i]}`,
            onchange: () => {
              answer[row.value] = c.value;
              ctx.answer(q.id, { ...answer });
            },
          });
          radios.push({ input, row: String(row.value) });
          return h('td', null, h('label', { class: 'tp-cell' }, input));
        }),
      ),
    );
  }
  // A wide matrix scrolls sideways on a phone; the scroller is focusable so keyboards can scroll it.
  f.body.append(
    h('div', { class: 'tp-matrix-scroll', tabindex: '0', role: 'group', 'aria-labelledby': f.labelId },
      h('table', { class: 'tp-matrix' }, h('thead', null, head), body)),
  );
  const update = (view) => {
    const value = view.answer && typeof view.answer === 'object' ? view.answer : {};
    for (const key of Object.keys(answer)) delete answer[key];
    Object.assign(answer, value);
    for (const { input, row } of radios) input.checked = value[row] != null && String(value[row]) === input.value;
    (view.rows || []).forEach((r, i) => rowHeads[i] && setText(rowHeads[i], r.label));
    (view.columns || []).forEach((c, i) => colHeads[i] && setText(colHeads[i], c.label));
    f.showError(view);
  };
  return { el: f.el, update };
}
