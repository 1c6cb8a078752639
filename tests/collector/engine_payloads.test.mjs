// The collector accepts every payload the engine builds: for each example survey and for generated
// surveys covering every question type and scale configuration (CSAT and CES on 3 to 10 points,
// ratings, NPS), payloads made by the core itself — `touchpoint preview` for every value of every
// scale, `touchpoint generate` for realistic answer paths — are posted to the real server, and
// every one must be stored (2xx). A rule derived twice (CES "easy" on 10 points once was) fails here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startCollector, post, rowCount, tempDir, touchpoint, repoRoot } from './lib/collector.mjs';

const dir = tempDir('tp-engine-payloads-');
let c;
before(async () => {
  c = await startCollector(['--rate', '0', '--max-batch', '500']);
});
after(async () => {
  await c.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

function writeSurvey(id, questions) {
  const survey = {
    touchpoint: 'survey/1',
    id,
    version: '1',
    locales: ['en', 'zh-CN'],
    title: 'Generated',
    questions,
    journey: { map: 'b2b-purchase', stage: 'decision', touchpoint: 'demo-call' },
    delivery: {
      endpoint: '/api/responses',
      alerts: { endpoint: '/api/alerts', on: ['detractor', 'low-csat', 'high-effort'] },
    },
    privacy: { timeResolution: 'minute', context: ['page', 'respondent', 'segment.plan'] },
  };
  const file = path.join(dir, `${id}.json`);
  fs.writeFileSync(file, JSON.stringify(survey));
  return file;
}

const scale = (type, id, points, required = false) => ({
  id, type, title: `${type} ${points}`, required, ...(points ? { scale: points } : {}),
});

function generate(surveyFile, count, seed) {
  const out = execFileSync(touchpoint, ['generate', '--survey', surveyFile, '--count', String(count), '--seed', String(seed)],
    { encoding: 'utf8', maxBuffer: 64 << 20 });
  return out.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
}

function preview(surveyFile, answers, seed) {
  const answersFile = path.join(dir, 'answers.json');
  const contextFile = path.join(dir, 'context.json');
  fs.writeFileSync(answersFile, JSON.stringify(answers));
  fs.writeFileSync(contextFile, JSON.stringify({ page: '/a?b=c', now_ms: 1795392000000, respondent: 'u-1', key: 'k',
    segment: { plan: 'pro' } }));
  return JSON.parse(execFileSync(touchpoint, ['preview', '--survey', surveyFile, '--answers', answersFile,
    '--context', contextFile, '--seed', String(seed)], { encoding: 'utf8' }));
}

async function expectAllStored(payloads, what) {
  const before = rowCount(c.db);
  for (let i = 0; i < payloads.length; i += 500) {
    const batch = payloads.slice(i, i + 500);
    const r = await post(c.origin, batch);
    assert.ok(r.status >= 200 && r.status < 300, `${what}: ${r.status} ${r.text}`);
  }
  assert.equal(rowCount(c.db) - before, payloads.length, `${what}: every payload is stored`);
}

test('every value of every CSAT, CES and NPS scale, built by the engine, is accepted', async () => {
  const payloads = [];
  let seed = 1;
  for (let points = 3; points <= 10; ++points) {
    const file = writeSurvey(`scale-${points}`, [scale('csat', 'csat', points), scale('ces', 'ces', points),
      scale('nps', 'nps', 0)]);
    for (let v = 1; v <= points; ++v) payloads.push(preview(file, { csat: v, ces: v, nps: (v * 10) % 11 }, seed++));
  }
  assert.equal(payloads.length, 52);
  const ces10 = payloads.find((p) => p.scores.ces.scale === 10 && p.scores.ces.value === 7);
  assert.ok(ces10, 'the case that once failed: CES 7 on 1-10');
  await expectAllStored(payloads, 'scale values');
});

test('generated answer paths over every question type and example survey are accepted', async () => {
  const choices = [{ value: 'a', label: 'A', score: 1 }, { value: 'b', label: 'B', score: 2 }, { value: 'c', label: 'C' }];
  const files = [
    writeSurvey('defaults', [scale('nps', 'nps', 0, true), scale('csat', 'csat', 0, true), scale('ces', 'ces', 0, true),
      { ...scale('rating', 'stars', 7), shape: 'stars' }, { ...scale('rating', 'smile', 5), shape: 'smileys' }]),
    writeSurvey('ces-10', [scale('ces', 'ces', 10, true), scale('csat', 'csat', 10, true)]),
    writeSurvey('types', [
      { id: 'single', type: 'single', title: 'One', choices, other: 'Else', required: true },
      { id: 'multi', type: 'multi', title: 'Some', choices, other: true, minPicks: 1, maxPicks: 2 },
      { id: 'ranking', type: 'ranking', title: 'Order', choices },
      { id: 'matrix', type: 'matrix', title: 'Grid', rows: ['x', 'y'], columns: choices },
      { id: 'comment', type: 'text', title: 'Why', maxLength: 30 },
      { id: 'count', type: 'number', title: 'How many', min: 0, max: 9, integer: true },
      { id: 'when', type: 'date', title: 'When' },
      { id: 'ok', type: 'consent', title: 'OK?', consentText: 'Yes' },
    ]),
    ...fs.readdirSync(path.join(repoRoot, 'examples/surveys')).filter((f) => f.endsWith('.json'))
      .map((f) => path.join(repoRoot, 'examples/surveys', f)),
  ];
  let seed = 100;
  for (const file of files) {
    const payloads = generate(file, 300, seed++);
    assert.equal(payloads.length, 300);
    await expectAllStored(payloads, path.basename(file));
  }
});
