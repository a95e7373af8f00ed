import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, describe, it } from 'node:test';
import { checkTasks, loadTask, resolveTaskFile, TaskLoadError } from '../../src/tasks/loader.js';
import { FIXTURES } from '../executors/helpers.js';

const shown = relative(process.cwd(), FIXTURES); // messages print paths relative to the cwd

async function loadError(dir: string, name: string): Promise<TaskLoadError> {
  try {
    await loadTask(dir, name);
  } catch (err) {
    assert.ok(err instanceof TaskLoadError, `expected a TaskLoadError, got ${String(err)}`);
    return err;
  }
  assert.fail(`loading ${name} should have failed`);
}

describe('task loader', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'tasks-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('loads a module exporting run', async () => {
    const task = await loadTask(FIXTURES, 'throws');
    assert.equal(typeof task.run, 'function');
  });

  it('finds .ts, then .js, then .mjs', () => {
    writeFileSync(join(scratch, 'compiled.js'), 'export function run() {}\n');
    writeFileSync(join(scratch, 'hand.mjs'), 'export function run() {}\n');
    assert.equal(resolveTaskFile(scratch, 'compiled'), join(scratch, 'compiled.js'));
    assert.equal(resolveTaskFile(scratch, 'hand'), join(scratch, 'hand.mjs'));
    assert.equal(resolveTaskFile(FIXTURES, 'throws'), join(FIXTURES, 'throws.ts'));
  });

  it('loads a compiled .js task', async () => {
    writeFileSync(join(scratch, 'plain.js'), 'export function run() { return 1; }\n');
    const task = await loadTask(scratch, 'plain');
    assert.equal(task.run({} as never), 1);
  });

  it('names the files it looked for when the module is missing', async () => {
    const err = await loadError(FIXTURES, 'missing');
    assert.equal(
      err.message,
      `${shown}/missing: no such task module (looked for ${shown}/missing.ts, .js, .mjs)`,
    );
    assert.equal(err.task, 'missing');
    assert.equal(err.file, join(FIXTURES, 'missing'));
  });

  it('rejects a module without a run export', async () => {
    const err = await loadError(FIXTURES, 'no-run');
    assert.equal(err.message, `${shown}/no-run.ts: module does not export a function "run"`);
    assert.equal(err.file, join(FIXTURES, 'no-run.ts'));
  });

  it('rejects a run export that is not a function', async () => {
    const err = await loadError(FIXTURES, 'not-a-function');
    assert.equal(err.message, `${shown}/not-a-function.ts: module does not export a function "run"`);
  });

  it('reports a syntax error in one line with its position', async () => {
    writeFileSync(join(scratch, 'broken.ts'), 'export function run( {\n  return 1\n}\n');
    const err = await loadError(scratch, 'broken');
    assert.doesNotMatch(err.message, /\n/);
    assert.match(err.message, /broken\.ts:2:\d+: syntax error: /);
  });

  it('reports an error thrown while importing as its first line', async () => {
    const err = await loadError(FIXTURES, 'throws-at-import');
    assert.equal(err.message, `${shown}/throws-at-import.ts: TASK_SECRET is not set`);
  });

  it('refuses names that leave the tasks folder', async () => {
    const err = await loadError(FIXTURES, '../executors/helpers');
    assert.match(err.message, /invalid task name "\.\.\/executors\/helpers"$/);
  });

  it('checkTasks throws the first failure and passes when all load', async () => {
    await checkTasks(FIXTURES, ['throws', 'rejects']);
    await assert.rejects(checkTasks(FIXTURES, ['throws', 'no-run', 'missing']), (err: unknown) => {
      assert.ok(err instanceof TaskLoadError);
      assert.equal(err.task, 'no-run');
      return true;
    });
  });
});
