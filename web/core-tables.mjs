// Tables the core owns, read from its sources (one owner, no copy in web/). web/build.mjs bundles
// them into the widget as the modules `touchpoint:<name>` (coreTablesPlugin); tests use the same plugin.
//   trigger-fields  the rows of trigger_fields.def: [name, kind, min, max]
//   ui-strings      the TP_UI rows of strings.def: {code: [en, zh-Hans, zh-Hant, ar]}
//   journey-strings the rows of journey/ui_strings.def: {code: [en, zh-Hans, zh-Hant]}
//   builtin-scores  the keys of touchpoint/survey/builtin_scores.def: ['nps', ...] (each fed by the question type of its name)
//   question-fields each question type's own fields, from the survey/1 schema the core writes
//                   (docs/schema/survey-1.json, `touchpoint schema survey`; the CTest cli_schema
//                   fails when it is out of date): {common: [field...], types: {type: [field...]}},
//                   a field being [name, kind, enum?] where kind is the schema's type (integer,
//                   number, boolean, string, array), the $defs name it refers to (text, url, ...),
//                   or the kinds of its alternatives joined by '|' (boolean|text)
//   new-questions   the smallest valid question of each type, as Studio starts one: the "examples" of
//                   each type in the same schema ({type: question}, in the core's order)
//   survey-sections the fields of the survey's display, delivery, privacy and journey objects in the
//                   same schema, with their allowed values (display modes and positions, delivery
//                   methods and formats, time resolutions): {display: [field...], ...}, fields as above
//   setting-defaults the rows of survey/setting_defaults.def: {section: {key: value}}, what a setting is
//                   when the survey leaves it out (display mode popover, ...)
//   change-periods  the rows of journey/change_periods.def: [key, isDefault] (what "What changed"
//                   compares by: day, week, month)
//   widget-display  what the widget needs of the display settings, from the same schema and
//                   setting_defaults.def: {modes: [mode...], mode: default mode, position: default
//                   position} (web/touchpoint.d.ts's DisplayMode is checked against the modes)
//   coverage-target the rows of journey/coverage_target.def: [member, query, points] (the default
//                   margins a map's coverage is measured against)
//   alert-target    the one row of tools/collector/alert_target.def: {minutes} (the inbox's default
//                   time-to-handle target)
//   alert-states    the rows of the collector's tools/collector/alert_states.def: [key, isDefault]
//                   (the states Studio's alert inbox lists by: open, handled, all)
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'shared', 'src');

/** Rows of MACRO(a, b, ...) lines: the first argument is a bare name, int/bool/string/expr kinds become strings. */
const rows = (text, macro) =>
  [...text.matchAll(new RegExp(`^${macro}\\((.*)\\)\\s*$`, 'gm'))].map(([, args]) =>
    JSON.parse(`[${args.replace(/^(\w+)/, '"$1"').replace(/, (int|bool|string|expr),/, ', "$1",')}]`),
  );

/** A schema property as [name, kind, enum?] (the kinds are listed above). */
const kindOf = (p) => (p.$ref ? p.$ref.replace('#/$defs/', '') : p.anyOf ? p.anyOf.map(kindOf).join('|') : p.type);
const field = ([name, p]) => (p.enum ? [name, kindOf(p), p.enum] : [name, kindOf(p)]);

/** The question shape of the survey/1 schema: its common fields and, per type (in the core's order), its own. */
function questionFields(text) {
  const question = JSON.parse(text).$defs.question;
  const types = {};
  for (const { if: when, then } of question.allOf || []) types[when.properties.type.const] = Object.entries(then.properties || {}).map(field);
  return { common: Object.entries(question.properties).map(field), types };
}

/** Each question type's example in the survey/1 schema: the question an editor starts from. */
function newQuestions(text) {
  const question = JSON.parse(text).$defs.question;
  return Object.fromEntries((question.allOf || []).map(({ if: when, then }) => [when.properties.type.const, then.examples?.[0]]));
}

/** The fields of the survey's settings objects (and its journey link), as the schema describes them under $defs. */
const surveySections = (text) => {
  const schema = JSON.parse(text);
  const shape = (member) => schema.$defs[schema.properties[member].$ref.replace('#/$defs/', '')];
  return Object.fromEntries(['display', 'delivery', 'privacy', 'journey'].map((name) => [name, Object.entries(shape(name).properties).map(field)]));
};

