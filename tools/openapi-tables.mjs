#!/usr/bin/env node
// The lists in docs/openapi.json that the core owns, filled in from the core's tables
// (web/core-tables.mjs): every schema there marked "x-touchpoint-table": NAME gets its `enum` from
// table NAME, and its `default` too where the schema has one (a query parameter's); one marked
// "NAME/KEY" gets the default of row KEY (a number's default, e.g. coverage-target/nps). The collector serves docs/openapi.json
// as it is (embedded at build time), so the document is regenerated, not patched at run time:
//   node tools/openapi-tables.mjs          rewrite docs/openapi.json where a list differs
//   node tools/openapi-tables.mjs --check  exit 1, naming each list that differs (what a test runs)
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { coreTable } from '../web/core-tables.mjs';

export const openapiPath = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'openapi.json');

// What each table gives a schema: its allowed values, and the value used when none is given.
const keysWithDefault = (name) => async () => {
  const rows = await coreTable(name); // [key, isDefault]
  return { enum: rows.map(([key]) => key), default: rows.find(([, isDefault]) => isDefault)[0] };
};
const lists = {
  'alert-states': keysWithDefault('alert-states'), // tools/collector/alert_states.def
  'change-periods': keysWithDefault('change-periods'), // shared/src/journey/change_periods.def
  // shared/include/touchpoint/journey/coverage_target.def: [member, query, points]
  'coverage-target': async (query) => ({ default: (await coreTable('coverage-target')).find(([, q]) => q === query)?.[2] }),
  'alert-target': async () => ({ default: (await coreTable('alert-target')).minutes }), // tools/collector/alert_target.def
};

/** Every marked schema of `doc` as [JSON pointer, schema object, table name], in document order. */
export function markedSchemas(doc) {
  const out = [];
  const walk = (v, at) => {
    if (!v || typeof v !== 'object') return;
    if (!Array.isArray(v) && typeof v['x-touchpoint-table'] === 'string') out.push([at, v, v['x-touchpoint-table']]);
    for (const [k, x] of Object.entries(v)) walk(x, `${at}/${String(k).replace(/~/g, '~0').replace(/\//g, '~1')}`);
  };
  walk(doc, '');
  return out;
}

/** Fills the marked schemas of `doc` in place; returns the pointers of those that changed. */
export async function fillTables(doc) {
  const changed = [];
  for (const [at, schema, name] of markedSchemas(doc)) {
    const [table, key] = name.split('/');
    if (!lists[table]) throw new Error(`${at}: no core table "${table}" (tools/openapi-tables.mjs knows ${Object.keys(lists).join(', ')})`);
    const want = await lists[table](key);
    if (Object.values(want).includes(undefined)) throw new Error(`${at}: table ${table} has no row ${key}`);
    for (const [key, value] of Object.entries(want)) {
      if (key === 'default' && !('default' in schema)) continue; // a request's parameter has one, a response's list not
      if (JSON.stringify(schema[key]) !== JSON.stringify(value)) {
        schema[key] = value;
        changed.push(`${at}/${key}`);
      }
    }
  }
  return changed;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = await fs.readFile(openapiPath, 'utf8');
  const doc = JSON.parse(text);
  const changed = await fillTables(doc);
  if (process.argv.includes('--check')) {
    if (changed.length) {
      console.error(`docs/openapi.json differs from the core's tables at:\n  ${changed.join('\n  ')}\n(regenerate: node tools/openapi-tables.mjs)`);
      process.exit(1);
    }
  } else if (changed.length) {
    await fs.writeFile(openapiPath, `${JSON.stringify(doc, null, 2)}\n`);
    console.log(`docs/openapi.json: ${changed.join(', ')}`);
  }
}
