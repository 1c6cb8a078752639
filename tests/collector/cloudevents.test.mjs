// CloudEvents 1.0 conformance of POST /v1/responses: the CloudEvents project's conformance files
// and the specification's examples (tests/conformance/cloudevents/, sources in its README), each
// carrying a response/1 payload, posted to a real collector. Valid events are stored; invalid
// ones are refused at the pointer of their fault and store nothing; an empty batch is 200.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startCollector, post, sql, rowCount, makeResponse, repoRoot } from './lib/collector.mjs';

const TYPE = 'dev.touchpoint.response.v1';
const fixture = (name) =>
  JSON.parse(fs.readFileSync(path.join(repoRoot, 'tests/conformance/cloudevents', name), 'utf8'));

// Where each invalid conformance case is wrong (the same reading as tests/unit/cloudevent_test.cpp).
const FAULT = {
  invalidNoSpecVersion: '/specversion', invalidNoId: '/id', invalidNoType: '/type', invalidNoSource: '/source',
  invalidTimeGarbage: '/time', invalidTimeToMinute: '/time', invalidTimeOffsetX: '/time',
  invalidTimeOffsetOutOfRange: '/time', invalidTimeOffsetNonInteger: '/time', invalidTimeOffsetHourOnly: '/time',
  invalidEmptyId: '/id', invalidEmptyType: '/type', invalidEmptySource: '/source', invalidEmptySpecVersion: '/specversion',
  invalidUnknownSpecVersion: '/specversion', invalidNonRfc2046DataContentType: '/datacontenttype',
  invalidEmptyDataContentType: '/datacontenttype', invalidEmptyDataSchema: '/dataschema', invalidEmptySubject: '/subject',
  invalidNumericId: '/id', invalidObjectId: '/id', invalidCapitalizedExtension: '/MyExtension',
  invalidPunctuatedExtension: '/my.extension', invalidNonIntegerExtensionValue: '/my.extension',
  invalidBothDataAndDataBase64: '/data_base64',
};
const BATCH_FAULT = {
  invalidBatchMixedSpecVersions: '/1/specversion',
  invalidBatchContainingInvalidCloudEvent: '/0/id',
  invalidBatchContainingNonObject: '/0',
};

const isJsonType = (t) => /^[^/;]+\/([^;]*\+)?json\s*(;|$)/i.test(t);

/**
 * A valid conformance event made to carry a response/1 payload: every attribute it has is kept
 * (extensions, time forms, relative sources, nulls), but id and type become ours and the data the
 * payload — base64-encoded when the event had data_base64 (then with a JSON content type, since
 * base64 data without one is not assumed to be JSON), inline otherwise (a non-JSON content type
 * such as text/plain becomes application/json: our data is JSON).
 */
function carrying(event, payload) {
  const e = { ...event, id: payload.id, type: TYPE };
  const base64 = 'data_base64' in event;
  delete e.data;
  delete e.data_base64;
  if (base64) {
    e.datacontenttype = 'application/json';
    e.data_base64 = Buffer.from(JSON.stringify(payload)).toString('base64');
  } else {
    if (typeof e.datacontenttype === 'string' && !isJsonType(e.datacontenttype)) e.datacontenttype = 'application/json';
    e.data = payload;
  }
  return e;
}

/**
 * An invalid conformance event with a payload added, leaving its fault alone: our id and type only
 * where the event has a usable one (so its own fault is the only one), data only where it has none.
 */
function invalidCarrying(event, payload) {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return event;
  const e = { ...event };
  if (typeof e.id === 'string' && e.id !== '') e.id = payload.id;
  if (typeof e.type === 'string' && e.type !== '') e.type = TYPE;
  if (!('data' in e) && !('data_base64' in e)) e.data = payload;
  return e;
}

const pointers = (r) => [...new Set((r.json?.errors ?? []).map((e) => e.pointer))];

