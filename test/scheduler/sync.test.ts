// planSync / syncPlanner: SPEC §6's rules for putting configured jobs into the store at start.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/config/errors.js';
import type { TaskDef } from '../../src/config/types.js';
import { MemoryStore } from '../../src/store/memory.js';
import { setPaused } from '../store/contract.js';
import { canonical, planSync, syncPlanner } from '../../src/scheduler/sync.js';
import type { JobRecord, JobSpec } from '../../src/store/types.js';

const T0 = Date.parse('2025-03-01T12:00:00.000Z');
const at = (s: number): Date => new Date(T0 + s * 1000);
const FILE = 'config/test.yaml';
/** What the sync writes besides the spec and the schedule: a config row of FILE at `version`. */
const owned = (version: number) => ({ source: 'config', origin: FILE, version }) as const;

function spec(id: string, overrides: Partial<JobSpec> = {}): JobSpec {
  return {
    id, task: 'echo', triggerType: 'interval', triggerArgs: { seconds: 10 }, timezone: 'UTC', params: {},
    executor: 'default', coalesce: true, maxInstances: 1, misfireGraceTime: 1, maxAttempts: 1, retryDelay: 0, retryBackoff: 'fixed', retryDelayMax: null, retryJitter: 0, timeout: null,
    ...overrides,
  };
}

/** As stored an hour ago: defined at T0 − 1 h, next run at T0 − 30 s (missed while down). */
function stored(s: JobSpec, overrides: Partial<JobRecord> = {}): JobRecord {
  return { ...s, nextRunTime: at(-30), paused: false, definedAt: at(-3600), ...owned(1), ...overrides };
}

