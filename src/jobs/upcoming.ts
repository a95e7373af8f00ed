// The next fire times of a stored job, walked from its stored next run time as the loop will
// (so an overdue job's first times are past: the catch-up the misfire policy decides on).
import { jobTrigger } from '../scheduler/triggers.js';
import type { JobRecord } from '../store/types.js';

export const MAX_UPCOMING = 1000;

/** Up to `count` fire times; none when the job is paused, finished or broken. */
export function upcomingTimes(job: JobRecord, count: number, now: Date): Date[] {
  if (job.paused || job.broken !== undefined || job.nextRunTime === null) return [];
  const trigger = jobTrigger(job);
  const times: Date[] = [];
  for (let next: Date | null = job.nextRunTime; next !== null && times.length < count; next = trigger.next(next, now)) times.push(next);
  return times;
}
