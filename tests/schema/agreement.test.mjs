// The published JSON Schemas (docs/schema/, written by `touchpoint schema` from the core's field
// tables) and the core's own readers (`touchpoint validate`) agree: on every example file, on
// generated responses and the golden payloads, and on mutations of all of them generated from the
// schema itself — each required member dropped, each value given the wrong JSON type, each bound
// crossed, each enumeration given an unknown value, an extra member added to each closed object,
// each non-empty list emptied. Ajv (strict, draft 2020-12) and the core must both accept or both
// refuse every document. "Refuse" for the core is an error, or its warning that it ignores an
// unknown member: a schema cannot warn, so where the core warns and ignores, the schema is closed.
// The core is stricter only where a schema cannot follow (docs/schema/README.md lists those
// rules); no generated mutation touches them. Then the five typical mistakes of a survey author,
// reported by both at the same JSON pointer (the rule that only the core can check says so).
// Probes from the documents' side catch a rule the schema lacks (see CORE_ONLY below).
// Run by CTest (tests/cli/schema_agreement.test.sh) with TOUCHPOINT set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const touchpoint = process.env.TOUCHPOINT || path.join(root, 'build/native-release/tools/touchpoint');
const KINDS = ['survey', 'response', 'journey'];

// [SECTION] The schemas in Ajv -----------------------------------------------------------------

// Whole documents: strict mode (a schema with an unknown keyword or a loose type fails here).
// Parts of a schema (to walk a document along it): a lenient instance, since a part such as an
// if-branch is not meant to stand alone.
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
const parts = new Ajv2020({ allErrors: true, strict: false });
const schemas = {};
const documentValidators = {};
for (const kind of KINDS) {
  schemas[kind] = JSON.parse(fs.readFileSync(path.join(root, `docs/schema/${kind}-1.json`), 'utf8'));
  documentValidators[kind] = ajv.compile(schemas[kind]);
  parts.addSchema(schemas[kind]);
}
const validatorAt = (kind, pointer = '') => {
  if (pointer === '') return documentValidators[kind];
  const key = `${schemas[kind].$id}#${pointer}`;
  const v = parts.getSchema(key);
  assert.ok(v, `no schema at ${key}`);
  return v;
};

