// Type declarations of the Touchpoint survey widget (@touchpoint/widget) and the journey element.
// Hand-written, one source of truth for the public surface: tests/browser/widget_api.test.mjs checks
// that every member declared here exists at runtime. The wasm modules' raw C APIs are declared in
// dist/touchpoint-engine.d.ts and dist/touchpoint-viewer.d.ts, generated from wasm/exports.json.

/** A survey: its id (resolved against `surveys`), a URL of a survey/1 JSON file, or the object. */
export type SurveySource = string | Record<string, unknown>;

/** Display modes of a survey: the core's (survey/1 `display.mode`); tests/browser/widget_core_tables.test.mjs fails when they differ. */
export type DisplayMode = 'inline' | 'popover' | 'slide-in' | 'modal' | 'fullpage';

/** Site-wide settings, given by `touchpoint('init', …)` or the loader's `data-*` attributes. */
export interface TouchpointConfig {
  /** Where response/1 payloads are POSTed (overrides survey.delivery.endpoint). */
  endpoint?: string;
  /** Where detractor / low-CSAT / high-effort alerts are POSTed at once. */
  alertEndpoint?: string;
  /** `json` (default): the payload as is; `cloudevents`: a CloudEvents 1.0 structured envelope. */
  format?: 'json' | 'cloudevents';
  /** Extra request headers for the endpoint (e.g. an API key scoped to writes). */
  headers?: Record<string, string>;
  /** Base URL of survey files: `show('nps-q4')` fetches `${surveys}nps-q4.json`. */
  surveys?: string;
  /** Preferred locale; negotiated by the core against the survey's locales. */
  locale?: string;
  /** `auto` (default) follows the host page (data-theme, class, color-scheme) or prefers-color-scheme. */
  theme?: 'auto' | 'light' | 'dark';
  /** Default display mode when a survey does not name one. */
  mode?: DisplayMode;
  /** Cap across all surveys of the site: at most `max` surveys shown per `days` days (default 3 per 7). */
  fatigue?: { days?: number; max?: number };
  /** Retry timing of the delivery queue (defaults: 1 s doubling up to 5 min, with jitter). */
  retry?: { baseMs?: number; capMs?: number };
  /** Send partial responses when a visitor dismisses a survey after answering something. */
  partial?: boolean;
  /**
   * Anonymous display counts (displays/1: shown, dismissed, completed per survey, version and UTC
   * day; with `partial`, the questions reached), for the response rate and drop-off. On by default
   * when the endpoint is a collector's `/v1/responses` (counts go to its `/v1/displays`); `false`
   * turns them off: nothing is counted, stored or sent. `batchMs`: how long counts gather on the
   * device before they leave as one batch (default 1 hour).
   */
  displays?: false | { endpoint?: string; batchMs?: number };
  /** The site's id of the visitor; only its HMAC-SHA256 with `key` leaves the browser. */
  respondent?: string;
  /** The site key for that HMAC. */
  key?: string;
  /** This page's segment fields (not stored); the stored `attributes` take precedence. */
  segment?: Record<string, string | number | boolean>;
  /** Visitor attributes, merged into the ones stored on the device (see `identify`); also what piping
   *  (`{segment.NAME}`) and `attribute:` hidden fields read. */
  attributes?: VisitorAttributes;
  /** Overrides the survey's journey link ({map, stage, touchpoint}). */
  journey?: { map?: string; stage?: string; touchpoint?: string };
}

/**
 * What the site knows about the visitor (plan, role, seats, signup date as "YYYY-MM-DD"...): kept on
 * the device, seen by `trigger.audience` and `trigger.eventCondition` as `segment.NAME`, sent with a
 * response only for the names the survey's `privacy.context` lists. `null` removes an attribute.
 */
export type VisitorAttributes = Record<string, string | number | boolean | null>;

