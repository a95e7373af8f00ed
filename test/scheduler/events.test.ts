// The scheduler's public events (src/scheduler/public-events.ts): which event fires, once, with
// which payload, for each thing a run goes through; listeners that throw, reject or never settle
// cannot touch the loop. On a FakeClock with the memory store (test/helpers/loop-harness.ts), and
// once on MariaDB, where a claimed run's id is read back and listeners read the committed rows.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import pino, { type Logger } from 'pino';
import type { Run } from '../../src/jobs/types.js';
import { toRunView } from '../../src/jobs/views.js';
import { SCHEDULER_EVENTS, SchedulerEvents, type SchedulerEventMap, type SchedulerEventName } from '../../src/scheduler/public-events.js';
import { openStore } from '../../src/store/index.js';
import { MemoryStore } from '../../src/store/memory.js';
import { StoreUnavailableError, type Claim, type DuePlanner, type JobStore, type RunKey, type RunRecord } from '../../src/store/types.js';
import { freshDatabase, needsDb } from '../helpers/db.js';
import { allFinal, at, def, harness, type Harness } from '../helpers/loop-harness.js';
import { waitFor } from '../helpers/wait.js';

type Seen = Array<[SchedulerEventName, SchedulerEventMap[SchedulerEventName]]>;

/** Subscribes to every event; the array fills in emission order. */
function record(events: SchedulerEvents): Seen {
  const seen: Seen = [];
  for (const name of SCHEDULER_EVENTS) events.on(name, (payload) => void seen.push([name, payload]));
  return seen;
}

/** The run events seen, as [event, job, attempt, status of the payload]. */
const runEvents = (seen: Seen) =>
  seen.filter(([name]) => name.startsWith('run')).map(([name, run]) => [name, (run as Run).job_id, (run as Run).attempt, (run as Run).status]);

/** The payload of the one `name` event of `runId`. */
function payload(seen: Seen, name: SchedulerEventName, runId: number): Run {
  const found = seen.filter(([n, p]) => n === name && (p as Run).id === runId);
  assert.equal(found.length, 1, `one ${name} of run ${runId}`);
  return found[0]![1] as Run;
}

/** Waits until `count` events called `name` were seen. */
const seenAll = (seen: Seen, name: SchedulerEventName, count = 1) =>
  waitFor(`${count} ${name} event(s)`, async () => seen.filter(([n]) => n === name).length >= count, 10_000, 2);

const silent = pino({ level: 'silent' });

/** A logger whose lines (their messages) the test reads. */
function capture(): { logger: Logger; messages: () => string[] } {
  const lines: string[] = [];
  return {
    logger: pino({ level: 'info' }, { write: (line: string) => void lines.push(line) }),
    messages: () => lines.map((l) => (JSON.parse(l) as { msg: string }).msg),
  };
}

async function withEvents(defs: Parameters<typeof harness>[0], options: Parameters<typeof harness>[1] = {}): Promise<Harness & { events: SchedulerEvents; seen: Seen }> {
  const events = options.events ?? new SchedulerEvents(silent);
  const seen = record(events);
  return { ...(await harness(defs, { ...options, events })), events, seen };
}

