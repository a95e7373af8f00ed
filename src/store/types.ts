// The JobStore contract: everything that must survive a crash goes through it. Three
// implementations (memory.ts, mysql/, sqlite/) pass one contract suite (test/store/contract.ts); the
// scheduler loop never knows which one it has. Policy (misfire, coalesce, sync rules) stays in
// the scheduler as pure planners that the store calls inside its transactions.
import type { ExecutorName } from '../executors/types.js';
import type { TriggerType } from '../triggers/types.js';

export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'missed', 'skipped', 'abandoned', 'interrupted'] as const;
/** A run's status (README "The tables"): queued → running → succeeded | failed | interrupted; or missed, skipped, abandoned. */
export type RunStatus = (typeof RUN_STATUSES)[number];
/** Statuses a run can end in (`queued` and `running` are not final). */
export type FinalStatus = Exclude<RunStatus, 'queued' | 'running'>;
export const FINAL_STATUSES = RUN_STATUSES.filter((s): s is FinalStatus => s !== 'queued' && s !== 'running');
export function isFinal(status: RunStatus): status is FinalStatus {
  return status !== 'queued' && status !== 'running';
}

/** Where a job's definition lives: the config file (the start-up sync manages it) or the job API. */
export const JOB_SOURCES = ['config', 'api'] as const;
/** `config`: defined in config/<env>.yaml, managed by the start-up sync; `api`: written through the job API, left alone by the sync. */
export type JobSource = (typeof JOB_SOURCES)[number];

export const RETRY_BACKOFFS = ['fixed', 'exponential'] as const;
/** How retry_delay grows: `fixed`, or `exponential` (retry_delay × 2^(attempt − 1), up to retry_delay_max). */
export type RetryBackoff = (typeof RETRY_BACKOFFS)[number];

/** What defines a job: the config, as stored in `jobs`. */
export interface JobSpec {
  id: string;
  task: string;
  triggerType: TriggerType;
  triggerArgs: Readonly<Record<string, unknown>>;
  timezone: string;
  params: Readonly<Record<string, unknown>>;
  executor: ExecutorName;
  coalesce: boolean;
  maxInstances: number;
  /** Seconds; null = no limit. */
  misfireGraceTime: number | null;
  maxAttempts: number;
  /** Seconds: the delay before the first retry, and the base that `retryBackoff` grows. */
  retryDelay: number;
  /** `fixed`: every retry waits retryDelay; `exponential`: retryDelay × 2^(attempt − 1). */
  retryBackoff: RetryBackoff;
  /** Seconds; the longest a backed-off delay grows to; null = no cap. */
  retryDelayMax: number | null;
  /** Fraction in [0, 1] of each delay taken off at random (scheduler/retry-delay.ts). */
  retryJitter: number;
  /** Seconds; null = no limit. */
  timeout: number | null;
}

export interface JobRecord extends JobSpec {
  /** null when paused or finished. */
  nextRunTime: Date | null;
  paused: boolean;
  /** When the current trigger definition was stored: the anchor of interval triggers without start_date. */
  definedAt: Date;
  /**
   * Why the stored definition cannot be used (unreadable JSON, an unknown executor, a trigger that
   * cannot be built); absent when it is fine. A broken job is neither claimed nor started until
   * its definition is written again (the next sync, or a job API write).
   */
  broken?: string;
  /** Who manages the row: the start-up sync touches `config` rows only. */
  source: JobSource;
  /** For `config`: the file (`config/prod.yaml`); for `api`: who wrote it (`cli`, `library`, a token name). */
  origin: string;
  /** Grows by one with every write that changed something; the writer decides it, the store keeps it. */
  version: number;
}

export interface RunRecord {
  id: number;
  jobId: string;
  scheduledAt: Date;
  attempt: number;
  status: RunStatus;
  /** When the attempt may start: scheduled_at for a first attempt, later for a retry. */
  dueAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  durationMs: number | null;
  error: string | null;
  instanceId: string | null;
  leaseUntil: Date | null;
}

/** A run's unique (job_id, scheduled_at, attempt) key: one row per attempt of one fire time. */
export type RunKey = Pick<RunRecord, 'jobId' | 'scheduledAt' | 'attempt'>;

/** A run row to insert (a planned attempt, or a final record such as `missed`). */
export interface NewRun {
  jobId: string;
  scheduledAt: Date;
  attempt: number;
  status: 'queued' | 'missed' | 'skipped';
  dueAt: Date;
  error?: string;
}