/** Ajv's findings as JSON pointers of the member concerned (a missing or extra member: its own). */
function ajvPointers(kind, doc) {
  const v = validatorAt(kind);
  if (v(doc)) return [];
  return v.errors.map((e) => {
    const member = e.params.missingProperty ?? e.params.additionalProperty ?? e.params.unevaluatedProperty;
    return member === undefined
      ? e.instancePath
      : `${e.instancePath}/${member.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  });
}

// [SECTION] The core -----------------------------------------------------------------------------

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-schema-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));

/**
 * Runs `touchpoint validate` once on all documents; per document its findings
 * [{pointer, message, warning}] and whether the core refuses it (an error, or an ignored member).
 */
function coreVerdicts(docs) {
  const files = docs.map((doc, i) => {
    const file = path.join(tmp, `${i}.json`);
    fs.writeFileSync(file, typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2));
    return file;
  });
  const out = [];
  for (let i = 0; i < files.length; i += 500) {
    const r = spawnSync(touchpoint, ['validate', ...files.slice(i, i + 500)], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    assert.ok(r.status === 0 || r.status === 1, `validate exited ${r.status}: ${r.stderr}`);
    out.push(r.stdout);
  }
  const findings = new Map(files.map((f) => [f, []]));
  for (const line of out.join('').split('\n')) {
    const m = /^(.*?\.json): (warning: )?(\/[^:]*|): (.*)$/.exec(line);
    if (!m || !findings.has(m[1]) || / ok \(/.test(line)) continue;
    findings.get(m[1]).push({ pointer: m[3] === '/' ? '' : m[3], message: m[4], warning: Boolean(m[2]) });
  }
  return files.map((f) => {
    const list = findings.get(f);
    const refused = list.some((x) => !x.warning || /^unknown (field|member|message)/.test(x.message));
    return { refused, findings: list };
  });
}

// [SECTION] Documents --------------------------------------------------------------------------

const readJson = (p) => JSON.parse(fs.readFileSync(p, 'utf8'));
const examples = (dir) =>
  fs
    .readdirSync(path.join(root, 'examples', dir))
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ name: `examples/${dir}/${f}`, doc: readJson(path.join(root, 'examples', dir, f)) }));
// The widget's fixture of the slider and call-to-action types, which no example survey uses.
const widgetFixture = 'tests/browser/pages/widget/surveys/slider-cta.json';
const surveys = [...examples('surveys'), { name: widgetFixture, doc: readJson(path.join(root, widgetFixture)) }];
const journeys = examples('journeys');

// Responses: what the core's generator writes for each example survey, and the golden payloads.
function responses() {
  const out = [];
  for (const { name } of surveys) {
    const lines = execFileSync(
      touchpoint,
      [
        'generate',
        '--survey',
        path.join(root, name),
        '--journey',
        path.join(root, 'examples/journeys/saas-support.json'),
        '--count',
        '4',
        '--seed',
        '3',
      ],
      { encoding: 'utf8' },
    );
    lines
      .split('\n')
      .filter(Boolean)
      .forEach((l, i) => out.push({ name: `generate ${name} #${i + 1}`, doc: JSON.parse(l) }));
  }
  const golden = readJson(path.join(root, 'tests/golden/index.json')).cases;
  for (const c of golden)
    out.push({
      name: `tests/golden/${c}`,
      doc: readJson(path.join(root, `tests/golden/${c}.expected.json`)).payload,
    });
  return out;
}

// [SECTION] Mutations, generated from the schema -------------------------------------------------

const escape = (k) => k.replace(/~/g, '~0').replace(/\//g, '~1');
const clone = (v) => structuredClone(v);
function setAt(doc, pointer, fn) {
  const out = clone(doc);
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node = out;
  for (const p of parts.slice(0, -1)) node = node[p];
  fn(node, parts[parts.length - 1]);
  return out;
}
const replaceAt = (doc, pointer, value) => setAt(doc, pointer, (n, k) => (n[k] = value));
const dropAt = (doc, pointer) => setAt(doc, pointer, (n, k) => delete n[k]);
const update = (doc, pointer, fn) => setAt(doc, pointer, (n, k) => fn(n[k]));

function schemaAt(kind, pointer) {
  return pointer
    .split('/')
    .slice(1)
    .reduce((s, p) => s[p.replace(/~1/g, '/').replace(/~0/g, '~')], schemas[kind]);
}
// Follows $ref: the schema pointer of what a value must match.
function resolve(kind, sp) {
  let s = schemaAt(kind, sp);
  while (s.$ref) {
    sp = s.$ref.slice(1);
    s = schemaAt(kind, sp);
  }
  return sp;
}
const WRONG_TYPES = [12345, 'wrong', true, [], {}, 2.5];
const jsonType = (v) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);

/** Every mutation of `value` (at `ptr` in `doc`, matching the schema at `sp`): [{pointer, what, doc}]. */
function mutations(kind, doc, value, ptr, sp, out) {
  sp = resolve(kind, sp);
  const s = schemaAt(kind, sp);
  const here = (what, mutated) => out.push({ pointer: ptr, what, doc: mutated });
  const accepts = (v) => validatorAt(kind, sp)(v);
  if (ptr !== '') {
    const wrong = WRONG_TYPES.find(
      (w) =>
        jsonType(w) !== jsonType(value) &&
        !accepts(w) &&
        !(typeof value === 'number' && w === 2.5 && s.type !== 'integer'),
    );
    if (wrong !== undefined) here(`wrong type (${JSON.stringify(wrong)})`, replaceAt(doc, ptr, wrong));
    if (typeof s.minimum === 'number') here(`below minimum ${s.minimum}`, replaceAt(doc, ptr, s.minimum - 1));
    if (typeof s.maximum === 'number') here(`above maximum ${s.maximum}`, replaceAt(doc, ptr, s.maximum + 1));
    if (s.enum || s.const !== undefined)
      here('unknown enumeration value', replaceAt(doc, ptr, 'not-a-known-value'));
    if (Array.isArray(value) && s.minItems >= 1) here('emptied', replaceAt(doc, ptr, []));
  }
  if (s.anyOf) {
    const i = s.anyOf.findIndex((_, j) => validatorAt(kind, `${sp}/anyOf/${j}`)(value));
    if (i >= 0) mutations(kind, doc, value, ptr, `${sp}/anyOf/${i}`, out);
    return;
  }
  if (Array.isArray(value) && s.items) {
    value.forEach((item, i) => mutations(kind, doc, item, `${ptr}/${i}`, `${sp}/items`, out));
    return;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return;
  // The members this object's schema describes: its own, and those of the variant it is.
  const members = new Map(Object.keys(s.properties ?? {}).map((k) => [k, `${sp}/properties/${escape(k)}`]));
  const required = new Set(s.required ?? []);
  (s.allOf ?? []).forEach((branch, i) => {
    if (!validatorAt(kind, `${sp}/allOf/${i}/if`)(value)) return;
    for (const k of Object.keys(branch.then.properties ?? {}))
      members.set(k, `${sp}/allOf/${i}/then/properties/${escape(k)}`);
    for (const k of branch.then.required ?? []) required.add(k);
  });
  for (const k of required)
    if (k in value) here(`required "${k}" dropped`, dropAt(doc, `${ptr}/${escape(k)}`));
  if (s.additionalProperties === false || s.unevaluatedProperties === false)
    here(
      'extra member',
      setAt(doc, `${ptr}/unknownMember`, (n, k) => (n[k] = true)),
    );
  for (const [k, v] of Object.entries(value)) {
    const memberSp =
      members.get(k) ?? (typeof s.additionalProperties === 'object' ? `${sp}/additionalProperties` : null);
    if (memberSp) mutations(kind, doc, v, `${ptr}/${escape(k)}`, memberSp, out);
  }
}

// [SECTION] Probes, from the document's side ------------------------------------------------------

// The mutations above come from the schema, so they cannot notice a rule the schema lacks. These
// come from the document: every string leaf becomes an unusual but well-formed string, every
// number a huge one, every boolean its opposite. The schema then mostly accepts, and so must the
// core — except for the rules only the core can check (docs/schema/README.md), listed here by
// pointer: there the core must refuse and the schema accept. A rule the core gains that the schema
// does not state shows up as a disagreement, until it is stated in the field table or listed here.
const CORE_ONLY = {
  survey: [
    [
      /^\/questions\/\d+\/visibleIf$|\/validation\/\d+\/rule$|^\/logic\/\d+\/if$|^\/scores\/\d+\/expression$/,
      'an expression naming what does not exist',
    ],
    [/^\/logic\/\d+\/(from|goto)$|^\/pages\/\d+\/questions\/\d+$/, 'a reference to a question or page'],
    [/^\/questions\/\d+\/id$|^\/pages\/\d+\/id$|^\/scores\/\d+\/id$/, 'an id that others refer to'],
    [/^\/questions\/\d+\/(minPicks|maxPicks)$/, 'picks within the number of choices'],
    [/^\/questions\/\d+\/(min|max)$/, 'min not above max'],
    [/^\/questions\/\d+\/step$/, 'max − min a whole number of steps'],
    [/^\/scores\/\d+\/bands\/\d+\/min$/, 'bands in increasing order'],
    [/^\/logic\/\d+\/end$/, 'exactly one of goto and end: true'],
    [/^\/locales\/\d+$/, 'texts keyed by the locales in /locales'],
    [/^\/trigger\/(audience|eventCondition)$/, 'a trigger expression that parses, with its names (and an event for a condition)'],
  ],
  response: [[/^\/scores\/(csat|ces)\/(top2|easy|value|scale)$/, 'a flag or value that matches the scale']],
  journey: [
    [/\/(stage|touchpoint|persona)$|\/personas\/\d+$/, 'a reference to a stage, touchpoint or persona'],
    [/^\/(stages|touchpoints|personas)\/\d+\/id$/, 'an id that others refer to'],
    [/^\/metrics\/\d+\/(target|baseline)$/, 'an NPS target within -100..100'],
  ],
};
const coreOnlyRule = (kind, pointer) => CORE_ONLY[kind].find(([re]) => re.test(pointer))?.[1];

function probes(doc, value, ptr, out) {
  if (typeof value === 'string' && ptr !== '/touchpoint' && ptr !== '/$schema')
    out.push({ pointer: ptr, what: 'unusual string', doc: replaceAt(doc, ptr, 'not-a-known-value') });
  else if (typeof value === 'number')
    out.push({ pointer: ptr, what: 'huge number', doc: replaceAt(doc, ptr, 1e9) });
  else if (typeof value === 'boolean')
    out.push({ pointer: ptr, what: 'flipped', doc: replaceAt(doc, ptr, !value) });
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value))
      probes(doc, v, `${ptr}/${Array.isArray(value) ? k : escape(k)}`, out);
}

