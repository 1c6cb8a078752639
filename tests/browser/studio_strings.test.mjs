// Studio's UI strings: both languages have every key, and every key the code asks for exists
// (including the trigger fields the form takes from the core's table; the question types' and the
// settings' fields: studio_core_tables.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './lib/server.mjs';
import { strings } from '../../web/studio/strings.js';

test('zh-CN and en have the same keys, none empty', () => {
  assert.deepEqual(Object.keys(strings['zh-CN']).sort(), Object.keys(strings.en).sort());
  for (const [locale, table] of Object.entries(strings)) for (const [k, v] of Object.entries(table)) assert.ok(v.trim(), `${locale}.${k}`);
});

test('every literal key the Studio code looks up is in the table', () => {
  const dir = path.join(repoRoot, 'web/studio');
  const used = new Set();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.js'))) {
    for (const m of fs.readFileSync(path.join(dir, file), 'utf8').matchAll(/\bt\(\s*'([A-Za-z_]+)'/g)) used.add(m[1]);
  }
  assert.ok(used.size > 50, `${used.size} keys found`);
  for (const key of used) assert.ok(key in strings.en, `missing string ${key}`);
});

test('every trigger field of the core has a label (the form lists the core\'s table)', async () => {
  const { coreTable } = await import(path.join(repoRoot, 'web/core-tables.mjs'));
  const fields = await coreTable('trigger-fields');
  assert.ok(fields.length > 10, `${fields.length} trigger fields`);
  for (const [name] of fields) assert.ok(name in strings.en, `missing string ${name}`);
});
