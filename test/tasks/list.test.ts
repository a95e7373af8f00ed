// The task names a scheduler offers (the dashboard's choice for a new job): a directory's modules
// by the name a job gives them, or a task map's keys.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { listTaskModules, taskNamesOf } from '../../src/tasks/list.js';

describe('task names', () => {
  it('lists a directory’s modules, sub-folders as a/b, and nothing that is no module', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sched-tasks-'));
    mkdirSync(join(dir, 'billing'));
    mkdirSync(join(dir, 'node_modules'));
    for (const f of ['report.ts', 'report.js', 'send.mjs', 'types.d.ts', 'report.js.map', 'README.md', '.hidden.ts', 'billing/invoice.ts', 'node_modules/dep.js']) writeFileSync(join(dir, f), '');
    assert.deepEqual(listTaskModules(dir), ['billing/invoice', 'report', 'send']);
    assert.deepEqual(taskNamesOf({ dir }), ['billing/invoice', 'report', 'send']);
    assert.deepEqual(listTaskModules(join(dir, 'missing')), []);
  });

  it('gives a task map’s names', () => {
    assert.deepEqual(taskNamesOf({ map: { zeta: () => undefined, alpha: { run: () => undefined } } }), ['alpha', 'zeta']);
  });
});
