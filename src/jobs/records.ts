// The job rows the API writes: owned by the API (source 'api'), by whom (origin), at which version.
import { firstFire, type Schedule } from '../scheduler/sync.js';
import type { JobRecord, JobSpec } from '../store/types.js';

export function apiRecord(spec: JobSpec, schedule: Schedule, origin: string, version: number): JobRecord {
  return { ...spec, ...schedule, source: 'api', origin, version };
}

/** A schedule started afresh at `now`: the first fire time, or none while paused. */
export function freshSchedule(spec: JobSpec, paused: boolean, now: Date): Schedule {
  return { paused, definedAt: now, nextRunTime: paused ? null : firstFire(spec, now) };
}