describe('CloudEvents conformance of the collector', () => {
  let c;
  before(async () => {
    c = await startCollector(['--rate', '0', '--max-batch', '100']);
  });
  after(async () => {
    await c.stop();
  });
  const stored = (id) => sql(c.db, `SELECT payload FROM responses WHERE id='${id}'`).map((r) => JSON.parse(r[0]));

  test('every valid conformance event and spec example, carrying a payload, is stored', async () => {
    const events = [...fixture('valid-events.json').tests, ...fixture('spec-examples.json').tests];
    assert.ok(events.length >= 16);
    for (const t of events) {
      const p = makeResponse();
      const r = await post(c.origin, carrying(t.event, p), 'application/cloudevents+json');
      assert.equal(r.status, 200, `${t.id}: ${r.text}`);
      assert.deepEqual(stored(p.id), [p], t.id);
    }
  });

  test('every invalid conformance event is refused at its fault, and nothing is stored', async () => {
    const before = rowCount(c.db);
    const tests = fixture('invalid-events.json').tests;
    assert.equal(tests.length, Object.keys(FAULT).length);
    for (const t of tests) {
      const p = makeResponse();
      const r = await post(c.origin, invalidCarrying(t.event, p), 'application/cloudevents+json');
      assert.equal(r.status, 400, `${t.id}: ${r.text}`);
      assert.deepEqual(pointers(r), [FAULT[t.id]], `${t.id}: ${r.text}`);
    }
    assert.equal(rowCount(c.db), before);
  });

  test('valid batches are stored whole; the empty batch is 200 and stores nothing', async () => {
    const batches = [...fixture('valid-batches.json').tests, ...fixture('spec-examples.json').batches];
    for (const t of batches) {
      const payloads = t.batch.map(() => makeResponse());
      const before = rowCount(c.db);
      const r = await post(c.origin, t.batch.map((e, i) => carrying(e, payloads[i])), 'application/cloudevents-batch+json');
      assert.equal(r.status, 200, `${t.id}: ${r.text}`);
      assert.deepEqual(r.json, { accepted: payloads.length, stored: payloads.length, duplicates: 0 }, t.id);
      assert.equal(rowCount(c.db), before + payloads.length, t.id);
    }
    const r = await post(c.origin, '[]', 'application/cloudevents-batch+json');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json, { accepted: 0, stored: 0, duplicates: 0 });
  });

  test('invalid batches are refused at the item and member at fault, storing none of the batch', async () => {
    const before = rowCount(c.db);
    for (const t of fixture('invalid-batches.json').tests) {
      const r = await post(c.origin, t.batch.map((e) => invalidCarrying(e, makeResponse())), 'application/cloudevents-batch+json');
      assert.equal(r.status, 400, `${t.id}: ${r.text}`);
      assert.deepEqual(pointers(r), [BATCH_FAULT[t.id]], `${t.id}: ${r.text}`);
    }
    assert.equal(rowCount(c.db), before);
  });

  test('names longer than 20 characters are accepted (a SHOULD in the spec); a 32-bit overflow is not', async () => {
    const p = makeResponse();
    const e = carrying({ specversion: '1.0', source: '/s', averyveryverylongextensionname: 'x', small: -2147483648 }, p);
    let r = await post(c.origin, e, 'application/cloudevents+json');
    assert.equal(r.status, 200, r.text);
    const q = makeResponse();
    r = await post(c.origin, carrying({ specversion: '1.0', source: '/s', big: 2147483648 }, q), 'application/cloudevents+json');
    assert.equal(r.status, 400);
    assert.deepEqual(pointers(r), ['/big']);
    assert.equal(stored(q.id).length, 0);
  });

  test('a body that is not JSON is refused with its line, column and byte', async () => {
    const r = await post(c.origin, '[\n  {"specversion": "1.0",\n   "id": }\n]', 'application/cloudevents-batch+json');
    assert.equal(r.status, 400);
    assert.equal(r.json.errors[0].pointer, '');
    assert.match(r.json.errors[0].message, /^the body is not valid JSON at line 3, column 10 \(byte 36\): /);
  });
});
