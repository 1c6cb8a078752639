// The demo website's shared behaviour: the zh-CN / en switch (remembered in localStorage, also
// ?lang=en), kept in step with <html lang> and with the locale of the survey widgets on the page.
(() => {
  const supported = ['zh-CN', 'en'];
  const fromQuery = new URLSearchParams(location.search).get('lang');
  let stored = null;
  try {
    stored = localStorage.getItem('demo-lang');
  } catch {
    /* storage blocked: fall back to the browser's language */
  }
  const browser = (navigator.language || '').toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
  const lang = supported.find((l) => l === fromQuery) || supported.find((l) => l === stored) || browser;
  const root = document.documentElement;
  root.dataset.ui = lang;
  root.lang = lang;
  // Elements read their attributes when they connect: create them with the locale already set.
  // mount(parent, 'touchpoint-survey', {src, mode, endpoint}) -> the element.
  const mount = (parent, tag, attrs) => {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries({ locale: lang, ...attrs })) el.setAttribute(k, v);
    parent.append(el);
    return el;
  };
  window.demo = { lang, mount };
  document.addEventListener('DOMContentLoaded', () => {
    const button = document.querySelector('[data-lang-switch]');
    button?.addEventListener('click', () => {
      const next = lang === 'zh-CN' ? 'en' : 'zh-CN';
      try {
        localStorage.setItem('demo-lang', next);
      } catch {
        /* not remembered, still switched */
      }
      const url = new URL(location.href);
      url.searchParams.set('lang', next);
      location.href = url.href;
    });
  });
})();
