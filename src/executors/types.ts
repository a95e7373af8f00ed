// The executor contract: run one attempt of a task and report how it ended.
// Executors never touch the store; the scheduler records what they report.
import type { Logger } from 'pino';

/** Where a job's runs execute: `default` in the scheduler's process, `process` in a pool of worker processes. */
export type ExecutorName = 'default' | 'process';

export interface RunRequest {
  runId: number;
  jobId: string;
  /** Module name under tasks/ (without extension). */
  task: string;
  scheduledAt: Date;
  /** 1-based. */
  attempt: number;
  params: Readonly<Record<string, unknown>>;
  /** Abort the attempt after this many ms (counts as a failure); null = no limit. */
  timeoutMs: number | null;
  /** Child logger bound to job, run and attempt. */
  logger: Logger;
}

export type RunOutcome =
  | { status: 'succeeded' }
  | { status: 'failed'; error: string }
  /** The scheduler is shutting down and the grace period ran out; the attempt was aborted. */
  | { status: 'interrupted'; error: string };

export interface Executor {
  readonly name: ExecutorName;
  /** How many more runs could start right now without queueing. */
  freeSlots(): number;
  /** Runs the attempt; never rejects: failures are outcomes. */
  execute(request: RunRequest): Promise<RunOutcome>;
  /**
   * Stop accepting work; wait up to `graceMs` for running attempts, then abort them (their
   * `execute` promises resolve `interrupted`). Resolves when nothing is running any more.
   */
  shutdown(graceMs: number): Promise<void>;
}
