// An executor that cannot run anything here, and says why in each run's error: the `process`
// executor of a scheduler whose tasks are functions in a map (a worker imports module files).
import { failed } from './outcome.js';
import type { Executor, ExecutorName, RunOutcome } from './types.js';

export class UnavailableExecutor implements Executor {
  constructor(
    readonly name: ExecutorName,
    /** As many as the real executor would have: the loop sizes its start requests by them. */
    private readonly slots: number,
    private readonly reason: string,
  ) {}

  freeSlots(): number {
    return this.slots;
  }

  async execute(): Promise<RunOutcome> {
    return failed(this.reason);
  }

  async shutdown(): Promise<void> {}
}
