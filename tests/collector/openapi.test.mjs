// The collector's OpenAPI description (docs/openapi.json) checked against the real server: the
// document is valid OpenAPI 3.1, the server serves exactly it at /v1/openapi.json, and every
// answer below — status, Content-Type, documented headers, body — matches the operation it
// belongs to (bodies validated with Ajv against the document's own schemas). The last test fails
// if any documented operation, or any status documented for it, was not exercised: describing a
// new endpoint or status without testing it, or answering with one not described, fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { Validator } from '@seriousme/openapi-schema-validator';
import {
  startCollector,
  request,
  makeResponse,
  cloudEvent,
  repoRoot,
  tempDir,
  touchpoint,
} from './lib/collector.mjs';
import { filePostgres } from './lib/postgres.mjs';
import { fillTables, markedSchemas } from '../../tools/openapi-tables.mjs';

const docPath = path.join(repoRoot, 'docs/openapi.json');
const docText = fs.readFileSync(docPath, 'utf8');
const doc = JSON.parse(docText);
const TOKEN = 'openapi-read-token';
const auth = { authorization: `Bearer ${TOKEN}` };
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

// [SECTION] The document's schemas in Ajv ------------------------------------------------------

// Component schemas live in one Ajv schema ("tp:components", under $defs); references into
// #/components/schemas are rewritten to point there, so Ajv runs in strict mode on plain 2020-12.
const rewrite = (v) =>
  Array.isArray(v)
    ? v.map(rewrite)
    : v && typeof v === 'object'
      ? Object.fromEntries(
          Object.entries(v).map(([k, x]) => [
            k,
            k === '$ref' && typeof x === 'string' && x.startsWith('#/components/schemas/')
              ? `tp:components#/$defs/${x.slice('#/components/schemas/'.length)}`
              : rewrite(x),
          ]),
        )
      : v;
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);
ajv.addKeyword('x-touchpoint-table'); // a list the core owns (tools/openapi-tables.mjs fills it in)
ajv.addSchema({ $id: 'tp:components', $defs: rewrite(doc.components.schemas) });
const compiled = new Map();
function validator(schema) {
  const key = JSON.stringify(schema);
  if (!compiled.has(key)) compiled.set(key, ajv.compile(rewrite(schema)));
  return compiled.get(key);
}
function assertSchema(schema, value, where) {
  const validate = validator(schema);
  assert.ok(
    validate(value),
    `${where}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(value).slice(0, 600)}`,
  );
}

