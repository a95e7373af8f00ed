// planDue: what a claimed job turns into (APScheduler's _process_jobs, made durable).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_MISSED_TIMES, planDue } from '../../src/scheduler/due.js';
import type { JobRecord, NewRun } from '../../src/store/types.js';
import { createTrigger, type Trigger, type TriggerArgs, type TriggerType } from '../../src/triggers/index.js';

const T0 = Date.parse('2025-03-01T12:00:00.000Z');
const at = (s: number): Date => new Date(T0 + s * 1000);

function trigger(type: TriggerType, args: TriggerArgs): Trigger {
  // Interval triggers without start_date start one interval after the anchor: T0 + 10 s here.
  return createTrigger(type, args, { defaultTimezone: 'UTC', anchor: at(0), random: () => 0.5 });
}

const every10s = trigger('interval', { seconds: 10 });

function job(overrides: Partial<JobRecord> = {}): JobRecord {
  return {
    id: 'j', task: 'echo', triggerType: 'interval', triggerArgs: { seconds: 10 }, timezone: 'UTC', params: {},
    executor: 'default', coalesce: false, maxInstances: 1, misfireGraceTime: null, maxAttempts: 1, retryDelay: 0, retryBackoff: 'fixed', retryDelayMax: null, retryJitter: 0,
    timeout: null, nextRunTime: at(10), paused: false, definedAt: at(0), source: 'config', origin: 'config/test.yaml', version: 1, ...overrides,
  };
}

const queued = (s: number, jobId = 'j'): NewRun => ({ jobId, scheduledAt: at(s), attempt: 1, status: 'queued', dueAt: at(s) });
const missed = (s: number, lateBy: string): NewRun => ({
  jobId: 'j', scheduledAt: at(s), attempt: 1, status: 'missed', dueAt: at(s), error: `missed by ${lateBy}s (beyond misfire_grace_time)`,
});
const skipped = (s: number, running: number): NewRun => ({
  jobId: 'j', scheduledAt: at(s), attempt: 1, status: 'skipped', dueAt: at(s), error: `max_instances reached (${running} running)`,
});

