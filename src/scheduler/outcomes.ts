// Finished runs are written in small groups, not one round trip each. While the store is
// unreachable they wait here and are retried with backoff: an outcome is never dropped while
// the process lives (if it dies, the lease expires and the run is abandoned and retried).
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { StoreUnavailableError, type FinishResult, type JobStore, type Outcome } from '../store/types.js';
import { Backoff } from './backoff.js';

const BATCH = 200;

export class OutcomeWriter {
  private queue: Outcome[] = [];
  private flushing: Promise<void> | null = null;
  private readonly backoff = new Backoff(500, 10_000);
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: JobStore,
    private readonly instanceId: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly onWritten: (result: FinishResult) => void,
  ) {}

  get pending(): number {
    return this.queue.length;
  }

  push(outcome: Outcome): void {
    this.queue.push(outcome);
    if (!this.flushing && !this.retryTimer) this.flushing = this.flushSoon();
  }

  /** Writes everything queued; gives up (returning how many are left) at `deadline`. */
  async drain(deadline: Date): Promise<number> {
    while (this.queue.length > 0 && this.clock.now() < deadline) {
      this.cancelRetry();
      await (this.flushing ?? (this.flushing = this.flush()));
      if (this.queue.length > 0 && this.backoff.failing) await new Promise((r) => setTimeout(r, 200));
    }
    return this.queue.length;
  }

  // Yield once so outcomes finishing in the same tick share a transaction.
  private async flushSoon(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    await this.flush();
  }

  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.slice(0, BATCH);
        const result = await this.store.finishRuns(this.instanceId, batch);
        this.queue = this.queue.slice(batch.length);
        if (this.backoff.succeed()) this.logger.info('run outcomes are being recorded again');
        this.onWritten(result);
      }
    } catch (error) {
      this.scheduleRetry(error);
    } finally {
      this.flushing = null;
    }
  }

  /** The store is reachable again: write what waits now rather than at the end of the backoff step. */
  retryNow(): void {
    if (!this.retryTimer) return;
    this.cancelRetry();
    this.flushing = this.flush();
  }

  private cancelRetry(): void {
    if (!this.retryTimer) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private scheduleRetry(error: unknown): void {
    const delay = this.backoff.fail();
    if (error instanceof StoreUnavailableError) {
      this.logger.warn(`${this.queue.length} run outcome(s) waiting for the store (${error.message}); retrying in ${delay / 1000}s`);
    } else {
      this.logger.error({ err: error }, `recording ${this.queue.length} run outcome(s) failed; retrying in ${delay / 1000}s`);
    }
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.flushing = this.flush();
    }, delay);
    this.retryTimer.unref();
  }
}