// [SECTION] Agreement ----------------------------------------------------------------------------

function checkAgreement(kind, named, { perDocument = Infinity } = {}) {
  const cases = [];
  for (const { name, doc } of named) {
    cases.push({ name, pointer: '', what: 'as it is', doc });
    const list = [];
    mutations(kind, doc, doc, '', '', list);
    list.slice(0, perDocument).forEach((m) => cases.push({ name, ...m }));
    const probed = [];
    probes(doc, doc, '', probed);
    probed.slice(0, perDocument).forEach((m) => cases.push({ name, probe: true, ...m }));
  }
  const verdicts = coreVerdicts(cases.map((c) => c.doc));
  const disagreements = [];
  let refusedByBoth = 0;
  let probesAgreed = 0;
  const coreOnly = new Map(); // rule -> how many probes only the core refused under it
  cases.forEach((c, i) => {
    const schemaRefuses = ajvPointers(kind, c.doc).length > 0;
    const coreRefuses = verdicts[i].refused;
    if (c.what === 'as it is') {
      assert.ok(!schemaRefuses, `${c.name}: the schema refuses it: ${ajvPointers(kind, c.doc).join(', ')}`);
      assert.ok(!coreRefuses, `${c.name}: the core refuses it: ${JSON.stringify(verdicts[i].findings)}`);
    }
    const rule = c.probe && !schemaRefuses && coreRefuses ? coreOnlyRule(kind, c.pointer) : undefined;
    if (rule) coreOnly.set(rule, (coreOnly.get(rule) ?? 0) + 1);
    else if (schemaRefuses !== coreRefuses)
      disagreements.push(
        `${c.name} ${c.pointer || '/'} ${c.what}: schema ${schemaRefuses ? 'refuses' : 'accepts'}, core ${coreRefuses ? 'refuses' : 'accepts'} ${JSON.stringify(verdicts[i].findings.slice(0, 2))}`,
      );
    else if (c.probe) probesAgreed++;
    else if (schemaRefuses) refusedByBoth++;
  });
  assert.deepEqual(disagreements.slice(0, 30), [], `${disagreements.length} disagreements`);
  const mutants = cases.filter((c) => c.what !== 'as it is' && !c.probe).length;
  // Nearly every mutation is a real mistake: the generator is not producing no-ops.
  assert.ok(refusedByBoth >= mutants * 0.9, `only ${refusedByBoth} of ${mutants} mutations were refused`);
  console.log(
    `# ${kind}: ${named.length} documents, ${mutants} mutations (${refusedByBoth} refused by both), ${probesAgreed} probes agreed, ` +
      `core-only: ${[...coreOnly].map(([r, n]) => `${r} (${n})`).join('; ') || 'none'}; 0 disagreements`,
  );
  return { mutants, refusedByBoth };
}

