// What the widget remembers about this visitor, on this device only (localStorage, never cookies):
// a sticky sampling bucket, page views, and when each survey was shown, answered or dismissed.
const KEY = 'touchpoint:visitor';
const DAY_MS = 86400000;

function load() {
  try {
    const state = JSON.parse(localStorage.getItem(KEY) || 'null');
    if (state && typeof state === 'object' && typeof state.bucket === 'number') return state;
  } catch {
    /* storage disabled or corrupt: start over */
  }
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
const current = () => (state ||= load());
const survey = (id) => (current().surveys[id] ||= { displays: 0 });

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
  const entry = s.surveys[surveyId] || { displays: 0 };
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
  const entry = survey(surveyId);
  entry.displays += 1;
  entry.lastShown = now;
  s.shown = [...(s.shown || []).filter((t) => now - t < 90 * DAY_MS), now];
  save(s);
}

export function recordOutcome(surveyId, outcome) {
  survey(surveyId)[outcome] = Date.now();
  save(current());
}

/** Resumable engine state of an unfinished survey (so a reload does not lose answers). */
export function savedState(surveyId) {
  return survey(surveyId).state ?? null;
}
export function saveState(surveyId, engineState) {
  const entry = survey(surveyId);
  if (engineState == null) delete entry.state;
  else entry.state = engineState;
  save(current());
}
