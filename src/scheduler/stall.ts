// Says so when the loop waits too long on the store: a lock held by another session or a slow
// query would otherwise stall the scheduler without a word. Measured in real time, not on the
// injected Clock: a stall is time spent waiting, which a fake clock does not see pass.
import type { Logger } from 'pino';

/** How long a wait on the store may last before it is logged as a stall. */
const STALL_WARNING_MS = 30_000;

export class StallWatch {
  constructor(
    private readonly logger: Logger,
    /** Who waits, as the log line names it ("scheduler cycle"). */
    private readonly who: string,
    private readonly thresholdMs = STALL_WARNING_MS,
  ) {}

  /** Runs `work`; one warning if it still waits after the threshold, one line when it ends. */
  async watch<T>(what: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    let stalled = false;
    const timer = setTimeout(() => {
      stalled = true;
      this.logger.warn(`${this.who} stalled for ${seconds(this.thresholdMs)}s (waiting for the database: ${what}); a lock or a slow query?`);
    }, this.thresholdMs);
    timer.unref();
    try {
      return await work();
    } finally {
      clearTimeout(timer);
      if (stalled) this.logger.info(`${this.who} no longer stalled: ${what} ended after ${seconds(performance.now() - started)}s`);
    }
  }
}

function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}