// "#/components/responses/X" -> the object (one level of $ref is all the document uses).
const deref = (o) => {
  if (!o?.$ref) return o;
  const parts = o.$ref
    .replace(/^#\//, '')
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  return parts.reduce((node, p) => node[p], doc);
};

// [SECTION] Checking one answer against its operation --------------------------------------------

const exercised = new Set(); // "METHOD PATH STATUS"

/**
 * Sends a request and checks the answer against the operation `method pathTemplate` of the
 * document: the status must be documented, and its Content-Type, headers and body must match.
 */
async function call(origin, method, pathTemplate, url, options = {}) {
  const r = await request(origin, method.toUpperCase(), url, options);
  const op = doc.paths[pathTemplate]?.[method];
  assert.ok(op, `${method.toUpperCase()} ${pathTemplate} is not in docs/openapi.json`);
  const where = `${method.toUpperCase()} ${url} -> ${r.status}`;
  const documented = deref(op.responses[String(r.status)]);
  assert.ok(
    documented,
    `${where}: status ${r.status} is not documented for ${op.operationId}\n${r.text.slice(0, 400)}`,
  );
  exercised.add(`${method.toUpperCase()} ${pathTemplate} ${r.status}`);

  for (const [name, h] of Object.entries(documented.headers ?? {})) {
    const header = deref(h);
    const value = r.headers[name.toLowerCase()];
    if (value === undefined) {
      assert.ok(!header.required && !h.required, `${where}: required header ${name} is missing`);
      continue;
    }
    // Node gives Set-Cookie as a list (one entry per header line): each must match.
    for (const one of Array.isArray(value) ? value : [value])
      assertSchema(header.schema, one, `${where}: header ${name}`);
  }

  const content = documented.content;
  if (!content) {
    assert.equal(r.text, '', `${where}: no body is documented`);
    return r;
  }
  const type = (r.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const key = content[type] ? type : '*/*'; // "*/*": any type, the body checked as text
  const media = content[key];
  assert.ok(
    media,
    `${where}: Content-Type ${type || '(none)'} is not one of ${Object.keys(content).join(', ')}`,
  );
  if (key === 'application/json') {
    assert.ok(r.json !== undefined, `${where}: the body is not JSON: ${r.text.slice(0, 200)}`);
    assertSchema(media.schema, r.json, `${where}: body`);
  } else if (key === 'application/x-ndjson') {
    assertSchema(media.schema, r.text, `${where}: body`);
    const lines = r.text.split('\n').filter((l) => l !== '');
    for (const [i, line] of lines.entries())
      assertSchema(media['x-ndjson-line'], JSON.parse(line), `${where}: line ${i + 1}`);
  } else if (media.schema) {
    assertSchema(media.schema, r.text, `${where}: body`);
  }
  return r;
}

// [SECTION] Fixtures -----------------------------------------------------------------------------

// Realistic payloads from the core's own generator (the widget's session and payload code).
function generated(count) {
  const out = execFileSync(
    touchpoint,
    [
      'generate',
      '--survey',
      path.join(repoRoot, 'examples/surveys/nps-support.json'),
      '--journey',
      path.join(repoRoot, 'examples/journeys/saas-support.json'),
      '--count',
      String(count),
      '--seed',
      '7',
    ],
    { encoding: 'utf8' },
  );
  return out
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

function distDir() {
  const dir = tempDir('tp-openapi-dist-');
  fs.writeFileSync(path.join(dir, 'touchpoint.js'), 'export {};\n');
  fs.mkdirSync(path.join(dir, 'studio'));
  fs.writeFileSync(path.join(dir, 'studio', 'index.html'), '<!doctype html><title>Studio</title>\n');
  return dir;
}

// [SECTION] The document itself ----------------------------------------------------------------

test('docs/openapi.json is a valid OpenAPI 3.1 document', async () => {
  const v = new Validator();
  const result = await v.validate(doc);
  assert.equal(v.version, '3.1');
  assert.ok(result.valid, JSON.stringify(result.errors, null, 2));
  // Every operation names an id and documents at least one success.
  for (const [p, item] of Object.entries(doc.paths))
    for (const m of METHODS.filter((x) => item[x])) {
      assert.ok(item[m].operationId, `${m} ${p}: operationId`);
      assert.ok(
        Object.keys(item[m].responses).some((s) => s.startsWith('2')),
        `${m} ${p}: a 2xx answer`,
      );
    }
});

test('docs/openapi.json: the lists the core owns are its tables (tools/openapi-tables.mjs)', async () => {
  const marked = markedSchemas(doc).map(([at, , name]) => `${name} ${at}`);
  // "What changed": the period a request asks for, and the one an answer names.
  assert.deepEqual(
    marked.filter((m) => m.startsWith('change-periods ')).length,
    2,
    `the change-periods lists of docs/openapi.json: ${marked.join(', ')}`,
  );
  for (const table of ['alert-states', 'alert-target', 'coverage-target/nps', 'coverage-target/csat'])
    assert.ok(marked.some((m) => m.startsWith(`${table} `)), `${table}: ${marked.join(', ')}`);
  const copy = JSON.parse(docText);
  assert.deepEqual(await fillTables(copy), [], 'docs/openapi.json is out of date: node tools/openapi-tables.mjs');
  const periods = copy.paths['/v1/studio/maps/{map}/changes'].get.parameters.find((p) => p.name === 'period').schema;
  assert.ok(periods.enum.includes(periods.default), JSON.stringify(periods));
});

// [SECTION] The API, operation by operation --------------------------------------------------------

test('ingest: every content type, and every refusal the collector documents', async () => {
  const c = await startCollector([
    '--token',
    TOKEN,
    '--rate',
    '0',
    '--max-batch',
    '3',
    '--max-body',
    '65536',
    '--allow-origin',
    'https://shop.example.cn',
  ]);
  try {
    const [one, two, three, four, five] = generated(5);
    await call(c.origin, 'post', '/v1/responses', '/v1/responses', { body: one });
    await call(c.origin, 'post', '/v1/responses', '/v1/responses', { body: [two, three] });
    await call(c.origin, 'post', '/v1/responses', '/v1/responses', {
      body: cloudEvent(four),
      type: 'application/cloudevents+json',
    });
    await call(c.origin, 'post', '/v1/responses', '/v1/responses', {
      body: [cloudEvent(five)],
      type: 'application/cloudevents-batch+json',
    });
    const beacon = await call(c.origin, 'post', '/v1/responses', '/v1/responses', {
      body: JSON.stringify(one),
      type: 'text/plain',
    });
    assert.deepEqual(
      beacon.json,
      { accepted: 1, stored: 0, duplicates: 1 },
      'a beacon of a stored payload is a duplicate',
    );
    // An allowed origin is echoed (CORS).
    const cors = await call(c.origin, 'post', '/v1/responses', '/v1/responses', {
      body: makeResponse(),
      headers: { origin: 'https://shop.example.cn' },
    });
    assert.equal(cors.headers['access-control-allow-origin'], 'https://shop.example.cn');

    const bad = await call(c.origin, 'post', '/v1/responses', '/v1/responses', {
      body: [
        makeResponse(),
        makeResponse({ scores: { nps: { value: 4, category: 'promoter', question: 'nps' } } }),
      ],
    });
    assert.equal(bad.status, 400);
    assert.ok(
      bad.json.errors.some((e) => e.pointer === '/1/scores/nps/category'),
      bad.text,
    );
    assert.equal(
      (await call(c.origin, 'post', '/v1/responses', '/v1/responses', { body: '{"touchpoint":' })).status,
      400,
    );
    assert.equal(
      (
        await call(c.origin, 'post', '/v1/responses', '/v1/responses', {
          body: makeResponse(),
          headers: { origin: 'https://evil.example' },
        })
      ).status,
      403,
    );
    assert.equal(
      (
        await call(c.origin, 'post', '/v1/responses', '/v1/responses', {
          body: [makeResponse(), makeResponse(), makeResponse(), makeResponse()],
        })
      ).status,
      413,
      'over --max-batch',
    );
    assert.equal(
      (
        await call(c.origin, 'post', '/v1/responses', '/v1/responses', {
          body: makeResponse({ answers: { nps: 9, why: 'x'.repeat(70000) } }),
        })
      ).status,
      413,
      'over --max-body',
    );
    assert.equal(
      (
        await call(c.origin, 'post', '/v1/responses', '/v1/responses', {
          body: '<xml/>',
          type: 'application/xml',
        })
      ).status,
      415,
    );
    const conflict = await call(c.origin, 'post', '/v1/responses', '/v1/responses', {
      body: { ...one, redactions: 3 },
    });
    assert.equal(conflict.status, 422);
    assert.equal(conflict.json.errors[0].pointer, '/id');

    // Preflight, allowed and refused.
    const pre = await call(c.origin, 'options', '/v1/responses', '/v1/responses', {
      headers: { origin: 'https://shop.example.cn', 'access-control-request-method': 'POST' },
    });
    assert.equal(pre.status, 204);
    assert.equal(
      (
        await call(c.origin, 'options', '/v1/responses', '/v1/responses', {
          headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
        })
      ).status,
      403,
    );
  } finally {
    await c.stop();
  }
});

test('ingest: a client over its rate gets 429 with Retry-After', async () => {
  const c = await startCollector(['--rate', '0.01', '--burst', '1']);
  try {
    assert.equal(
      (await call(c.origin, 'post', '/v1/responses', '/v1/responses', { body: makeResponse() })).status,
      200,
    );
    const limited = await call(c.origin, 'post', '/v1/responses', '/v1/responses', { body: makeResponse() });
    assert.equal(limited.status, 429);
  } finally {
    await c.stop();
  }
});

test('reads: aggregates, export (NDJSON and CSV) and feed with the token; 400, 401 and 403', async () => {
  const c = await startCollector(['--token', TOKEN, '--rate', '0']);
  try {
    const payloads = generated(40);
    assert.equal(
      (await call(c.origin, 'post', '/v1/responses', '/v1/responses', { body: payloads.slice(0, 20) }))
        .status,
      200,
    );
    assert.equal(
      (await call(c.origin, 'post', '/v1/responses', '/v1/responses', { body: payloads.slice(20) })).status,
      200,
    );

    const agg = await call(c.origin, 'get', '/v1/aggregates', '/v1/aggregates?by=touchpoint,month', {
      headers: auth,
    });
    assert.equal(agg.status, 200);
    assert.equal(
      agg.json.groups.reduce((n, g) => n + g.n, 0),
      40,
    );
    await call(c.origin, 'get', '/v1/aggregates', '/v1/aggregates?by=answer.resolved&survey=nps-support', {
      headers: auth,
    });
    assert.equal(
      (await call(c.origin, 'get', '/v1/aggregates', '/v1/aggregates?by=colour', { headers: auth })).status,
      400,
    );
    assert.equal((await call(c.origin, 'get', '/v1/aggregates', '/v1/aggregates?by=touchpoint')).status, 401);
    assert.equal(
      (
        await call(c.origin, 'get', '/v1/aggregates', '/v1/aggregates', {
          headers: { ...auth, origin: 'https://evil.example' },
        })
      ).status,
      403,
    );

    const nd = await call(c.origin, 'get', '/v1/export', '/v1/export?format=ndjson', { headers: auth });
    assert.equal(nd.text.trim().split('\n').length, 40);
    const csv = await call(c.origin, 'get', '/v1/export', '/v1/export?format=csv&map=saas-support', {
      headers: auth,
    });
    assert.equal(csv.text.trim().split('\r\n').length, 41);
    assert.equal(
      (await call(c.origin, 'get', '/v1/export', '/v1/export?format=xml', { headers: auth })).status,
      400,
    );
    assert.equal(
      (
        await call(c.origin, 'get', '/v1/export', '/v1/export', {
          headers: { authorization: 'Bearer wrong' },
        })
      ).status,
      401,
    );
    assert.equal(
      (
        await call(c.origin, 'get', '/v1/export', '/v1/export', {
          headers: { ...auth, origin: 'https://evil.example' },
        })
      ).status,
      403,
    );

    const first = await call(c.origin, 'get', '/v1/feed', '/v1/feed?since=0&limit=25', { headers: auth });
    assert.equal(first.json.responses.length, 25);
    const rest = await call(
      c.origin,
      'get',
      '/v1/feed',
      `/v1/feed?since=${encodeURIComponent(first.json.next)}&wait=0`,
      { headers: auth },
    );
    assert.equal(rest.json.responses.length, 15);
    await call(c.origin, 'get', '/v1/feed', '/v1/feed?since=now', { headers: auth });
    assert.equal(
      (await call(c.origin, 'get', '/v1/feed', '/v1/feed?limit=0', { headers: auth })).status,
      400,
    );
    assert.equal(
      (await call(c.origin, 'get', '/v1/feed', '/v1/feed?since=soon', { headers: auth })).status,
      400,
    );
    assert.equal((await call(c.origin, 'get', '/v1/feed', '/v1/feed')).status, 401);
    assert.equal(
      (
        await call(c.origin, 'get', '/v1/feed', '/v1/feed', {
          headers: { ...auth, origin: 'https://evil.example' },
        })
      ).status,
      403,
    );
  } finally {
    await c.stop();
  }
});

test('meta: /v1/openapi.json serves docs/openapi.json unchanged; /healthz', async () => {
  const c = await startCollector(['--rate', '0']);
  try {
    const served = await call(c.origin, 'get', '/v1/openapi.json', '/v1/openapi.json');
    assert.equal(served.status, 200);
    assert.equal(
      served.text,
      docText,
      'the collector serves the document as it is in docs/ (rebuild after editing it)',
    );
    assert.equal(
      (
        await call(c.origin, 'get', '/v1/openapi.json', '/v1/openapi.json', {
          headers: { origin: 'https://evil.example' },
        })
      ).status,
      403,
    );
    assert.equal((await call(c.origin, 'get', '/healthz', '/healthz')).status, 200);
    // Unknown /v1/ paths answer 404 in the documented error shape.
    const missing = await request(c.origin, 'GET', '/v1/nothing-here');
    assert.equal(missing.status, 404);
    assertSchema({ $ref: '#/components/schemas/Errors' }, missing.json, 'GET /v1/nothing-here');
  } finally {
    await c.stop();
  }
});

test('static: the demo site, /examples/ and /dist/', async () => {
  const c = await startCollector(['--demo', '--dist', distDir(), '--seed', '0', '--rate', '0']);
  try {
    assert.equal((await call(c.origin, 'get', '/', '/')).status, 200);
    assert.equal(
      (await call(c.origin, 'get', '/examples/{file}', '/examples/surveys/nps-support.json')).status,
      200,
    );
    assert.equal(
      (await call(c.origin, 'get', '/examples/{file}', '/examples/surveys/none.json')).status,
      404,
    );
    assert.equal((await call(c.origin, 'get', '/dist/{file}', '/dist/touchpoint.js')).status, 200);
    assert.equal((await call(c.origin, 'get', '/dist/{file}', '/dist/missing.js')).status, 404);
    assert.equal((await call(c.origin, 'get', '/studio/{file}', '/studio/')).status, 200);
    assert.equal((await call(c.origin, 'get', '/studio/{file}', '/studio/index.html')).status, 200);
    assert.equal((await call(c.origin, 'get', '/studio/{file}', '/studio/missing.js')).status, 404);
  } finally {
    await c.stop();
  }
});

// [SECTION] Survey records and Studio ------------------------------------------------------------

const EDITOR = 'openapi-editor-token-0123456789';
const editor = { authorization: `Bearer ${EDITOR}` };
const exampleMap = (name) =>
  fs.readFileSync(path.join(repoRoot, 'examples/journeys', `${name}.json`), 'utf8');
const exampleSurvey = (name) =>
  fs.readFileSync(path.join(repoRoot, 'examples/surveys', `${name}.json`), 'utf8');

// Surveys and maps are records of one store (records.hpp) behind the same routes: one walk
// through every documented status of those routes, per kind.
const RECORD_KINDS = [
  {
    name: 'surveys (and the Studio preview sink)',
    kind: 'surveys',
    param: 'survey',
    id: 'nps-support',
    text: () => exampleSurvey('nps-support'),
    // A change the core refuses, and the pointer it names.
    breakIt: (doc) => ((doc.questions[1].visibleIf = 'nsp <= 6'), '/questions/1/visibleIf'),
    retitle: (doc) => ((doc.title.en = 'Support feedback (v2)'), '/title/en'),
    async extra(c, status) {
      assert.equal(
        await status('post', '/v1/studio/preview-sink', '/v1/studio/preview-sink', { body: {} }),
        204,
      );
    },
  },
  {
    name: 'maps, the same records as surveys',
    kind: 'maps',
    param: 'map',
    id: 'saas-support',
    text: () => exampleMap('saas-support'),
    breakIt: (doc) => ((doc.touchpoints[1].stage = 'nowhere'), '/touchpoints/1/stage'),
    retitle: (doc) => ((doc.meta.title.en = 'SaaS support journey (v2)'), '/meta/title/en'),
    async extra() {},
  },
];

for (const k of RECORD_KINDS) {
  test(`${k.name}: records, versions, publish, diff, roll back, public reads with ETag`, async () => {
    const c = await startCollector(['--token', TOKEN, '--editor-token', EDITOR, '--rate', '0']);
    const list = `/v1/studio/${k.kind}`;
    const S = `${list}/{${k.param}}`;
    const at = (suffix = '') => `${list}/${k.id}${suffix}`;
    const status = async (...args) => (await call(c.origin, ...args)).status;
    try {
      const v1 = k.text();
      assert.equal(await status('put', S, at(), { body: v1 }), 401);
      assert.equal(
        await status('put', S, at(), { body: v1, headers: auth }),
        403,
        'the read token cannot write',
      );
      assert.equal(await status('put', S, at(), { body: v1, headers: editor, type: 'text/plain' }), 415);
      const broken = JSON.parse(v1);
      const brokenAt = k.breakIt(broken);
      const refused = await call(c.origin, 'put', S, at(), { body: JSON.stringify(broken), headers: editor });
      assert.equal(refused.status, 400);
      assert.ok(
        refused.json.errors.some((e) => e.pointer === brokenAt),
        refused.text,
      );
      const saved = await call(c.origin, 'put', S, at(), { body: v1, headers: editor });
      assert.equal(saved.status, 201, saved.text);
      assert.equal(
        (await call(c.origin, 'put', S, at(), { body: v1, headers: editor })).json.unchanged,
        true,
      );

      assert.equal(await status('get', list, list, { headers: auth }), 200);
      assert.equal(await status('get', list, list), 401);
      assert.equal(await status('get', S, at(), { headers: auth }), 200);
      assert.equal(await status('get', S, at()), 401);
      assert.equal(await status('get', S, `${list}/none`, { headers: auth }), 404);

      // Public reads: a draft is not public; publishing makes it so.
      const P = `/v1/${k.kind}/{${k.param}}`;
      const PV = `${P}/versions/{version}`;
      const pub = `/v1/${k.kind}/${k.id}`;
      assert.equal(await status('get', P, pub), 404);
      const publish = `${S}/publish`;
      assert.equal(await status('post', publish, at('/publish'), { body: {} }), 401);
      assert.equal(await status('post', publish, at('/publish'), { body: {}, headers: auth }), 403);
      assert.equal(
        await status('post', publish, at('/publish'), { body: '{}', headers: editor, type: 'text/plain' }),
        415,
      );
      assert.equal(
        await status('post', publish, at('/publish'), { body: { version: 0 }, headers: editor }),
        400,
      );
      assert.equal(
        await status('post', publish, at('/publish'), { body: { version: 9 }, headers: editor }),
        404,
      );
      assert.equal(await status('post', publish, at('/publish'), { body: {}, headers: editor }), 200);
      const served = await call(c.origin, 'get', P, pub, { headers: { origin: 'https://any.example' } });
      assert.equal(served.status, 200);
      assert.equal(served.text, v1);
      assert.equal(served.headers.etag, `"${saved.json.hash}"`);
      assert.equal(await status('get', P, pub, { headers: { 'if-none-match': served.headers.etag } }), 304);
      assert.equal(await status('options', P, pub, { headers: { origin: 'https://any.example' } }), 204);
      assert.equal(await status('get', PV, `${pub}/versions/1`), 200);
      assert.equal(
        await status('get', PV, `${pub}/versions/1`, { headers: { 'if-none-match': served.headers.etag } }),
        304,
      );
      assert.equal(await status('get', PV, `${pub}/versions/9`), 404);

      // A second version, published on save; history, one version, diff.
      const doc = JSON.parse(v1);
      const retitled = k.retitle(doc);
      assert.equal(
        await status('put', S, at('?publish=1'), {
          body: JSON.stringify(doc, null, 2),
          headers: { ...editor, 'x-touchpoint-author': 'openapi test' },
        }),
        201,
      );
      const V = `${S}/versions`;
      assert.deepEqual(
        (await call(c.origin, 'get', V, at('/versions'), { headers: auth })).json.versions.map(
          (v) => v.version,
        ),
        [2, 1],
      );
      assert.equal(await status('get', V, at('/versions')), 401);
      assert.equal(await status('get', V, `${list}/none/versions`, { headers: auth }), 404);
      const V1 = `${S}/versions/{version}`;
      assert.equal((await call(c.origin, 'get', V1, at('/versions/1'), { headers: auth })).json.text, v1);
      assert.equal(await status('get', V1, at('/versions/1')), 401);
      assert.equal(await status('get', V1, at('/versions/9'), { headers: auth }), 404);
      const D = `${S}/diff`;
      const diff = await call(c.origin, 'get', D, at('/diff?from=1'), { headers: auth });
      assert.ok(
        diff.json.changes.some((x) => x.pointer === retitled && x.op === 'changed'),
        diff.text,
      );
      assert.equal(await status('get', D, at('/diff?from=one'), { headers: auth }), 400);
      assert.equal(await status('get', D, at('/diff?from=1&to=9'), { headers: auth }), 404);
      assert.equal(await status('get', D, at('/diff?from=1')), 401);

      // Roll back: a new version (201); the same again changes nothing (200).
      const R = `${S}/rollback`;
      assert.equal(await status('post', R, at('/rollback'), { body: { version: 1 }, headers: editor }), 201);
      assert.equal(await status('post', R, at('/rollback'), { body: { version: 1 }, headers: editor }), 200);
      assert.equal(await status('post', R, at('/rollback'), { body: {}, headers: editor }), 400);
      assert.equal(await status('post', R, at('/rollback'), { body: { version: 9 }, headers: editor }), 404);
      assert.equal(await status('post', R, at('/rollback'), { body: { version: 1 }, headers: auth }), 403);
      assert.equal(await status('post', R, at('/rollback'), { body: { version: 1 } }), 401);
      await k.extra(c, status);
    } finally {
      await c.stop();
    }
  });
}

test('maps: coverage, a survey for a touchpoint, what changed', async () => {
  const c = await startCollector(['--token', TOKEN, '--editor-token', EDITOR, '--rate', '0']);
  const status = async (...args) => (await call(c.origin, ...args)).status;
  try {
    assert.equal(
      (
        await request(c.origin, 'PUT', '/v1/studio/maps/b2b-purchase', {
          body: exampleMap('b2b-purchase'),
          headers: editor,
        })
      ).status,
      201,
    );
    const rs = Array.from({ length: 4 }, (_, i) =>
      makeResponse({ submitted: `2026-11-${17 + 7 * (i % 2)}T10:00:00Z` }),
    );
    assert.equal((await request(c.origin, 'POST', '/v1/responses', { body: rs })).status, 200);
    const C = '/v1/studio/maps/{map}/coverage';
    assert.equal(
      await status('get', C, '/v1/studio/maps/b2b-purchase/coverage?nps=5', { headers: auth }),
      200,
    );
    assert.equal(
      await status('get', C, '/v1/studio/maps/b2b-purchase/coverage?nps=0', { headers: auth }),
      400,
    );
    assert.equal(await status('get', C, '/v1/studio/maps/b2b-purchase/coverage'), 401);
    assert.equal(await status('get', C, '/v1/studio/maps/none/coverage', { headers: auth }), 404);
    const T = '/v1/studio/maps/{map}/touchpoints/{touchpoint}/survey';
    const template = JSON.parse(exampleSurvey('nps-support'));
    const made = await call(c.origin, 'post', T, '/v1/studio/maps/b2b-purchase/touchpoints/proposal/survey', {
      body: { template, id: 'nps-proposal' },
      headers: auth,
    });
    assert.equal(made.status, 200);
    assert.equal(made.json.journey.touchpoint, 'proposal');
    assert.equal(
      await status('post', T, '/v1/studio/maps/b2b-purchase/touchpoints/proposal/survey', {
        body: { id: 'x' },
        headers: auth,
      }),
      400,
    );
    assert.equal(
      await status('post', T, '/v1/studio/maps/b2b-purchase/touchpoints/proposal/survey', {
        body: { template, id: 'x' },
      }),
      401,
    );
    assert.equal(
      await status('post', T, '/v1/studio/maps/b2b-purchase/touchpoints/none/survey', {
        body: { template, id: 'x' },
        headers: auth,
      }),
      404,
    );
    const G = '/v1/studio/maps/{map}/changes';
    const ch = await call(c.origin, 'get', G, '/v1/studio/maps/b2b-purchase/changes?period=week', {
      headers: auth,
    });
    assert.equal(ch.status, 200);
    assert.deepEqual([ch.json.before, ch.json.at], ['2026-W47', '2026-W48']);
    assert.equal(
      await status('get', G, '/v1/studio/maps/b2b-purchase/changes?period=year', { headers: auth }),
      400,
    );
    assert.equal(await status('get', G, '/v1/studio/maps/b2b-purchase/changes'), 401);
    assert.equal(
      await status('get', G, '/v1/studio/maps/b2b-purchase/changes?at=2020-W01', { headers: auth }),
      404,
    );
  } finally {
    await c.stop();
  }
});

test('studio sessions: sign-in cookie, CSRF header on writes, sign-out; refusals', async () => {
  const c = await startCollector(['--token', TOKEN, '--editor-token', EDITOR, '--rate', '0']);
  const SS = '/v1/studio/session';
  const own = { origin: c.origin };
  try {
    assert.equal(
      await callStatus(c, 'post', SS, SS, { body: { token: TOKEN }, headers: own }),
      403,
      'the read token',
    );
    assert.equal(
      await callStatus(c, 'post', SS, SS, { body: { token: 'wrong-token-0123456789' }, headers: own }),
      401,
    );
    assert.equal(await callStatus(c, 'post', SS, SS, { body: { key: EDITOR }, headers: own }), 400);
    assert.equal(
      await callStatus(c, 'post', SS, SS, {
        body: JSON.stringify({ token: EDITOR }),
        type: 'text/plain',
        headers: own,
      }),
      415,
    );
    const signIn = await call(c.origin, 'post', SS, SS, { body: { token: EDITOR }, headers: own });
    assert.equal(signIn.status, 200, signIn.text);
    const cookie = signIn.headers['set-cookie'][0].split(';')[0];
    const who = await call(c.origin, 'get', SS, SS, { headers: { cookie } });
    assert.equal(who.json.csrf, signIn.json.csrf);
    assert.equal(await callStatus(c, 'get', SS, SS), 401);
    assert.equal(
      await callStatus(c, 'delete', SS, SS, { headers: { cookie, ...own } }),
      403,
      'no CSRF header',
    );
    assert.equal(await callStatus(c, 'delete', SS, SS), 401);
    assert.equal(
      await callStatus(c, 'delete', SS, SS, {
        headers: { cookie, ...own, 'x-csrf-token': signIn.json.csrf },
      }),
      204,
    );
    assert.equal(await callStatus(c, 'get', SS, SS, { headers: { cookie } }), 401, 'signed out');
  } finally {
    await c.stop();
  }
  const limited = await startCollector(['--editor-token', EDITOR, '--rate', '0.01', '--burst', '1']);
  try {
    const own2 = { origin: limited.origin };
    assert.equal(
      await callStatus(limited, 'post', SS, SS, { body: { token: 'wrong-token-0123456789' }, headers: own2 }),
      401,
    );
    assert.equal(
      await callStatus(limited, 'post', SS, SS, { body: { token: EDITOR }, headers: own2 }),
      429,
      'guessing costs the rate limit',
    );
  } finally {
    await limited.stop();
  }
});

async function callStatus(c, ...args) {
  return (await call(c.origin, ...args)).status;
}

test('results: a survey\'s filtered results and export with the read token; 400, 401 and 404', async () => {
  const c = await startCollector(['--demo', '--seed', '20', '--token', TOKEN, '--rate', '0']);
  try {
    const R = '/v1/studio/surveys/{survey}/results';
    const E = '/v1/studio/surveys/{survey}/export';
    const ok = await call(c.origin, 'get', R, '/v1/studio/surveys/b2b-role/results?where=locale%3Dzh-CN&where=locale%3Den&from=2000-01-01', { headers: auth });
    assert.equal(ok.status, 200);
    assert.ok(ok.json.questions.some((q) => q.type === 'text' && Array.isArray(q.terms)));
    assert.equal((await call(c.origin, 'get', R, '/v1/studio/surveys/b2b-role/results?to=yesterday', { headers: auth })).status, 400);
    assert.equal((await call(c.origin, 'get', R, '/v1/studio/surveys/b2b-role/results')).status, 401);
    assert.equal((await call(c.origin, 'get', R, '/v1/studio/surveys/nothing-here/results', { headers: auth })).status, 404);
    const nd = await call(c.origin, 'get', E, '/v1/studio/surveys/b2b-role/export?where=locale%3Dzh-CN', { headers: auth });
    assert.equal(nd.status, 200);
    assert.ok(nd.text.split('\n').filter(Boolean).every((l) => JSON.parse(l).locale === 'zh-CN'));
    assert.equal((await call(c.origin, 'get', E, '/v1/studio/surveys/b2b-role/export?format=csv', { headers: auth })).status, 200);
    assert.equal((await call(c.origin, 'get', E, '/v1/studio/surveys/b2b-role/export?format=xml', { headers: auth })).status, 400);
    assert.equal((await call(c.origin, 'get', E, '/v1/studio/surveys/b2b-role/export')).status, 401);
  } finally {
    await c.stop();
  }
});

test('displays: a batch of display counts, a retry, refusals; the figures with the read token', async () => {
  const c = await startCollector(['--token', TOKEN, '--rate', '0.01', '--burst', '7', '--max-body', '65536']);
  try {
    const P = '/v1/displays';
    const G = '/v1/studio/surveys/{survey}/displays';
    const counts = [{ survey: 'nps-support', version: '3', day: '2026-11-23', shown: 3, dismissed: 1, completed: 1, reached: { nps: 3 } }];
    const one = { touchpoint: 'displays/1', id: crypto.randomUUID(), counts };
    assert.equal((await call(c.origin, 'post', P, P, { body: one })).status, 200);
    assert.equal((await call(c.origin, 'post', P, P, { body: JSON.stringify(one), type: 'text/plain' })).json.duplicate, true);
    assert.equal((await call(c.origin, 'post', P, P, { body: { ...one, counts: [{ ...counts[0], shown: 9 }] } })).status, 422);
    assert.equal((await call(c.origin, 'post', P, P, { body: { ...one, ip: '10.0.0.1' } })).status, 400);
    assert.equal((await call(c.origin, 'post', P, P, { body: '<xml/>', type: 'application/xml' })).status, 415);
    assert.equal((await call(c.origin, 'post', P, P, { body: { ...one, counts: [{ ...counts[0], survey: 'x'.repeat(70000) }] } })).status, 413);
    assert.equal((await call(c.origin, 'post', P, P, { body: one, headers: { origin: 'https://evil.example' } })).status, 403);
    const ok = await call(c.origin, 'get', G, '/v1/studio/surveys/nps-support/displays?from=2026-11-01', { headers: auth });
    assert.equal(ok.status, 200);
    assert.equal(ok.json.total.rate, 33.3);
    assert.equal((await call(c.origin, 'get', G, '/v1/studio/surveys/nps-support/displays?to=soon', { headers: auth })).status, 400);
    assert.equal((await call(c.origin, 'get', G, '/v1/studio/surveys/nps-support/displays')).status, 401);
    let limited;
    for (let i = 0; i < 8 && limited?.status !== 429; i++)
      limited = await call(c.origin, 'post', P, P, { body: { ...one, id: crypto.randomUUID() } });
    assert.equal(limited.status, 429);
  } finally {
    await c.stop();
  }
});

test('alerts: the inbox, handling an alert and the open counts; 400, 401, 403, 404 and 415', async () => {
  const c = await startCollector(['--token', TOKEN, '--editor-token', EDITOR, '--rate', '0']);
  try {
    const detractor = makeResponse({ nps: 1 });
    assert.equal((await request(c.origin, 'POST', '/v1/responses', { body: detractor })).status, 200);
    const L = '/v1/studio/alerts';
    const U = '/v1/studio/alerts/{response}';
    const O = '/v1/alerts/open';
    assert.equal((await call(c.origin, 'get', L, `${L}?state=open&target_minutes=60`, { headers: auth })).json.alerts[0].id, detractor.id);
    assert.equal((await call(c.origin, 'get', L, `${L}?state=maybe`, { headers: auth })).status, 400);
    assert.equal((await call(c.origin, 'get', L, L)).status, 401);
    const at = `${L}/${detractor.id}`;
    assert.equal((await call(c.origin, 'post', U, at, { body: { handled: true, note: 'called back' }, headers: editor })).status, 200);
    assert.equal((await call(c.origin, 'post', U, at, { body: { note: 7 }, headers: editor })).status, 400);
    assert.equal((await call(c.origin, 'post', U, at, { body: { handled: true } })).status, 401);
    assert.equal((await call(c.origin, 'post', U, at, { body: { handled: true }, headers: auth })).status, 403);
    assert.equal((await call(c.origin, 'post', U, `${L}/no-such-response`, { body: { handled: true }, headers: editor })).status, 404);
    assert.equal((await call(c.origin, 'post', U, at, { body: 'handled', type: 'text/plain', headers: editor })).status, 415);
    assert.deepEqual((await call(c.origin, 'get', O, `${O}?map=b2b-purchase`, { headers: auth })).json, { open: 0, touchpoints: {} });
    assert.equal((await call(c.origin, 'get', O, O)).status, 401);
  } finally {
    await c.stop();
  }
});

test('503 while the database is down (PostgreSQL stopped), with Retry-After', async () => {
  const cluster = await filePostgres();
  const c = await startCollector(['--token', TOKEN, '--editor-token', EDITOR, '--rate', '0'], {
    db: cluster.createDatabase(),
  });
  try {
    assert.equal(
      (await call(c.origin, 'post', '/v1/responses', '/v1/responses', { body: makeResponse() })).status,
      200,
    );
    cluster.kill();
    try {
      assert.equal(
        (await call(c.origin, 'post', '/v1/responses', '/v1/responses', { body: makeResponse() })).status,
        503,
      );
      assert.equal(
        (await call(c.origin, 'get', '/v1/aggregates', '/v1/aggregates', { headers: auth })).status,
        503,
      );
      assert.equal(
        (await call(c.origin, 'get', '/v1/feed', '/v1/feed?since=0', { headers: auth })).status,
        503,
      );
      assert.equal((await call(c.origin, 'get', '/healthz', '/healthz')).status, 503);
      assert.equal(
        (await call(c.origin, 'get', '/v1/studio/surveys/{survey}/results', '/v1/studio/surveys/s/results', { headers: auth })).status,
        503,
      );
      assert.equal((await call(c.origin, 'get', '/v1/studio/alerts', '/v1/studio/alerts', { headers: auth })).status, 503);
      assert.equal((await call(c.origin, 'get', '/v1/alerts/open', '/v1/alerts/open', { headers: auth })).status, 503);
      const counts = { touchpoint: 'displays/1', id: crypto.randomUUID(), counts: [] };
      assert.equal((await call(c.origin, 'post', '/v1/displays', '/v1/displays', { body: counts })).status, 503);
      assert.equal(
        (await call(c.origin, 'get', '/v1/studio/surveys/{survey}/displays', '/v1/studio/surveys/s/displays', { headers: auth })).status,
        503,
      );
      const S = '/v1/studio/surveys/{survey}';
      const survey = exampleSurvey('csat-delivery');
      assert.equal(
        (
          await call(c.origin, 'put', S, '/v1/studio/surveys/csat-delivery', {
            body: survey,
            headers: editor,
          })
        ).status,
        503,
      );
      assert.equal(
        (await call(c.origin, 'get', '/v1/studio/surveys', '/v1/studio/surveys', { headers: auth })).status,
        503,
      );
      assert.equal(
        (await call(c.origin, 'get', '/v1/surveys/{survey}', '/v1/surveys/csat-delivery')).status,
        503,
      );
      assert.equal(
        (
          await call(c.origin, 'put', '/v1/studio/maps/{map}', '/v1/studio/maps/saas-support', {
            body: exampleMap('saas-support'),
            headers: editor,
          })
        ).status,
        503,
      );
      assert.equal(
        (await call(c.origin, 'get', '/v1/studio/maps', '/v1/studio/maps', { headers: auth })).status,
        503,
      );
      assert.equal((await call(c.origin, 'get', '/v1/maps/{map}', '/v1/maps/saas-support')).status, 503);
      assert.equal(
        (
          await call(c.origin, 'post', '/v1/studio/session', '/v1/studio/session', {
            body: { token: EDITOR },
            headers: { origin: c.origin },
          })
        ).status,
        503,
      );
    } finally {
      cluster.start();
    }
  } finally {
    await c.stop();
  }
});

// [SECTION] Coverage ---------------------------------------------------------------------------

test('every documented operation and every documented status was exercised', () => {
  const missing = [];
  for (const [p, item] of Object.entries(doc.paths))
    for (const m of METHODS.filter((x) => item[x]))
      for (const status of Object.keys(item[m].responses))
        if (!exercised.has(`${m.toUpperCase()} ${p} ${status}`))
          missing.push(`${m.toUpperCase()} ${p} ${status}`);
  assert.deepEqual(missing, [], 'documented but never exercised by this test');
});