/** Options of one `show()` / `watch()`. */
export interface ShowOptions {
  mode?: DisplayMode;
  endpoint?: string;
  alertEndpoint?: string;
  format?: 'json' | 'cloudevents';
  locale?: string;
  theme?: 'auto' | 'light' | 'dark';
  /** Ignore recontact wait, maximum displays, the fatigue cap, the audience and the cross-tab lock. */
  force?: boolean;
  /** Render into this <touchpoint-survey> element instead of a new one at the end of <body>. */
  element?: TouchpointSurveyElement;
  /** Resume a survey left unfinished on this device (default true). */
  resume?: boolean;
  journey?: { map?: string; stage?: string; touchpoint?: string };
  /**
   * Values for the survey's hidden fields whose `from` includes `"show"` (an order id, a ticket).
   * Only fields the survey declares are kept (others: a console warning, never sent); values are
   * cut to the field's maxLength and redacted like free text.
   */
  fields?: Record<string, string | number | boolean>;
}

/** One answer of response/1 (docs/survey.md lists which question type records which): a number
 *  (nps, csat, ces, rating, number, slider), a string (single, text, date; a cta records
 *  'clicked' or 'dismissed'), a boolean (consent), picks (multi, ranking), a choice with its "other"
 *  text, or a matrix's row → column map. */
export type AnswerValue =
  | number
  | string
  | boolean
  | string[]
  | { value: string | string[]; text: string }
  | Record<string, string>;

/** The response/1 payload, as built and anonymized by the core. */
export interface ResponsePayload {
  touchpoint: 'response/1';
  id: string;
  survey: { id: string; version: string; hash: string };
  submitted: string;
  partial: boolean;
  locale: string;
  answers: Record<string, AnswerValue>;
  /** The survey's declared hidden fields that had a value (cut and redacted). */
  fields?: Record<string, string>;
  scores: Record<string, unknown>;
  journey?: { map?: string; stage?: string; touchpoint?: string };
  context?: { page?: string; respondent?: string; segment?: Record<string, unknown> };
  alert?: { reason: 'detractor' | 'low-csat' | 'high-effort'; question: string };
  redactions: number;
}

/** Commands of the queue form: `touchpoint('show', 'nps-q4')` works before the script has loaded. */
export type Command = 'init' | 'show' | 'watch' | 'track' | 'identify' | 'dismiss' | 'preview' | 'flush';

/** The one global, `window.touchpoint`: callable with a command, or through its methods. */
export interface Touchpoint {
  (command: Command, ...args: unknown[]): unknown;
  /** Version of the widget. */
  readonly version: string;
  /** Site-wide settings; may be called again to change them. */
  init(config: TouchpointConfig): void;
  /** Shows a survey now (frequency caps and `trigger.audience` apply unless `force`). Resolves to whether it is shown. */
  show(survey: SurveySource, options?: ShowOptions): Promise<boolean>;
  /** Arms a survey: shows it when its `trigger` fires (delay, scroll, exit intent, URL, event, click, visible element…). */
  watch(survey: SurveySource, options?: ShowOptions): Promise<void>;
  /** Signals a custom event for triggers whose `trigger.event` names it; `trigger.eventCondition` tests `properties`. */
  track(name: string, properties?: Record<string, unknown>): void;
  /**
   * Who the visitor is: the site's id (sent only as an HMAC with the site key, and only if the
   * survey's privacy.context lists "respondent") and attributes, merged into the stored ones. Another
   * id than the stored one starts with no attributes; `null` forgets both; `undefined` keeps the id.
   * The earlier form `identify(id, key)` (a string) still sets the key.
   */
  identify(id: string | null | undefined, attributes?: VisitorAttributes | string, key?: string): void;
  /** Closes the open survey (a partial response is queued when `partial` is on). */
  dismiss(): void;
  /** The exact payload the open survey would send now (same id, same anonymization). */
  preview(): Promise<ResponsePayload>;
  /** Tries to deliver every queued response now (otherwise automatic, with backoff). */
  flush(): Promise<void>;
  /** Payloads the endpoint refused for good (or never took within 7 days), oldest first. */
  deadLetters(): Promise<DeadLetter[]>;
  /** Queues the dead letter `id` (every one if omitted) again and sends it. Resolves to how many. */
  retryDeadLetter(id?: string): Promise<number>;
  /** Every dead letter as one JSON text (an array of `DeadLetter`), e.g. for a download. */
  exportDeadLetters(): Promise<string>;
  /** Forgets the dead letter `id` (every one if omitted). Resolves to how many. */
  discardDeadLetter(id?: string): Promise<number>;
}

