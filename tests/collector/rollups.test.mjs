// Results rollups (tools/collector/rollups.hpp): the results API and GET /v1/aggregates answer
// from per-(survey, day, locale) aggregate states updated in the ingest transaction, or from a scan
// of the payloads when a filter or group key needs them; both give the same answer, equal to
// `touchpoint score` on the stored responses (results: three surveys, one with a matrix and one
// with a ranking shown part by part, fixed and random day/locale filters; aggregates: random
// journey groupings and filters).
// Checked after concurrent batched ingest across days and locales (with duplicates and a refused
// request), after a restart with more responses in the same cells (posted to two collectors at
// once: kept cells gone stale; on PostgreSQL, both collectors' responses read as the tail, folded
// by one compactor at a time, and checked again once folded), after a migration from a database without rollups, after
// --rebuild-rollups, and after a run with --no-rollups; on SQLite and PostgreSQL. The scans are
// read in parts merged in order (--scan-threads) where the storage allows it (SQLite).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startCollector, backends, post, request, repoRoot, sql, tempDir, touchpoint } from './lib/collector.mjs';
import { isPostgres, rollupsCompacted } from './lib/postgres.mjs';

const EDITOR = 'editor-token-0123456789abcdef';
const READER = 'read-token-0123456789abcdef';
const bearer = { authorization: `Bearer ${READER}` };
const SURVEY = 'nps-support';
// The surveys posted: nps-support on a journey map; cx-maturity has a matrix, ces-onboarding a ranking.
const SURVEYS = [SURVEY, 'cx-maturity', 'ces-onboarding'];
const surveyFileOf = (id) => path.join(repoRoot, 'examples/surveys', `${id}.json`);
// Every scan in parts of at least 7 rows, three at once (SQLite; tools/collector/scan_parts.hpp):
// the scans below must still agree with the rollups and with `touchpoint score` to the byte.
const args = ['--rate', '0', '--token', READER, '--editor-token', EDITOR, '--scan-threads', '3', '--scan-part-rows', '7'];

