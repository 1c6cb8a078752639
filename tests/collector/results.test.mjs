// The results API (GET /v1/studio/surveys/ID/results and /export): every figure equals what
// `touchpoint score` prints for the same stored responses with the same filter (--from/--to/
// --where), group by group; filtered exports hold exactly the filtered responses; reading needs a
// credential; a bad filter is a 400 that says why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startCollector, request, repoRoot, tempDir, touchpoint } from './lib/collector.mjs';

const EDITOR = 'editor-token-0123456789abcdef';
const READER = 'read-token-0123456789abcdef';
const bearer = { authorization: `Bearer ${READER}` };
const surveyFile = (id) => path.join(repoRoot, 'examples/surveys', `${id}.json`);

/** `touchpoint score` over an NDJSON text, with extra arguments; its parsed stdout. */
function score(ndjson, args) {
  const file = path.join(tempDir(), 'r.ndjson');
  fs.writeFileSync(file, ndjson);
  const r = spawnSync(touchpoint, ['score', ...args, file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const results = (c, id, query = '') => request(c.origin, 'GET', `/v1/studio/surveys/${id}/results${query}`, { headers: bearer });

test('results equal `touchpoint score` group by group, with and without filters', async () => {
  const c = await startCollector(['--demo', '--seed', '120', '--rate', '0', '--token', READER, '--editor-token', EDITOR]);
  try {
    const all = (await request(c.origin, 'GET', '/v1/export?format=ndjson&survey=b2b-role', { headers: bearer })).text;
    assert.ok(all.split('\n').filter(Boolean).length >= 120);

    const r = await results(c, 'b2b-role');
    assert.equal(r.status, 200, r.text);
    const total = score(all, []).groups[0];
    assert.deepEqual(r.json.total, total, 'the total is the ungrouped aggregate');
    assert.equal(r.json.responses, total.n);
    assert.deepEqual(r.json.by_day, score(all, ['--by', 'day']).groups);
    assert.deepEqual(r.json.by_locale, score(all, ['--by', 'locale']).groups);
    const role = r.json.questions.find((q) => q.id === 'role');
    assert.deepEqual(role.groups, score(all, ['--survey', surveyFile('b2b-role'), '--by', 'answer.role']).groups);
    const criteria = r.json.questions.find((q) => q.id === 'criteria');
    assert.deepEqual(criteria.groups, score(all, ['--survey', surveyFile('b2b-role'), '--by', 'answer.criteria']).groups);
    const why = r.json.questions.find((q) => q.id === 'detractor-why');
    assert.equal(why.type, 'text');
    assert.ok(Array.isArray(why.terms) && Array.isArray(why.answers));
    assert.equal(why.answered, why.answers.reduce((s, a) => s + a.n, 0), 'every distinct answer listed (fewer than the cap)');

    // A filter changes the numbers exactly as `touchpoint score` with the same filter does.
    const days = r.json.by_day.map((g) => g.key.day).filter(Boolean).sort();
    const from = days[Math.floor(days.length / 3)];
    const to = days[days.length - 1];
    const roleValue = role.groups.find((g) => g.key['answer.role'] !== null).key['answer.role'];
    const filtered = await results(c, 'b2b-role', `?from=${from}&to=${to}&where=${encodeURIComponent(`answer.role=${roleValue}`)}&where=locale=zh-CN&where=locale=en`);
    assert.equal(filtered.status, 200, filtered.text);
    const cli = score(all, ['--from', from, '--to', to, '--where', `answer.role=${roleValue}`, '--where', 'locale=zh-CN', '--where', 'locale=en']);
    assert.deepEqual(filtered.json.total, cli.groups[0] ?? null);
    assert.ok(filtered.json.responses < r.json.responses && filtered.json.responses > 0, 'the filter kept some, not all');
    assert.deepEqual(filtered.json.questions.find((q) => q.id === 'role').groups.map((g) => g.key['answer.role']), [roleValue]);

    // The filtered export holds exactly the filtered responses (NDJSON), in the core's CSV too.
    const q = `from=${from}&to=${to}&where=${encodeURIComponent(`answer.role=${roleValue}`)}`;
    const exp = await request(c.origin, 'GET', `/v1/studio/surveys/b2b-role/export?format=ndjson&${q}`, { headers: bearer });
    assert.equal(exp.status, 200);
    const lines = exp.text.split('\n').filter(Boolean);
    assert.equal(lines.length, score(all, ['--from', from, '--to', to, '--where', `answer.role=${roleValue}`]).groups[0].n);
    assert.deepEqual(score(exp.text, []).groups, score(all, ['--from', from, '--to', to, '--where', `answer.role=${roleValue}`]).groups);
    const csv = await request(c.origin, 'GET', `/v1/studio/surveys/b2b-role/export?format=csv&${q}`, { headers: bearer });
    assert.equal(csv.status, 200);
    assert.match(csv.text, /^(\uFEFF)?id,survey,/);
    const csvFile = path.join(tempDir(), 'r.csv');
    fs.writeFileSync(csvFile, csv.text);
    const fromCsv = spawnSync(touchpoint, ['score', csvFile], { encoding: 'utf8' });
    assert.deepEqual(JSON.parse(fromCsv.stdout).groups, score(exp.text, []).groups, 'the CSV export holds the same responses');
  } finally {
    await c.stop();
  }
});

test('a matrix row by row and a ranking item by item, each equal to `touchpoint score --by answer.Q/PART`', async () => {
  const c = await startCollector(['--demo', '--seed', '60', '--rate', '0', '--token', READER, '--editor-token', EDITOR]);
  try {
    const cases = [
      { survey: 'cx-maturity', type: 'matrix', parts: 'rows', options: (q) => q.columns.map((x) => x.value) },
      { survey: 'ces-onboarding', type: 'ranking', parts: 'choices', options: (q) => q.choices.map((_, i) => String(i + 1)) },
    ];
    for (const k of cases) {
      const doc = JSON.parse(fs.readFileSync(surveyFile(k.survey), 'utf8'));
      const question = doc.questions.find((q) => q.type === k.type);
      const all = (await request(c.origin, 'GET', `/v1/export?format=ndjson&survey=${k.survey}`, { headers: bearer })).text;
      const r = await results(c, k.survey);
      assert.equal(r.status, 200, r.text);
      const got = r.json.questions.find((q) => q.id === question.id);
      assert.equal(got.groups, undefined, `${k.type}: no whole-answer grouping (it would be one null group)`);
      assert.deepEqual(got.options.map((o) => o.value), k.options(question));
      assert.deepEqual(got.parts.map((p) => p.value), question[k.parts].map((x) => x.value));
      let answered = 0;
      for (const part of got.parts) {
        const key = `answer.${question.id}/${part.value}`;
        assert.equal(part.key, key);
        assert.deepEqual(part.groups, score(all, ['--survey', surveyFile(k.survey), '--by', key]).groups, key);
        answered += part.groups.filter((g) => g.key[key] !== null).reduce((n, g) => n + g.n, 0);
      }
      assert.ok(answered > 0, `${k.survey}: some ${k.type} answers were seeded`);
      // A filter on one part narrows every part as the CLI's --where does.
      const first = got.parts[0];
      const value = first.groups.find((g) => g.key[first.key] !== null).key[first.key];
      const filtered = await results(c, k.survey, `?where=${encodeURIComponent(`${first.key}=${value}`)}`);
      assert.equal(filtered.status, 200, filtered.text);
      const last = filtered.json.questions.find((q) => q.id === question.id).parts.at(-1);
      assert.deepEqual(last.groups, score(all, ['--survey', surveyFile(k.survey), '--where', `${first.key}=${value}`, '--by', last.key]).groups);
    }
  } finally {
    await c.stop();
  }
});

test('results need a credential, and a bad filter says why', async () => {
  const c = await startCollector(['--demo', '--seed', '3', '--rate', '0', '--token', READER, '--editor-token', EDITOR]);
  try {
    assert.equal((await request(c.origin, 'GET', '/v1/studio/surveys/b2b-role/results')).status, 401);
    assert.equal((await request(c.origin, 'GET', '/v1/studio/surveys/b2b-role/export')).status, 401);
    assert.equal((await results(c, 'no-such-survey')).status, 404);
    for (const [query, message] of [
      ['?from=2026-1-1', /from: expected a day YYYY-MM-DD/],
      ['?where=colour', /where must be KEY=VALUE/],
      ['?where=colour=red', /unknown group key "colour"/],
    ]) {
      const r = await results(c, 'b2b-role', query);
      assert.equal(r.status, 400, query);
      assert.match(r.json.errors[0].message, message);
    }
    const nine = Array.from({ length: 9 }, (_, i) => `where=answer.q${i}=x`).join('&');
    assert.equal((await results(c, 'b2b-role', `?${nine}`)).status, 400, 'at most 8 where filters');
    const r = spawnSync(touchpoint, ['score', '--where', 'nokey', '-'], { input: '', encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--where must be KEY=VALUE/);
  } finally {
    await c.stop();
  }
});
