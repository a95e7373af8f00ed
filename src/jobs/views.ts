// Store records → the job API's views (src/jobs/types.ts): the YAML's snake_case names, plain
// readonly data, nothing a caller could change the store through.
import type { JobRecord, JobState, RunRecord } from '../store/types.js';
import type { Job, Run } from './types.js';

/** What a job shows of its definition: the stored record in the YAML's names. */
export type JobDefinition = Omit<Job, 'paused' | 'next_run_time' | 'finished' | 'broken' | 'source' | 'origin' | 'version'>;

/** The record's definition in the YAML's names; args and params are the record's own objects. */
export function definitionOf(job: JobRecord): JobDefinition {
  return {
    id: job.id,
    task: job.task,
    trigger: job.triggerType,
    args: job.triggerArgs,
    params: job.params,
    timezone: job.timezone,
    executor: job.executor,
    coalesce: job.coalesce,
    max_instances: job.maxInstances,
    misfire_grace_time: job.misfireGraceTime,
    max_attempts: job.maxAttempts,
    retry_delay: job.retryDelay,
    retry_backoff: job.retryBackoff,
    retry_delay_max: job.retryDelayMax,
    retry_jitter: job.retryJitter,
    timeout: job.timeout,
  };
}

export function toJobView(job: JobRecord): Job {
  return {
    ...definitionOf(job),
    args: structuredClone(job.triggerArgs),
    params: structuredClone(job.params),
    paused: job.paused,
    // A paused row keeps the next run time it had (resumeJob's `last`); it is not the job's next run.
    next_run_time: job.paused ? null : job.nextRunTime,
    finished: !job.paused && job.nextRunTime === null,
    broken: job.broken ?? null,
    source: job.source,
    origin: job.origin,
    version: job.version,
  };
}

/** The job's state as getJobs' `state` filter names it (broken before paused before finished). */
export function jobStateOf(job: Pick<Job, 'broken' | 'paused' | 'finished'>): JobState {
  if (job.broken !== null) return 'broken';
  if (job.paused) return 'paused';
  return job.finished ? 'finished' : 'scheduled';
}

export function toRunView(run: RunRecord): Run {
  return {
    id: run.id,
    job_id: run.jobId,
    scheduled_at: run.scheduledAt,
    attempt: run.attempt,
    status: run.status,
    due_at: run.dueAt,
    started_at: run.startedAt,
    finished_at: run.finishedAt,
    duration_ms: run.durationMs,
    error: run.error,
    instance_id: run.instanceId,
  };
}
