// The editor's document model: the survey/1 JSON itself (no second schema), plus what the form
// needs to lay it out — which fields each question type has and how to edit them. Whether a value
// is valid is never decided here: the core (wasm) validates the whole document on every change.
import TRIGGER_FIELDS from 'touchpoint:trigger-fields';
import QUESTION_FIELDS from 'touchpoint:question-fields';
import BUILTIN_SCORES from 'touchpoint:builtin-scores';
import NEW_QUESTIONS from 'touchpoint:new-questions';
import SURVEY_SECTIONS from 'touchpoint:survey-sections';
import SETTING_DEFAULTS from 'touchpoint:setting-defaults';

/** The form's kind of a core field (question-fields in web/core-tables.mjs): text (a survey text:
 *  string or locale map), string, number, bool, enum, choices, other (true, or the label of the
 *  "Other" choice as a text). undefined for a kind the form has no control for (a test fails then). */
export function formKind([, kind, options]) {
  if (options) return 'enum';
  return { text: 'text', string: 'string', url: 'string', id: 'string', integer: 'number', number: 'number', boolean: 'bool', array: 'choices', 'boolean|text': 'other' }[kind];
}

// Fields of each question type beyond those the form lays out for every question (id, type, title,
// description, required, visibleIf, validation): the core's own list (the survey/1 schema it writes,
// bundled at build time), so a field the core gives a type appears here too. The common "pii" is
// offered where it matters, on free text.
const freeTextOnly = { text: ['pii'] };
export const typeFields = Object.fromEntries(
  Object.entries(QUESTION_FIELDS.types).map(([type, fields]) => [type, [
    ...fields,
    ...QUESTION_FIELDS.common.filter(([name]) => freeTextOnly[type]?.includes(name)),
  ].map((f) => [f[0], formKind(f), f[2]])]),
);
export const questionTypes = Object.keys(typeFields);

/** The form's kind of a field of a settings section (survey-sections in web/core-tables.mjs): as a
 *  question's, except that an object is a map (name = value lines) and an array a list (comma separated). */
export function sectionKind(f) {
  return { object: 'map', array: 'list' }[f[1]] ?? formKind(f);
}
// Section fields the form edits in a block of their own rather than in the section's grid.
export const ownBlocks = { delivery: ['alerts'] };
// The core's fields of a section, in its order, a map's text area after the one-line controls.
const lines = (kind) => (kind === 'map' ? 1 : 0);
const sectionFields = (name) =>
  SURVEY_SECTIONS[name]
    .filter(([key]) => !ownBlocks[name]?.includes(key))
    .map((f) => [f[0], sectionKind(f), f[2]])
    .sort((a, b) => lines(a[1]) - lines(b[1]));

// Display, delivery and privacy are the survey/1 schema's fields (bundled at build time, their menus
// the core's allowed values: display modes and positions, delivery formats, time resolutions), so a
// field or value the core learns appears here too.
export const sections = {
  display: sectionFields('display'),
  // The core's own list (trigger_fields.def, bundled at build time), so a field the core learns
  // appears here too; its kinds become the form's (expressions are typed as strings, checked by the core).
  trigger: TRIGGER_FIELDS.map(([name, kind]) => [name, kind === 'int' ? 'number' : kind === 'bool' ? 'bool' : 'string']),
  delivery: sectionFields('delivery'),
  privacy: sectionFields('privacy'),
};
// The UI string of a section field whose own name is not its label.
export const sectionLabels = { theme: 'themeTokens', context: 'contextFields', headers: 'headerLines' };
// The survey's journey link (map, stage, touchpoint): the core's fields too, in a card of their own.
export const journeyFields = sectionFields('journey');
export const displayModes = sections.display.find(([key]) => key === 'mode')[2];
/** The display mode a survey shows in: its own, else the core's default (setting_defaults.def). */
export const displayModeOf = (d) => d?.display?.mode || SETTING_DEFAULTS.display.mode;

/**
 * The placeholders a survey offers for piping: its questions' answers, the built-in scores its
 * questions feed (the core's list; a question of type nps feeds score.nps), its own scores and the
 * bands of those that have some, the segment attributes it declares in privacy.context, and its
 * hidden fields. Whether a placeholder fits is still the core's call (it checks the text).
 */
export function pipingPlaceholders(d) {
  const list = (v) => (Array.isArray(v) ? v : []);
  const ids = (v) => list(v).map((x) => x?.id).filter((id) => typeof id === 'string' && id);
  const types = new Set(list(d.questions).map((q) => q?.type));
  const segments = list(d.privacy?.context).filter((c) => typeof c === 'string' && /^segment\.[^.].*/.test(c));
  return [
    ...ids(d.questions).map((id) => `{answer.${id}}`),
    ...BUILTIN_SCORES.filter((key) => types.has(key)).map((key) => `{score.${key}}`),
    ...ids(d.scores).map((id) => `{score.${id}}`),
    ...ids(list(d.scores).filter((sc) => Array.isArray(sc?.bands) && sc.bands.length)).map((id) => `{band.${id}}`),
    ...segments.map((c) => `{${c}}`),
    ...ids(d.fields).map((id) => `{field.${id}}`),
  ];
}

