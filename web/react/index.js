// <TouchpointSurvey>: the <touchpoint-survey> element as a React component. Thin on purpose: it
// renders the element with its attributes and turns the element's DOM events into callbacks; the
// element (loaded by the widget's loader) decides when to show, runs the survey and delivers it.
//
// React StrictMode mounts, unmounts and mounts again in development without touching the DOM node:
// only the event listeners follow that cycle, the element stays connected and so shows once. A
// real unmount removes the node, and the element dismisses its survey itself.
import { createElement, forwardRef, useEffect, useImperativeHandle, useRef } from 'react';

/** Callback prop -> the element's event (`touchpoint:<name>`). */
const EVENTS = {
  onShown: 'shown',
  onAnswered: 'answered',
  onCompleted: 'completed',
  onDismissed: 'dismissed',
  onError: 'error',
};

export const TouchpointSurvey = forwardRef(function TouchpointSurvey(props, ref) {
  const { survey, endpoint, alertEndpoint, format, locale, mode = 'inline', theme, trigger, attributes, ...rest } = props;
  const element = useRef(null);
  // The latest callbacks, read when an event fires: a new function on each render re-binds nothing.
  const callbacks = useRef(props);
  callbacks.current = props;
  for (const name of Object.keys(EVENTS)) delete rest[name];
  useImperativeHandle(ref, () => element.current, [survey]);
  // Visitor attributes go to the widget's store (touchpoint.init({attributes})), not to the element:
  // the audience and the payload read them when they need them, so a change counts even while open.
  const attributesText = attributes ? JSON.stringify(attributes) : '';
  useEffect(() => {
    if (attributesText) window.touchpoint?.('init', { attributes: JSON.parse(attributesText) });
  }, [attributesText]);
  useEffect(() => {
    const el = element.current;
    const listeners = Object.entries(EVENTS).map(([prop, name]) => [
      `touchpoint:${name}`,
      (event) => callbacks.current[prop]?.(event.detail, event),
    ]);
    for (const [type, listener] of listeners) el.addEventListener(type, listener);
    return () => {
      for (const [type, listener] of listeners) el.removeEventListener(type, listener);
    };
  }, [survey]);
  // The element reads its attributes once, when it starts the survey: another survey is another
  // element (the key), while a new locale, theme or endpoint leaves the open survey as it is.
  return createElement('touchpoint-survey', {
    ...rest,
    key: survey,
    ref: element,
    src: survey,
    endpoint,
    'alert-endpoint': alertEndpoint,
    format,
    locale,
    mode,
    theme,
    trigger,
  });
});

export default TouchpointSurvey;
