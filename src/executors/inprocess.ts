// The `default` executor: runs tasks in the main process, at most `maxConcurrent` at once
// (env.yaml `default_threads`). A timed-out or interrupted attempt is settled at once; a task that
// ignores its signal cannot be stopped in-process and finishes in the background, outside the
// slot count. What a task throws or leaks outside its promise chain fails its attempt (see
// task-scope.ts). CPU-bound or crash-prone tasks belong on the `process` executor.
import { BoundedExecutor } from './bounded.js';
import { failed, formatError } from './outcome.js';
import { superviseAttempt } from './supervise.js';
import { taskResolver, type TaskResolver, type TaskSource } from '../tasks/source.js';
import { runTask, taskContext } from './task-run.js';
import { TaskScope } from './task-scope.js';
import type { RunOutcome, RunRequest } from './types.js';

export interface InProcessExecutorOptions {
  /** A folder of task modules, or a map of tasks given in code. */
  tasks: TaskSource;
  /** Attempts running at once; more are queued. */
  maxConcurrent: number;
}

export class InProcessExecutor extends BoundedExecutor {
  readonly name = 'default' as const;
  private readonly tasks: TaskResolver;

  constructor(options: InProcessExecutorOptions) {
    super(options.maxConcurrent);
    this.tasks = taskResolver(options.tasks);
  }

  protected attempt(request: RunRequest, controller: AbortController): Promise<RunOutcome> {
    const scope = new TaskScope(request.jobId, request.logger);
    // scope.failure: the task threw or leaked a rejection outside its own promise chain.
    return scope.run(() =>
      superviseAttempt(controller, request.timeoutMs, (signal, started) => Promise.race([this.loadAndRun(request, signal, started), scope.failure])),
    );
  }

  private async loadAndRun(request: RunRequest, signal: AbortSignal, started: () => void): Promise<RunOutcome> {
    let task;
    try {
      task = await this.tasks.load(request.task);
    } catch (err) {
      return failed(formatError(err));
    }
    started();
    return runTask(task, taskContext(request, request.logger, signal));
  }
}
