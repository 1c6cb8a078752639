// The base of every Studio element: renders into the light DOM (one stylesheet for the whole app;
// labels, ARIA ids and the axe checks work across components) and translates with the element's
// `locale` (set by <tp-studio>, or its own state there). New screens extend this instead of
// LitElement so the two facts — where an element renders and how it finds its strings — stay in
// one place.
import { LitElement } from 'lit';
import { t } from './strings.js';

export class StudioElement extends LitElement {
  createRenderRoot() {
    return this;
  }

  /** The UI string `key` in the Studio's current language, with {placeholders} filled from `values`. */
  t(key, values) {
    return t(this.locale, key, values);
  }
}
