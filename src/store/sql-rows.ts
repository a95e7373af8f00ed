// Row ↔ record mapping shared by the SQL stores: the same columns (sql-tables.ts), TINYINT/0-1
// booleans and JSON text on both; the dialect gives only how an instant is written and read.
import type { ExecutorName } from '../executors/types.js';
import type { TriggerType } from '../triggers/types.js';
import { isJobSource, readDefinition } from './definition.js';
import type { JobsTableOf, RunsTableOf } from './sql-tables.js';
import type { JobRecord, NewRun, RetryBackoff, RunRecord, RunStatus } from './types.js';

/**
 * How a dialect holds an instant: `write` may refuse one its column cannot store; `read` returns
 * an invalid Date (never throws) for a value that is not a time, e.g. text edited by hand.
 */
export interface TimeCodec<Time> {
  write(date: Date): Time;
  read(value: Time): Date;
}

/** Whether a Date read from a row is a time at all. */
export function isTime(date: Date | null): boolean {
  return date === null || !Number.isNaN(date.getTime());
}

/** Why a column's value cannot be used, e.g. `next_run_time "2020-13-45T00:00:00.000Z" is not a time`. */
function notATime(column: string, value: unknown): string {
  // mysql2 reads MySQL's zero date (which a lax sql_mode lets in) as an invalid Date.
  const shown = typeof value === 'string' ? JSON.stringify(value) : value instanceof Date ? '(a zero or invalid date)' : String(value);
  return `${column} ${shown} is not a time`;
}

// Rows spelled out rather than kysely's Selectable/Insertable, which a generic `Time` leaves
// unresolved; the dialect's concrete rows are assignable to and from these.
type JobRow<Time> = JobsTableOf<Time>;
type RunRow<Time> = Omit<RunsTableOf<Time>, 'id'> & { id: number };
type NewRunRow<Time> = Pick<RunRow<Time>, 'job_id' | 'scheduled_at' | 'attempt' | 'status' | 'due_at' | 'created_at' | 'finished_at' | 'error'>;

export interface RowMapping<Time> {
  /** Never throws: a row that cannot be read comes back with `broken` (see definition.ts). */
  toJob(row: JobRow<Time>): JobRecord;
  jobRow(job: JobRecord, now: Date): JobRow<Time>;
  /** Never throws: an unreadable time comes back as an invalid Date (see runProblem). */
  toRun(row: RunRow<Time>): RunRecord;
  /** Why a run row's times cannot be used (naming each column and value); null when they can. */
  runProblem(row: RunRow<Time>): string | null;
  runRow(run: NewRun, now: Date): NewRunRow<Time>;
}

export function rowMapping<Time>({ write, read }: TimeCodec<Time>): RowMapping<Time> {
  const readOrNull = (value: Time | null): Date | null => (value === null ? null : read(value));
  const writeOrNull = (date: Date | null): Time | null => (date === null ? null : write(date));
  return {
    toJob(row) {
      const definition = readDefinition(row);
      const nextRunTime = readOrNull(row.next_run_time);
      const definedAt = read(row.defined_at);
      const problems = [
        ...(isTime(nextRunTime) ? [] : [notATime('next_run_time', row.next_run_time)]),
        ...(isTime(definedAt) ? [] : [notATime('defined_at', row.defined_at)]),
      ];
      // A reason recorded earlier (jobs.broken) or the definition's come first.
      const broken = definition.broken ?? (problems.length > 0 ? problems.join('; ') : null);
      const { triggerArgs, params } = definition;
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
        // Unreadable: none (a broken job is not claimed; the sync that clears it plans a new one).
        nextRunTime: isTime(nextRunTime) ? nextRunTime : null,
        paused: row.paused === 1,
        // Unreadable: the sync that clears the broken job writes it again, as now's.
        definedAt: isTime(definedAt) ? definedAt : new Date(),
        ...(broken === null ? {} : { broken }),
        // Unknown (edited by hand, and broken for it): 'api', which nothing changes on its own; a
        // 'config' row the sync would delete when it is not configured, or overwrite when it is.
        source: isJobSource(row.source) ? row.source : 'api',
        origin: row.origin,
        version: Number(row.version),
      };
    },
    jobRow(job, now) {
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
        next_run_time: writeOrNull(job.nextRunTime),
        paused: job.paused ? 1 : 0,
        defined_at: write(job.definedAt),
        // Writing a definition again (the sync) is what clears a broken job.
        broken: job.broken ?? null,
        source: job.source,
        origin: job.origin,
        version: job.version,
        created_at: write(now),
        updated_at: write(now),
      };
    },
    toRun(row) {
      return {
        // Number(): a BIGINT driver may hand back another numeric type; SQLite's are numbers.
        id: Number(row.id),
        jobId: row.job_id,
        scheduledAt: read(row.scheduled_at),
        attempt: row.attempt,
        status: row.status as RunStatus,
        dueAt: read(row.due_at),
        startedAt: readOrNull(row.started_at),
        finishedAt: readOrNull(row.finished_at),
        durationMs: row.duration_ms === null ? null : Number(row.duration_ms),
        error: row.error,
        instanceId: row.instance_id,
        leaseUntil: readOrNull(row.lease_until),
      };
    },
    runProblem(row) {
      const columns = { scheduled_at: row.scheduled_at, due_at: row.due_at, started_at: row.started_at, lease_until: row.lease_until } as const;
      const problems = Object.entries(columns).flatMap(([column, value]) => (isTime(readOrNull(value)) ? [] : [notATime(column, value)]));
      return problems.length > 0 ? problems.join('; ') : null;
    },
    runRow(run, now) {
      return {
        job_id: run.jobId,
        scheduled_at: write(run.scheduledAt),
        attempt: run.attempt,
        status: run.status,
        due_at: write(run.dueAt),
        created_at: write(now),
        finished_at: run.status === 'queued' ? null : write(now),
        error: run.error ?? null,
      };
    },
  };
}
