// DOM events of the widget: `touchpoint:<name>`, bubbling and composed so a listener on document
// hears every survey. Loader-level events (delivery of a previous page's responses) go to document.
export const EVENT_NAMES = ['shown', 'answered', 'completed', 'queued', 'sent', 'dismissed', 'error'];

export function emit(name, detail, target = document) {
  (target || document).dispatchEvent(
    new CustomEvent(`touchpoint:${name}`, { detail, bubbles: true, composed: true }),
  );
}
