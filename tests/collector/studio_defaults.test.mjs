// The collector's defaults and lists Studio shows, each with one owner: the alert inbox's states
// (tools/collector/alert_states.def, which Studio's inbox menu is bundled from), its time-to-handle
// target and the coverage margins (alert_target.def, journey/coverage_target.def: the defaults
// the answers echo and Studio's forms show). Fails when Studio keeps a copy, or when the collector accepts a
// state list other than the one Studio offers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startCollector, request, repoRoot } from './lib/collector.mjs';
import { coreTable } from '../../web/core-tables.mjs';

const READ = 'studio-defaults-read-token';
const EDITOR = 'studio-defaults-editor-token-0123456789';
const auth = { authorization: `Bearer ${READ}` };
const studio = (name) => fs.readFileSync(path.join(repoRoot, 'web/studio', name), 'utf8');

test('the inbox offers the states the collector accepts, and no others', async () => {
  const states = await coreTable('alert-states');
  assert.deepEqual(states.map(([key]) => key), ['open', 'handled', 'all']);
  assert.equal(states.filter(([, isDefault]) => isDefault).length, 1, 'one default state');
  // Studio's menu is the bundled table, not a list of its own.
  const inbox = studio('inbox.js');
  assert.match(inbox, /from 'touchpoint:alert-states'/);
  assert.doesNotMatch(inbox, /\[\s*'open',\s*'handled'/);
  const c = await startCollector(['--token', READ, '--editor-token', EDITOR, '--rate', '0']);
  try {
    for (const [key] of states) {
      const r = await request(c.origin, 'GET', `/v1/studio/alerts?state=${key}`, { headers: auth });
      assert.equal(r.status, 200, `state=${key}: ${r.text}`);
    }
    const bad = await request(c.origin, 'GET', '/v1/studio/alerts?state=closed', { headers: auth });
    assert.equal(bad.status, 400);
    const names = states.map(([key]) => key);
    assert.equal(JSON.parse(bad.text).errors[0].message, `state must be ${names.slice(0, -1).join(', ')} or ${names.at(-1)}`);
  } finally {
    await c.stop();
  }
});

test('the time-to-handle target and the coverage margins are the collector\'s, echoed to Studio', async () => {
  // Studio asks without them and shows what the answer says.
  assert.doesNotMatch(studio('inbox.js'), /target: '\d+'|\|\| '\d+'/);
  assert.doesNotMatch(studio('maps.js'), /nps: \d+, csat: \d+/);
  const c = await startCollector(['--token', READ, '--editor-token', EDITOR, '--rate', '0']);
  try {
    const alerts = await request(c.origin, 'GET', '/v1/studio/alerts?state=open', { headers: auth });
    assert.equal(alerts.status, 200);
    assert.equal(JSON.parse(alerts.text).target_minutes, (await coreTable('alert-target')).minutes, alerts.text);
    const map = fs.readFileSync(path.join(repoRoot, 'examples/journeys/b2b-purchase.json'), 'utf8');
    const put = await request(c.origin, 'PUT', '/v1/studio/maps/b2b-purchase', { body: map, headers: { authorization: `Bearer ${EDITOR}` } });
    assert.equal(put.status, 201, put.text);
    const coverage = await request(c.origin, 'GET', '/v1/studio/maps/b2b-purchase/coverage', { headers: auth });
    assert.equal(coverage.status, 200, coverage.text);
    const { target } = JSON.parse(coverage.text);
    const margins = await coreTable('coverage-target'); // [member, query, points]
    assert.deepEqual(target, Object.fromEntries(margins.map(([, query, points]) => [query, points])));
    // A margin asked for is the one used (what the form sends after an edit).
    const asked = await request(c.origin, 'GET', '/v1/studio/maps/b2b-purchase/coverage?nps=5&csat=7', { headers: auth });
    assert.deepEqual(JSON.parse(asked.text).target, { nps: 5, csat: 7 });
  } finally {
    await c.stop();
  }
});