/** One entry of the endpoint's error answer `{"errors": [{"pointer", "message"}]}`. */
export interface EndpointError {
  /** JSON pointer into the payload (e.g. `/answers/nps`). */
  pointer: string;
  message: string;
}

/**
 * A payload kept after the endpoint refused it for good (a 4xx other than 408/429) or after 7 days
 * of failed retries. Kept in the browser (IndexedDB, else localStorage), at most 50 letters / 1 MiB;
 * past that the oldest is evicted and reported (`touchpoint:error`, reason `evicted`, with its payload).
 */
export interface DeadLetter {
  /** Its id for retryDeadLetter/discardDeadLetter (the Idempotency-Key it was sent with). */
  id: string;
  /** The response id (an alert shares it with its response). */
  responseId: string;
  kind: 'response' | 'alert';
  /** The survey's id (null for a payload queued without one). */
  survey: string | null;
  /** Where it was sent. */
  url: string;
  /** The endpoint's last HTTP status (0: no answer, for `expired`). */
  status: number;
  reason: 'rejected' | 'expired';
  /** The endpoint's `errors` list, when it answered in that form. */
  errors: EndpointError[];
  /** The endpoint's answer body (its first 4,096 characters). */
  answer: string;
  /** When it was refused (ISO 8601). */
  failed: string;
  /** The request body exactly as sent. */
  payload: string;
}

/** `<touchpoint-survey src endpoint mode theme locale format alert-endpoint trigger="none">`. */
export interface TouchpointSurveyElement extends HTMLElement {
  /** The exact payload this element's survey would send now. */
  preview(): Promise<ResponsePayload>;
  /** Closes this element's survey. */
  dismiss(): void;
}

/** Detail of the widget's DOM events (bubbling, composed; listen on document). */
export interface TouchpointEventMap {
  'touchpoint:shown': CustomEvent<{ survey: string; mode: DisplayMode }>;
  'touchpoint:answered': CustomEvent<{ survey: string; question: string; value: unknown }>;
  'touchpoint:completed': CustomEvent<{ survey: string; payload: ResponsePayload }>;
  'touchpoint:queued': CustomEvent<{ id: string; key: string; kind: 'response' | 'alert'; survey: string }>;
  'touchpoint:sent': CustomEvent<{ id: string; key: string; kind: 'response' | 'alert'; survey: string; status: number }>;
  'touchpoint:dismissed': CustomEvent<{ survey: string; reason: 'close' | 'escape' | 'api' | 'removed' }>;
  /**
   * Something went wrong. Delivery: reason `rejected` / `expired` (the payload became a dead letter:
   * `deadLetter: true`, with the endpoint's first `pointer` and `message`) or `evicted` (dropped from
   * a full dead-letter store; `payload` is the last copy). Loader: reason `trigger` (the survey's
   * trigger is one the core refuses, `pointer` names the field; it is not armed).
   */
  'touchpoint:error': CustomEvent<{
    reason: string;
    message?: string;
    status?: number;
    id?: string;
    key?: string;
    survey?: string;
    pointer?: string;
    errors?: EndpointError[];
    payload?: string;
    deadLetter?: boolean;
  }>;
}