describe('planDue', () => {
  it('queues the due fire time and moves next_run_time to the first one after now', () => {
    assert.deepEqual(planDue(job(), every10s, at(10), 0), { runs: [queued(10)], nextRunTime: at(20) });
    assert.deepEqual(planDue(job(), every10s, at(19.999), 0), { runs: [queued(10)], nextRunTime: at(20) });
  });

  it('enumerates every missed fire time up to now, a fire time equal to now included', () => {
    assert.deepEqual(planDue(job(), every10s, at(45), 0), { runs: [queued(10), queued(20), queued(30), queued(40)], nextRunTime: at(50) });
    assert.deepEqual(planDue(job(), every10s, at(40), 0), { runs: [queued(10), queued(20), queued(30), queued(40)], nextRunTime: at(50) });
  });

  it('with coalesce keeps only the latest missed fire time', () => {
    assert.deepEqual(planDue(job({ coalesce: true }), every10s, at(45), 0), { runs: [queued(40)], nextRunTime: at(50) });
    assert.deepEqual(planDue(job({ coalesce: true }), every10s, at(10), 0), { runs: [queued(10)], nextRunTime: at(20) });
  });

  it('records fire times beyond misfire_grace_time as missed rows (grace itself is still on time)', () => {
    assert.deepEqual(planDue(job({ misfireGraceTime: 15 }), every10s, at(45), 0), {
      runs: [missed(10, '35.000'), missed(20, '25.000'), queued(30), queued(40)],
      nextRunTime: at(50),
    });
    assert.deepEqual(planDue(job({ misfireGraceTime: 0.5 }), every10s, at(40.5), 0).runs.at(-1), queued(40));
    assert.deepEqual(planDue(job({ misfireGraceTime: 0.5 }), every10s, at(40.501), 0).runs.at(-1), missed(40, '0.501'));
    // Coalesced and late: the one kept run is missed.
    assert.deepEqual(planDue(job({ coalesce: true, misfireGraceTime: 1 }), every10s, at(45), 0), { runs: [missed(40, '5.000')], nextRunTime: at(50) });
    // No limit: nothing is ever missed.
    assert.deepEqual(planDue(job({ misfireGraceTime: null, coalesce: true }), every10s, at(86_400), 0).runs, [queued(86_400)]);
  });

  it('records skipped rows when max_instances runs are already running', () => {
    assert.deepEqual(planDue(job({ maxInstances: 1 }), every10s, at(10), 1), { runs: [skipped(10, 1)], nextRunTime: at(20) });
    assert.deepEqual(planDue(job({ maxInstances: 2 }), every10s, at(10), 1), { runs: [queued(10)], nextRunTime: at(20) });
    assert.deepEqual(planDue(job({ maxInstances: 2 }), every10s, at(25), 3).runs, [skipped(10, 2), skipped(20, 2)]);
    // A late fire time is missed rather than skipped.
    assert.deepEqual(planDue(job({ maxInstances: 1, misfireGraceTime: 10 }), every10s, at(25), 1).runs, [missed(10, '15.000'), skipped(20, 1)]);
  });

  it('moves next_run_time to null when the trigger is exhausted', () => {
    const once = trigger('date', { run_date: '2025-03-01T12:00:10Z' });
    assert.deepEqual(planDue(job({ triggerType: 'date' }), once, at(12), 0), { runs: [queued(10)], nextRunTime: null });
    const bounded = trigger('interval', { seconds: 10, end_date: '2025-03-01T12:00:30Z' });
    assert.deepEqual(planDue(job(), bounded, at(100), 0), { runs: [queued(10), queued(20), queued(30)], nextRunTime: null });
    assert.deepEqual(planDue(job(), bounded, at(20), 0), { runs: [queued(10), queued(20)], nextRunTime: at(30) });
  });

  it('walks cron fire times too', () => {
    const quarterly = trigger('cron', { minute: '*/15' });
    assert.deepEqual(planDue(job({ triggerType: 'cron', nextRunTime: at(0) }), quarterly, at(31 * 60), 0), {
      runs: [queued(0), queued(15 * 60), queued(30 * 60)],
      nextRunTime: at(45 * 60),
    });
  });

  it('does bounded work however far behind a job is: a 1-second job a month behind, every trigger type', () => {
    const year = 30 * 86_400; // a month: enough to show unbounded work (2.6 million times at 1 s) without hanging
    const cases: Array<[string, Trigger, number]> = [
      ['interval 1 s', trigger('interval', { seconds: 1 }), 1],
      ['interval 0.5 s', trigger('interval', { seconds: 0.5 }), 0.5],
      ['cron every second', trigger('cron', { second: '*' }), 1],
    ];
    for (const [name, t, step] of cases) {
      let calls = 0;
      const counted: Trigger = { ...t, next: (previous, now) => ((calls += 1), t.next(previous, now)) };
      for (const coalesce of [false, true]) {
        calls = 0;
        const plan = planDue(job({ coalesce, nextRunTime: at(10) }), counted, at(year), 0);
        assert.ok(calls <= 4 * MAX_MISSED_TIMES + 10, `${name}: ${calls} fire times computed`);
        assert.equal(plan.runs.length, coalesce ? 1 : MAX_MISSED_TIMES, name);
        // The latest times are kept, up to now, and next_run_time is the one after now.
        assert.deepEqual(plan.runs.at(-1), queued(year), name);
        assert.deepEqual(plan.nextRunTime, at(year + step), name);
        if (!coalesce) assert.deepEqual(plan.runs[0], queued(year - (MAX_MISSED_TIMES - 1) * step), name);
      }
    }
  });

  it(`keeps only the latest ${MAX_MISSED_TIMES} missed fire times of one job`, () => {
    const everySecond = trigger('interval', { seconds: 1 });
    const plan = planDue(job({ nextRunTime: at(1) }), everySecond, at(MAX_MISSED_TIMES + 500), 0);
    assert.equal(plan.runs.length, MAX_MISSED_TIMES);
    assert.deepEqual(plan.runs[0], queued(501));
    assert.deepEqual(plan.runs.at(-1), queued(MAX_MISSED_TIMES + 500));
    assert.deepEqual(plan.nextRunTime, at(MAX_MISSED_TIMES + 501));
  });
});
