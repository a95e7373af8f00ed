import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InProcessExecutor } from '../../src/executors/inprocess.js';
import type { RunOutcome } from '../../src/executors/types.js';
import { captureLogger, FIXTURES, gate, request } from './helpers.js';

function executor(maxConcurrent = 2): InProcessExecutor {
  return new InProcessExecutor({ tasks: { dir: FIXTURES }, maxConcurrent });
}

function errorOf(outcome: RunOutcome): string {
  assert.notEqual(outcome.status, 'succeeded');
  return 'error' in outcome ? outcome.error : '';
}

describe('in-process executor', () => {
  it('runs a task with its context and logger', async () => {
    const { logger, lines } = captureLogger({ job: 'echo' });
    const params = { to: 'ops' };
    const outcome = await executor().execute(request('echo', { runId: 7, attempt: 2, params, logger }));
    assert.deepEqual(outcome, { status: 'succeeded' });
    const [line] = lines;
    assert.ok(line);
    assert.equal(line.msg, 'echo');
    assert.equal(line.job, 'echo');
    assert.equal(line.runId, 7);
    assert.equal(line.attempt, 2);
    assert.equal(line.scheduledAt, '2025-01-02T03:04:05.000Z');
    assert.deepEqual(line.params, params);
    assert.equal(line.aborted, false);
    assert.equal(line.pid, process.pid);
  });

  it('fails with message and stack when the task throws', async () => {
    const error = errorOf(await executor().execute(request('throws')));
    const [message, stackHead] = error.split('\n');
    assert.equal(message, 'boom');
    assert.equal(stackHead, 'Error: boom');
    assert.match(error, /throws\.ts/);
  });

  it('fails when the task rejects', async () => {
    const outcome = await executor().execute(request('rejects'));
    assert.equal(outcome.status, 'failed');
    assert.match(errorOf(outcome), /^nope\nError: nope\n/);
  });

  it('stringifies what is thrown when it is not an Error', async () => {
    const run = (value: unknown) => executor().execute(request('throws-value', { params: { value } }));
    assert.deepEqual(await run('plain words'), { status: 'failed', error: 'plain words' });
    assert.deepEqual(await run({ code: 42 }), { status: 'failed', error: '{"code":42}' });
    assert.deepEqual(await run(undefined), { status: 'failed', error: 'undefined' });
  });

  it('fails with the one-line load error when the module is missing', async () => {
    const outcome = await executor().execute(request('missing'));
    assert.equal(outcome.status, 'failed');
    assert.match(errorOf(outcome), /^\S*missing: no such task module \(looked for .*\)$/);
  });

  it('times out a task that honours its signal', async () => {
    const outcome = await executor().execute(request('honours-signal', { timeoutMs: 20 }));
    assert.deepEqual(outcome, { status: 'failed', error: 'timed out after 0.02s' });
  });

  it('settles at the timeout even when the task ignores its signal', async () => {
    const ex = executor(1);
    const outcome = await ex.execute(request('ignores-signal', { timeoutMs: 20 }));
    assert.deepEqual(outcome, { status: 'failed', error: 'timed out after 0.02s' });
    assert.equal(ex.freeSlots(), 1, 'the slot is given back');
  });

  it('runs at most maxConcurrent at once and queues the rest', async () => {
    const ex = executor(2);
    const gates = [gate(), gate(), gate()];
    assert.equal(ex.freeSlots(), 2);
    const runs = gates.map((g) => ex.execute(request('gate', { params: { gate: g.promise } })));
    assert.equal(ex.freeSlots(), 0);
    let thirdDone = false;
    void runs[2]!.then(() => (thirdDone = true));
    gates[2]!.open(); // the queued third cannot finish: it has not started
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(thirdDone, false);
    gates[0]!.open();
    assert.deepEqual(await runs[0], { status: 'succeeded' });
    assert.deepEqual(await runs[2], { status: 'succeeded' });
    assert.equal(ex.freeSlots(), 1);
    gates[1]!.open();
    await runs[1];
    assert.equal(ex.freeSlots(), 2);
  });

  it('lets running attempts finish within the grace period', async () => {
    const ex = executor();
    const g = gate();
    const run = ex.execute(request('gate', { params: { gate: g.promise } }));
    const stopped = ex.shutdown(60_000);
    g.open();
    await stopped;
    assert.deepEqual(await run, { status: 'succeeded' });
  });

  it('interrupts what still runs when the grace period ends, and starts nothing after', async () => {
    const ex = executor(1);
    const running = ex.execute(request('ignores-signal'));
    const queued = ex.execute(request('echo'));
    await ex.shutdown(10);
    assert.deepEqual(await running, {
      status: 'interrupted',
      error: 'interrupted by shutdown: still running after the 0.01s grace period',
    });
    assert.equal((await queued).status, 'interrupted');
    assert.equal((await ex.execute(request('echo'))).status, 'interrupted');
  });

  it('fires the signal on shutdown with a reason the task can see', async () => {
    const ex = executor();
    const run = ex.execute(request('honours-signal'));
    await ex.shutdown(0);
    assert.equal((await run).status, 'interrupted');
  });
});
