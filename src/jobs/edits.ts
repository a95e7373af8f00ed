// What modifyJob, rescheduleJob, pauseJob and resumeJob do to a stored job, decided on the locked
// row: pure, so a store may call them again when it retries its transaction.
import { updateOf } from '../scheduler/sync.js';
import type { JobRecord, JobSpec } from '../store/types.js';
import { apiRecord, freshSchedule } from './records.js';

export type Edit = { kind: 'unchanged' } | { kind: 'update'; record: JobRecord } | { kind: 'remove' };

const UNCHANGED: Edit = { kind: 'unchanged' };

/** The sync's rule: a changed trigger restarts from now (a pause kept), settings keep the schedule. */
export function modifyEdit(spec: JobSpec, stored: JobRecord, origin: string, now: Date): Edit {
  const schedule = updateOf(spec, stored, now);
  return schedule === null ? UNCHANGED : { kind: 'update', record: apiRecord(spec, schedule, origin, stored.version + 1) };
}

/** APScheduler's reschedule_job: the first fire time from now, even for the same trigger; a pause is kept. */
export function rescheduleEdit(spec: JobSpec, stored: JobRecord, origin: string, now: Date): Edit {
  return { kind: 'update', record: apiRecord(spec, freshSchedule(spec, stored.paused, now), origin, stored.version + 1) };
}

// The row keeps its next_run_time while paused (never claimed: every store's claim skips paused
// rows), so resumeJob's `last` can go back to it. Ownership stays: pausing is not defining.
export function pauseEdit(stored: JobRecord): Edit {
  return stored.paused ? UNCHANGED : { kind: 'update', record: { ...stored, paused: true, version: stored.version + 1 } };
}

export function resumeEdit(stored: JobRecord, nextRunTime: Date | null): Edit {
  return stored.paused ? { kind: 'update', record: { ...stored, paused: false, nextRunTime, version: stored.version + 1 } } : UNCHANGED;
}