/** What a journey map or responses load reports. */
export interface JourneyLoadStatus {
  ok?: boolean;
  responses?: number;
  error?: string;
  diagnostics?: { severity: 'error' | 'warning'; pointer: string; message: string }[];
  /** For a loaded map (loadMapText, importMap): its id, the locale shown and its title in that locale. */
  id?: string;
  locale?: string;
  title?: string;
  [key: string]: unknown;
}

/**
 * `<touchpoint-journey src responses format live compare locale theme metric persona table viewer alerts>`:
 * the journey-map viewer (module `dist/touchpoint-journey.js`), drawn by the C++ viewer on WebGL2
 * beside an accessible table of the same numbers. Served by a collector, it also shows each
 * touchpoint's open alerts (`alerts`: 'off', or the open-alerts URL; default: the data's collector).
 */
export interface TouchpointJourneyElement extends HTMLElement {
  /** Loads the viewer (once) and the data its attributes name; resolves when drawn. */
  load(): Promise<void>;
  /** Changes a viewer setting (metric, persona, answer, theme, locale, search, select, present, zoom, until, alerts) -> '' or an error. */
  set(key: string, value: string | number): string;
  /** The accessible table's numbers, as the core computed them (null before the viewer loaded). */
  table(): { title: string; map: string; responses: number; metric: string; [key: string]: unknown } | null;
  /** Zoom, pan, selection, metric, filter, presentation, `locale` and `strings` (the column of the words table it reads) (null before the viewer loaded). */
  state(): Record<string, unknown> | null;
  /** The `locale` attribute: the language of the map's texts and of the element's own words (zh-CN, zh-TW, en...; docs/journey.md "Language"). */
  locale: string;
  /** The element's own words in the viewer's language: `t(code, vars)` from the core's journey strings table, `num(n, digits)` (Intl). */
  words(): { t(code: string, vars?: Record<string, string | number>): string; num(n: number, digits?: number): string; locale: string; column: string };
  /** A touchpoint card's [x, y, w, h] in CSS pixels relative to the canvas, or []. */
  cardRect(id: string): number[];
  /** The any-answer filter's choices. */
  answerOptions(): { questions: { id: string; values: unknown[] }[]; question?: string; value?: string } | null;
  /** The map with its overlay, as JSON text. */
  exportJSON(): string;
  /** A PNG data URL of the current view. */
  exportPNG(): string;
  /** Draws a frame now -> CPU milliseconds to build it. */
  renderFrame(): number;
  /** Loads a journey/1 map from text; rejects with `diagnostics` when it is invalid. */
  loadMapText(text: string): Promise<JourneyLoadStatus>;
  /** Loads responses (NDJSON or the collector's CSV); NDJSON beyond the stream threshold (64 MB) is streamed: a Promise then. */
  loadResponseBytes(bytes: Uint8Array, format?: 'ndjson' | 'csv'): JourneyLoadStatus | Promise<JourneyLoadStatus>;
  /** Aggregates large NDJSON without keeping it, split across Web Workers (SIMD scan where the browser has it); `workers: 0` = on this thread, `simd: false` = the scalar build, `stages: false` = per touchpoint only, `slice` = bytes per message to a worker (default 1 MiB). The status says `workers` and `simd`. */
  streamResponseBytes(bytes: Uint8Array, options?: { stages?: boolean; workers?: number; simd?: boolean; slice?: number }): Promise<JourneyLoadStatus & { workers: number; simd: boolean }>;
  /** Edit mode (attribute `editable`): one edit command, e.g. `{op: 'move_touchpoint', id, stage, at}` (docs/journey.md); a refused one throws (the message names the member or the rule) and changes nothing. */
  edit(command: JourneyEditCommand): JourneyEditResult;
  undo(): JourneyEditResult;
  redo(): JourneyEditResult;
  /** What the edit side panel shows (null before the viewer loaded). */
  editState(): JourneyEditState | null;
  /** Starts from a map: journey/1, Mermaid or TheyDo text, or 'blank' with a JSON array of stage titles. */
  importMap(format: 'journey' | 'mermaid' | 'theydo' | 'blank', text: string): Promise<JourneyLoadStatus>;
  /** The map as journey/1 JSON, Mermaid or TheyDo text. */
  exportMap(format?: 'journey' | 'mermaid' | 'theydo'): string;
}

