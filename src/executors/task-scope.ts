// Which task's code is running. Each in-process attempt runs inside a TaskScope, and every timer,
// callback and promise the task creates inherits it (AsyncLocalStorage). An error thrown outside
// the task's promise chain, a rejection it forgot, or a process.exit() it calls can then be pinned
// on the task (see process-guard.ts) and end its attempt, not the service.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'pino';
import { failed, formatError } from './outcome.js';
import type { RunOutcome } from './types.js';

const storage = new AsyncLocalStorage<TaskScope>();

export class TaskScope {
  /** Resolves `failed` when fail() is called while the attempt is still running. */
  readonly failure: Promise<RunOutcome>;
  private settle: (outcome: RunOutcome) => void = () => {};
  private ended = false;

  constructor(
    readonly jobId: string,
    /** The run's logger (job, run and attempt bindings). */
    readonly logger: Logger,
  ) {
    this.failure = new Promise((resolve) => (this.settle = resolve));
  }

  /** Runs the attempt inside this scope; the scope outlives it in whatever the task left behind. */
  run<T>(attempt: () => Promise<T>): Promise<T> {
    return storage.run(this, attempt).finally(() => (this.ended = true));
  }

  /** Fails the attempt with `what: error`; false when the attempt had already ended. */
  fail(what: string, error: unknown): boolean {
    if (this.ended) return false;
    this.ended = true;
    this.settle(failed(`${what}: ${formatError(error)}`));
    return true;
  }
}

/** The task whose code is running now, if any. */
export function currentTask(): TaskScope | undefined {
  return storage.getStore();
}
