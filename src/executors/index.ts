// Builds the executors a scheduler dispatches to, by the name a job's `executor` key gives.
import { InProcessExecutor } from './inprocess.js';
import type { TaskSource } from '../tasks/source.js';
import { ProcessExecutor } from './process.js';
import type { Executor, ExecutorName } from './types.js';
import { UnavailableExecutor } from './unavailable.js';

export type { Executor, ExecutorName, RunOutcome, RunRequest } from './types.js';

export interface ExecutorsOptions {
  /** A folder of task modules, or a map of tasks given in code (which the `process` executor cannot run). */
  tasks: TaskSource;
  /** env.yaml `scheduler.executors.default_threads`. */
  defaultThreads: number;
  /** env.yaml `scheduler.executors.process_pool`. */
  processPool: number;
}

/**
 * Both executors. No worker process starts until a job actually runs on `process`, so creating
 * them costs nothing when no job uses it. With a task map there is no module file for a worker
 * to import: start-up and the job API refuse such jobs, and a row another process wrote anyway
 * fails its runs with one line.
 */
export function createExecutors(options: ExecutorsOptions): Record<ExecutorName, Executor> {
  const { tasks, defaultThreads, processPool } = options;
  return {
    default: new InProcessExecutor({ tasks, maxConcurrent: defaultThreads }),
    process: 'dir' in tasks
      ? new ProcessExecutor({ tasksDir: tasks.dir, size: processPool })
      : new UnavailableExecutor('process', processPool, 'the process executor runs task modules from a tasks directory, and this scheduler was given a tasks map'),
  };
}