test('survey/1: the schema and the core agree on every example and every generated mutation', () => {
  const { mutants } = checkAgreement('survey', surveys);
  assert.ok(mutants > 500, `${mutants} mutations`);
});

test('journey/1: the schema and the core agree on every example and every generated mutation', () => {
  const { mutants } = checkAgreement('journey', journeys);
  assert.ok(mutants > 500, `${mutants} mutations`);
});

test('response/1: the schema and the core agree on generated and golden payloads and their mutations', () => {
  const { mutants } = checkAgreement('response', responses());
  assert.ok(mutants > 500, `${mutants} mutations`);
});

test("the schema's question types are the types the core registers", () => {
  const doc = clone(surveys[0].doc);
  doc.questions[0].type = 'no-such-type';
  const [verdict] = coreVerdicts([doc]);
  const known = /\(known: ([^)]*)\)/.exec(verdict.findings.map((f) => f.message).join('\n'));
  assert.ok(known, JSON.stringify(verdict.findings));
  const schemaTypes = schemas.survey.$defs.question.properties.type.enum;
  assert.deepEqual([...schemaTypes].sort(), known[1].split(', ').sort());
});

test('every example names its schema ("$schema"), so editors check and complete it', () => {
  for (const { name, doc } of [...surveys, ...journeys].filter(({ name }) => name.startsWith('examples/'))) {
    const kind = doc.touchpoint.split('/')[0];
    assert.equal(doc.$schema, `../../docs/schema/${kind}-1.json`, name);
    assert.ok(
      fs.existsSync(path.resolve(path.dirname(path.join(root, name)), doc.$schema)),
      `${name}: ${doc.$schema}`,
    );
  }
});

