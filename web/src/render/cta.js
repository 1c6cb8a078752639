// cta: a call to action — the title (and description) with a link styled as a button, opened in
// a new tab, and a button that declines. Either one records the answer ("clicked" or "dismissed")
// and moves on. The URL is the core's view of the survey, which accepts only http(s) links.
import { h } from '../dom.js';
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
  return { el: f.el, update: f.showError };
}
