// Issue 10 §4: a delay beyond Node's 2^31 ms timer limit is honoured, not fired after 1 ms.
// (The config bounds shutdown_timeout to a day; the executors stay correct for any grace.)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { InProcessExecutor } from '../../src/executors/inprocess.js';
import { FIXTURES, gate, request } from './helpers.js';

const BEYOND_TIMER_LIMIT_MS = 1e10; // 116 days

describe('delays beyond 2^31 ms', () => {
  it('a shutdown grace period waits for the running task', async () => {
    const ex = new InProcessExecutor({ tasks: { dir: FIXTURES }, maxConcurrent: 1 });
    const held = gate();
    const run = ex.execute(request('gate', { params: { gate: held.promise } }));
    const stopped = ex.shutdown(BEYOND_TIMER_LIMIT_MS);
    await sleep(50); // long enough for a clamped (1 ms) timer to have fired
    held.open();
    assert.deepEqual(await run, { status: 'succeeded' });
    await stopped;
  });

  it('a timeout lets the task finish', async () => {
    const ex = new InProcessExecutor({ tasks: { dir: FIXTURES }, maxConcurrent: 1 });
    const held = gate();
    const run = ex.execute(request('gate', { params: { gate: held.promise }, timeoutMs: BEYOND_TIMER_LIMIT_MS }));
    await sleep(50);
    held.open();
    assert.deepEqual(await run, { status: 'succeeded' });
  });
});