describe('SchedulerEvents', () => {
  it('calls listeners in subscription order; on returns an unsubscribe, once fires once, off removes', () => {
    const events = new SchedulerEvents(silent);
    const calls: string[] = [];
    const error = new Error('db down');
    const first = (e: Error) => void calls.push(`first ${e.message}`);
    const stop = events.on('storeError', first);
    events.on('storeError', (e) => void calls.push(`second ${e.message}`));
    const cancelled = events.once('storeRecovered', () => void calls.push('never'));
    events.once('storeRecovered', () => void calls.push('recovered once'));
    cancelled();
    events.emit('storeError', error);
    events.emit('storeRecovered');
    events.emit('storeRecovered');
    stop();
    events.emit('storeError', error);
    events.on('storeError', first);
    events.off('storeError', first);
    events.emit('storeError', error);
    assert.deepEqual(calls, ['first db down', 'second db down', 'recovered once', 'second db down', 'second db down']);
    assert.equal(events.listenerCount('storeError'), 1);
    assert.equal(events.listenerCount('runQueued'), 0);
  });

  it('refuses an unknown event name or a listener that is not a function, in one line', () => {
    const events = new SchedulerEvents(silent);
    const on = events.on.bind(events) as (name: string, listener: unknown) => void;
    assert.throws(() => on('runSucceed', () => {}), {
      name: 'TypeError',
      message: `scheduler events: unknown event "runSucceed" (known: ${SCHEDULER_EVENTS.join(', ')})`,
    });
    assert.throws(() => on('runFailed', 'alert'), { name: 'TypeError', message: 'scheduler events: the listener of runFailed must be a function, got string' });
  });

  it('a listener that throws is logged once per event, naming it; the listeners after it are still called', () => {
    const { logger, messages } = capture();
    const events = new SchedulerEvents(logger);
    const after: string[] = [];
    events.on('storeError', function alerting() {
      throw new Error('pager down\n    at stack');
    });
    events.on('storeRecovered', () => {
      throw 'not an Error';
    });
    events.on('storeError', (e) => void after.push(e.message));
    for (let i = 0; i < 3; i += 1) {
      events.emit('storeError', new Error(`outage ${i}`));
      events.emit('storeRecovered');
    }
    assert.deepEqual(after, ['outage 0', 'outage 1', 'outage 2']);
    assert.deepEqual(messages(), [
      'scheduler event listener "alerting" failed on storeError (Error: pager down); the loop goes on, and its further failures on storeError are not logged',
      'scheduler event listener #1 failed on storeRecovered (not an Error); the loop goes on, and its further failures on storeRecovered are not logged',
    ]);
  });
});

