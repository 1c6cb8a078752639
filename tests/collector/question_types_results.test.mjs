// The results API over the slider and call-to-action question types, with no case of their own
// in the collector: generated responses (the core's sample answers) are posted, and each
// question's groups equal what `touchpoint score --by answer.<id>` prints for the same rows — a
// slider's values as a numeric distribution, a call to action's clicked and dismissed counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startCollector, request, post, repoRoot, tempDir, touchpoint } from './lib/collector.mjs';

const EDITOR = 'editor-token-0123456789abcdef';
const READER = 'read-token-0123456789abcdef';
const SURVEY = path.join(repoRoot, 'tests/browser/pages/widget/surveys/slider-cta.json');

function score(ndjson, args) {
  const file = path.join(tempDir(), 'r.ndjson');
  fs.writeFileSync(file, ndjson);
  const r = spawnSync(touchpoint, ['score', ...args, file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test('slider values and call-to-action answers in the results API equal `touchpoint score`', async () => {
  const c = await startCollector(['--rate', '0', '--token', READER, '--editor-token', EDITOR]);
  try {
    const headers = { authorization: `Bearer ${EDITOR}` };
    let r = await request(c.origin, 'PUT', '/v1/studio/surveys/widget-slider-cta', {
      body: fs.readFileSync(SURVEY, 'utf8'),
      headers,
    });
    assert.equal(r.status, 201, r.text);
    const ndjson = execFileSync(
      touchpoint,
      ['generate', '--survey', SURVEY, '--count', '150', '--seed', '7'],
      { encoding: 'utf8' },
    );
    const payloads = ndjson
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    r = await post(c.origin, payloads);
    assert.ok(r.status >= 200 && r.status < 300, `${r.status} ${r.text}`);

    r = await request(c.origin, 'GET', '/v1/studio/surveys/widget-slider-cta/results', {
      headers: { authorization: `Bearer ${READER}` },
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.responses, 150);
    const effort = r.json.questions.find((q) => q.id === 'effort');
    assert.equal(effort.type, 'slider');
    assert.deepEqual(effort.groups, score(ndjson, ['--survey', SURVEY, '--by', 'answer.effort']).groups);
    // Group keys are the values' text, as for a number question.
    const values = effort.groups.map((g) => g.key['answer.effort']).filter((v) => v !== null).map(Number);
    assert.ok(values.length > 5, 'a distribution, not one value');
    assert.ok(
      values.every((v) => Number.isInteger(v) && v >= 0 && v <= 100 && v % 5 === 0),
      `on the track's steps: ${values}`,
    );

    const webinar = r.json.questions.find((q) => q.id === 'webinar');
    assert.equal(webinar.type, 'cta');
    assert.deepEqual(webinar.groups, score(ndjson, ['--survey', SURVEY, '--by', 'answer.webinar']).groups);
    const counts = Object.fromEntries(webinar.groups.map((g) => [g.key['answer.webinar'], g.n]));
    const expected = { clicked: 0, dismissed: 0, null: 0 };
    for (const p of payloads) expected[p.answers.webinar ?? null] += 1;
    for (const key of Object.keys(counts)) assert.equal(counts[key], expected[key], `${key} counted`);
    assert.ok(counts.clicked > 0 && counts.dismissed > 0, 'both answers occur');
  } finally {
    await c.stop();
  }
});