/** An edit of `<touchpoint-journey editable>`: an `op` and its members (docs/journey.md, "Edit mode"). */
export interface JourneyEditCommand {
  op: 'set_title' | 'add_stage' | 'set_stage_title' | 'move_stage' | 'delete_stage' | 'add_touchpoint'
    | 'set_touchpoint_title' | 'set_touchpoint_channel' | 'set_touchpoint_owner' | 'move_touchpoint' | 'delete_touchpoint'
    | 'add_persona' | 'set_persona_name' | 'set_persona_role' | 'move_persona' | 'delete_persona' | 'add_lane'
    | 'set_lane_title' | 'move_lane' | 'delete_lane' | 'add_lane_item' | 'set_lane_item' | 'delete_lane_item'
    | 'set_emotion' | 'delete_emotion' | 'create_variant' | 'activate_variant' | 'undo' | 'redo';
  id?: string; stage?: string; touchpoint?: string; persona?: string; lane?: string; kind?: string;
  title?: string; text?: string; name?: string; role?: string; locale?: string;
  at?: number; to?: number; index?: number; value?: number;
}
export interface JourneyEditResult { ok: boolean; error?: string; id?: string }
export interface JourneyEditState {
  editing: boolean; revision: number; can_undo?: boolean; can_redo?: boolean; locale?: string; title?: string;
  selected?: string | null; selected_stage?: string | null; lane_kinds?: string[];
  stages?: { id: string; title: string; touchpoints: { id: string; title: string; channel: string; owner: string }[] }[];
  personas?: { id: string; name: string; role: string }[];
  lanes?: { id: string; kind: string; title: string; points?: { persona: string; stage: string; touchpoint: string; value: number }[];
    items?: { stage: string; touchpoint: string; text: string }[] }[];
  /** As-is / to-be: the variants, the one edited, and (with a counterpart) what the to-be changes. */
  variants?: {
    active: string; list: { id: string; state: 'current' | 'future'; title: string; active: boolean }[];
    compare: null | { as_is: string; to_be: string; added: number; removed: number; moved: number; edited: number;
      stages: JourneyStepDiff[]; touchpoints: JourneyStepDiff[] };
  };
}
/** One stage or touchpoint that differs between as-is and to-be (emotion: mean of its points). */
export interface JourneyStepDiff {
  id: string; title: string; change: 'same' | 'added' | 'removed' | 'moved'; edited: boolean;
  emotion_before: number | null; emotion_after: number | null; stage_before?: string; stage_after?: string;
  nps?: { delta: number; p: number; testable: boolean; significant: boolean };
  csat?: { delta: number; p: number; testable: boolean; significant: boolean };
}

/** Events of `<touchpoint-journey>` (bubbling, composed). */
export interface TouchpointJourneyEventMap {
  /** The first load is done: the map drawn with its responses, then the DOM table and status filled (the frame after the map's). */
  'touchpoint:journey-ready': CustomEvent<void>;
  'touchpoint:journey-select': CustomEvent<{ touchpoint?: string; [key: string]: unknown }>;
  'touchpoint:journey-error': CustomEvent<{ message: string; diagnostics?: unknown[] }>;
  'touchpoint:journey-edit': CustomEvent<{ revision: number }>;
}

declare global {
  interface Window {
    touchpoint: Touchpoint;
  }
  interface HTMLElementTagNameMap {
    'touchpoint-survey': TouchpointSurveyElement;
    'touchpoint-journey': TouchpointJourneyElement;
  }
  interface DocumentEventMap extends TouchpointEventMap, TouchpointJourneyEventMap {}
}

declare const touchpoint: Touchpoint;
export default touchpoint;
