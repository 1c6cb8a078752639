// Tables the core owns, read from its sources (one owner, no copy in web/). web/build.mjs bundles
// them into the widget as the modules `touchpoint:<name>` (coreTablesPlugin); tests use the same plugin.
//   trigger-fields  the rows of trigger_fields.def: [name, kind, min, max]
//   ui-strings      the TP_UI rows of strings.def: {code: [en, zh-Hans, zh-Hant, ar]}
//   journey-strings the rows of journey/ui_strings.def: {code: [en, zh-Hans, zh-Hant]}
//   builtin-scores  the keys of survey/builtin_scores.def: ['nps', ...] (each fed by the question type of its name)
//   question-fields each question type's own fields, from the survey/1 schema the core writes
//                   (docs/schema/survey-1.json, `touchpoint schema survey`; the CTest cli_schema
//                   fails when it is out of date): {common: [field...], types: {type: [field...]}},
//                   a field being [name, kind, enum?] where kind is the schema's type (integer,
//                   number, boolean, string, array), the $defs name it refers to (text, url, ...),
//                   or the kinds of its alternatives joined by '|' (boolean|text)
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

export const coreTables = {
  'trigger-fields': { file: path.join(src, 'survey', 'trigger_fields.def'), read: (text) => rows(text, 'TP_TRIGGER_FIELD') },
  'ui-strings': {
    file: path.join(src, 'session', 'strings.def'),
    read: (text) => Object.fromEntries(rows(text, 'TP_UI').map(([code, ...texts]) => [code, texts])),
  },
  'builtin-scores': {
    file: path.join(src, 'survey', 'builtin_scores.def'),
    read: (text) => [...text.matchAll(/^TP_BUILTIN_SCORE\((\w+),/gm)].map(([, key]) => key),
  },
  'question-fields': { file: path.join(root, 'docs', 'schema', 'survey-1.json'), read: questionFields },
  'journey-strings': {
    file: path.join(src, 'journey', 'ui_strings.def'),
    read: (text) => Object.fromEntries(rows(text, 'TP_JOURNEY_UI').map(([code, ...texts]) => [code, texts])),
  },
};

/** The table `name`, parsed; throws when the source has no rows (a moved or renamed file). */
export async function coreTable(name) {
  const table = coreTables[name];
  if (!table) throw new Error(`no core table ${name}`);
  const value = table.read(await fs.readFile(table.file, 'utf8'));
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
      watchFiles: [coreTables[name].file],
    }));
  },
};