/** `count` generated responses of a survey over `days` days from `start` (the core's generator). */
function generate(seed, count, start, days, survey = SURVEY) {
  const journey = survey === SURVEY ? ['--journey', path.join(repoRoot, 'examples/journeys/saas-support.json')] : [];
  const r = spawnSync(touchpoint, ['generate', '--survey', surveyFileOf(survey), ...journey,
    '--count', String(count), '--seed', String(seed), '--start', start, '--days', String(days)], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

/**
 * `count` responses of nps-support and a third as many of each other survey, interleaved. Some come
 * without their segments (a host page that passed none) or without `plan`: a cell's segment row
 * then starts after responses without it, and some cells have none.
 */
function generateAll(seed, count, start, days) {
  const lists = SURVEYS.map((id, i) => generate(seed * 10 + i, i === 0 ? count : Math.ceil(count / 3), start, days, id));
  const out = [];
  for (let k = 0; k < count; k++) for (const list of lists) if (k < list.length) out.push(list[k]);
  out.forEach((r, i) => {
    if (!r.context?.segment) return;
    if (i % 4 === 0) delete r.context.segment;
    else if (i % 3 === 0) delete r.context.segment.plan;
  });
  return out;
}

/** Responses per survey in a list. */
function countBySurvey(responses) {
  const counts = Object.fromEntries(SURVEYS.map((id) => [id, 0]));
  for (const r of responses) counts[r.survey.id] += 1;
  return counts;
}

/** `touchpoint score` over an NDJSON text with extra arguments: its parsed stdout. */
function score(ndjson, extra) {
  const file = path.join(tempDir(), 'r.ndjson');
  fs.writeFileSync(file, ndjson);
  const r = spawnSync(touchpoint, ['score', ...extra, file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** Posts the responses in batches of varied sizes, several requests at once (group commit folds them). */
async function ingest(c, responses) {
  const sizes = [1, 7, 23, 2, 50, 13];
  const batches = [];
  for (let i = 0, k = 0; i < responses.length; k++) {
    const n = sizes[k % sizes.length];
    batches.push(responses.slice(i, i + n));
    i += n;
  }
  for (let i = 0; i < batches.length; i += 4) {
    const replies = await Promise.all(batches.slice(i, i + 4).map((b) => post(c.origin, b.length === 1 ? b[0] : b)));
    for (const r of replies) assert.equal(r.status, 200, r.text);
  }
}

const results = (c, survey, query) => request(c.origin, 'GET', `/v1/studio/surveys/${survey}/results${query}`, { headers: bearer });

/** A deterministic pseudo-random generator (the same groupings every run). */
function lcg(seed) {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

/**
 * For each survey, the rollup and scan answers to fixed and random day/locale queries are
 * identical (header and "source" say which answered), and equal `touchpoint score` unfiltered:
 * every whole answer, every matrix row and every ranking item.
 */
async function assertAgree(c, expected, round) {
  for (const survey of SURVEYS) {
    const all = (await request(c.origin, 'GET', `/v1/export?format=ndjson&survey=${survey}`, { headers: bearer })).text;
    const base = await results(c, survey, '');
    assert.equal(base.status, 200, base.text);
    assert.equal(base.json.source, 'rollups', survey);
    assert.equal(base.headers['x-touchpoint-source'], 'rollups', survey);
    assert.equal(base.json.responses, expected[survey], survey);
    const days = base.json.by_day.map((g) => g.key.day).sort();
    assert.ok(days.length >= 3, `${survey}: responses on several days: ${days}`);
    assert.ok(base.json.by_locale.length >= 2, `${survey}: responses in several locales`);
    const queries = ['', `?from=${days[1]}&to=${days[days.length - 2]}`, '?where=locale=en', `?to=${days[1]}&where=locale=zh-CN&where=locale=en`,
      `?from=${days[0]}&to=${days[0]}&where=locale=zh-CN`];
    const pick = lcg(700 + round * 10 + SURVEYS.indexOf(survey));
    for (let i = 0; i < 4; i++) {
      const params = [];
      if (pick(2)) params.push(`from=${days[pick(days.length)]}`);
      if (pick(2)) params.push(`to=${days[pick(days.length)]}`);  // may end before from: nothing
      for (const locale of ['en', 'zh-CN', 'fr']) if (pick(3) === 0) params.push(`where=locale=${locale}`);
      queries.push(params.length ? `?${params.join('&')}` : '');
    }
    for (const query of queries) {
      const fromRollups = await results(c, survey, query);
      const fromScan = await results(c, survey, `${query}${query ? '&' : '?'}source=scan`);
      assert.equal(fromRollups.json.source, 'rollups', `${survey}${query}`);
      assert.equal(fromScan.json.source, 'scan', `${survey}${query}`);
      assert.equal(fromScan.headers['x-touchpoint-source'], 'scan', `${survey}${query}`);
      delete fromRollups.json.source;
      delete fromScan.json.source;
      assert.deepEqual(fromRollups.json, fromScan.json, `rollups and scan agree for ${survey} "${query}"`);
    }
    // Both equal the core's own reading of the stored responses.
    const file = surveyFileOf(survey);
    assert.deepEqual(base.json.total, score(all, []).groups[0]);
    assert.deepEqual(base.json.by_day, score(all, ['--by', 'day']).groups);
    assert.deepEqual(base.json.by_locale, score(all, ['--by', 'locale']).groups);
    let parts = 0;
    for (const q of base.json.questions.filter((q) => q.type !== 'text')) {
      if (!q.parts) {
        assert.deepEqual(q.groups, score(all, ['--survey', file, '--by', `answer.${q.id}`]).groups, `${survey} ${q.id}`);
        continue;
      }
      for (const part of q.parts) {
        assert.deepEqual(part.groups, score(all, ['--survey', file, '--by', part.key]).groups, `${survey} ${part.key}`);
        assert.ok(part.groups.some((g) => g.key[part.key] !== null), `${survey} ${part.key}: answered`);
        parts += 1;
      }
    }
    if (survey !== SURVEY) assert.ok(parts >= 3, `${survey}: a matrix or ranking shown part by part`);
    const en = await results(c, survey, '?where=locale=en');
    assert.deepEqual(en.json.total, score(all, ['--where', 'locale=en']).groups[0]);
  }
  // An answer filter needs the payloads (a part too): the scan answers it.
  assert.equal((await results(c, SURVEY, '?where=answer.resolved=yes')).json.source, 'scan');
  assert.equal((await results(c, 'cx-maturity', '?where=answer.ownership/ceo=fully')).json.source, 'scan');
}

const aggregates = (c, query) => request(c.origin, 'GET', `/v1/aggregates${query}`, { headers: bearer });

/**
 * GET /v1/aggregates answers random journey groupings and filters from the rollups, and the same
 * as a forced scan and as `touchpoint score`; keys the rollups do not hold are scanned.
 */
async function assertAggregatesAgree(c, round) {
  const all = (await request(c.origin, 'GET', '/v1/export?format=ndjson', { headers: bearer })).text;
  const maps = [...new Set(all.split('\n').filter(Boolean).map((l) => JSON.parse(l).journey?.map).filter(Boolean))];
  assert.ok(maps.length >= 1, 'responses on a journey map');
  const pool = ['survey', 'version', 'map', 'stage', 'touchpoint', 'locale', 'day', 'week', 'month'];
  const segments = ['segment.plan', 'segment.role', 'segment.industry'];
  const pick = lcg(1500 + round);
  const queries = ['?by=touchpoint', '?by=touchpoint,month', '', `?by=stage,touchpoint&map=${maps[0]}&survey=${SURVEY}`,
    '?by=touchpoint,segment.plan', `?by=segment.role,month&survey=${SURVEY}`, '?by=segment.industry'];
  for (let i = 0; i < 16; i++) {
    const keys = pool.filter(() => pick(3) === 0);
    if (pick(2) === 0) keys.splice(pick(keys.length + 1), 0, segments[pick(segments.length)]);  // one segment at most
    const params = [];
    if (keys.length) params.push(`by=${keys.join(',')}`);
    if (pick(3) === 0) params.push(`survey=${pick(4) ? SURVEY : 'no-such-survey'}`);
    if (pick(3) === 0) params.push(`map=${pick(4) ? maps[0] : 'no-such-map'}`);
    queries.push(params.length ? `?${params.join('&')}` : '');
  }
  for (const query of queries) {
    const fromRollups = await aggregates(c, query);
    const fromScan = await aggregates(c, `${query}${query ? '&' : '?'}source=scan`);
    assert.equal(fromRollups.status, 200, fromRollups.text);
    assert.equal(fromRollups.headers['x-touchpoint-source'], 'rollups', query);
    assert.equal(fromScan.headers['x-touchpoint-source'], 'scan', query);
    assert.equal(fromRollups.text, fromScan.text, `rollups and scan agree for "${query}"`);
  }
  const heat = await aggregates(c, '?by=touchpoint,month');
  assert.ok(heat.json.groups.length >= 2, 'several touchpoints');
  assert.deepEqual(heat.json, score(all, ['--by', 'touchpoint', '--by', 'month']));
  const byPlan = await aggregates(c, '?by=touchpoint,segment.plan');
  assert.ok(byPlan.json.groups.some((g) => g.key['segment.plan'] === null), 'responses without the segment: its null group');
  assert.ok(byPlan.json.groups.filter((g) => g.key['segment.plan'] !== null).length >= 2, 'several plans');
  assert.deepEqual(byPlan.json, score(all, ['--by', 'touchpoint', '--by', 'segment.plan']));
  // Keys the rollups do not hold need the payloads: an answer, two segments at once.
  for (const query of ['?by=answer.resolved', '?by=touchpoint,segment.plan,segment.role']) {
    const scanned = await aggregates(c, query);
    assert.equal(scanned.status, 200, scanned.text);
    assert.equal(scanned.headers['x-touchpoint-source'], 'scan', query);
  }
}

/** Writes to the collector's database behind its back (the collector is stopped). */
function sqlWrite(db, query) {
  if (isPostgres(db)) sql(db, query);
  else execFileSync('sqlite3', [db, query]);
}

for (const backend of backends()) {
  test(`rollups and scan agree through ingest, restart, migration and rebuild (${backend.name})`, async () => {
    const db = await backend.freshDb();
    let c = await startCollector(args, { db });
    try {
      for (const survey of SURVEYS) {
        const put = await request(c.origin, 'PUT', `/v1/studio/surveys/${survey}?publish=1`,
          { body: fs.readFileSync(surveyFileOf(survey), 'utf8'), headers: { authorization: `Bearer ${EDITOR}` } });
        assert.ok(put.status === 200 || put.status === 201, put.text);
      }
      const first = generate(11, 300, '2026-10-01T00:00:00Z', 4);
      const firstParts = generateAll(21, 150, '2026-10-01T00:00:00Z', 4).filter((r) => r.survey.id !== SURVEY);
      await ingest(c, first.flatMap((r, i) => [r, ...(i < firstParts.length ? [firstParts[i]] : [])]));
      const expected = countBySurvey([...first, ...firstParts]);
      const total = () => Object.values(expected).reduce((a, b) => a + b, 0);
      // Retries are duplicates (counted once); a request reusing an id with another body is refused whole.
      assert.equal((await post(c.origin, first.slice(0, 5))).status, 200);
      const changed = { ...first[0], submitted: first[0].submitted === '2026-10-02T05:00:00Z' ? '2026-10-02T06:00:00Z' : '2026-10-02T05:00:00Z' };
      const extra = generate(12, 3, '2026-10-02T00:00:00Z', 1);
      assert.equal((await post(c.origin, [...extra, changed])).status, 422);
      // A retry that brings new responses along: only those are counted (on PostgreSQL the
      // compactor is handed the new ones alone).
      const joining = generate(14, 4, '2026-10-02T00:00:00Z', 1);
      const mixed = await post(c.origin, [...first.slice(5, 8), ...joining]);
      assert.equal(mixed.status, 200, mixed.text);
      assert.equal(mixed.json.duplicates, 3, mixed.text);
      expected[SURVEY] += joining.length;
      await assertAgree(c, expected, 1);
      await assertAggregatesAgree(c, 1);

      // Restart, then more responses in the same cells and in new ones, through two collectors at
      // once (PostgreSQL: both compactors fold the tail, one at a time), then through the
      // first alone: each writer's (SQLite) or compactor's (PostgreSQL) kept cells (rollups.hpp)
      // are stale after the other's commits and must be loaded again from what is stored.
      await c.stop();
      c = await startCollector(args, { db });
      const more = generateAll(13, 120, '2026-10-03T00:00:00Z', 3);
      for (const [id, n] of Object.entries(countBySurvey(more))) expected[id] += n;
      await ingest(c, more.slice(0, 20));
      const other = await startCollector(args, { db });
      try {
        await Promise.all([ingest(c, more.slice(20, 60)), ingest(other, more.slice(60, 100))]);
      } finally {
        await other.stop();
      }
      await ingest(c, more.slice(100));
      assert.ok(more.length > 100);
      await assertAgree(c, expected, 2);
      await assertAggregatesAgree(c, 2);
      if (backend.name === 'postgres') {  // the same once the tail is folded in
        await rollupsCompacted(db);
        assert.deepEqual(sql(db, 'SELECT DISTINCT shard FROM rollups'), [['0']]);
        await assertAgree(c, expected, 2);
        await assertAggregatesAgree(c, 2);
      }

      // A database from before rollups: they are built when it is opened.
      await c.stop();
      sqlWrite(db, 'DELETE FROM rollups; DELETE FROM rollup_meta;');
      c = await startCollector(args, { db });
      await assertAgree(c, expected, 3);
      await assertAggregatesAgree(c, 3);

      // Rows added behind the collector's back are counted after --rebuild-rollups.
      await c.stop();
      sqlWrite(db, "UPDATE rollups SET state = '{}' WHERE grouping = ''; DELETE FROM rollups WHERE grouping LIKE 'answer.%/%';");
      c = await startCollector([...args, '--rebuild-rollups'], { db });
      assert.match(c.log(), new RegExp(`rollups rebuilt from ${total()} stored responses`));
      await assertAgree(c, expected, 4);
      await assertAggregatesAgree(c, 4);

      // --no-rollups: ingest skips them and every read scans; the next start rebuilds them.
      await c.stop();
      c = await startCollector([...args, '--no-rollups'], { db });
      const late = generateAll(14, 40, '2026-10-02T00:00:00Z', 2);
      await ingest(c, late);
      for (const [id, n] of Object.entries(countBySurvey(late))) expected[id] += n;
      const scanned = await results(c, SURVEY, '');
      assert.equal(scanned.json.source, 'scan');
      assert.equal(scanned.json.responses, expected[SURVEY]);
      assert.equal((await aggregates(c, '?by=touchpoint')).headers['x-touchpoint-source'], 'scan');
      await c.stop();
      c = await startCollector(args, { db });
      await assertAgree(c, expected, 5);
      await assertAggregatesAgree(c, 5);
    } finally {
      await c.stop();
    }
  });
}

// Segment names and question ids come from the payload, unchecked: a cell keeps at most 16
// segment rows and 256 answer and part rows (every commit to the cell rewrites each). Past them it
// marks itself, and groupings by a segment, or the results page, of that survey scan, still giving
// the same answer.
for (const backend of backends()) {
  test(`a cell keeps at most 16 segment rows and 256 answer rows; past them reads scan (${backend.name})`, async () => {
    const db = await backend.freshDb();
    const c = await startCollector(args, { db });
    try {
      const put = await request(c.origin, 'PUT', `/v1/studio/surveys/${SURVEY}?publish=1`,
        { body: fs.readFileSync(surveyFileOf(SURVEY), 'utf8'), headers: { authorization: `Bearer ${EDITOR}` } });
      assert.ok(put.status === 200 || put.status === 201, put.text);
      const responses = generate(31, 40, '2026-10-01T00:00:00Z', 1);
      responses.forEach((r, i) => { r.context.segment[`s${i % 20}`] = 'x'; });  // 20 more names, one day
      await ingest(c, responses);
      assert.equal((await results(c, SURVEY, '')).json.source, 'rollups', 'a few questions: from rollups');
      // 15 new question ids per response: 600 in all, past 256 in every cell of the day.
      const more = generate(32, 40, '2026-10-01T00:00:00Z', 1);
      more.forEach((r, i) => { for (let k = 0; k < 15; k++) r.answers[`extra${i * 15 + k}`] = 'x'; });
      await ingest(c, more);
      const scanned = await results(c, SURVEY, '');
      assert.equal(scanned.json.source, 'scan', 'past 256 answer rows: the results page scans');
      assert.deepEqual(scanned.json, (await results(c, SURVEY, '?source=scan')).json);
      assert.equal(scanned.json.responses, 80);
      if (isPostgres(db)) await rollupsCompacted(db);
      const query = (q) => Number(String(isPostgres(db) ? sql(db, q) : execFileSync('sqlite3', [db, q])).trim());
      const cell = 'survey, day, locale';
      const most = query(`SELECT max(n) FROM (SELECT count(*) AS n FROM rollups WHERE grouping LIKE 'segment.%' GROUP BY ${cell}) AS c`);
      assert.equal(most, 16, 'segment rows of the fullest cell');
      assert.ok(query("SELECT count(*) FROM rollups WHERE grouping = 'more-segments'") >= 1, 'a cell marked');
      const answersMost = query(`SELECT max(n) FROM (SELECT count(*) AS n FROM rollups WHERE grouping LIKE 'answer.%' GROUP BY ${cell}) AS c`);
      assert.equal(answersMost, 256, 'answer rows of the fullest cell');
      assert.ok(query("SELECT count(*) FROM rollups WHERE grouping = 'more-answers'") >= 1, 'a cell marked');
      for (const query of ['?by=touchpoint,segment.plan', '?by=segment.s19']) {
        const fromRollups = await aggregates(c, query);
        assert.equal(fromRollups.headers['x-touchpoint-source'], 'scan', query);
        assert.equal(fromRollups.text, (await aggregates(c, `${query}&source=scan`)).text);
      }
      assert.equal((await aggregates(c, '?by=touchpoint')).headers['x-touchpoint-source'], 'rollups');
    } finally {
      await c.stop();
    }
  });
}
