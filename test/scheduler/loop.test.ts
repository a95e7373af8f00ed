// The Scheduler loop on a FakeClock, a MemoryStore and a fake executor whose outcomes the test
// decides (test/helpers/loop-harness.ts). Cycles are driven by hand (scheduler.cycle()); time only
// moves when the test moves it, so every recorded time below is exact. Waits are on conditions
// (outcomes are written asynchronously), never on durations.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pino from 'pino';
import type { RunRecord } from '../../src/store/types.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { allFinal, at, def, harness } from '../helpers/loop-harness.js';
import { waitFor } from '../helpers/wait.js';

const summary = (runs: RunRecord[]) => runs.map((r) => [r.scheduledAt.toISOString(), r.attempt, r.status]);

describe('Scheduler loop (fake clock, memory store, fake executor)', () => {
  it('an interval job produces one run per interval with its scheduled time', async () => {
    const h = await harness([def('tick')]);
    assert.deepEqual(await h.scheduler.cycle(), at(10), 'nothing due yet: wake at the first fire time');
    assert.equal(h.executor.calls.length, 0);
    for (const s of [10, 20, 30]) {
      h.clock.set(at(s));
      assert.deepEqual(await h.scheduler.cycle(), at(s + 10));
      await h.until('tick', `run at ${s}s recorded`, (runs) => runs.length === s / 10 && allFinal(runs));
    }
    const runs = await h.runs('tick');
    assert.deepEqual(runs.map((r) => [r.scheduledAt, r.attempt, r.status, r.startedAt, r.finishedAt, r.instanceId]), [
      [at(10), 1, 'succeeded', at(10), at(10), 'me'],
      [at(20), 1, 'succeeded', at(20), at(20), 'me'],
      [at(30), 1, 'succeeded', at(30), at(30), 'me'],
    ]);
    assert.deepEqual(h.executor.calls.map((c) => [c.jobId, c.task, c.scheduledAt, c.attempt]), [
      ['tick', 'tick', at(10), 1], ['tick', 'tick', at(20), 1], ['tick', 'tick', at(30), 1],
    ]);
    // A cycle between fire times does nothing.
    h.clock.set(at(35));
    assert.deepEqual(await h.scheduler.cycle(), at(40));
    assert.equal(h.executor.calls.length, 3);
  });

  it('retries a failing job: attempts 1..3 failed, retry_delay (1 s) apart, then no more', async () => {
    const h = await harness([def('boom', { triggerType: 'date', triggerArgs: { run_date: '2025-03-01T12:00:10Z' }, maxAttempts: 3, retryDelay: 1 })], { behaviour: () => ({ status: 'failed', error: 'boom' }) });
    h.clock.set(at(10));
    await h.scheduler.cycle();
    await h.until('boom', 'attempt 2 queued', (runs) => runs.length === 2);
    assert.deepEqual(await h.store.nextWakeTime(), at(11), 'the retry is the next thing due');
    h.clock.set(at(10.5));
    await h.scheduler.cycle();
    assert.equal(h.executor.calls.length, 1, 'the retry does not start before its delay');
    h.clock.set(at(11));
    await h.scheduler.cycle();
    await h.until('boom', 'attempt 3 queued', (runs) => runs.length === 3);
    h.clock.set(at(12));
    await h.scheduler.cycle();
    await h.until('boom', 'attempt 3 failed', (runs) => runs.length === 3 && allFinal(runs));
    h.clock.set(at(100));
    await h.scheduler.cycle();
    const runs = await h.runs('boom');
    assert.deepEqual(runs.map((r) => [r.scheduledAt, r.attempt, r.status, r.dueAt, r.startedAt, r.finishedAt, r.error]), [
      [at(10), 1, 'failed', at(10), at(10), at(10), 'boom'],
      [at(10), 2, 'failed', at(11), at(11), at(11), 'boom'],
      [at(10), 3, 'failed', at(12), at(12), at(12), 'boom'],
    ]);
    assert.deepEqual(h.executor.calls.map((c) => c.attempt), [1, 2, 3]);
    assert.equal(await h.store.nextWakeTime(), null, 'attempts used up and the date trigger is finished');
  });

  it('after a 5-interval gap, coalesce runs once and no-coalesce runs every missed time', async () => {
    const h = await harness([
      def('merged', { coalesce: true, maxInstances: 5, misfireGraceTime: null }),
      def('each', { coalesce: false, maxInstances: 5, misfireGraceTime: null }),
    ]);
    h.clock.set(at(10));
    await h.scheduler.cycle();
    await h.until('each', 'the 10 s run recorded', allFinal);
    await h.until('merged', 'the 10 s run recorded', allFinal);
    // Down (or asleep) from 10 s to 60 s: fire times 20, 30, 40, 50, 60 were missed.
    h.clock.set(at(60));
    assert.deepEqual(await h.scheduler.cycle(), at(70));
    const merged = await h.until('merged', 'merged runs recorded', (runs) => runs.length === 2 && allFinal(runs));
    const each = await h.until('each', 'each runs recorded', (runs) => runs.length === 6 && allFinal(runs));
    assert.deepEqual(summary(merged), [[at(10).toISOString(), 1, 'succeeded'], [at(60).toISOString(), 1, 'succeeded']]);
    assert.deepEqual(summary(each), [10, 20, 30, 40, 50, 60].map((s) => [at(s).toISOString(), 1, 'succeeded']));
    assert.deepEqual((await h.store.getJob('merged'))?.nextRunTime, at(70));
    assert.deepEqual((await h.store.getJob('each'))?.nextRunTime, at(70));
  });

  it('records a run found beyond misfire_grace_time as missed, at claim or at start', async () => {
    const h = await harness([def('late', { misfireGraceTime: 1 })]);
    h.clock.set(at(12));
    assert.deepEqual(await h.scheduler.cycle(), at(20));
    assert.deepEqual(summary(await h.runs('late')), [[at(10).toISOString(), 1, 'missed']]);
    const [run] = await h.runs('late');
    assert.deepEqual([run?.error, run?.finishedAt, run?.startedAt], ['missed by 2.000s (beyond misfire_grace_time)', at(12), null]);
    assert.equal(h.executor.calls.length, 0);
    assert.deepEqual(h.ended, [['late', at(10).toISOString(), 'missed']]);

    // Claimed in time but no free slot until after the grace: missed when it could start.
    h.executor.slots = 0;
    h.clock.set(at(20));
    await h.scheduler.cycle();
    assert.deepEqual(summary(await h.runs('late')).at(-1), [at(20).toISOString(), 1, 'queued']);
    h.executor.slots = 1;
    h.clock.set(at(21.5));
    await h.scheduler.cycle();
    const last = (await h.runs('late')).at(-1);
    assert.deepEqual([last?.status, last?.error, last?.finishedAt], ['missed', 'missed by 1.500s (beyond misfire_grace_time)', at(21.5)]);
    assert.equal(h.executor.calls.length, 0);
  });

  it('with max_instances 1 and a long run, later fire times are skipped', async () => {
    const h = await harness([def('long', { maxInstances: 1 })], { behaviour: () => 'hold' });
    h.clock.set(at(10));
    await h.scheduler.cycle();
    assert.equal(h.executor.held.length, 1);
    h.clock.set(at(20));
    await h.scheduler.cycle();
    h.clock.set(at(30));
    await h.scheduler.cycle();
    assert.deepEqual(summary(await h.runs('long')), [
      [at(10).toISOString(), 1, 'running'],
      [at(20).toISOString(), 1, 'skipped'],
      [at(30).toISOString(), 1, 'skipped'],
    ]);
    assert.equal((await h.runs('long'))[1]?.error, 'max_instances reached (1 running)');
    h.executor.finish(h.executor.held[0]!);
    await h.until('long', 'the long run recorded', (runs) => runs[0]?.status === 'succeeded');
    h.clock.set(at(40));
    await h.scheduler.cycle();
    assert.deepEqual(summary(await h.runs('long')).at(-1), [at(40).toISOString(), 1, 'running']);
    assert.equal(h.executor.calls.length, 2);
  });

  it('stop() waits for running attempts and records their outcome', async () => {
    const h = await harness([def('slow')], { behaviour: () => 'hold' });
    h.clock.set(at(10));
    await h.scheduler.cycle();
    const [runId] = h.executor.held;
    assert.ok(runId);
    let stopped = false;
    const stopping = h.scheduler.stop().then(() => (stopped = true));
    for (let i = 0; i < 20; i += 1) await new Promise((r) => setImmediate(r));
    assert.equal(stopped, false, 'stop() is still waiting for the running attempt');
    assert.equal(h.executor.shutdownGraceMs, 30_000);
    assert.equal((await h.runs('slow'))[0]?.status, 'running');
    h.clock.set(at(15));
    h.executor.finish(runId, { status: 'succeeded' });
    await stopping;
    assert.deepEqual((await h.runs('slow')).map((r) => [r.status, r.finishedAt]), [['succeeded', at(15)]]);
  });

  it('start() sleeps on the clock until the next fire time (waking 250 ms early to claim ahead); stop() ends both loops', async () => {
    const h = await harness([def('tick')]);
    // Follows the loop's own short wake-ups before `s` (the 20 ms busy-claim throttle after a run).
    const asleepUntil = (s: number) =>
      waitFor(`the loop asleep until ${s}s`, async () => {
        if (h.clock.pending.some((d) => d.getTime() === at(s).getTime())) return true;
        const sooner = h.clock.pending.find((d) => d < at(s) && d > h.clock.now());
        if (sooner) h.clock.set(sooner);
        return false;
      }, 10_000, 2);
    // The loop wakes 250 ms before a fire time to claim it ahead, then sleeps until the time itself.
    const fire = async (s: number) => {
      await asleepUntil(s - 0.25);
      h.clock.set(at(s - 0.25));
      await asleepUntil(s);
      assert.equal(h.executor.calls.length, s / 10 - 1, 'nothing runs before its time');
      h.clock.set(at(s));
    };
    h.scheduler.start();
    await asleepUntil(9.75);
    assert.deepEqual(h.clock.pending, [at(9.75), at(600)], 'main loop until just before the first fire time, heartbeat until its interval');
    await fire(10);
    await h.until('tick', 'the 10 s run recorded', (runs) => runs.length === 1 && allFinal(runs));
    await fire(20);
    await h.until('tick', 'the 20 s run recorded', (runs) => runs.length === 2 && allFinal(runs));
    await asleepUntil(29.75);
    await h.scheduler.stop();
    assert.deepEqual(h.clock.pending, [], 'no loop is left sleeping');
    assert.deepEqual(summary(await h.runs('tick')), [[at(10).toISOString(), 1, 'succeeded'], [at(20).toISOString(), 1, 'succeeded']]);
  });

  it('heartbeat abandons a run whose owner stopped renewing its lease, and the retry runs here', async () => {
    const h = await harness([def('orphan', { maxAttempts: 2, retryDelay: 0 })]);
    // Another instance started the 10 s run (lease 30 s) and died.
    h.clock.set(at(10));
    await h.store.claimDueJobs(at(10), 10, (job) => ({ runs: [{ jobId: job.id, scheduledAt: at(10), attempt: 1, status: 'queued', dueAt: at(10) }], nextRunTime: at(1000) }));
    await h.store.startRuns({ now: at(10), instanceId: 'dead', leaseUntil: at(40), capacity: { default: 1, process: 0 } });
    h.clock.set(at(40));
    await h.scheduler.heartbeat();
    assert.deepEqual(summary(await h.runs('orphan')), [[at(10).toISOString(), 1, 'running']], 'a lease ending now has not expired');
    h.clock.set(at(41));
    await h.scheduler.heartbeat();
    await h.scheduler.cycle();
    const runs = await h.until('orphan', 'the retry recorded', (r) => r.length === 2 && allFinal(r));
    assert.deepEqual(runs.map((r) => [r.attempt, r.status, r.instanceId, r.finishedAt]), [
      [1, 'abandoned', 'dead', at(41)],
      [2, 'succeeded', 'me', at(41)],
    ]);
    assert.deepEqual(h.ended.slice(0, 1), [['orphan', at(10).toISOString(), 'abandoned']]);
  });
});