/** What to do with one due job, decided by the scheduler's planner inside the claim transaction. */
export interface DuePlan {
  runs: NewRun[];
  /** Where next_run_time moves to; null when the trigger is exhausted (the job is finished). */
  nextRunTime: Date | null;
  /** Set when the job turned out to be broken: the store records the reason (see JobRecord). */
  broken?: string;
}

/** A claimed job and the plan committed for it. */
export interface Claim {
  job: JobRecord;
  plan: DuePlan;
}

/**
 * Called once per claimed job, with the number of its runs currently running anywhere. A claim
 * transaction retried after a deadlock calls it again: only the plans returned were committed.
 */
export type DuePlanner = (job: JobRecord, runningCount: number) => DuePlan;

/** A run the store handed to this instance to execute, with the job settings needed to run it. */
export interface StartedRun {
  run: RunRecord;
  job: JobRecord;
}

export interface StartRequest {
  now: Date;
  instanceId: string;
  leaseUntil: Date;
  /**
   * Also start runs due up to this instant (default `now`): the caller holds them until their due
   * time. Their `started_at` is their due time; lateness is judged at `now`.
   */
  until?: Date;
  /** Free slots per executor; runs of a full executor stay queued. */
  capacity: Record<ExecutorName, number>;
}

export interface StartResult {
  started: StartedRun[];
  /**
   * Runs found too late to start (beyond misfire_grace_time of their due time), now `missed`;
   * runs whose job no longer exists, now `skipped`; on SQLite also runs whose times cannot be
   * read, now `skipped` (those times are invalid Dates).
   */
  missed: RunRecord[];
}

export interface Outcome {
  runId: number;
  status: 'succeeded' | 'failed' | 'interrupted';
  finishedAt: Date;
  durationMs: number;
  error: string | null;
}

export interface FinishResult {
  /** Outcomes written. */
  recorded: number[];
  /** Outcomes discarded because the run is no longer this instance's (its lease expired and it was abandoned). */
  lost: number[];
  /**
   * Retries queued for failed attempts with attempts left, as inserted (with their ids); one that
   * could not be scheduled (due past what the store holds, see scheduler/policy.ts retryOf) is
   * recorded `skipped` instead.
   */
  retries: RunRecord[];
}

export interface AbandonResult {
  /** The runs now `abandoned`, each with the lease that expired. */
  abandoned: RunRecord[];
  /** Their retries, as inserted (queued, or `skipped` as in FinishResult.retries). */
  retries: RunRecord[];
}

export interface SyncPlan {
  insert: JobRecord[];
  /** Stored jobs whose definition changed; next_run_time/paused/definedAt as given. */
  update: JobRecord[];
  remove: string[];
}

/**
 * Decides the sync from what is stored (every job, of both sources: the planner leaves `api` rows
 * alone and refuses a configured id that one holds) and the config itself.
 */
export type SyncPlanner = (stored: JobRecord[]) => SyncPlan;

/** What a job write does, decided from the stored row (null when absent), which is locked meanwhile. */
export type JobWrite = { insert: JobRecord } | { update: JobRecord } | { remove: string };

/**
 * `audit`, when the write is not null, is recorded in the same transaction (the `audit` table).
 * Pure: called again when the transaction is retried (deadlock, a concurrent insert of the same
 * id). May throw to refuse: nothing is written. `write: null` writes nothing.
 */
export type JobWriter<T> = (stored: JobRecord | null) => { write: JobWrite | null; result: T; audit?: AuditEntry };

export interface RunFilter {
  jobId?: string;
  status?: RunStatus;
  /** Only the attempts of this fire time. */
  scheduledAt?: Date;
  limit: number;
}

/** Final runs of one status in one time bucket (the dashboard's runs-by-status chart). */
export interface RunCountBucket {
  status: FinalStatus;
  /** The bucket's start: finished_at rounded down to a multiple of the bucket size since the epoch. */
  start: Date;
  count: number;
}

/** How a job's runs went, for a list of jobs (the dashboard's jobs page). */
export interface RunSummary {
  jobId: string;
  /** The job's newest run (highest id): its status and when it finished (null while not final). */
  lastStatus: RunStatus;
  lastFinishedAt: Date | null;
  succeeded: number;
  /** Runs in a final status. */
  finished: number;
}

/** What waits: queued runs already due, runs running, jobs whose next run time is past `overdueBefore`. */
export interface Backlog {
  dueRuns: number;
  running: number;
  overdueJobs: number;
}

export interface InstanceInfo {
  id: string;
  host: string;
  pid: number;
  startedAt: Date;
}

/** A registered instance with its latest heartbeat (the API's and dashboard's instances list). */
export interface InstanceRecord extends InstanceInfo {
  heartbeatAt: Date;
  /** The instance's clock minus the database's at its last measure (ms); null until it measured. */
  clockSkewMs: number | null;
}

