// `mysql-scheduler/task`: what a task author needs, and nothing of the scheduler. A task file
// imports these as types only (`import type { TaskContext } from 'mysql-scheduler/task'`), so it
// runs the same under tsx and compiled; `defineTask` is the one value, for typed params.
import type { Logger } from 'pino';

/** A job's `params` as stored: any JSON object. */
export type TaskParams = Readonly<Record<string, unknown>>;

/**
 * What a task's `run` receives for one attempt of one fire time.
 *
 * @typeParam P - the shape of `params`, as the task's author states it (see {@link defineTask});
 *   the scheduler passes the job's params as stored and does not check them against `P`.
 *
 * @example
 * ```ts
 * import type { TaskContext } from 'mysql-scheduler/task';
 *
 * export async function run(ctx: TaskContext): Promise<void> {
 *   ctx.logger.info({ params: ctx.params }, 'working');
 *   await fetch('https://example.com/report', { signal: ctx.signal });
 * }
 * ```
 */
export interface TaskContext<P extends object = TaskParams> {
  /** The job's id. */
  readonly jobId: string;
  /** The run's id (a row of `runs`). */
  readonly runId: number;
  /** The fire time this attempt belongs to. */
  readonly scheduledAt: Date;
  /** 1-based: a retry of a failed attempt is attempt 2. */
  readonly attempt: number;
  /** The job's `params` (config `params:`, or the job API's `params`). */
  readonly params: Readonly<P>;
  /** A child of the scheduler's logger, bound to job, run and attempt. */
  readonly logger: Logger;
  /** Fired on timeout and on shutdown; a long task should honour it. */
  readonly signal: AbortSignal;
}

/**
 * A task's body. A thrown error or a rejected promise is a failed attempt; the value returned is
 * ignored.
 */
export type TaskRun<P extends object = TaskParams> = (ctx: TaskContext<P>) => unknown;

/**
 * What the scheduler calls: `run` of a task module (`tasks/<name>.ts` exporting `run`), or a value
 * of the `tasks` map given to `createScheduler`. Declared as a method so that a module whose `run`
 * states its params' type (`run(ctx: TaskContext<{ to: string }>)`) still is a TaskModule.
 */
export interface TaskModule {
  /** One attempt: resolve for success, throw or reject for a failure. */
  run(ctx: TaskContext): unknown;
}

/** A task as a bare function: the form a `tasks` map may hold besides `{ run }`. */
export type TaskFunction = TaskModule['run'];

// Tasks given in code (createScheduler's `tasks` option): by name, a function or a `{ run }`.
export type { TaskMap } from './jobs/task-catalog.js';

/**
 * Types a task's params; returns `run` unchanged. `P` is a statement, not a check: validate
 * params from untrusted writers inside the task.
 *
 * @example
 * ```ts
 * // tasks/send-report.ts
 * import { defineTask } from 'mysql-scheduler/task';
 *
 * export const run = defineTask<{ to: string }>(async (ctx) => {
 *   await sendReport(ctx.params.to, { signal: ctx.signal });
 * });
 * ```
 */
export function defineTask<P extends object = TaskParams>(run: TaskRun<P>): TaskFunction {
  return run as TaskFunction;
}
