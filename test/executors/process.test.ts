import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ProcessExecutor } from '../../src/executors/process.js';
import type { RunOutcome } from '../../src/executors/types.js';
import { captureLogger, FIXTURES, request } from './helpers.js';

function errorOf(outcome: RunOutcome): string {
  assert.notEqual(outcome.status, 'succeeded');
  return 'error' in outcome ? outcome.error : '';
}

/** Resolves once `file` exists, checking on a parent timer. */
function whenExists(file: string): Promise<void> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (!existsSync(file)) return;
      clearInterval(timer);
      resolve();
    }, 5);
  });
}

/** The pid the `pid` fixture logged. */
async function workerPid(ex: ProcessExecutor): Promise<number> {
  const { logger, lines } = captureLogger();
  assert.deepEqual(await ex.execute(request('pid', { logger })), { status: 'succeeded' });
  const pid = lines.find((line) => line.msg === 'pid')?.pid;
  assert.equal(typeof pid, 'number');
  return pid as number;
}

describe('process executor', () => {
  let ex: ProcessExecutor;
  const scratch = mkdtempSync(join(tmpdir(), 'process-executor-'));
  before(() => (ex = new ProcessExecutor({ tasksDir: FIXTURES, size: 2, killDelayMs: 50 })));
  after(async () => {
    await ex.shutdown(0);
    rmSync(scratch, { recursive: true, force: true });
  });

  it('runs a task in another process and relays its logs through the run logger', async () => {
    const { logger, lines } = captureLogger({ job: 'echo' });
    const params = { to: 'ops', nested: { n: 1 } };
    const outcome = await ex.execute(request('echo', { runId: 9, attempt: 3, params, logger }));
    assert.deepEqual(outcome, { status: 'succeeded' });
    const line = lines.find((l) => l.msg === 'echo');
    assert.ok(line, 'the task log line reached the parent');
    assert.equal(line.job, 'echo', 'with the parent logger bindings');
    assert.equal(line.level, 30);
    assert.equal(line.runId, 9);
    assert.equal(line.attempt, 3);
    assert.equal(line.scheduledAt, '2025-01-02T03:04:05.000Z');
    assert.deepEqual(line.params, params);
    assert.notEqual(line.pid, process.pid);
  });

  it('reports thrown errors, rejections and non-Error throws as failures', async () => {
    assert.match(errorOf(await ex.execute(request('throws'))), /^boom\nError: boom\n/);
    assert.match(errorOf(await ex.execute(request('rejects'))), /^nope\nError: nope\n/);
    const value = await ex.execute(request('throws-value', { params: { value: 'plain words' } }));
    assert.deepEqual(value, { status: 'failed', error: 'plain words' });
  });

  it('reports a load error in one line', async () => {
    const error = errorOf(await ex.execute(request('no-run')));
    assert.match(error, /no-run\.ts: module does not export a function "run"$/);
  });

  it('keeps the parent responsive while a task spins the CPU', async () => {
    const started = join(scratch, 'spin-started');
    const release = join(scratch, 'spin-release');
    const run = ex.execute(request('spin', { params: { started, release }, timeoutMs: 60_000 }));
    let settled = false;
    void run.then(() => (settled = true));
    // Only a parent timer, ticking while the child spins, can see `started` and write `release`.
    await whenExists(started);
    assert.equal(settled, false, 'the task is still spinning');
    writeFileSync(release, '');
    assert.deepEqual(await run, { status: 'succeeded' });
  });

  it('fails the attempt when the task exits the process, then runs the next one on a new worker', async () => {
    const single = new ProcessExecutor({ tasksDir: FIXTURES, size: 1 });
    try {
      const crashed = await workerPid(single);
      const outcome = await single.execute(request('exits', { params: { code: 3 } }));
      assert.deepEqual(outcome, { status: 'failed', error: 'worker exited with code 3 during the run' });
      assert.equal(single.freeSlots(), 1);
      assert.notEqual(await workerPid(single), crashed);
    } finally {
      await single.shutdown(0);
    }
  });

  it('fails the attempt on an uncaught exception in a timer, with its message', async () => {
    const error = errorOf(await ex.execute(request('timer-throws')));
    assert.match(error, /^worker exited with code 1 during the run\nuncaught exception: late boom\nError: late boom/);
    assert.equal((await ex.execute(request('echo'))).status, 'succeeded');
  });

  it('times out a task that honours its signal', async () => {
    const outcome = await ex.execute(request('honours-signal', { timeoutMs: 50 }));
    assert.deepEqual(outcome, { status: 'failed', error: 'timed out after 0.05s' });
  });

  it('times out a CPU-bound task, kills its worker and replaces it', async () => {
    const outcome = await ex.execute(request('spin-forever', { timeoutMs: 50 }));
    assert.deepEqual(outcome, { status: 'failed', error: 'timed out after 0.05s' });
    assert.equal(ex.freeSlots(), 2);
    assert.equal((await ex.execute(request('echo'))).status, 'succeeded');
  });

  it('leaves its workers running on SIGINT: the parent decides when they stop', async () => {
    const pid = await workerPid(ex);
    process.kill(pid, 'SIGINT'); // what Ctrl-C sends to the whole process group
    assert.equal(await workerPid(ex), pid);
  });

  it('fails an attempt whose params cannot be sent to a worker', async () => {
    const outcome = await ex.execute(request('echo', { params: { callback: () => 1 } }));
    assert.equal(outcome.status, 'failed');
    assert.match(errorOf(outcome), /^could not send the run to the worker: /);
    assert.equal((await ex.execute(request('echo'))).status, 'succeeded');
  });

  it('reuses a worker between clean runs', async () => {
    assert.equal(await workerPid(ex), await workerPid(ex));
  });
});

describe('process executor shutdown', () => {
  it('interrupts a run still going when the grace period ends and stops every worker', async () => {
    const ex = new ProcessExecutor({ tasksDir: FIXTURES, size: 2, killDelayMs: 50 });
    const scratch = mkdtempSync(join(tmpdir(), 'process-shutdown-'));
    const flag = join(scratch, 'running');
    const spinning = ex.execute(request('spin-forever'));
    const waiting = ex.execute(request('honours-signal', { params: { flag } }));
    await whenExists(flag); // both workers are busy
    await ex.shutdown(20);
    for (const run of [spinning, waiting]) {
      assert.deepEqual(await run, {
        status: 'interrupted',
        error: 'interrupted by shutdown: still running after the 0.02s grace period',
      });
    }
    assert.equal((await ex.execute(request('echo'))).status, 'interrupted');
    rmSync(scratch, { recursive: true, force: true });
  });

  it('lets a run finish within the grace period', async () => {
    const ex = new ProcessExecutor({ tasksDir: FIXTURES, size: 1 });
    const run = ex.execute(request('echo'));
    await ex.shutdown(60_000);
    assert.deepEqual(await run, { status: 'succeeded' });
  });
});