describe('planSync', () => {
  it('inserts a new job with its first fire time from now', () => {
    const plan = planSync([spec('tick'), spec('noon', { triggerType: 'cron', triggerArgs: { hour: 12, minute: 0 } })], [], at(5), FILE);
    assert.deepEqual(plan, {
      insert: [
        { ...spec('tick'), paused: false, definedAt: at(5), nextRunTime: at(15), ...owned(1) },
        { ...spec('noon', { triggerType: 'cron', triggerArgs: { hour: 12, minute: 0 } }), paused: false, definedAt: at(5), nextRunTime: new Date('2025-03-02T12:00:00Z'), ...owned(1) },
      ],
      update: [],
      remove: [],
    });
  });

  it('a date already past is inserted as due (APScheduler: the misfire policy then decides)', () => {
    const past = spec('once', { triggerType: 'date', triggerArgs: { run_date: '2025-03-01T11:00:00Z' } });
    assert.deepEqual(planSync([past], [], at(0), FILE).insert[0]?.nextRunTime, new Date('2025-03-01T11:00:00Z'));
  });

  it('leaves an unchanged job alone: its next_run_time (missed runs) and pause survive', () => {
    const s = spec('tick');
    assert.deepEqual(planSync([s], [stored(s)], at(0), FILE), { insert: [], update: [], remove: [] });
    assert.deepEqual(planSync([s], [stored(s, { paused: true, nextRunTime: null })], at(0), FILE), { insert: [], update: [], remove: [] });
  });

  it('does not count key order in args or params as a change', () => {
    const yaml1 = spec('t', { triggerArgs: { minutes: 1, seconds: 30 }, params: { b: 1, a: { y: 2, x: [1, { q: 1, p: 2 }] } } });
    const yaml2 = spec('t', { triggerArgs: { seconds: 30, minutes: 1 }, params: { a: { x: [1, { p: 2, q: 1 }], y: 2 }, b: 1 } });
    assert.deepEqual(planSync([yaml2], [stored(yaml1)], at(0), FILE), { insert: [], update: [], remove: [] });
    assert.equal(canonical(yaml1.params), canonical(yaml2.params));
    // Array order is a change.
    assert.notEqual(canonical({ x: [1, 2] }), canonical({ x: [2, 1] }));
  });

  it('does not count another spelling of the same schedule as a change (a finished date job stays finished)', () => {
    const same: Array<[JobSpec['triggerType'], Record<string, unknown>, Record<string, unknown>]> = [
      ['date', { run_date: '2020-01-01T00:00:00Z' }, { run_date: '2020-01-01 00:00:00+00:00' }],
      ['date', { run_date: '2020-01-01 01:00:00', timezone: 'Europe/Paris' }, { run_date: new Date('2020-01-01T00:00:00Z') }],
      ['date', { run_date: '2020-01-01T00:00:00Z' }, { run_date: '2020-01-01T00:00:00.000Z', timezone: 'UTC' }],
      ['interval', { minutes: 1 }, { seconds: 60, jitter: null }],
      ['interval', { hours: 1, start_date: '2025-01-01' }, { minutes: 60, start_date: '2025-01-01T00:00:00Z' }],
      ['cron', { minute: 5, hour: '*/2' }, { minute: '5', hour: ' */2' }],
    ];
    for (const [triggerType, before, after] of same) {
      const stored1 = stored(spec('t', { triggerType, triggerArgs: before }), { nextRunTime: null });
      assert.deepEqual(planSync([spec('t', { triggerType, triggerArgs: after })], [stored1], at(0), FILE), { insert: [], update: [], remove: [] }, JSON.stringify(after));
    }
    // A different instant, interval or zone is a change.
    const changed: Array<[JobSpec['triggerType'], Record<string, unknown>, Record<string, unknown>]> = [
      ['date', { run_date: '2020-01-01T00:00:00Z' }, { run_date: '2020-01-01T00:00:00.001Z' }],
      ['date', { run_date: '2020-01-01 00:00:00' }, { run_date: '2020-01-01 00:00:00', timezone: 'Europe/Paris' }],
      ['interval', { minutes: 1 }, { seconds: 61 }],
      ['cron', { minute: 5 }, { minute: 6 }],
    ];
    for (const [triggerType, before, after] of changed) {
      const plan = planSync([spec('t', { triggerType, triggerArgs: after })], [stored(spec('t', { triggerType, triggerArgs: before }))], at(0), FILE);
      assert.equal(plan.update.length, 1, JSON.stringify(after));
    }
  });

  it('gives a changed trigger a new next_run_time from now, keeping the pause', () => {
    const before = spec('t', { triggerArgs: { seconds: 10 } });
    const after = spec('t', { triggerArgs: { seconds: 60 } });
    assert.deepEqual(planSync([after], [stored(before)], at(0), FILE), {
      insert: [],
      update: [{ ...after, paused: false, definedAt: at(0), nextRunTime: at(60), ...owned(2) }],
      remove: [],
    });
    assert.deepEqual(planSync([after], [stored(before, { paused: true, nextRunTime: null })], at(0), FILE), {
      insert: [],
      update: [{ ...after, paused: true, definedAt: at(0), nextRunTime: null, ...owned(2) }],
      remove: [],
    });
    // A different timezone or trigger type is a different trigger too.
    const zoned = spec('t', { timezone: 'Europe/Paris' });
    assert.deepEqual(planSync([zoned], [stored(before)], at(0), FILE).update.map((j) => [j.definedAt, j.nextRunTime]), [[at(0), at(10)]]);
    const cron = spec('t', { triggerType: 'cron', triggerArgs: { minute: '*/5' } });
    assert.deepEqual(planSync([cron], [stored(before)], at(0), FILE).update.map((j) => [j.definedAt, j.nextRunTime]), [[at(0), at(0)]]);
  });

  it('updates changed settings only, keeping the schedule and the pause', () => {
    const before = spec('t');
    const changes: Array<Partial<JobSpec>> = [
      { maxAttempts: 3 }, { retryDelay: 2 }, { misfireGraceTime: null }, { coalesce: false }, { maxInstances: 2 },
      { timeout: 5 }, { executor: 'process' }, { task: 'other' }, { params: { a: 1 } },
      { retryBackoff: 'exponential' }, { retryDelayMax: 60 }, { retryJitter: 0.5 },
    ];
    for (const change of changes) {
      const after = spec('t', change);
      assert.deepEqual(planSync([after], [stored(before)], at(0), FILE), {
        insert: [],
        update: [{ ...after, paused: false, definedAt: at(-3600), nextRunTime: at(-30), ...owned(2) }],
        remove: [],
      }, JSON.stringify(change));
      assert.deepEqual(planSync([after], [stored(before, { paused: true, nextRunTime: null })], at(0), FILE).update, [
        { ...after, paused: true, definedAt: at(-3600), nextRunTime: null, ...owned(2) },
      ]);
    }
  });

  it('clears a broken job keeping its schedule, and plans one anew when its next_run_time could not be read', () => {
    const s = spec('t');
    assert.deepEqual(planSync([s], [stored(s, { broken: 'x' })], at(0), FILE).update, [{ ...s, paused: false, definedAt: at(-3600), nextRunTime: at(-30), ...owned(2) }]);
    assert.deepEqual(planSync([s], [stored(s, { broken: 'next_run_time "zzz" is not a time', nextRunTime: null })], at(0), FILE).update, [
      { ...s, paused: false, definedAt: at(-3600), nextRunTime: at(10), ...owned(2) },
    ]);
    assert.deepEqual(planSync([s], [stored(s, { broken: 'x', paused: true, nextRunTime: null })], at(0), FILE).update, [{ ...s, paused: true, definedAt: at(-3600), nextRunTime: null, ...owned(2) }]);
  });

  it('removes stored jobs that are no longer configured', () => {
    const keep = spec('keep');
    assert.deepEqual(planSync([keep], [stored(keep), stored(spec('gone')), stored(spec('old'))], at(0), FILE), {
      insert: [],
      update: [],
      remove: ['gone', 'old'],
    });
    assert.deepEqual(planSync([], [stored(keep)], at(0), FILE).remove, ['keep']);
  });
});

