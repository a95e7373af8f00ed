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

// Fire times computed per claim, at most: a 1-second job stored a year behind has 31 million.
const MAX_STEPS = 4 * MAX_MISSED_TIMES;

/**
 * The fire times from `first` up to now, at most the latest MAX_MISSED_TIMES of them, and the
 * one after. Bounded work however far behind the job is: when more than the cap are missed, the
 * enumeration jumps ahead with the trigger itself (`next(null, t)`: the first fire time at or
 * after t) to about twice the span the cap covered before now, so the earliest missed times are
 * never computed and leave no row. Should a trigger fire ever denser towards now, the step budget
 * ends the claim early: next_run_time stays in the past and the following claim goes on from it.
 */
function fireTimesUntil(first: Date, trigger: Trigger, now: Date): { times: Date[]; next: Date | null } {
  let times: Date[] = [];
  let next: Date | null = first;
  let jumped = false;
  for (let steps = 0; next && next <= now && steps < MAX_STEPS; steps += 1) {
    times.push(next);
    next = trigger.next(next, now);
    if (times.length <= MAX_MISSED_TIMES) continue;
    if (!jumped) {
      jumped = true;
      const jump = jumpTarget(times, trigger, now);
      if (jump) [times, next] = [[], jump];
    }
    // A sliding window over the latest times, trimmed now and then rather than at every step.
    if (times.length >= 2 * MAX_MISSED_TIMES) times = times.slice(-MAX_MISSED_TIMES);
  }
  return { times: times.slice(-MAX_MISSED_TIMES), next };
}

/** Where to resume when the cap overflowed: far enough ahead to skip what would be dropped anyway. */
function jumpTarget(times: Date[], trigger: Trigger, now: Date): Date | null {
  const span = times[times.length - 1]!.getTime() - times[times.length - 1 - MAX_MISSED_TIMES]!.getTime();
  const target = trigger.next(null, new Date(now.getTime() - 2 * span));
  return target && target > times[times.length - 1]! ? target : null;
}
