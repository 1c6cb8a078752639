// <TouchpointSurvey>: the <touchpoint-survey> element as a Vue 3 component. Thin on purpose: it
// renders the element with its attributes and re-emits the element's DOM events; the element
// (loaded by the widget's loader) decides when to show, runs the survey and delivers it. Removing
// the component removes the node, and the element dismisses its survey itself.
import { defineComponent, h, watch } from 'vue';

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
    attributes: Object,
  },
  emits: EVENTS,
  setup(props, { emit, expose }) {
    // Visitor attributes go to the widget's store (touchpoint.init({attributes})), not to the
    // element: the audience and the payload read them when they need them, so a change counts
    // even while a survey is open.
    watch(
      () => props.attributes && JSON.stringify(props.attributes),
      (text) => text && window.touchpoint?.('init', { attributes: JSON.parse(text) }),
      { immediate: true },
    );
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
