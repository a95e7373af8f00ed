// The public shape of the job API (library, CLI, HTTP): what a caller passes and gets back.
// Job specs and views use the YAML's own names (snake_case), so one vocabulary covers
// config/<env>.yaml, `addJob`, `scheduler add --args` and the HTTP API's JSON.
import type { ExecutorName } from '../executors/types.js';
import type { JobSource, JobState, RetryBackoff, RunStatus } from '../store/types.js';
import type { TriggerType } from '../triggers/types.js';

/** A trigger argument value as YAML writes it: numbers, cron expressions, ISO dates. */
export type TriggerArgValue = string | number | Date | null;

/**
 * A job as a YAML task defines it (config/<env>.yaml `tasks.<id>`), validated by the same code
 * with the same one-line errors. `task` defaults to `id`; absent settings take env.yaml's
 * `job_defaults`, then APScheduler's.
 */
export interface JobInput {
  /** Letters, digits and `_ . : -`, at most 191; a random id when absent (APScheduler's uuid4). */
  id?: string;
  /** The module under tasks/ (or the key of a task map); default: the id. */
  task?: string;
  trigger: TriggerType;
  /** The trigger's arguments, APScheduler's names: `{ hour: 9 }`, `{ minutes: 5 }`, `{ run_date: '…' }`. */
  args?: Readonly<Record<string, TriggerArgValue>>;
  /** Passed to the task as `ctx.params`; any JSON object. */
  params?: Readonly<Record<string, unknown>>;
  timezone?: string;
  executor?: ExecutorName;
  coalesce?: boolean;
  max_instances?: number;
  /** Seconds; null = no limit. */
  misfire_grace_time?: number | null;
  max_attempts?: number;
  retry_delay?: number;
  retry_backoff?: RetryBackoff;
  retry_delay_max?: number | null;
  retry_jitter?: number;
  /** Seconds; null = no limit. */
  timeout?: number | null;
  /**
   * The state a new job starts in (APScheduler's `next_run_time=None`): read when the job is
   * added or replaced. An update keeps the stored pause, as the start-up sync does; pauseJob and
   * resumeJob change it.
   */
  paused?: boolean;
}

/**
 * What `modifyJob` may change: any field of the spec but the id and the pause (pauseJob, resumeJob).
 * A trigger change recomputes the next run time.
 */
export type JobChanges = Partial<Omit<JobInput, 'id' | 'paused'>>;

/**
 * What `addJob` does when the id is taken:
 * - `error` (default): JobConflictError, nothing written (APScheduler's replace_existing=False);
 * - `update`: the start-up sync's rule: an unchanged trigger keeps next run time, grid and pause,
 *   a changed one restarts from now, settings-only changes keep the schedule;
 * - `keep`: the stored job stays as it is (APScheduler 4's do_nothing);
 * - `replace`: written anew, next run from now, pause dropped (APScheduler 3's replace_existing=True).
 */
export type OnConflict = 'error' | 'update' | 'keep' | 'replace';

/** How `addJob` treats a taken id. */
export interface AddJobOptions {
  /** Default `error`: see {@link OnConflict}. */
  onConflict?: OnConflict;
}

/** A guard for `modifyJob`. */
export interface ModifyJobOptions {
  /** Refuse (VersionConflictError) unless the stored version is this one: no lost update. */
  ifVersion?: number;
}

/** Where `resumeJob` picks the schedule up. */
export interface ResumeJobOptions {
  /**
   * `now` (default): the first fire time from now that has no run yet (APScheduler).
   * `last`: keep the next run time the job had when paused, so the misfire and coalesce policy
   * decide what the pause missed.
   */
  from?: 'now' | 'last';
}

export type { JobSource } from '../store/types.js';

