// The results API (GET /v1/studio/surveys/ID/results and /export): every figure equals what
// `touchpoint score` prints for the same stored responses with the same filter (--from/--to/
// --where), group by group; filtered exports hold exactly the filtered responses; reading needs a
// credential; a bad filter is a 400 that says why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startCollector, request, post, repoRoot, tempDir, touchpoint } from './lib/collector.mjs';

const EDITOR = 'editor-token-0123456789abcdef';
const READER = 'read-token-0123456789abcdef';
const bearer = { authorization: `Bearer ${READER}` };
const surveyFile = (id) => path.join(repoRoot, 'examples/surveys', `${id}.json`);

/** `touchpoint score` over an NDJSON (or, named *.csv, a CSV export) text, with extra arguments; its parsed stdout. */
function score(text, args, name = 'r.ndjson') {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, text);
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
      // From the rollups, which keep every matrix row and ranking item: the same as a scan.
      assert.equal(r.json.source, 'rollups');
      const scanned = await results(c, k.survey, '?source=scan');
      assert.equal(scanned.json.source, 'scan');
      assert.deepEqual({ ...r.json, source: 'scan' }, scanned.json, `${k.survey}: rollups and scan agree`);
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

test('number and date questions carry the core\'s bins, equal to `touchpoint score --bins` from rollups and from a scan', async () => {
  const c = await startCollector(['--demo', '--seed', '60', '--rate', '0', '--token', READER, '--editor-token', EDITOR]);
  try {
    for (const [survey, id, by] of [['csat-delivery', 'delivered-on', null], ['ces-onboarding', 'minutes', 'value']]) {
      const all = (await request(c.origin, 'GET', `/v1/export?format=ndjson&survey=${survey}`, { headers: bearer })).text;
      const cli = score(all, ['--survey', surveyFile(survey), '--bins', id]);
      assert.ok(cli.answered > 20 && cli.bins.length >= 2, `${survey}: answers spread over bins`);
      if (by) assert.equal(cli.by, by);
      const fromRollups = await results(c, survey);
      const scanned = await results(c, survey, '?source=scan');
      assert.equal(scanned.json.source, 'scan');
      for (const r of [fromRollups, scanned]) {
        assert.equal(r.status, 200, r.text);
        const q = r.json.questions.find((x) => x.id === id);
        assert.deepEqual(q.bins, cli, `${survey} ${id} (${r.json.source})`);
        assert.ok(q.groups.length > q.bins.bins.length, 'fewer bars than distinct values');
      }
      // A filter bins the filtered answers, as the CLI with the same filter does.
      const filtered = await results(c, survey, '?where=locale=zh-CN');
      assert.deepEqual(filtered.json.questions.find((x) => x.id === id).bins,
        score(all, ['--survey', surveyFile(survey), '--where', 'locale=zh-CN', '--bins', id]));
    }
    // Both answered from rollups (ces-onboarding's ranking included).
    for (const survey of ['csat-delivery', 'ces-onboarding']) assert.equal((await results(c, survey)).json.source, 'rollups', survey);
    const r = spawnSync(touchpoint, ['score', '--bins', 'role', '--by', 'locale', '-'], { input: '', encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--bins groups by its question/);
  } finally {
    await c.stop();
  }
});

test('the CSV export has one fields.<id> column per declared hidden field, read back by `touchpoint score`', async () => {
  const c = await startCollector(['--rate', '0', '--token', READER, '--editor-token', EDITOR]);
  try {
    const surveyPath = path.join(repoRoot, 'tests/browser/pages/widget/surveys/piping.json');
    let r = await request(c.origin, 'PUT', '/v1/studio/surveys/piping', {
      body: fs.readFileSync(surveyPath, 'utf8'),
      headers: { authorization: `Bearer ${EDITOR}` },
    });
    assert.equal(r.status, 201, r.text);
    const generated = spawnSync(touchpoint, ['generate', '--survey', surveyPath, '--count', '20', '--seed', '5'], { encoding: 'utf8' });
    assert.equal(generated.status, 0, generated.stderr);
    const payloads = generated.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
    payloads.forEach((p, i) => {
      if (i % 4 === 0) delete p.fields;
      else p.fields = { campaign: `spring, "launch" ${i}`, order: `A-${i}` };
    });
    r = await post(c.origin, payloads);
    assert.ok(r.status >= 200 && r.status < 300, `${r.status} ${r.text}`);

    const csv = (await request(c.origin, 'GET', '/v1/studio/surveys/piping/export?format=csv', { headers: bearer })).text;
    const [header] = csv.split('\r\n');
    assert.ok(header.endsWith(',answers,fields.campaign,fields.plan,fields.order,fields.note'), header);
    assert.match(csv, /,"spring, ""launch"" 1",,A-1,\r\n/, 'a field cell, quoted; fields without a value empty');
    // `touchpoint score` reads the export with its field columns: the same figures as the NDJSON.
    const ndjson = (await request(c.origin, 'GET', '/v1/studio/surveys/piping/export?format=ndjson', { headers: bearer })).text;
    assert.deepEqual(score(csv, ['--by', 'answer.name'], 'export.csv'), score(ndjson, ['--by', 'answer.name']));
    assert.equal(ndjson.split('\n').filter(Boolean).filter((l) => JSON.parse(l).fields?.order).length, 15);
  } finally {
    await c.stop();
  }
});

test('the CSV export across all surveys has the union of their fields.<id> columns', async () => {
  const c = await startCollector(['--rate', '0', '--token', READER, '--editor-token', EDITOR]);
  try {
    // Two survey records: piping (campaign, plan, order, note) and a copy named "a-first" that
    // declares region, plan and order: the columns take the surveys by id, each field once.
    const piping = JSON.parse(fs.readFileSync(path.join(repoRoot, 'tests/browser/pages/widget/surveys/piping.json'), 'utf8'));
    const first = { ...piping, id: 'a-first', fields: [{ id: 'region', from: 'show' }, { id: 'plan', from: 'show' }, { id: 'order', from: 'show' }] };
    for (const survey of [piping, first]) {
      const r = await request(c.origin, 'PUT', `/v1/studio/surveys/${survey.id}`, {
        body: JSON.stringify(survey),
        headers: { authorization: `Bearer ${EDITOR}` },
      });
      assert.equal(r.status, 201, r.text);
    }
    const payloads = [];
    for (const [survey, fields, seed] of [[piping, { campaign: 'spring', order: 'A-1' }, '7'], [first, { region: '华东', plan: 'pro' }, '8']]) {
      const file = path.join(tempDir(), `${survey.id}.json`);
      fs.writeFileSync(file, JSON.stringify(survey));
      const generated = spawnSync(touchpoint, ['generate', '--survey', file, '--count', '3', '--seed', seed], { encoding: 'utf8' });
      assert.equal(generated.status, 0, generated.stderr);
      for (const line of generated.stdout.split('\n').filter(Boolean)) payloads.push({ ...JSON.parse(line), fields });
    }
    const posted = await post(c.origin, payloads);
    assert.ok(posted.status >= 200 && posted.status < 300, `${posted.status} ${posted.text}`);

    const csv = (await request(c.origin, 'GET', '/v1/export?format=csv', { headers: bearer })).text;
    const rows = csv.split('\r\n').filter(Boolean);
    assert.ok(rows[0].endsWith(',answers,fields.region,fields.plan,fields.order,fields.campaign,fields.note'), rows[0]);
    assert.equal(rows.length, 7);
    const fieldCells = new Map(rows.slice(1).map((row) => [row.split(',')[1], row.split(',').slice(-5).join(',')]));
    assert.equal(fieldCells.get('piping'), ',,A-1,spring,', 'a response fills its own survey\'s columns');
    assert.equal(fieldCells.get('a-first'), '华东,pro,,,');
    // One survey's export has that survey's fields only.
    const one = (await request(c.origin, 'GET', '/v1/export?format=csv&survey=a-first', { headers: bearer })).text;
    assert.ok(one.split('\r\n')[0].endsWith(',answers,fields.region,fields.plan,fields.order'), one.split('\r\n')[0]);
    // `touchpoint score` reads the all-surveys export: the same figures as its NDJSON.
    const ndjson = (await request(c.origin, 'GET', '/v1/export?format=ndjson', { headers: bearer })).text;
    assert.deepEqual(score(csv, ['--by', 'survey'], 'all.csv'), score(ndjson, ['--by', 'survey']));
  } finally {
    await c.stop();
  }
});
