// Runs inside /studio/preview.html, next to the real widget (/dist/touchpoint.js, loaded by the
// page exactly as the install snippet loads it). Shows what the Studio sends; answers "preview"
// with the widget's own preview(). Responses finished in the preview go to a sink that stores
// nothing (/v1/studio/preview-sink), never to the survey's real endpoint.
const tp = () => window.touchpoint;

// The widget moves focus into a survey it shows (right for visitors). In the preview that would
// take the focus away from the Studio control the author is using (a keyboard user changing the
// display mode would land in the iframe): focus moves only while this frame already has it.
const focus = HTMLElement.prototype.focus;
HTMLElement.prototype.focus = function focusInPreview(...args) {
  if (document.hasFocus()) focus.apply(this, args);
};
// Messages may come before the widget's script has loaded: shows wait for it.
const widgetLoaded = new Promise((resolve) => {
  if (window.touchpoint?.version) resolve();
  else document.querySelector('script[data-widget]').addEventListener('load', resolve);
});
let showing = widgetLoaded;

async function show({ survey, mode, locale, theme }) {
  document.documentElement.dataset.theme = theme;
  document.documentElement.style.colorScheme = theme;
  tp().dismiss();
  document.querySelector('touchpoint-survey')?.remove();
  const options = { mode, locale, theme, force: true, resume: false, endpoint: '/v1/studio/preview-sink', alertEndpoint: '/v1/studio/preview-sink' };
  if (mode === 'inline') {
    const element = document.createElement('touchpoint-survey');
    element.setAttribute('trigger', 'none');
    document.querySelector('main').append(element);
    options.element = element;
  }
  // The previous survey finishes closing asynchronously (its partial answers are queued in the
  // outbox first): retry until the widget is free, for up to 10 s (a fixed 1 s could run out on a
  // loaded machine and leave the preview empty without an error), but not after the widget
  // reported an error: the survey cannot be shown.
  let failed = false;
  const onError = () => (failed = true);
  document.addEventListener('touchpoint:error', onError, { once: true });
  for (const until = performance.now() + 10000; performance.now() < until && !failed;) {
    if (await tp().show(survey, options)) {
      parent.postMessage({ type: 'shown', mode, locale, theme }, location.origin);
      return;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  document.removeEventListener('touchpoint:error', onError);
}

addEventListener('message', (e) => {
  if (e.origin !== location.origin || e.source !== parent) return;
  if (e.data?.type === 'show') showing = showing.then(() => show(e.data)).catch((error) => console.error(error));
  if (e.data?.type === 'preview') {
    showing.then(() => tp().preview()).then(
      (payload) => parent.postMessage({ type: 'payload', payload }, location.origin),
      (error) => parent.postMessage({ type: 'payload', error: String(error?.message || error) }, location.origin),
    );
  }
});

widgetLoaded.then(() => parent.postMessage({ type: 'ready' }, location.origin));
