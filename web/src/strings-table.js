// Reading one of the core's strings tables ({code: [en, zh-Hans, zh-Hant, ar]}, bundled from its
// .def file by web/core-tables.mjs) in the column the core named for a locale. A row without that
// column (a table that has no Arabic yet) reads English; an unknown code reads as itself.
const COLUMNS = ['en', 'zh-Hans', 'zh-Hant', 'ar'];

/** Returns t(key, vars) for `table` in a column ("en", "zh-Hans", "zh-Hant", "ar"); {name} fields are filled from vars. */
export function tableStrings(table, column = 'en') {
  const at = Math.max(0, COLUMNS.indexOf(column));
  return (key, vars = {}) =>
    String(table[key]?.[at] ?? table[key]?.[0] ?? key).replace(/\{(\w+)\}/g, (_, k) => vars[k] ?? '');
}
