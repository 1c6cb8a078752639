// What the widget remembers about this visitor, on this device only (localStorage, never cookies):
// a sticky sampling bucket, page views, when each survey was shown, answered or dismissed, and the
// site's id and attributes for the visitor (identify/init: what trigger.audience is tested on;
// an attribute leaves the device only in a payload, and only if the survey's privacy.context
// lists it — the core's payload writer decides that).
const KEY = 'touchpoint:visitor';
const DAY_MS = 86400000;

function stored() {
  try {
    const state = JSON.parse(localStorage.getItem(KEY) || 'null');
    if (state && typeof state === 'object' && typeof state.bucket === 'number') return state;
  } catch {
    /* storage disabled or corrupt: start over */
  }
  return null;
}

function fresh() {
  const random = new Uint32Array(1);
  crypto.getRandomValues(random);
  return { bucket: random[0] / 2 ** 32, pageViews: 0, shown: [], surveys: {} };
}

function save(state) {
  try {
    localStorage.setItem(KEY, JSON.stringify(state));
  } catch {
    /* private mode with a zero quota: frequency caps then hold for this page only */
  }
}

let state;
// Read through on every use, not once per page: another tab, or the renderer chunk's own copy of
// this module, may have written since (a show recorded there, attributes changed here).
const current = () => (state = stored() || state || fresh());
const survey = (id, s = current()) => ((s.surveys ||= {})[id] ||= { displays: 0 });

/** The visitor's attributes (segment.NAME in expressions) and the site's id for them. */
export const attributes = () => current().attributes || {};
export const visitorId = () => current().id;

/**
 * Records who the visitor is: another id than the stored one starts with no attributes (a new
 * person signed in); id null forgets both (signed out); id undefined keeps it. Attributes are
 * merged, a null value removes one.
 */
export function identify(id, attrs) {
  const s = current();
  if (id !== undefined && id !== s.id) {
    s.id = id ?? undefined;
    s.attributes = {};
  }
  const merged = { ...s.attributes, ...attrs };
  for (const k in merged) if (merged[k] == null) delete merged[k];
  s.attributes = merged;
  save(s);
}

/** Counts a page view (full load or SPA route change); returns the total. */
export function countPageView() {
  const s = current();
  s.pageViews = (s.pageViews || 0) + 1;
  save(s);
  return s.pageViews;
}

export const pageViews = () => current().pageViews || 0;

/**
 * The visitor's sticky position in [0, 100) for one survey: the same visitor always lands in the
 * same place (sampling is not a fresh draw per page), and different surveys sample different
 * visitors (the survey id shifts the bucket).
 */
export function sampleBucket(surveyId) {
  let hash = 2166136261;
  for (const ch of String(surveyId)) hash = Math.imul(hash ^ ch.codePointAt(0), 16777619) >>> 0;
  return ((current().bucket + hash / 2 ** 32) % 1) * 100;
}

/**
 * Why this survey may not be shown now (a short reason), or '' if it may.
 * trigger: survey.trigger (recontactDays, maxDisplays); fatigue: the site's cap across all surveys.
 */
export function frequencyBlock(surveyId, trigger = {}, fatigue = {}, now = Date.now()) {
  const s = current();
  const entry = s.surveys?.[surveyId] || { displays: 0 };
  if (entry.completed) return 'completed';
  if (trigger.maxDisplays != null && entry.displays >= trigger.maxDisplays) return 'max-displays';
  if (trigger.recontactDays != null && entry.lastShown && now - entry.lastShown < trigger.recontactDays * DAY_MS)
    return 'recontact-wait';
  const days = fatigue.days ?? 7;
  const max = fatigue.max ?? 3;
  const recent = (s.shown || []).filter((t) => now - t < days * DAY_MS);
  if (recent.length >= max) return 'fatigue';
  return '';
}

export function recordShown(surveyId, now = Date.now()) {
  const s = current();
  const entry = survey(surveyId, s);
  entry.displays += 1;
  entry.lastShown = now;
  s.shown = [...(s.shown || []).filter((t) => now - t < 90 * DAY_MS), now];
  save(s);
}

export function recordOutcome(surveyId, outcome) {
  const s = current();
  survey(surveyId, s)[outcome] = Date.now();
  save(s);
}

/** Resumable engine state of an unfinished survey (so a reload does not lose answers). */
export function savedState(surveyId) {
  return survey(surveyId).state ?? null;
}
export function saveState(surveyId, engineState) {
  const s = current();
  const entry = survey(surveyId, s);
  if (engineState == null) delete entry.state;
  else entry.state = engineState;
  save(s);
}
