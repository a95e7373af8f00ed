// Calling a task, shared by the in-process executor and the worker processes.
import type { Logger } from 'pino';
import type { TaskContext, TaskModule } from '../task.js';
import { failed, formatError, SUCCEEDED } from './outcome.js';
import type { RunOutcome } from './types.js';

/** What a run needs to build its TaskContext. */
export interface AttemptInfo {
  jobId: string;
  runId: number;
  scheduledAt: Date;
  attempt: number;
  params: Readonly<Record<string, unknown>>;
}

export function taskContext(info: AttemptInfo, logger: Logger, signal: AbortSignal): TaskContext {
  const { jobId, runId, scheduledAt, attempt, params } = info;
  return { jobId, runId, scheduledAt, attempt, params, logger, signal };
}

/** Calls `run`; a throw (sync or async) is a failed outcome, never a rejection. */
export async function runTask(task: TaskModule, ctx: TaskContext): Promise<RunOutcome> {
  try {
    await task.run(ctx);
    return SUCCEEDED;
  } catch (err) {
    return failed(formatError(err));
  }
}
