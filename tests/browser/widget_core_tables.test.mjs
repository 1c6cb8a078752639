// The widget's display knowledge has one owner, the core: the modes it accepts and the default
// mode and position come from its survey/1 schema and setting_defaults.def (bundled as
// touchpoint:widget-display), and web/touchpoint.d.ts's DisplayMode names exactly those modes. The
// core's side is what it prints now (`touchpoint schema survey`), not only the committed copy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './lib/server.mjs';
import { touchpoint } from '../collector/lib/collector.mjs';
import { coreTable } from '../../web/core-tables.mjs';

const skip = fs.existsSync(touchpoint) ? false : `no CLI at ${touchpoint} (tools/build.sh native-release)`;
const read = (file) => fs.readFileSync(path.join(repoRoot, file), 'utf8');

test('touchpoint.d.ts declares exactly the display modes the core accepts', { skip }, async () => {
  const schema = JSON.parse(execFileSync(touchpoint, ['schema', 'survey'], { encoding: 'utf8', timeout: 20000 }));
  const display = schema.$defs[schema.properties.display.$ref.replace('#/$defs/', '')];
  const coreModes = display.properties.mode.enum;
  const table = await coreTable('widget-display');
  assert.deepEqual(table.modes, coreModes, 'the bundled table is the core schema\'s list');
  const union = /export type DisplayMode = ([^;]+);/.exec(read('web/touchpoint.d.ts'))?.[1];
  assert.ok(union, 'DisplayMode in web/touchpoint.d.ts');
  const declared = [...union.matchAll(/'([^']+)'/g)].map(([, m]) => m);
  assert.deepEqual([...declared].sort(), [...coreModes].sort(), `DisplayMode = ${union}`);
  // The defaults are the core's documented ones, and each is one it accepts.
  assert.ok(coreModes.includes(table.mode), table.mode);
  assert.ok(display.properties.position.enum.includes(table.position), table.position);
});

test('the widget shell takes its modes and defaults from the core table, and lists none itself', () => {
  const shell = read('web/src/shell.js');
  assert.match(shell, /from 'touchpoint:widget-display'/);
  assert.doesNotMatch(shell, /\[\s*'inline',|'bottom-right'|: 'popover'/);
});