export const JOB_STATES = ['scheduled', 'paused', 'finished', 'broken'] as const;
/** `broken` wins over the others; `paused` over `finished`; `scheduled`: has a next run time. */
export type JobState = (typeof JOB_STATES)[number];

/**
 * A position in the job list's order: by the next run time (paused and finished jobs, which have
 * none, last), then by id. `nextRunTime` is null for a paused job whatever the row keeps.
 */
export interface JobCursor {
  nextRunTime: Date | null;
  id: string;
}

/** A page of the job list (the HTTP API, the dashboard), in JobCursor's order. */
export interface JobQuery {
  state?: JobState;
  task?: string;
  source?: JobSource;
  /** A case-insensitive piece of the id, the task or the params as JSON text. */
  text?: string;
  /** Only scheduled jobs whose next run time is before this instant (the upcoming timeline). */
  dueBefore?: Date;
  /** The jobs after this one. */
  after?: JobCursor;
  limit: number;
}

/** A position in run history's order: by fire time, newest first, then attempt, last first (then id). */
export interface RunCursor {
  scheduledAt: Date;
  attempt: number;
  id: number;
}

/** A page of run history, latest fire time first (RunCursor's order). */
export interface RunQuery {
  jobId?: string;
  status?: RunStatus;
  /** Fire times (scheduled_at) at or after this instant. */
  since?: Date;
  /** Fire times before this instant. */
  until?: Date;
  /** The runs after this one. */
  after?: RunCursor;
  limit: number;
}

