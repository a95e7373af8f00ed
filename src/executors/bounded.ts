// What both executors share: at most `capacity` attempts at once with the rest queued, every
// attempt under its own AbortController, and a shutdown that drains within a grace period.
import { NOT_STARTED } from './outcome.js';
import { RunningAttempts } from './running.js';
import { Slots } from './slots.js';
import type { Executor, ExecutorName, RunOutcome, RunRequest } from './types.js';

export abstract class BoundedExecutor implements Executor {
  abstract readonly name: ExecutorName;
  private readonly slots: Slots;
  private readonly running = new RunningAttempts();

  constructor(capacity: number) {
    this.slots = new Slots(capacity);
  }

  freeSlots(): number {
    return this.slots.free();
  }

  execute(request: RunRequest): Promise<RunOutcome> {
    // Tracked from the call on, so a shutdown right after still sees (and can abort) this attempt.
    const controller = new AbortController();
    return this.running.track(controller, this.whenSlotFree(request, controller));
  }

  async shutdown(graceMs: number): Promise<void> {
    this.slots.close();
    await this.running.drain(graceMs);
    await this.afterDrain();
  }

  /** Runs one attempt; must settle promptly once `controller` aborts. */
  protected abstract attempt(request: RunRequest, controller: AbortController): Promise<RunOutcome>;

  /** Releases what the executor holds once nothing runs any more. */
  protected async afterDrain(): Promise<void> {}

  private async whenSlotFree(request: RunRequest, controller: AbortController): Promise<RunOutcome> {
    if (!(await this.slots.acquire())) return NOT_STARTED;
    try {
      return await this.attempt(request, controller);
    } finally {
      this.slots.release();
    }
  }
}
