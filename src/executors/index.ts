// Builds the executors a scheduler dispatches to, by the name a job's `executor` key gives.
import { InProcessExecutor } from './inprocess.js';
import { ProcessExecutor } from './process.js';
import type { Executor, ExecutorName } from './types.js';

export type { Executor, ExecutorName, RunOutcome, RunRequest } from './types.js';

export interface ExecutorsOptions {
  /** Folder holding the task modules. */
  tasksDir: string;
  /** env.yaml `scheduler.executors.default_threads`. */
  defaultThreads: number;
  /** env.yaml `scheduler.executors.process_pool`. */
  processPool: number;
}

/**
 * Both executors. No worker process starts until a job actually runs on `process`, so creating
 * them costs nothing when no job uses it.
 */
export function createExecutors(options: ExecutorsOptions): Record<ExecutorName, Executor> {
  const { tasksDir, defaultThreads, processPool } = options;
  return {
    default: new InProcessExecutor({ tasksDir, maxConcurrent: defaultThreads }),
    process: new ProcessExecutor({ tasksDir, size: processPool }),
  };
}
