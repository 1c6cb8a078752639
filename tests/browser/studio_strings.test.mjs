// Studio's UI strings: both languages have every key, and every key the code asks for exists
// (including the trigger fields and the question types' fields the form takes from the core's tables).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
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

/** web/studio/model.js bundled as Studio's build bundles it (the core's tables included). */
async function studioModel() {
  const esbuild = await import(path.join(repoRoot, 'web/node_modules/esbuild/lib/main.js'));
  const { coreTablesPlugin } = await import(path.join(repoRoot, 'web/core-tables.mjs'));
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tp-studio-model-')), 'model.mjs');
  await esbuild.build({ entryPoints: [path.join(repoRoot, 'web/studio/model.js')], bundle: true, format: 'esm', outfile: out, plugins: [coreTablesPlugin], logLevel: 'error' });
  return import(pathToFileURL(out).href);
}

test('every question type of the core, and each of its fields, is in the form with a label and a control', async () => {
  const { coreTable } = await import(path.join(repoRoot, 'web/core-tables.mjs'));
  const core = await coreTable('question-fields');
  const { typeFields, questionTypes } = await studioModel();
  const coreTypes = core.common.find(([name]) => name === 'type')[2];
  assert.ok(coreTypes.length >= 14, `${coreTypes.length} question types`);
  assert.deepEqual(questionTypes, coreTypes, 'the form offers the core\'s types, in its order');
  for (const type of coreTypes) {
    assert.deepEqual(typeFields[type].map(([name]) => name).filter((n) => n !== 'pii'), core.types[type].map(([name]) => name), `${type}: the core's fields`);
    for (const [name, kind] of typeFields[type]) {
      assert.ok(kind, `${type}.${name}: no form control for the core's kind`);
      for (const locale of Object.keys(strings)) assert.ok(strings[locale][name]?.trim(), `${type}.${name}: missing ${locale} label`);
    }
  }
  // What the core says a field is decides its control: csat's scale is a number, its shape a menu.
  assert.deepEqual(typeFields.csat.find(([n]) => n === 'scale'), ['scale', 'number', undefined]);
  assert.deepEqual(typeFields.csat.find(([n]) => n === 'shape'), ['shape', 'enum', ['numbers', 'stars', 'smileys']]);
  assert.deepEqual(typeFields.single.find(([n]) => n === 'other').slice(0, 2), ['other', 'other']);
});

test('every built-in score of the core is offered for piping where a question of its type feeds it', async () => {
  const { coreTable } = await import(path.join(repoRoot, 'web/core-tables.mjs'));
  const builtin = await coreTable('builtin-scores');
  assert.ok(builtin.includes('nps') && builtin.length >= 3, builtin.join(' '));
  const { pipingPlaceholders, questionTypes } = await studioModel();
  for (const key of builtin) {
    assert.ok(questionTypes.includes(key), `${key}: a question type of that name feeds it`);
    const survey = { questions: [{ id: 'q1', type: key }], privacy: { context: ['page', 'segment.plan'] } };
    assert.deepEqual(pipingPlaceholders(survey), ['{answer.q1}', `{score.${key}}`, '{segment.plan}']);
    assert.ok(!pipingPlaceholders({ questions: [{ id: 'q1', type: 'text' }] }).includes(`{score.${key}}`));
  }
});