/** A stored job, as plain readonly data. */
export interface Job {
  readonly id: string;
  readonly task: string;
  readonly trigger: TriggerType;
  readonly args: Readonly<Record<string, unknown>>;
  readonly params: Readonly<Record<string, unknown>>;
  readonly timezone: string;
  readonly executor: ExecutorName;
  readonly coalesce: boolean;
  readonly max_instances: number;
  readonly misfire_grace_time: number | null;
  readonly max_attempts: number;
  readonly retry_delay: number;
  readonly retry_backoff: RetryBackoff;
  readonly retry_delay_max: number | null;
  readonly retry_jitter: number;
  readonly timeout: number | null;
  readonly paused: boolean;
  /** null when paused or finished. */
  readonly next_run_time: Date | null;
  /** The trigger has no further fire time (and the job is not paused). */
  readonly finished: boolean;
  /** Why the stored row cannot be used (edited by hand); null when fine. */
  readonly broken: string | null;
  readonly source: JobSource;
  /** For `config`: the file (`config/prod.yaml`); for `api`: who wrote it (`cli`, `library`, a token name). */
  readonly origin: string;
  /** Grows by one with every write that changed something. */
  readonly version: number;
}

/** One attempt of one fire time (a row of `runs`). */
export interface Run {
  readonly id: number;
  readonly job_id: string;
  readonly scheduled_at: Date;
  readonly attempt: number;
  readonly status: RunStatus;
  readonly due_at: Date;
  readonly started_at: Date | null;
  readonly finished_at: Date | null;
  readonly duration_ms: number | null;
  readonly error: string | null;
  readonly instance_id: string | null;
}

/** What `addJob` did. */
export interface AddJobResult {
  job: Job;
  /** `unchanged`: the stored job already said this (or `keep` left it); its version did not move. */
  change: 'added' | 'updated' | 'replaced' | 'unchanged';
}

/** What `getJobs` lists; every field given must match. */
export interface JobFilter {
  /** `config` (the YAML's jobs) or `api` (added at runtime). */
  source?: JobSource;
  /** Jobs running this task. */
  task?: string;
  /** `scheduled`, `paused`, `finished` (no further fire time) or `broken` (a stored row that cannot be used). */
  state?: JobState;
}

/** The job API, on both the embedded scheduler and the client. Every write is one transaction. */
export interface JobApi {
  /**
   * Validates `spec` as a YAML task (JobSpecError with the YAML's words), checks that its task is
   * deployed and stores it as an API job; a taken id follows `options.onConflict`.
   *
   * @example
   * ```ts
   * await scheduler.addJob({ id: 'digest-42', task: 'send-digest', trigger: 'cron', args: { hour: 8 }, params: { userId: 42 } }, { onConflict: 'update' });
   * ```
   */
  addJob(spec: JobInput, options?: AddJobOptions): Promise<AddJobResult>;
  /** A trigger in `changes` recomputes the next run time from now (a pause is kept). */
  modifyJob(id: string, changes: JobChanges, options?: ModifyJobOptions): Promise<Job>;
  /** The new trigger's first fire time from now; a pause is kept (unlike APScheduler 3). */
  rescheduleJob(id: string, trigger: TriggerType, args?: Readonly<Record<string, TriggerArgValue>>): Promise<Job>;
  /** Stops the job firing; its next run time is kept aside for `resumeJob(id, { from: 'last' })`. Config jobs too. */
  pauseJob(id: string): Promise<Job>;
  /** Fires the job again, from now (default) or from where it was paused; a finished trigger stays finished. */
  resumeJob(id: string, options?: ResumeJobOptions): Promise<Job>;
  /** Running runs finish; the history stays. JobNotFoundError when absent. */
  removeJob(id: string): Promise<Job>;
  /** Queues a run due now through the normal path (max_instances, retries); the schedule is untouched. */
  runJob(id: string): Promise<Run>;
  /** A new attempt of a failed, missed, skipped, abandoned or interrupted run (same fire time). */
  retryRun(runId: number): Promise<Run>;
  /** The stored job; null when there is none. */
  getJob(id: string): Promise<Job | null>;
  /** Ordered by next run time, paused and finished last (APScheduler). */
  getJobs(filter?: JobFilter): Promise<Job[]>;
  /** The next `count` fire times from the stored next run time (none when paused or finished). */
  upcoming(id: string, count?: number): Promise<Date[]>;
}
