// Studio offers what the core accepts, taken from the core's tables and from nothing else: the
// question types and each one's fields, the settings (display modes and positions, delivery methods
// and formats, time resolutions: every field and allowed value of display, delivery and privacy),
// the journey link's fields, the built-in scores for piping, and a new question of every type, which
// the core's validator accepts as Studio starts it. The core's side is what it prints now
// (`touchpoint schema survey`, `touchpoint validate`), not the committed copy Studio's build reads.
// What the page shows from these tables: studio_question_types.test.mjs (every type added, the
// settings menus), studio_maps.test.mjs (the periods of "What changed").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './lib/server.mjs';
import { touchpoint } from '../collector/lib/collector.mjs';
import { strings } from '../../web/studio/strings.js';

const skip = fs.existsSync(touchpoint) ? false : `no CLI at ${touchpoint} (tools/build.sh native-release)`;

/** The survey/1 JSON Schema as the core writes it from its field table. */
const coreSchema = () => JSON.parse(execFileSync(touchpoint, ['schema', 'survey'], { encoding: 'utf8', timeout: 20000 }));

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

test('the display, delivery, privacy and journey link fields are the core\'s, their menus the values it accepts', { skip }, async () => {
  const schema = coreSchema();
  const { sections, ownBlocks, sectionLabels, displayModes, displayModeOf } = await studioModel();
  let menus = 0;
  for (const name of ['display', 'delivery', 'privacy']) {
    const core = Object.entries(schema.$defs[name].properties).filter(([key]) => !ownBlocks[name]?.includes(key));
    const offered = new Map(sections[name].map(([key, kind, options]) => [key, { kind, options }]));
    assert.deepEqual([...offered.keys()].sort(), core.map(([key]) => key).sort(), `${name}: the core's fields, no other`);
    for (const [key, property] of core) {
      const { kind, options } = offered.get(key);
      assert.ok(kind, `${name}.${key}: no form control for the core's kind`);
      for (const locale of Object.keys(strings)) assert.ok(strings[locale][sectionLabels[key] ?? key]?.trim(), `${name}.${key}: missing ${locale} label`);
      if (!property.enum) {
        assert.notEqual(kind, 'enum', `${name}.${key}: a menu, but the core takes any value`);
        continue;
      }
      assert.equal(kind, 'enum', `${name}.${key}: the core allows only some values: a menu`);
      assert.deepEqual(options, property.enum, `${name}.${key}: the menu offers what the core accepts, in its order`);
      menus++;
    }
  }
  // display mode and position, delivery method and format, time resolution: none went missing.
  assert.ok(menus >= 5, `${menus} menus`);
  // The journey link's fields (map, stage, touchpoint), each labelled.
  const { journeyFields } = await studioModel();
  const link = schema.$defs[schema.properties.journey.$ref.replace('#/$defs/', '')].properties;
  assert.deepEqual(journeyFields.map(([key]) => key), Object.keys(link));
  for (const [key, kind] of journeyFields) {
    assert.equal(kind, 'string', `journey.${key}`);
    for (const locale of Object.keys(strings)) assert.ok(strings[locale][`journey_${key}`]?.trim(), `journey.${key}: missing ${locale} label`);
  }
  // The preview's modes are the core's, and a survey that names none shows in the core's default.
  assert.deepEqual(displayModes, schema.$defs.display.properties.mode.enum);
  assert.ok(displayModes.includes(displayModeOf({})), displayModeOf({}));
  assert.equal(displayModeOf({ display: { mode: 'inline' } }), 'inline');
});

/** `touchpoint validate` of each survey: its output lines per file (a clean survey: one "ok" line). */
function validate(surveys) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-studio-new-'));
  const files = surveys.map((s, i) => {
    const file = path.join(dir, `${i}-${s.questions.map((q) => q.type).join('-')}.json`);
    fs.writeFileSync(file, JSON.stringify(s));
    return file;
  });
  const r = spawnSync(touchpoint, ['validate', ...files], { encoding: 'utf8', timeout: 20000 });
  return files.map((file) => (r.stdout + r.stderr).split('\n').filter((line) => line.startsWith(`${file}:`)).map((line) => line.slice(file.length + 2)));
}

test('a new question of every type, as Studio starts it, passes the core\'s validation with no warning', { skip }, async () => {
  const types = coreSchema().$defs.question.properties.type.enum;
  assert.ok(types.length >= 14, `${types.length} question types`);
  const { newQuestion } = await studioModel();
  for (const locales of [['en'], ['zh-CN', 'en']]) {
    const survey = { touchpoint: 'survey/1', id: 'new', version: '1', locales, questions: [] };
    const alone = [];
    for (const type of types) {
      const q = newQuestion(type, survey);
      assert.equal(q.type, type);
      assert.ok(!survey.questions.some((other) => other.id === q.id), `${type}: a fresh id (${q.id})`);
      // Its texts are in the survey's locales: a title to write in each.
      assert.deepEqual(q.title, locales.length > 1 ? Object.fromEntries(locales.map((l) => [l, ''])) : '');
      survey.questions.push(q);
      alone.push({ ...survey, questions: [q] });
    }
    const results = validate([...alone, survey]);
    for (const [i, lines] of results.entries()) {
      const what = i < types.length ? `a new ${types[i]} question` : 'all of them together';
      assert.deepEqual(lines, ['ok (survey/1)'], `${locales.join(',')}: ${what}`);
    }
  }
});