/** TP_SETTING_DEFAULT(section, key, "JSON literal") rows as {section: {key: value}}. */
function settingDefaults(text) {
  const out = {};
  for (const [, section, key, literal] of text.matchAll(/^TP_SETTING_DEFAULT\((\w+), (\w+), (".*")\)\s*$/gm)) {
    (out[section] ||= {})[key] = JSON.parse(JSON.parse(literal));
  }
  return out;
}

const surveySchema = path.join(root, 'docs', 'schema', 'survey-1.json');

/** The display modes the schema allows, and the default mode and position (two sources: one file each). */
async function widgetDisplay() {
  const display = Object.fromEntries(surveySections(await fs.readFile(surveySchema, 'utf8')).display.map(([name, , values]) => [name, values]));
  const defaults = settingDefaults(await fs.readFile(path.join(src, 'survey', 'setting_defaults.def'), 'utf8')).display;
  return { modes: display.mode, mode: defaults.mode, position: defaults.position };
}

export const coreTables = {
  'trigger-fields': { file: path.join(src, 'survey', 'trigger_fields.def'), read: (text) => rows(text, 'TP_TRIGGER_FIELD') },
  'ui-strings': {
    file: path.join(src, 'session', 'strings.def'),
    read: (text) => Object.fromEntries(rows(text, 'TP_UI').map(([code, ...texts]) => [code, texts])),
  },
  'builtin-scores': {
    file: path.join(root, 'shared', 'include', 'touchpoint', 'survey', 'builtin_scores.def'),
    read: (text) => [...text.matchAll(/^TP_BUILTIN_SCORE\((\w+),/gm)].map(([, key]) => key),
  },
  'question-fields': { file: surveySchema, read: questionFields },
  'new-questions': { file: surveySchema, read: newQuestions },
  'survey-sections': { file: surveySchema, read: surveySections },
  'setting-defaults': { file: path.join(src, 'survey', 'setting_defaults.def'), read: settingDefaults },
  'change-periods': { file: path.join(src, 'journey', 'change_periods.def'), read: (text) => rows(text, 'TP_CHANGE_PERIOD') },
  'widget-display': { file: surveySchema, read: null, load: widgetDisplay, watch: [path.join(src, 'survey', 'setting_defaults.def')] },
  'coverage-target': {
    file: path.join(root, 'shared', 'include', 'touchpoint', 'journey', 'coverage_target.def'),
    read: (text) => [...text.matchAll(/^TP_COVERAGE_TARGET\((\w+), (\w+), ([\d.]+)\)\s*$/gm)].map(([, member, query, points]) => [member, query, Number(points)]),
  },
  'alert-target': {
    file: path.join(root, 'tools', 'collector', 'alert_target.def'),
    read: (text) => ({ minutes: Number(/^TP_ALERT_TARGET_MINUTES\((\d+)\)\s*$/m.exec(text)?.[1]) }),
  },
  'alert-states': { file: path.join(root, 'tools', 'collector', 'alert_states.def'), read: (text) => rows(text, 'TP_ALERT_STATE') },
  'journey-strings': {
    file: path.join(src, 'journey', 'ui_strings.def'),
    read: (text) => Object.fromEntries(rows(text, 'TP_JOURNEY_UI').map(([code, ...texts]) => [code, texts])),
  },
};

/** The table `name`, parsed; throws when the source has no rows (a moved or renamed file). */
export async function coreTable(name) {
  const table = coreTables[name];
  if (!table) throw new Error(`no core table ${name}`);
  const value = table.load ? await table.load() : table.read(await fs.readFile(table.file, 'utf8'));
  if (!Object.keys(value).length) throw new Error(`no rows in ${table.file}`);
  return value;
}

/** The esbuild plugin that bundles the tables as the modules `touchpoint:<name>`. */
export const coreTablesPlugin = {
  name: 'core-tables',
  setup(build) {
    build.onResolve({ filter: /^touchpoint:/ }, ({ path: id }) => ({ path: id.slice('touchpoint:'.length), namespace: 'core-table' }));
    build.onLoad({ filter: /.*/, namespace: 'core-table' }, async ({ path: name }) => ({
      contents: `export default ${JSON.stringify(await coreTable(name))};`,
      loader: 'js',
      watchFiles: [coreTables[name].file, ...(coreTables[name].watch || [])],
    }));
  },
};
