// Loading and calling a task, shared by the in-process executor and the worker processes.
import type { Logger } from 'pino';
import { loadTask, type TaskContext, type TaskModule } from '../tasks/loader.js';
import { failed, formatError, SUCCEEDED } from './outcome.js';
import type { RunOutcome } from './types.js';

/** Task modules by name, loaded once. A failed load is not kept, so the next attempt retries it. */
export class TaskCache {
  private readonly modules = new Map<string, Promise<TaskModule>>();

  constructor(private readonly tasksDir: string) {}

  load(name: string): Promise<TaskModule> {
    let module = this.modules.get(name);
    if (!module) {
      module = loadTask(this.tasksDir, name);
      this.modules.set(name, module);
      module.catch(() => this.modules.delete(name));
    }
    return module;
  }
}

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
