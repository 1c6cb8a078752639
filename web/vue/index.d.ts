// Types of @touchpoint/vue. The element and its events are declared by @touchpoint/widget.
import type { DefineSetupFnComponent } from 'vue';
import type { DisplayMode, VisitorAttributes, ResponsePayload, TouchpointEventMap } from '@touchpoint/widget';

type Detail<K extends keyof TouchpointEventMap> = TouchpointEventMap[K] extends CustomEvent<infer D> ? D : never;
type Emit<K extends keyof TouchpointEventMap> = (detail: Detail<K>, event: TouchpointEventMap[K]) => void;

export type TouchpointSurveyProps = {
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
};

export type TouchpointSurveyEmits = {
  shown: Emit<'touchpoint:shown'>;
  answered: Emit<'touchpoint:answered'>;
  completed: Emit<'touchpoint:completed'>;
  dismissed: Emit<'touchpoint:dismissed'>;
  error: Emit<'touchpoint:error'>;
};

/** What a template ref to the component exposes. */
export interface TouchpointSurveyExposed {
  preview(): Promise<ResponsePayload>;
  dismiss(): void;
}

/** `<touchpoint-survey>` as a component: `<TouchpointSurvey survey="nps" @completed="…" />`. */
export declare const TouchpointSurvey: DefineSetupFnComponent<TouchpointSurveyProps, TouchpointSurveyEmits>;
export default TouchpointSurvey;