// [SECTION] Five typical mistakes ------------------------------------------------------------------

// What a survey author typically gets wrong, as an editor (Ajv with the schema) and `touchpoint
// validate` report it. `coreOnly`: a rule the schema cannot state; the editor stays silent there.
const nps = () => clone(readJson(path.join(root, 'examples/surveys/nps-support.json')));
const ces = () => clone(readJson(path.join(root, 'examples/surveys/ces-onboarding.json')));
const index = (doc, type) => doc.questions.findIndex((q) => q.type === type);
const MISTAKES = [
  {
    mistake: 'an NPS question given a scale (NPS is always 0–10)',
    doc: () => update(nps(), `/questions/${index(nps(), 'nps')}`, (q) => (q.scale = 5)),
    pointer: (d) => `/questions/${index(d, 'nps')}/scale`,
  },
  {
    mistake: 'a CES scale of 11 points (csat/ces/rating scales have at most 10)',
    doc: () => update(ces(), `/questions/${index(ces(), 'ces')}`, (q) => (q.scale = 11)),
    pointer: (d) => `/questions/${index(d, 'ces')}/scale`,
  },
  {
    mistake: 'a question without its text (no "title")',
    doc: () => update(nps(), '/questions/1', (q) => delete q.title),
    pointer: () => '/questions/1/title',
    coreAt: () => '/questions/1', // the core names the object that lacks the member
  },
  {
    mistake: 'a text with an empty locale map (no translation at all)',
    doc: () => replaceAt(nps(), '/questions/1/title', {}),
    pointer: () => '/questions/1/title',
  },
  {
    mistake: 'a wrong trigger shape ("delayMs": "5s" instead of milliseconds)',
    doc: () => update(nps(), '/trigger', (t) => (t.delayMs = '5s')),
    pointer: () => '/trigger/delayMs',
  },
  {
    mistake: 'a display mode that does not exist ("popup")',
    doc: () => update(nps(), '/display', (t) => (t.mode = 'popup')),
    pointer: () => '/display/mode',
  },
  {
    mistake: 'branching to a question that does not exist',
    doc: () =>
      update(nps(), '/logic/0', (r) => {
        delete r.end;
        r.goto = 'no-such-question';
      }),
    pointer: () => '/logic/0/goto',
    coreOnly: true,
  },
];

test('five typical mistakes: the editor (Ajv + schema) and `touchpoint validate` point at the same place', () => {
  const docs = MISTAKES.map((m) => m.doc());
  const verdicts = coreVerdicts(docs);
  const rows = [];
  MISTAKES.forEach((m, i) => {
    const doc = docs[i];
    const pointer = m.pointer(doc);
    const core = verdicts[i].findings;
    const editor = ajvPointers('survey', doc);
    rows.push(
      `${m.mistake}\n    editor: ${editor.length ? [...new Set(editor)].join(', ') : '(nothing: a schema cannot say)'}\n    core:   ${core.map((f) => `${f.warning ? 'warning: ' : ''}${f.pointer}: ${f.message}`).join(' | ')}`,
    );
    assert.ok(verdicts[i].refused, `${m.mistake}: the core says nothing`);
    assert.ok(
      core.some((f) => f.pointer === (m.coreAt ?? m.pointer)(doc)),
      `${m.mistake}: core ${JSON.stringify(core)}`,
    );
    if (m.coreOnly) assert.deepEqual(editor, [], `${m.mistake}: the schema was expected not to see it`);
    else
      assert.ok(
        editor.includes(pointer),
        `${m.mistake}: editor ${JSON.stringify(editor)}, expected ${pointer}`,
      );
  });
  console.log(rows.map((r) => `# ${r.replace(/\n/g, '\n# ')}`).join('\n'));
});
