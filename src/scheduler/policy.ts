// Small pure rules shared by both stores, so memory and MySQL cannot drift apart.
import { isStorableTime, LATEST_TIME } from '../store/storable.js';
import type { JobRecord, NewRun, RunRecord } from '../store/types.js';
import { describeRetryDelay, retryDelaySeconds, type RandomSource, type RetrySettings } from './retry-delay.js';

/** True when a run due at `dueAt` is beyond the job's misfire grace at `now`. */
export function isLate(dueAt: Date, now: Date, graceSeconds: number | null): boolean {
  return graceSeconds !== null && now.getTime() - dueAt.getTime() > graceSeconds * 1000;
}

/**
 * Whether a queued run found at `now` is too late to start. Grace applies to a scheduled fire
 * time (attempt 1) only: a retry is late by design, and one pending across a restart must still run.
 */
export function tooLateToStart(run: Pick<RunRecord, 'attempt' | 'dueAt'>, now: Date, graceSeconds: number | null): boolean {
  return run.attempt === 1 && isLate(run.dueAt, now, graceSeconds);
}

/** When a run handed out at `now` starts: now, or its due time if that is later (started ahead). */
export function startTime(dueAt: Date, now: Date): Date {
  return dueAt > now ? dueAt : now;
}

/**
 * The next attempt of a failed, interrupted or abandoned run, or null when attempts are used up.
 * Its delay is the job's backoff (retry-delay.ts). A retry that would be due past what the store
 * can hold (a huge retry_delay, or many doublings) is recorded as `skipped` with the reason,
 * rather than queued: the attempt history says why it never ran.
 */
export function retryOf(
  run: Pick<RunRecord, 'jobId' | 'scheduledAt' | 'attempt'>,
  job: Pick<JobRecord, 'maxAttempts'> & RetrySettings,
  endedAt: Date,
  random?: RandomSource,
): NewRun | null {
  if (run.attempt >= job.maxAttempts) return null;
  const next = { jobId: run.jobId, scheduledAt: run.scheduledAt, attempt: run.attempt + 1 };
  const delay = retryDelaySeconds(job, run.attempt, random);
  const dueAt = new Date(endedAt.getTime() + delay * 1000);
  if (isStorableTime(dueAt)) return { ...next, status: 'queued', dueAt };
  const error = `not retried: ${describeRetryDelay(job, run.attempt, delay)} puts attempt ${next.attempt} past ${LATEST_TIME.toISOString()}, the latest time the store holds`;
  return { ...next, status: 'skipped', dueAt: endedAt, error };
}

/** Error text recorded for a run that was found too late to start. */
export function lateError(dueAt: Date, now: Date): string {
  return `missed by ${((now.getTime() - dueAt.getTime()) / 1000).toFixed(3)}s (beyond misfire_grace_time)`;
}