describe('syncPlanner with a store', () => {
  const def = (id: string, overrides: Partial<TaskDef> = {}): TaskDef => ({
    id, task: id, triggerType: 'interval', triggerArgs: { seconds: 10 }, timezone: 'UTC', params: {}, executor: 'default',
    coalesce: true, maxInstances: 1, misfireGraceTime: 1, maxAttempts: 1, retryDelay: 0, retryBackoff: 'fixed', retryDelayMax: null, retryJitter: 0, timeout: null, ...overrides,
  });

  it('across restarts: keeps schedules and pauses, re-plans changed triggers, drops removed jobs', async () => {
    const store = new MemoryStore();
    await store.syncJobs(syncPlanner([def('a'), def('b'), def('c')], at(0), FILE));
    assert.deepEqual((await store.listJobs()).map((j) => [j.id, j.nextRunTime]), [['a', at(10)], ['b', at(10)], ['c', at(10)]]);
    await setPaused(store, 'b', true);
    // Restart 100 s later: a unchanged (keeps its missed next run), b unchanged and paused, c
    // with a new interval, d new, and the settings of a changed.
    const plan = await store.syncJobs(syncPlanner([def('a', { maxAttempts: 2 }), def('b'), def('c', { triggerArgs: { seconds: 30 } }), def('d')], at(100), FILE));
    assert.deepEqual(plan.insert.map((j) => j.id), ['d']);
    assert.deepEqual(plan.update.map((j) => j.id), ['a', 'c']);
    assert.deepEqual(plan.remove, []);
    const jobs = new Map((await store.listJobs()).map((j) => [j.id, j]));
    assert.deepEqual([jobs.get('a')?.nextRunTime, jobs.get('a')?.maxAttempts, jobs.get('a')?.definedAt], [at(10), 2, at(0)]);
    // A paused job keeps the time it had, for a resume from 'last'; it is not due while paused.
    assert.deepEqual([jobs.get('b')?.paused, jobs.get('b')?.nextRunTime], [true, at(10)]);
    assert.deepEqual([jobs.get('c')?.nextRunTime, jobs.get('c')?.definedAt], [at(130), at(100)]);
    assert.deepEqual(jobs.get('d')?.nextRunTime, at(110));
    const third = await store.syncJobs(syncPlanner([def('a', { maxAttempts: 2 })], at(200), FILE));
    assert.deepEqual(third, { insert: [], update: [], remove: ['b', 'c', 'd'] });
    assert.deepEqual((await store.listJobs()).map((j) => j.id), ['a']);
  });
});

describe('planSync: config rows only', () => {
  const api = (s: JobSpec, overrides: Partial<JobRecord> = {}): JobRecord => stored(s, { source: 'api', origin: 'cli', version: 3, ...overrides });

  it('leaves rows the job API wrote alone: not removed, not counted as configured', () => {
    const mine = spec('mine');
    assert.deepEqual(planSync([mine], [stored(mine), api(spec('added-at-runtime')), api(spec('paused'), { paused: true, nextRunTime: null })], at(0), FILE), {
      insert: [],
      update: [],
      remove: [],
    });
    assert.deepEqual(planSync([], [api(spec('added-at-runtime')), stored(mine)], at(0), FILE).remove, ['mine']);
  });

  it('moves the version of a config row on by one with each update, and records the file', () => {
    const before = spec('t');
    const after = spec('t', { maxAttempts: 3 });
    const plan = planSync([after], [stored(before, { version: 41, origin: 'config/old.yaml' })], at(0), FILE);
    assert.deepEqual(plan.update.map((j) => [j.source, j.origin, j.version]), [['config', FILE, 42]]);
    // Unchanged: nothing written, the origin it was written with stays.
    assert.deepEqual(planSync([before], [stored(before, { origin: '' })], at(0), FILE).update, []);
  });

  it('refuses a configured id an API row holds, naming the file, the task and the row', () => {
    const report = spec('report');
    assert.throws(
      () => planSync([spec('other'), report], [api(report)], at(0), FILE),
      (error) =>
        error instanceof ConfigError &&
        error.message === 'config/test.yaml: tasks.report: job "report" already exists, added at runtime (by cli, version 3): remove it (scheduler remove report) or rename this task',
    );
    // A row whose source cannot be read (edited by hand) is not the config's either.
    assert.throws(
      () => planSync([report], [api(report, { broken: 'unknown source "yaml"' })], at(0), FILE),
      (error) =>
        error instanceof ConfigError &&
        error.message === 'config/test.yaml: tasks.report: job "report" is stored and not the config\'s (unknown source "yaml"): remove it (scheduler remove report) or rename this task',
    );
  });
});
