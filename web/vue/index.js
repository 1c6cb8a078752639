// <TouchpointSurvey>: the <touchpoint-survey> element as a Vue 3 component. Thin on purpose: it
// renders the element with its attributes and re-emits the element's DOM events; the element
// (loaded by the widget's loader) decides when to show, runs the survey and delivers it. Removing
// the component removes the node, and the element dismisses its survey itself.
import { defineComponent, h } from 'vue';

/** The element's events (`touchpoint:<name>`), emitted under the same name. */
const EVENTS = ['shown', 'answered', 'completed', 'dismissed', 'error'];

export const TouchpointSurvey = defineComponent({
  name: 'TouchpointSurvey',
  props: {
    survey: { type: String, required: true },
    endpoint: String,
    alertEndpoint: String,
    format: String,
    locale: String,
    mode: { type: String, default: 'inline' },
    theme: String,
    trigger: String,
  },
  emits: EVENTS,
  setup(props, { emit, expose }) {
    const listeners = EVENTS.map((name) => [
      `touchpoint:${name}`,
      (event) => emit(name, event.detail, event),
    ]);
    let element = null;
    // A stable function ref: called with the element when it is mounted (a new one per survey) and
    // with null when it is removed.
    const bind = (el) => {
      if (el === element) return;
      for (const [type, listener] of listeners) element?.removeEventListener(type, listener);
      element = el;
      for (const [type, listener] of listeners) element?.addEventListener(type, listener);
    };
    expose({
      preview: () => (element ? element.preview() : Promise.reject(new Error('not mounted'))),
      dismiss: () => element?.dismiss(),
    });
    // The element reads its attributes once, when it starts the survey: another survey is another
    // element (the key), while a new locale, theme or endpoint leaves the open survey as it is.
    return () =>
      h('touchpoint-survey', {
        key: props.survey,
        ref: bind,
        src: props.survey,
        endpoint: props.endpoint,
        'alert-endpoint': props.alertEndpoint,
        format: props.format,
        locale: props.locale,
        mode: props.mode,
        theme: props.theme,
        trigger: props.trigger,
      });
  },
});

export default TouchpointSurvey;