describe('Scheduler events (fake clock, memory store)', () => {
  it('a run that succeeds: runQueued, runStarted, runSucceeded once each, with the stored run, after the store has it', async () => {
    const h = await withEvents([def('tick')]);
    // What the store says when runSucceeded is heard: the outcome is committed.
    let storedAtSucceeded: RunRecord | undefined;
    h.events.on('runSucceeded', async (run) => {
      [storedAtSucceeded] = await h.store.runsByKey([{ jobId: run.job_id, scheduledAt: run.scheduled_at, attempt: run.attempt }]);
    });
    h.clock.set(at(10));
    await h.scheduler.cycle();
    await seenAll(h.seen, 'runSucceeded');
    const [run] = await h.until('tick', 'the run recorded', allFinal);
    assert.ok(run);
    assert.deepEqual(runEvents(h.seen), [['runQueued', 'tick', 1, 'queued'], ['runStarted', 'tick', 1, 'running'], ['runSucceeded', 'tick', 1, 'succeeded']]);
    const base = { ...run, startedAt: null, finishedAt: null, durationMs: null, instanceId: null, leaseUntil: null };
    assert.deepEqual(payload(h.seen, 'runQueued', run.id), toRunView({ ...base, status: 'queued' }));
    assert.deepEqual(payload(h.seen, 'runStarted', run.id), toRunView({ ...base, status: 'running', startedAt: at(10), instanceId: 'me' }));
    assert.deepEqual(payload(h.seen, 'runSucceeded', run.id), toRunView(run));
    assert.equal(run.status, 'succeeded');
    assert.ok(Object.isFrozen(payload(h.seen, 'runSucceeded', run.id)), 'no listener can change what the next one sees');
    await waitFor('the listener read the store', async () => storedAtSucceeded);
    assert.equal(storedAtSucceeded?.status, 'succeeded');
  });

  it('a failing run with a retry: runFailed with its error, then runQueued for the next attempt, until attempts are used up', async () => {
    const h = await withEvents([def('boom', { maxAttempts: 2, retryDelay: 1 })], { behaviour: () => ({ status: 'failed', error: 'Error: boom' }) });
    h.clock.set(at(10));
    await h.scheduler.cycle();
    await seenAll(h.seen, 'runQueued', 2);
    h.clock.set(at(11));
    await h.scheduler.cycle();
    await seenAll(h.seen, 'runFailed', 2);
    const [first, retry] = await h.until('boom', 'both attempts failed', (runs) => runs.length === 2 && allFinal(runs));
    assert.ok(first && retry);
    assert.deepEqual(runEvents(h.seen), [
      ['runQueued', 'boom', 1, 'queued'], ['runStarted', 'boom', 1, 'running'], ['runFailed', 'boom', 1, 'failed'],
      ['runQueued', 'boom', 2, 'queued'], ['runStarted', 'boom', 2, 'running'], ['runFailed', 'boom', 2, 'failed'],
    ]);
    assert.deepEqual(payload(h.seen, 'runFailed', first.id), toRunView(first));
    assert.equal(payload(h.seen, 'runFailed', first.id).error, 'Error: boom');
    const queuedRetry = payload(h.seen, 'runQueued', retry.id);
    assert.deepEqual([queuedRetry.scheduled_at, queuedRetry.attempt, queuedRetry.due_at, queuedRetry.started_at], [at(10), 2, at(11), null]);
    assert.deepEqual(payload(h.seen, 'runFailed', retry.id), toRunView(retry));
  });

  it('a fire time beyond misfire_grace_time: runMissed, at the claim and at the start', async () => {
    const h = await withEvents([def('late', { misfireGraceTime: 1 })]);
    h.clock.set(at(12));
    await h.scheduler.cycle();
    const [atClaim] = await h.runs('late');
    assert.ok(atClaim);
    assert.deepEqual(runEvents(h.seen), [['runMissed', 'late', 1, 'missed']]);
    assert.deepEqual(payload(h.seen, 'runMissed', atClaim.id), toRunView(atClaim));
    assert.equal(atClaim.error, 'missed by 2.000s (beyond misfire_grace_time)');

    // Claimed in time, but no free slot until after the grace.
    h.executor.slots = 0;
    h.clock.set(at(20));
    await h.scheduler.cycle();
    h.executor.slots = 1;
    h.clock.set(at(21.5));
    await h.scheduler.cycle();
    const atStart = (await h.runs('late'))[1];
    assert.ok(atStart);
    assert.deepEqual(runEvents(h.seen).slice(1), [['runQueued', 'late', 1, 'queued'], ['runMissed', 'late', 1, 'missed']]);
    assert.deepEqual(payload(h.seen, 'runMissed', atStart.id), toRunView(atStart));
    assert.equal(h.executor.calls.length, 0);
  });

  it('max_instances reached: runSkipped saying so; a queued run whose job was removed: runSkipped too', async () => {
    const h = await withEvents([def('long', { maxInstances: 1 }), def('gone', { triggerArgs: { seconds: 25 } })], { behaviour: (r) => (r.jobId === 'long' ? 'hold' : { status: 'succeeded' }) });
    h.clock.set(at(10));
    await h.scheduler.cycle();
    h.clock.set(at(20));
    await h.scheduler.cycle();
    const skipped = (await h.runs('long'))[1];
    assert.ok(skipped);
    assert.deepEqual(runEvents(h.seen), [['runQueued', 'long', 1, 'queued'], ['runStarted', 'long', 1, 'running'], ['runSkipped', 'long', 1, 'skipped']]);
    assert.deepEqual(payload(h.seen, 'runSkipped', skipped.id), toRunView(skipped));
    assert.equal(skipped.error, 'max_instances reached (1 running)');

    // `gone` is claimed (queued) while `long` holds the only slot; then its job is removed.
    h.executor.slots = 1;
    h.clock.set(at(25));
    await h.scheduler.cycle();
    await h.store.syncJobs(() => ({ insert: [], update: [], remove: ['gone'] }));
    h.executor.finish(h.executor.held[0]!);
    await seenAll(h.seen, 'runSucceeded');
    h.clock.set(at(26));
    await h.scheduler.cycle();
    const [orphan] = await h.runs('gone');
    assert.ok(orphan);
    assert.deepEqual(runEvents(h.seen).filter(([, job]) => job === 'gone'), [['runQueued', 'gone', 1, 'queued'], ['runSkipped', 'gone', 1, 'skipped']]);
    assert.deepEqual(payload(h.seen, 'runSkipped', orphan.id), toRunView(orphan));
    assert.equal(orphan.error, 'job no longer exists');
  });

  it('a lease that expired: runAbandoned from the instance that recorded it, then the retry queued and run here', async () => {
    const h = await withEvents([def('orphan', { maxAttempts: 2, retryDelay: 0 })]);
    // Another instance started the 10 s run (lease until 40) and died.
    h.clock.set(at(10));
    await h.store.claimDueJobs(at(10), 10, (job) => ({ runs: [{ jobId: job.id, scheduledAt: at(10), attempt: 1, status: 'queued', dueAt: at(10) }], nextRunTime: at(1000) }));
    await h.store.startRuns({ now: at(10), instanceId: 'dead', leaseUntil: at(40), capacity: { default: 1, process: 0 } });
    h.clock.set(at(41));
    await h.scheduler.heartbeat();
    await h.scheduler.cycle();
    const [abandoned, retry] = await h.until('orphan', 'the retry recorded', (r) => r.length === 2 && allFinal(r));
    assert.ok(abandoned && retry);
    assert.deepEqual(runEvents(h.seen), [
      ['runAbandoned', 'orphan', 1, 'abandoned'], ['runQueued', 'orphan', 2, 'queued'], ['runStarted', 'orphan', 2, 'running'], ['runSucceeded', 'orphan', 2, 'succeeded'],
    ]);
    assert.deepEqual(payload(h.seen, 'runAbandoned', abandoned.id), toRunView(abandoned));
    assert.equal(payload(h.seen, 'runAbandoned', abandoned.id).instance_id, 'dead');
    assert.deepEqual(payload(h.seen, 'runSucceeded', retry.id), toRunView(retry));
  });

  it('a run-now (queued by the job API, which tells runQueued itself): runStarted and runSucceeded once, no second runQueued', async () => {
    const h = await withEvents([def('tick')]);
    h.clock.set(at(5));
    const queued = await h.store.runNow('tick', at(5));
    assert.ok(queued);
    await h.scheduler.cycle();
    await seenAll(h.seen, 'runSucceeded');
    const [run] = await h.runs('tick');
    assert.deepEqual(runEvents(h.seen), [['runStarted', 'tick', 1, 'running'], ['runSucceeded', 'tick', 1, 'succeeded']]);
    assert.deepEqual(payload(h.seen, 'runSucceeded', queued.id), toRunView(run!));
  });

  it('a listener that throws on every event stops nothing, and its error is logged exactly once per event kind', async () => {
    const { logger, messages } = capture();
    const events = new SchedulerEvents(logger);
    for (const name of SCHEDULER_EVENTS) {
      events.on(name, () => {
        throw new Error(`listener exploded on ${name}`);
      });
    }
    const h = await withEvents(
      [def('ok'), def('bad', { maxAttempts: 2 }), def('late', { misfireGraceTime: 1, triggerArgs: { seconds: 10, start_date: '2025-03-01T12:00:05Z' } })],
      { events, logger, behaviour: (r) => (r.jobId === 'bad' ? { status: 'failed', error: 'boom' } : { status: 'succeeded' }) },
    );
    for (const s of [10, 20, 30]) {
      // `late` fell due at s − 5 and is found 5 s late: missed, every time.
      h.clock.set(at(s));
      await h.scheduler.cycle();
      await h.until('bad', `the retry of ${s}s queued`, (runs) => runs.length === (2 * s) / 10);
      await h.scheduler.cycle();
      await h.until('ok', `the run at ${s}s recorded`, (runs) => runs.length === s / 10 && allFinal(runs));
      await h.until('bad', `both attempts at ${s}s recorded`, (runs) => runs.length === (2 * s) / 10 && allFinal(runs));
    }
    assert.deepEqual((await h.runs('ok')).map((r) => r.status), ['succeeded', 'succeeded', 'succeeded']);
    assert.deepEqual((await h.runs('late')).map((r) => r.status), ['missed', 'missed', 'missed']);
    const fired = new Set(h.seen.map(([name]) => name));
    assert.deepEqual([...fired].sort(), ['runFailed', 'runMissed', 'runQueued', 'runStarted', 'runSucceeded']);
    assert.equal(h.seen.filter(([n]) => n === 'runSucceeded').length, 3, 'the listener after the broken one hears every event');
    const failures = messages().filter((m) => m.startsWith('scheduler event listener'));
    assert.deepEqual(failures.sort(), [...fired].sort().map((name) =>
      `scheduler event listener #1 failed on ${name} (Error: listener exploded on ${name}); the loop goes on, and its further failures on ${name} are not logged`));
  });

  it('an async listener that rejects is logged once and crashes nothing; one that never settles stalls nothing', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const { logger, messages } = capture();
      const events = new SchedulerEvents(logger);
      events.on('runSucceeded', async function report() {
        await Promise.resolve();
        throw new Error('webhook refused');
      });
      events.on('runStarted', () => new Promise<void>(() => {}));
      const h = await withEvents([def('tick')], { events, logger });
      for (const s of [10, 20, 30]) {
        h.clock.set(at(s));
        await h.scheduler.cycle();
        await seenAll(h.seen, 'runSucceeded', s / 10);
      }
      assert.deepEqual((await h.runs('tick')).map((r) => r.status), ['succeeded', 'succeeded', 'succeeded']);
      // Rejections are reported after a turn of the event loop.
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(unhandled, []);
      assert.deepEqual(messages().filter((m) => m.startsWith('scheduler event listener')), [
        'scheduler event listener "report" failed on runSucceeded (Error: webhook refused); the loop goes on, and its further failures on runSucceeded are not logged',
      ]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('storeError on each failed cycle, storeRecovered once when the store answers again', async () => {
    const store = new FlakyStore();
    const h = await withEvents([def('tick')], { store });
    store.down = true;
    h.scheduler.start();
    try {
      await seenAll(h.seen, 'storeError');
      const [, error] = h.seen.find(([n]) => n === 'storeError')!;
      assert.ok(error instanceof StoreUnavailableError);
      assert.equal(error.message, 'the database is down');
      store.down = false;
      // The loop retries after its backoff step (1 s): move the clock there.
      await waitFor('the loop asleep for its backoff', async () => h.clock.pending.length >= 2, 10_000, 2);
      h.clock.set(h.clock.pending[0]!);
      await seenAll(h.seen, 'storeRecovered');
      assert.deepEqual(h.seen.map(([n]) => n), ['storeError', 'storeRecovered']);
    } finally {
      await h.scheduler.stop();
    }
  });

  it('claimed runs whose ids cannot be read back: one line says their events were not delivered, and they run', async () => {
    const { logger, messages } = capture();
    const store = new FlakyStore();
    const h = await withEvents([def('tick')], { store, logger });
    store.readBackDown = true;
    h.clock.set(at(10));
    await h.scheduler.cycle();
    await seenAll(h.seen, 'runSucceeded');
    assert.deepEqual(runEvents(h.seen), [['runStarted', 'tick', 1, 'running'], ['runSucceeded', 'tick', 1, 'succeeded']]);
    assert.deepEqual(messages().filter((m) => m.includes('not delivered')), [
      'run events of 1 run(s) just claimed not delivered: reading them back failed (connection lost)',
    ]);
  });
});

/** The memory store, unreachable while `down` (as a database outage looks to the loop); `readBackDown` fails runsByKey alone. */
class FlakyStore extends MemoryStore {
  down = false;
  readBackDown = false;

  override async claimDueJobs(now: Date, limit: number, planner: DuePlanner): Promise<Claim[]> {
    if (this.down) throw new StoreUnavailableError('the database is down');
    return super.claimDueJobs(now, limit, planner);
  }

  override async runsByKey(keys: readonly RunKey[]): Promise<RunRecord[]> {
    if (this.readBackDown) throw new StoreUnavailableError('connection lost');
    return super.runsByKey(keys);
  }
}

describe('Scheduler events on MariaDB', needsDb, () => {
  const db = freshDatabase('events');
  let store: JobStore;
  before(async () => {
    store = openStore(db.url, { poolSize: 4 });
    await store.migrate();
  });
  after(async () => {
    await store?.close();
  });
  beforeEach(async () => {
    for (const table of ['runs', 'jobs']) await db.query(`TRUNCATE TABLE \`${table}\``);
  });

  /** The row of `runs` as a listener reads it, at the moment of the event. */
  const statusOf = async (id: number) => (await db.query<{ status: string }>('SELECT status FROM runs WHERE id = ?', [id]))[0]?.status;

  it('events carry the ids and values of the stored rows, and a listener reading the database sees what the event says', async () => {
    const events = new SchedulerEvents(silent);
    const readBack: Array<Promise<[SchedulerEventName, number, string | undefined]>> = [];
    for (const name of ['runQueued', 'runSucceeded', 'runFailed', 'runSkipped'] as const) {
      events.on(name, (run) => void readBack.push(statusOf(run.id).then((status) => [name, run.id, status])));
    }
    const h = await withEvents(
      [def('ok'), def('bad', { maxAttempts: 2, retryDelay: 1 }), def('long', { maxInstances: 1, misfireGraceTime: null, triggerArgs: { seconds: 1 } })],
      { store, events, behaviour: (r) => (r.jobId === 'long' ? 'hold' : r.jobId === 'bad' ? { status: 'failed', error: 'boom' } : { status: 'succeeded' }) },
    );
    h.clock.set(at(10));
    await h.scheduler.cycle();
    await seenAll(h.seen, 'runFailed');
    h.clock.set(at(11));
    await h.scheduler.cycle();
    await seenAll(h.seen, 'runFailed', 2);
    const rows = new Map((await store.listRuns({ limit: 100 })).map((r) => [r.id, r]));
    // 10 s: ok, bad and long fire; 11 s: bad's retry runs, and long's 11 s is skipped (its 10 s run holds the only instance).
    assert.deepEqual(runEvents(h.seen).filter(([name]) => name !== 'runStarted').sort(), [
      ['runFailed', 'bad', 1, 'failed'], ['runFailed', 'bad', 2, 'failed'],
      ['runQueued', 'bad', 1, 'queued'], ['runQueued', 'bad', 2, 'queued'], ['runQueued', 'long', 1, 'queued'], ['runQueued', 'ok', 1, 'queued'],
      ['runSkipped', 'long', 1, 'skipped'],
      ['runSucceeded', 'ok', 1, 'succeeded'],
    ]);
    for (const [name, run] of h.seen) {
      if (!name.startsWith('run')) continue;
      const { id, status } = run as Run;
      const row = rows.get(id);
      assert.ok(row, `the ${name} payload names stored run ${id}`);
      const stored = toRunView(row);
      if (status === 'queued') assert.deepEqual(run, { ...stored, status: 'queued', started_at: null, finished_at: null, duration_ms: null, error: null, instance_id: null });
      else if (status === 'running') assert.deepEqual([(run as Run).started_at, (run as Run).instance_id], [stored.started_at, 'me']);
      else assert.deepEqual(run, stored, `${name} of run ${id} is the stored row`);
    }
    // Read inside each listener: a final event's row already had that status; a queued run existed.
    for (const [name, id, status] of await Promise.all(readBack)) {
      if (name === 'runQueued') assert.ok(status !== undefined, `run ${id} was stored when runQueued was told`);
      else assert.equal(status, (h.seen.find(([n, p]) => n === name && (p as Run).id === id)![1] as Run).status, `${name} of run ${id}`);
    }
  });
});
