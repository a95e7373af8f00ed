// Where a resumed job's schedule continues: `now` is APScheduler's resume (the next slot from now
// on, the grid kept); `last` keeps the next run time the job had when paused, so the misfire and
// coalesce policy decide what the pause missed (APScheduler 4's resume_from=None).
import { jobTrigger } from '../scheduler/triggers.js';
import type { JobRecord, JobStore } from '../store/types.js';

// More recorded fire times than this in a row after now cannot come from a claim ahead.
const MAX_RECORDED_AHEAD = 100;

/** The next run time of `job` (paused) once resumed; null when its trigger is finished. */
export async function resumeTime(store: JobStore, job: JobRecord, from: 'now' | 'last', now: Date): Promise<Date | null> {
  // A job added paused, or whose trigger changed while paused, has no time of its own to go back to.
  if (from === 'last' && job.nextRunTime !== null) return job.nextRunTime;
  return firstUnrecorded(store, job, now);
}

/**
 * The first fire time from now on that has no run yet: a finished trigger stays finished (a past
 * `date` whose run is recorded is not scheduled again), and a fire time claimed ahead just
 * before the pause is not planned twice.
 */
async function firstUnrecorded(store: JobStore, job: JobRecord, now: Date): Promise<Date | null> {
  const trigger = jobTrigger(job);
  let next = trigger.next(null, now);
  for (let i = 0; next && i < MAX_RECORDED_AHEAD; i += 1) {
    if ((await store.listRuns({ jobId: job.id, scheduledAt: next, limit: 1 })).length === 0) return next;
    next = trigger.next(next, now);
  }
  return next;
}
