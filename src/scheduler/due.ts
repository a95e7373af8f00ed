// What happens to a due job, as a pure function (APScheduler's _process_jobs, made durable):
//  1. every fire time from the stored next_run_time up to now (missed runs included);
//  2. coalesce → only the latest of them;
//  3. each one later than misfire_grace_time → a `missed` row;
//  4. the rest → `queued` rows, unless max_instances runs are already running → `skipped` rows;
//  5. next_run_time → the first fire time after now (null: trigger exhausted, job finished).
import type { Trigger } from '../triggers/types.js';
import type { DuePlan, JobRecord, NewRun } from '../store/types.js';
import { isLate, lateError } from './policy.js';

/** At most this many missed fire times of one job are recorded per claim (a 1-second job down for a day has 86,400). */
export const MAX_MISSED_TIMES = 10_000;

export function planDue(job: JobRecord, trigger: Trigger, now: Date, runningCount: number): DuePlan {
  const { times, next } = fireTimesUntil(job.nextRunTime!, trigger, now);
  const chosen = job.coalesce ? times.slice(-1) : times;
  const full = runningCount >= job.maxInstances;
  const runs = chosen.map((at): NewRun => {
    const base = { jobId: job.id, scheduledAt: at, attempt: 1, dueAt: at };
    if (isLate(at, now, job.misfireGraceTime)) return { ...base, status: 'missed', error: lateError(at, now) };
    if (full) return { ...base, status: 'skipped', error: `max_instances reached (${job.maxInstances} running)` };
    return { ...base, status: 'queued' };
  });
  return { runs, nextRunTime: next };
}

function fireTimesUntil(first: Date, trigger: Trigger, now: Date): { times: Date[]; next: Date | null } {
  const times = [first];
  let next = trigger.next(first, now);
  while (next && next <= now) {
    times.push(next);
    next = trigger.next(next, now);
  }
  // Beyond the guard the earliest times are dropped; the latest are kept (coalesce keeps the last).
  return { times: times.length > MAX_MISSED_TIMES ? times.slice(-MAX_MISSED_TIMES) : times, next };
}