export const AUDIT_ACTIONS = ['add', 'update', 'replace', 'modify', 'reschedule', 'pause', 'resume', 'remove', 'run', 'retry'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One change through the job API: who (a token's name, `cli`, `library`), what, before and after. */
export interface AuditEntry {
  at: Date;
  actor: string;
  action: AuditAction;
  jobId: string;
  /** The run queued by `run` and `retry`. */
  runId: number | null;
  /** JSON values (the job's view before and after); null for none (an add's before, a remove's after). */
  before: unknown;
  after: unknown;
}

export interface AuditRecord extends AuditEntry {
  id: number;
}

/** Newest first. */
export interface AuditQuery {
  jobId?: string;
  /** The entries older than this one (id below it). */
  beforeId?: number;
  limit: number;
}

/** How long a run's `Idempotency-Key` holds: a repeat within this gets the first request's run. */
export const IDEMPOTENCY_KEY_HOURS = 24;

/** An `Idempotency-Key` as one caller sent it: keys of different callers never meet. */
export interface IdempotencyKey {
  actor: string;
  key: string;
}

/** What holds a key: the run it queued (null while the request that took it is still queueing). */
export interface IdempotencyHold {
  jobId: string;
  runId: number | null;
  createdAt: Date;
}

export interface JobStore {
  /** 'memory', the redacted URL or the SQLite file's absolute path, for logs. */
  readonly description: string;
  /**
   * Create or upgrade the schema (no-op for memory). When `signal` is aborted, rejects with its
   * reason before the next migration: one that has begun is finished, never left half applied.
   */
  migrate(signal?: AbortSignal): Promise<void>;
  /** Replace the configured jobs under a store-wide lock; returns the applied plan. */
  syncJobs(planner: SyncPlanner): Promise<SyncPlan>;
  /**
   * Claims up to `limit` jobs with next_run_time ≤ now that no other instance holds, asks the
   * planner what to do with each, inserts its runs and moves next_run_time, in one transaction.
   * Returns the claims as committed.
   */
  claimDueJobs(now: Date, limit: number, planner: DuePlanner): Promise<Claim[]>;
  /** Moves due `queued` runs to `running` for this instance, honouring max_instances and capacity. */
  startRuns(request: StartRequest): Promise<StartResult>;
  /**
   * Records outcomes of runs this instance owns and queues retries, all or nothing. An error text
   * longer than the store holds is cut (store/storable.ts).
   */
  finishRuns(instanceId: string, outcomes: Outcome[]): Promise<FinishResult>;
  /** Extends the lease of this instance's running runs; records its heartbeat. */
  renewLeases(instanceId: string, now: Date, leaseUntil: Date): Promise<void>;
  /** Marks running runs whose lease expired before `now` as `abandoned`; queues retries. */
  abandonExpired(now: Date): Promise<AbandonResult>;
  /** Earliest instant at which something becomes due (a job's next run or a queued run), or null. */
  nextWakeTime(): Promise<Date | null>;
  /** The database's clock (the process clock for memory), to judge skew. */
  serverTime(): Promise<Date>;

  registerInstance(info: InstanceInfo): Promise<void>;
  /** Keeps the instance's latest clock skew measure (scheduler/clock-skew.ts) for listInstances. */
  recordClockSkew(instanceId: string, skewMs: number): Promise<void>;
  deregisterInstance(id: string): Promise<void>;

  getJob(id: string): Promise<JobRecord | null>;
  listJobs(): Promise<JobRecord[]>;
  listRuns(filter: RunFilter): Promise<RunRecord[]>;
  /**
   * The runs with these keys, in the order of `keys` (a key with no row is left out): the ids of
   * the runs a claim inserted, which claimDueJobs does not read back (on MySQL that would cost
   * its hot path a round trip), for the scheduler's run events.
   */
  runsByKey(keys: readonly RunKey[]): Promise<RunRecord[]>;
  /** Queues an immediate run (scheduled_at = now, attempt 1); null if there is no such job. */
  runNow(id: string, now: Date): Promise<RunRecord | null>;
  /**
   * One transaction: reads the job's row with a lock (FOR UPDATE, never SKIP LOCKED), asks the
   * writer, applies its write. The store writes exactly the record given (the writer decides
   * `version`); an update replaces the definition, next_run_time, paused, defined_at, source,
   * origin and version, and clears `broken`. Runs are left alone (a removed job's history stays).
   */
  writeJob<T>(id: string, writer: JobWriter<T>): Promise<T>;
  /**
   * A new attempt (attempt + 1, queued, due `now`) of a final run that is the last attempt of its
   * fire time. RunNotFoundError for an unknown id; RunNotRetryableError, with the reason, for a
   * run that is queued, running or succeeded, not the last attempt, or whose job no longer exists.
   */
  retryRun(runId: number, now: Date): Promise<RunRecord>;
  getRun(id: number): Promise<RunRecord | null>;
  /** When the run's row was written (claimed, retried, queued by run now): the run page's timeline. */
  runCreatedAt(id: number): Promise<Date | null>;
  /** Final runs finished at or after `since`, counted per status and per `bucketMs` (index runs_status_finished). */
  countRuns(since: Date, bucketMs: number): Promise<RunCountBucket[]>;
  /** One summary per job of `jobIds` that has runs (a page of the job list, not the whole table). */
  summarizeRuns(jobIds: readonly string[]): Promise<RunSummary[]>;
  backlog(now: Date, overdueBefore: Date): Promise<Backlog>;
  /**
   * Runs with an id above `afterId`, or started or finished at or after `since`, in id order, at most
   * `limit`: what changed since a poller's last look (the dashboard's live updates, http/ui/live.ts).
   */
  changedRuns(afterId: number, since: Date, limit: number): Promise<RunRecord[]>;
  /** A page of the job list, filtered and searched (JobQuery). */
  findJobs(query: JobQuery): Promise<JobRecord[]>;
  /** A page of run history, latest fire time first (RunQuery). */
  findRuns(query: RunQuery): Promise<RunRecord[]>;
  /** Registered instances, oldest first. */
  listInstances(): Promise<InstanceRecord[]>;
  /** Records a change that no job write carried (run, retry). */
  appendAudit(entry: AuditEntry): Promise<void>;
  listAudit(query: AuditQuery): Promise<AuditRecord[]>;
  /**
   * Takes `key` for a run of `jobId` at `now`, atomically across instances: null when taken now;
   * otherwise what holds it. A hold created before `expiredBefore` is dropped and the key taken anew.
   */
  takeIdempotencyKey(key: IdempotencyKey, jobId: string, now: Date, expiredBefore: Date): Promise<IdempotencyHold | null>;
  /** Records the run a taken key queued; null gives the key back (queueing failed). */
  settleIdempotencyKey(key: IdempotencyKey, runId: number | null): Promise<void>;
  /** Deletes the holds created before `before` (expired keys nobody sent again); returns how many. */
  deleteIdempotencyKeysBefore(before: Date): Promise<number>;
  /** Deletes up to `limit` finished runs older than `before`; returns how many. */
  deleteRunsBefore(before: Date, limit: number): Promise<number>;

  close(): Promise<void>;
}

/**
 * The store the URL names cannot be opened (a directory that cannot be created, a file that is
 * not a database): the user's to fix, so start-up stops instead of retrying.
 */
export class StoreOpenError extends Error {
  override readonly name = 'StoreOpenError';
}

/** The store could not be reached (network, server down); the loop retries with backoff. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

/** A store-wide lock (migrations, job sync) could not be taken; the message names it and its holder. */
export class StoreLockError extends Error {
  override readonly name = 'StoreLockError';
}
