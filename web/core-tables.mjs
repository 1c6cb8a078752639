// Tables the core owns, read from its sources (one owner, no copy in web/). web/build.mjs bundles
// them into the widget as the modules `touchpoint:<name>` (coreTablesPlugin); tests use the same plugin.
//   trigger-fields  the rows of trigger_fields.def: [name, kind, min, max]
//   ui-strings      the TP_UI rows of strings.def: {code: [en, zh-Hans, zh-Hant, ar]}
//   journey-strings the rows of journey/ui_strings.def: {code: [en, zh-Hans, zh-Hant]}
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const src = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'shared', 'src');

/** Rows of MACRO(a, b, ...) lines: the first argument is a bare name, int/bool/string/expr kinds become strings. */
const rows = (text, macro) =>
  [...text.matchAll(new RegExp(`^${macro}\\((.*)\\)\\s*$`, 'gm'))].map(([, args]) =>
    JSON.parse(`[${args.replace(/^(\w+)/, '"$1"').replace(/, (int|bool|string|expr),/, ', "$1",')}]`),
  );

export const coreTables = {
  'trigger-fields': { file: path.join(src, 'survey', 'trigger_fields.def'), read: (text) => rows(text, 'TP_TRIGGER_FIELD') },
  'ui-strings': {
    file: path.join(src, 'session', 'strings.def'),
    read: (text) => Object.fromEntries(rows(text, 'TP_UI').map(([code, ...texts]) => [code, texts])),
  },
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