export const clone = (v) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

/** RFC 6901 pointer of a path of keys/indices. */
export const pointer = (...path) => path.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');

/** A survey text in one locale ('' when missing). A plain string counts for every locale. */
export function textIn(value, locale) {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof value[locale] === 'string') return value[locale];
  return '';
}

/** Sets one locale of a survey text, keeping it a locale map when the survey has several locales. */
export function withText(value, locale, text, locales) {
  if (locales.length <= 1) return text;
  const map = typeof value === 'string' ? { [locales[0]]: value } : { ...(value || {}) };
  if (text === '') delete map[locale];
  else map[locale] = text;
  return map;
}

/** A text missing in some locales the survey declares (plain strings are never "missing"). */
export function missingLocales(value, locales) {
  if (typeof value === 'string' || value == null) return [];
  return locales.filter((l) => !value[l]);
}

/** A text of a new question in the survey's locales: with several, a locale map (a text to write is
 *  empty in each; a given one, such as a choice's label, is in the default locale, to translate). */
function inLocales(text, locales) {
  if (locales.length <= 1 || typeof text !== 'string') return text;
  return text === '' ? Object.fromEntries(locales.map((l) => [l, ''])) : withText(undefined, locales[0], text, locales);
}

/** A new question of `type` with an id not used yet: the core's smallest valid question of that type
 *  (new-questions, bundled at build time), its texts and its choices' labels in the survey's locales. */
export function newQuestion(type, survey) {
  const used = new Set((survey.questions || []).map((q) => q.id));
  let n = (survey.questions || []).length + 1;
  while (used.has(`q${n}`)) n++;
  const locales = survey.locales || ['en'];
  const q = { ...clone(NEW_QUESTIONS[type]), id: `q${n}` };
  const texts = [...QUESTION_FIELDS.common, ...QUESTION_FIELDS.types[type]].filter(([, kind]) => kind === 'text').map(([name]) => name);
  for (const [key, value] of Object.entries(q)) {
    if (texts.includes(key)) q[key] = inLocales(value, locales);
    // choices, rows, columns: survey/1's choices, whose label is a text
    else if (Array.isArray(value)) for (const c of value) if (c && typeof c === 'object' && 'label' in c) c.label = inLocales(c.label, locales);
  }
  return q;
}

/** A copy of question i with a fresh id, inserted after it. */
export function duplicated(survey, i) {
  const q = clone(survey.questions[i]);
  const used = new Set(survey.questions.map((x) => x.id));
  let k = 2;
  while (used.has(`${q.id}-${k}`)) k++;
  q.id = `${q.id}-${k}`;
  return q;
}

/** Pages list question ids: keep them in step when a question is added, copied, renamed or deleted
 *  (a question on no page is an error the core reports). */
export function placeOnPage(survey, id, afterId) {
  if (!Array.isArray(survey.pages) || !survey.pages.length) return;
  const page = survey.pages.find((p) => Array.isArray(p.questions) && p.questions.includes(afterId)) || survey.pages[survey.pages.length - 1];
  page.questions ||= [];
  const at = page.questions.indexOf(afterId);
  page.questions.splice(at < 0 ? page.questions.length : at + 1, 0, id);
}
export function renameOnPages(survey, from, to) {
  for (const p of Array.isArray(survey.pages) ? survey.pages : []) {
    if (Array.isArray(p.questions)) p.questions = p.questions.map((q) => (q === from ? to : q)).filter((q) => q !== undefined);
  }
}
export function removeFromPages(survey, id) {
  for (const p of Array.isArray(survey.pages) ? survey.pages : []) if (Array.isArray(p.questions)) p.questions = p.questions.filter((q) => q !== id);
}

/** Undo/redo over whole-document snapshots (JSON text), capped. */
export class History {
  constructor(limit = 200) {
    this.limit = limit;
    this.past = [];
    this.future = [];
  }
  record(text) {
    if (this.past[this.past.length - 1] === text) return;
    this.past.push(text);
    if (this.past.length > this.limit) this.past.shift();
    this.future = [];
  }
  undo(current) {
    if (!this.past.length) return null;
    this.future.push(current);
    return this.past.pop();
  }
  redo(current) {
    if (!this.future.length) return null;
    this.past.push(current);
    return this.future.pop();
  }
}
