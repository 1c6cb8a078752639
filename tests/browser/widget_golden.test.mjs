// The golden sessions (tests/golden, see its README) replayed through the wasm engine and the
// widget's own JS wrapper (web/src/engine.js) under node: the views, state, payload and CloudEvent
// must equal what the native build recorded — native, wasm and JS agree to the value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, distDir } from './lib/server.mjs';
import { Engine } from '../../web/src/engine.js';

const goldenDir = path.join(repoRoot, 'tests/golden');
const read = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

async function engine() {
  const { default: createEngine } = await import(path.join(distDir, 'touchpoint-engine.js'));
  // The module is built for the web; under node it is handed the bytes (no fetch, no node glue).
  return new Engine(await createEngine({ wasmBinary: fs.readFileSync(path.join(distDir, 'touchpoint-engine.wasm')) }));
}

const cases = fs.existsSync(path.join(goldenDir, 'index.json')) ? read(path.join(goldenDir, 'index.json')).cases : [];
test('there are golden cases to replay', () => assert.ok(cases.length > 0, 'tests/golden/index.json lists cases'));

const shared = engine();
for (const name of cases) {
  test(`golden: ${name}`, async () => {
    const e = await shared;
    const script = read(path.join(goldenDir, `${name}.script.json`));
    const expected = read(path.join(goldenDir, `${name}.expected.json`));
    const surveyText = fs.readFileSync(path.join(repoRoot, script.survey), 'utf8');
    const session = e.open(surveyText, script.options || {});
    try {
      const views = [session.view()];
      for (const action of script.actions) {
        if (action.op === 'answer') views.push(session.answer(action.question, action.value));
        else if (action.op === 'next') views.push(session.next());
        else if (action.op === 'back') views.push(session.back());
        else assert.fail(`unknown op ${action.op}`);
      }
      assert.equal(views.length, expected.views.length);
      views.forEach((view, i) => assert.deepStrictEqual(view, expected.views[i], `view ${i} (after ${JSON.stringify(script.actions[i - 1] || 'open')})`));
      assert.deepStrictEqual(session.state(), expected.state, 'state');
      const payloadText = session.payload(script.context, script.random_hex);
      assert.deepStrictEqual(JSON.parse(payloadText), expected.payload, 'payload');
      assert.deepStrictEqual(JSON.parse(e.cloudevent(payloadText)), expected.cloudevent, 'cloudevent');
    } finally {
      session.close();
    }
  });
}

test('bad input is answered with a JSON pointer, not a crash', async () => {
  const e = await shared;
  const bad = '{"touchpoint":"survey/1","id":"x","version":"1","locales":["en"],"questions":[{"id":"q","type":"nope","title":"Q"}]}';
  assert.throws(() => e.open(bad), (error) => {
    assert.equal(error.pointer, '/questions/0/type');
    assert.ok(error.diagnostics.some((d) => d.pointer === '/questions/0/type' && d.severity === 'error'));
    return true;
  });
  assert.throws(() => e.open('not json'), /./);
  const validation = e.validate('{"touchpoint":"survey/1"}');
  assert.equal(validation.ok, false);
  assert.ok(validation.diagnostics.length > 0);
  assert.equal(e.redact('mail me: a@b.com').redactions, 1);
});