describe('FakeClock', () => {
  it('a listener that throws or rejects is logged once per event kind, and runs and later listeners go on', async () => {
    const lines: string[] = [];
    const h = await harness([def('tick')], { logger: pino({ level: 'info' }, { write: (line: string) => void lines.push(line) }) });
    class Broken {
      runStarted(): void {
        throw new Error('metrics exploded');
      }
      runEnded(): Promise<void> {
        return Promise.reject(new Error('health exploded'));
      }
      cycle(): void {
        throw new TypeError('cannot read this');
      }
    }
    h.scheduler.listeners.add(new Broken());
    const after: string[] = [];
    h.scheduler.listeners.add({ runStarted: (run) => after.push(`started ${run.scheduledAt.toISOString()}`) });
    for (const s of [10, 20, 30]) {
      h.clock.set(at(s));
      await h.scheduler.cycle();
      await h.until('tick', `run at ${s}s recorded`, (runs) => runs.length === s / 10 && allFinal(runs));
    }
    assert.deepEqual(summary(await h.runs('tick')), [10, 20, 30].map((s) => [at(s).toISOString(), 1, 'succeeded']));
    assert.deepEqual(after, [10, 20, 30].map((s) => `started ${at(s).toISOString()}`), 'the listener after the broken one is still called');
    assert.equal(h.ended.length, 3);
    const failures = lines.map((l) => JSON.parse(l) as { msg: string }).map((l) => l.msg).filter((m) => m.startsWith('scheduler listener'));
    assert.deepEqual(failures.sort(), [
      'scheduler listener Broken failed on cycle (TypeError: cannot read this); the loop goes on, and its further failures on cycle are not logged',
      'scheduler listener Broken failed on runEnded (Error: health exploded); the loop goes on, and its further failures on runEnded are not logged',
      'scheduler listener Broken failed on runStarted (Error: metrics exploded); the loop goes on, and its further failures on runStarted are not logged',
    ]);
  });

  it('wakes sleepers when time reaches their deadline, or when their signal aborts', async () => {
    const clock = new FakeClock(at(0));
    const woke: string[] = [];
    const a = clock.sleepUntil(at(10), new AbortController().signal).then(() => woke.push('a'));
    const b = clock.sleepUntil(at(20), new AbortController().signal).then(() => woke.push('b'));
    const abort = new AbortController();
    const c = clock.sleepUntil(at(99), abort.signal).then(() => woke.push('c'));
    await clock.sleepUntil(at(0), new AbortController().signal); // due already: resolves at once
    assert.deepEqual(clock.pending, [at(10), at(20), at(99)]);
    clock.advance(9_999);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(woke, []);
    clock.advance(1);
    await a;
    assert.deepEqual(woke, ['a']);
    abort.abort();
    await c;
    clock.set(at(25));
    await b;
    assert.deepEqual(woke, ['a', 'c', 'b']);
    assert.deepEqual(clock.now(), at(25));
    assert.deepEqual(clock.pending, []);
  });
});
