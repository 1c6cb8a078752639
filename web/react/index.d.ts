// Types of @touchpoint/react. The element and its events are declared by @touchpoint/widget.
import type { ForwardRefExoticComponent, HTMLAttributes, RefAttributes } from 'react';
import type { DisplayMode, VisitorAttributes, TouchpointEventMap, TouchpointSurveyElement } from '@touchpoint/widget';

type Detail<K extends keyof TouchpointEventMap> = TouchpointEventMap[K] extends CustomEvent<infer D> ? D : never;
type Callback<K extends keyof TouchpointEventMap> = (detail: Detail<K>, event: TouchpointEventMap[K]) => void;

export interface TouchpointSurveyProps extends Omit<HTMLAttributes<TouchpointSurveyElement>, 'onError'> {
  /** The survey: its id (resolved against `init({surveys})`) or the URL of its survey/1 file. A new value shows that survey in a new element. */
  survey: string;
  /** Where the response is POSTed (overrides the survey's delivery.endpoint). Read when the survey starts. */
  endpoint?: string;
  alertEndpoint?: string;
  format?: 'json' | 'cloudevents';
  /** Preferred locale, negotiated by the core. Read when the survey starts. */
  locale?: string;
  /** Default `inline` (shown at once, in place); another mode waits for the survey's trigger unless `trigger="none"`. */
  mode?: DisplayMode;
  theme?: 'auto' | 'light' | 'dark';
  /** `none`: show now in any mode instead of waiting for the survey's trigger. */
  trigger?: 'none';
  /** Visitor attributes, merged into the ones the widget stores (`touchpoint.init({attributes})`): seen by `trigger.audience`, and by the payload of a survey already open. */
  attributes?: VisitorAttributes;
  onShown?: Callback<'touchpoint:shown'>;
  onAnswered?: Callback<'touchpoint:answered'>;
  onCompleted?: Callback<'touchpoint:completed'>;
  onDismissed?: Callback<'touchpoint:dismissed'>;
  onError?: Callback<'touchpoint:error'>;
}

/** `<touchpoint-survey>` as a component; its ref is the element (`preview()`, `dismiss()`). */
export declare const TouchpointSurvey: ForwardRefExoticComponent<TouchpointSurveyProps & RefAttributes<TouchpointSurveyElement>>;
export default TouchpointSurvey;
