// Row ↔ record mapping for the SQLite store: ISO-8601 text times, 0/1 booleans, JSON text.
import type { Insertable, Selectable } from 'kysely';
import type { ExecutorName } from '../../executors/types.js';
import type { TriggerType } from '../../triggers/types.js';
import { readDefinition } from '../definition.js';
import { EARLIEST_TIME, isStorableTime, LATEST_TIME } from '../storable.js';
import type { JobRecord, NewRun, RetryBackoff, RunRecord, RunStatus } from '../types.js';
import type { IsoTime, JobsTable, RunsTable } from './schema.js';

/**
 * An instant as stored. The range is MySQL's DATETIME (store/storable.ts), so both stores hold
 * the same values; within it toISOString's text has a fixed width, so text order is time order.
 */
export function iso(date: Date): IsoTime {
  if (!isStorableTime(date)) throw new RangeError(`${Number.isNaN(date.getTime()) ? 'an invalid date' : date.toISOString()} cannot be stored: times run from ${EARLIEST_TIME.toISOString()} to ${LATEST_TIME.toISOString()}`);
  return date.toISOString();
}

export function isoOrNull(date: Date | null): IsoTime | null {
  return date === null ? null : iso(date);
}

export function fromIso(text: IsoTime): Date;
export function fromIso(text: IsoTime | null): Date | null;
export function fromIso(text: IsoTime | null): Date | null {
  return text === null ? null : new Date(text);
}

/** Never throws: a row that cannot be read comes back with `broken` (see ../definition.ts). */
export function toJob(row: Selectable<JobsTable>): JobRecord {
  const { triggerArgs, params, broken } = readDefinition(row);
  return {
    id: row.id,
    task: row.task,
    triggerType: row.trigger_type as TriggerType,
    triggerArgs,
    timezone: row.timezone,
    params,
    executor: row.executor as ExecutorName,
    coalesce: row.coalesce === 1,
    maxInstances: row.max_instances,
    misfireGraceTime: row.misfire_grace_time,
    maxAttempts: row.max_attempts,
    retryDelay: row.retry_delay,
    retryBackoff: row.retry_backoff as RetryBackoff,
    retryDelayMax: row.retry_delay_max,
    retryJitter: row.retry_jitter,
    timeout: row.timeout,
    nextRunTime: fromIso(row.next_run_time),
    paused: row.paused === 1,
    definedAt: fromIso(row.defined_at),
    ...(broken === null ? {} : { broken }),
  };
}

export function jobRow(job: JobRecord, now: Date): Insertable<JobsTable> {
  return {
    id: job.id,
    task: job.task,
    trigger_type: job.triggerType,
    trigger_args: JSON.stringify(job.triggerArgs),
    timezone: job.timezone,
    params: JSON.stringify(job.params),
    executor: job.executor,
    coalesce: job.coalesce ? 1 : 0,
    max_instances: job.maxInstances,
    misfire_grace_time: job.misfireGraceTime,
    max_attempts: job.maxAttempts,
    retry_delay: job.retryDelay,
    retry_backoff: job.retryBackoff,
    retry_delay_max: job.retryDelayMax,
    retry_jitter: job.retryJitter,
    timeout: job.timeout,
    next_run_time: isoOrNull(job.nextRunTime),
    paused: job.paused ? 1 : 0,
    defined_at: iso(job.definedAt),
    // Writing a definition again (the sync) is what clears a broken job.
    broken: job.broken ?? null,
    created_at: iso(now),
    updated_at: iso(now),
  };
}

export function toRun(row: Selectable<RunsTable>): RunRecord {
  return {
    id: row.id,
    jobId: row.job_id,
    scheduledAt: fromIso(row.scheduled_at),
    attempt: row.attempt,
    status: row.status as RunStatus,
    dueAt: fromIso(row.due_at),
    startedAt: fromIso(row.started_at),
    finishedAt: fromIso(row.finished_at),
    durationMs: row.duration_ms,
    error: row.error,
    instanceId: row.instance_id,
    leaseUntil: fromIso(row.lease_until),
  };
}

export function runRow(run: NewRun, now: Date): Insertable<RunsTable> {
  return {
    job_id: run.jobId,
    scheduled_at: iso(run.scheduledAt),
    attempt: run.attempt,
    status: run.status,
    due_at: iso(run.dueAt),
    created_at: iso(now),
    finished_at: run.status === 'queued' ? null : iso(now),
    error: run.error ?? null,
  };
}
