// Row ↔ record mapping for the MySQL store: JSON text columns, TINYINT booleans, UTC dates.
import type { Insertable, Selectable } from 'kysely';
import type { ExecutorName } from '../../executors/types.js';
import type { TriggerType } from '../../triggers/types.js';
import { readDefinition } from '../definition.js';
import type { JobRecord, NewRun, RetryBackoff, RunRecord, RunStatus } from '../types.js';
import type { JobsTable, RunsTable } from './schema.js';

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
    nextRunTime: row.next_run_time,
    paused: row.paused === 1,
    definedAt: row.defined_at,
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
    next_run_time: job.nextRunTime,
    paused: job.paused ? 1 : 0,
    defined_at: job.definedAt,
    // Writing a definition again (the sync) is what clears a broken job.
    broken: job.broken ?? null,
    created_at: now,
    updated_at: now,
  };
}

export function toRun(row: Selectable<RunsTable>): RunRecord {
  return {
    id: Number(row.id),
    jobId: row.job_id,
    scheduledAt: row.scheduled_at,
    attempt: row.attempt,
    status: row.status as RunStatus,
    dueAt: row.due_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationMs: row.duration_ms === null ? null : Number(row.duration_ms),
    error: row.error,
    instanceId: row.instance_id,
    leaseUntil: row.lease_until,
  };
}

export function runRow(run: NewRun, now: Date): Insertable<RunsTable> {
  return {
    job_id: run.jobId,
    scheduled_at: run.scheduledAt,
    attempt: run.attempt,
    status: run.status,
    due_at: run.dueAt,
    created_at: now,
    finished_at: run.status === 'queued' ? null : now,
    error: run.error ?? null,
  };
}
