// The `process` executor: runs tasks in a pool of `size` worker processes (env.yaml
// `process_pool`), so a CPU-bound task cannot stall the scheduler and a crashing one cannot take
// it down. A timeout or an expired shutdown grace first fires the task's signal inside the worker,
// then kills the process after `killDelayMs`; the attempt is settled at once either way.
import { AttemptAbort } from './abort.js';
import { BoundedExecutor } from './bounded.js';
import { failed, formatError, NOT_STARTED } from './outcome.js';
import { WorkerPool } from './pool.js';
import { superviseAttempt } from './supervise.js';
import type { RunMessage } from './protocol.js';
import type { RunOutcome, RunRequest } from './types.js';
import type { Worker } from './worker.js';

export interface ProcessExecutorOptions {
  /** Folder holding the task modules. */
  tasksDir: string;
  /** Worker processes, i.e. attempts running at once; more are queued. */
  size: number;
  /** How long an aborted task may react to its signal before its process is killed. Default 1000. */
  killDelayMs?: number;
}

export class ProcessExecutor extends BoundedExecutor {
  readonly name = 'process' as const;
  private readonly pool: WorkerPool;
  private readonly killDelayMs: number;

  constructor(options: ProcessExecutorOptions) {
    super(options.size);
    this.pool = new WorkerPool(options.tasksDir);
    this.killDelayMs = options.killDelayMs ?? 1000;
  }

  protected override async afterDrain(): Promise<void> {
    await this.pool.close();
  }

  protected attempt(request: RunRequest, controller: AbortController): Promise<RunOutcome> {
    return superviseAttempt(controller, request.timeoutMs, async (signal, started) => {
      let worker: Worker;
      try {
        worker = await this.pool.checkout();
      } catch (err) {
        return failed(formatError(err));
      }
      if (signal.aborted) {
        this.pool.checkin(worker);
        return NOT_STARTED; // already settled by the abort; this value is not seen
      }
      started();
      return this.runOn(worker, request, signal);
    });
  }

  private async runOn(worker: Worker, request: RunRequest, signal: AbortSignal): Promise<RunOutcome> {
    const onAbort = (): void => worker.abort(abortMessage(signal.reason), this.killDelayMs);
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      return await worker.run(runMessage(request), request.logger);
    } finally {
      signal.removeEventListener('abort', onAbort);
      // An aborted task may have left anything behind: never reuse its process.
      if (signal.aborted) worker.kill();
      else this.pool.checkin(worker);
    }
  }
}

function runMessage(request: RunRequest): RunMessage {
  const { runId, jobId, task, scheduledAt, attempt, params, logger } = request;
  return { type: 'run', runId, jobId, task, scheduledAt, attempt, params, logLevel: logger.level };
}

function abortMessage(reason: unknown): string {
  return reason instanceof AttemptAbort ? reason.message : String(reason);
}
