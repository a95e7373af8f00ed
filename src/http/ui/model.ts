// What each dashboard page is rendered from: plain data, gathered by data.ts from the job API and
// the store, so that pages are pure functions (data → HTML) tested without a server.
import type { ApiRole } from '../../config/types.js';
import type { Job, JobFilter, Run } from '../../jobs/types.js';
import type { RunStatus } from '../../store/types.js';

/** Who is looking, and what every page shows around its content. */
export interface PageContext {
  readonly user: { readonly name: string; readonly role: ApiRole };
  readonly now: Date;
  /** APP_ENV, shown as a badge so prod and staging are told apart. */
  readonly env: string;
  /** One line after a redirect: "job report paused". */
  readonly flash?: { readonly kind: 'ok' | 'error'; readonly text: string } | undefined;
}

export interface InstanceRow {
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  readonly started_at: Date;
  readonly heartbeat_at: Date;
  /** Process clock minus database clock as the instance last measured it; null when unknown. */
  readonly clock_skew_ms: number | null;
}

export type StatsWindow = '1h' | '24h' | '7d';
export const STATS_WINDOWS: readonly StatsWindow[] = ['1h', '24h', '7d'];

/** Runs finished (or recorded, for missed and skipped) per status, bucketed over a window. */
export interface RunStats {
  readonly window: StatsWindow;
  readonly since: Date;
  readonly bucketMs: number;
  /** Bucket start → counts; buckets without runs are absent. */
  readonly buckets: ReadonlyArray<{ readonly start: Date; readonly counts: Readonly<Partial<Record<RunStatus, number>>> }>;
}

/** One job's fire times on the upcoming timeline. */
export interface Lane {
  readonly job_id: string;
  /** In time order, at most a lane's worth. */
  readonly times: ReadonlyArray<Date>;
  /** The job fires more often in the window than is drawn. */
  readonly more: boolean;
}

export interface Upcoming {
  readonly from: Date;
  readonly until: Date;
  /** Ordered by each job's first fire time. */
  readonly lanes: ReadonlyArray<Lane>;
  /** More jobs fire in the window than have a lane. */
  readonly moreJobs: boolean;
}

export interface OverviewData {
  readonly instances: ReadonlyArray<InstanceRow>;
  readonly store: { readonly up: boolean; readonly description: string; readonly error: string | null };
  /** Queued runs already due, and jobs whose next run time has passed without a claim. */
  readonly backlog: { readonly dueRuns: number; readonly overdueJobs: number };
  readonly stats: RunStats;
  readonly recentFailures: ReadonlyArray<Run>;
  readonly upcoming: Upcoming;
  readonly upcomingHours: number;
  /** An instance whose heartbeat is older than this has stopped: its runs get abandoned. */
  readonly leaseTimeoutMs: number;
}

/** Per job: its latest run's status and how its finished runs went. */
export interface JobSummary {
  readonly last_status: RunStatus | null;
  readonly last_at: Date | null;
  readonly succeeded: number;
  /** Runs in a final status (the denominator of the success rate). */
  readonly finished: number;
}

export const NO_SUMMARY: JobSummary = { last_status: null, last_at: null, succeeded: 0, finished: 0 };

export interface JobsFilter extends JobFilter {
  /** Text search over id, task and params. */
  readonly q?: string | undefined;
  readonly cursor?: string | undefined;
}

export interface JobsData {
  readonly filter: JobsFilter;
  readonly jobs: ReadonlyArray<{ readonly job: Job; readonly summary: JobSummary }>;
  /** The cursor of the next page; null on the last. */
  readonly next: string | null;
  readonly tasks: ReadonlyArray<string>;
}

export interface AuditEntry {
  readonly at: Date;
  readonly actor: string;
  readonly action: string;
  readonly before: unknown;
  readonly after: unknown;
}

export interface JobPageData {
  readonly job: Job;
  readonly summary: JobSummary;
  /** The next fire times from the stored next run time (none when paused or finished). */
  readonly upcoming: ReadonlyArray<Date>;
  /** Newest first. */
  readonly runs: ReadonlyArray<Run>;
  readonly audit: ReadonlyArray<AuditEntry>;
  /** The deployed tasks, for the edit form's task choice. */
  readonly tasks: ReadonlyArray<string>;
  /** What a form on this page sent back and why it was refused, to show next to its fields. */
  readonly form?: FormState | undefined;
}

export interface RunsFilter {
  readonly job?: string | undefined;
  readonly status?: RunStatus | undefined;
  readonly since?: Date | undefined;
  readonly until?: Date | undefined;
  readonly cursor?: string | undefined;
}

export interface RunsData {
  readonly filter: RunsFilter;
  /** Newest first. */
  readonly runs: ReadonlyArray<Run>;
  readonly next: string | null;
}

export interface RunPageData {
  readonly run: Run;
  /** When the row was written (claimed, retried, or queued by run now); null when unknown. */
  readonly created_at: Date | null;
  /** Every attempt of the same fire time, first attempt first. */
  readonly attempts: ReadonlyArray<Run>;
  readonly job: Job | null;
}

/** A form as sent, with the API's refusals by field (`args.hour`, `params`, `id`) or for the whole form (''). */
export interface FormState {
  /** Which form on the page (`reschedule`, `edit`, `remove`, `new`). */
  readonly name: string;
  readonly values: Readonly<Record<string, string>>;
  readonly errors: Readonly<Record<string, string>>;
  /** The trigger preview computed for the values, or why there is none. */
  readonly preview?: Preview | undefined;
}

export type Preview = { readonly times: ReadonlyArray<Date>; readonly timezone: string; readonly from: Date } | { readonly error: string; readonly path: string };

export interface NewJobData {
  readonly tasks: ReadonlyArray<string>;
  readonly form?: FormState | undefined;
}

export function sourceLabel(job: Pick<Job, 'source' | 'origin' | 'id'>): string {
  return job.source === 'config' ? `${job.origin || 'config'} → tasks.${job.id}` : `API${job.origin ? ` by ${job.origin}` : ''}`;
}
