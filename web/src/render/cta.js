// cta: a call to action — the title (and description) with a link styled as a button, opened in
// a new tab, and a button that declines. Either one records the answer ("clicked" or "dismissed")
// and moves on. The URL is the core's view of the survey, which accepts only http(s) links.
import { h, setText } from '../dom.js';
import { frame } from './frame.js';

export function cta(q, ctx) {
  const f = frame(q, ctx, true);
  const choose = (answer) => {
    ctx.answer(q.id, answer);
    ctx.submit();
  };
  const link = h(
    'a',
    {
      class: 'tp-button tp-primary tp-cta-link',
      href: q.url,
      target: '_blank',
      rel: 'noopener noreferrer',
      onclick: () => choose('clicked'),
    },
    q.buttonLabel,
  );
  const dismiss = h(
    'button',
    { type: 'button', class: 'tp-button tp-secondary tp-cta-dismiss', onclick: () => choose('dismissed') },
    q.dismissLabel || ctx.t('dismiss'),
  );
  f.body.append(h('div', { class: 'tp-cta' }, link, dismiss));
  // Piped labels refresh in place; setText leaves unchanged ones alone, as WebKit drops a click
  // whose text node is replaced between mousedown and mouseup.
  const update = (view) => {
    setText(link, view.buttonLabel);
    setText(dismiss, view.dismissLabel || ctx.t('dismiss'));
    f.showError(view);
  };
  return { el: f.el, update };
}
