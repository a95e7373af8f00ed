// Run-history retention: finished runs older than `runs.retention_days` are deleted at start and
// then hourly, in small batches so no statement holds many row locks or stalls the hot path.
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { IDEMPOTENCY_KEY_HOURS, type JobStore } from '../store/types.js';

const DAY_MS = 86_400_000;

export interface RetentionOptions {
  store: JobStore;
  clock: Clock;
  logger: Logger;
  retentionDays: number;
  /** Between sweeps; default one hour. */
  intervalMs?: number;
  /** Rows per DELETE; default 500. */
  batchSize?: number;
  /** Pause between batches of one sweep, so other work gets the table; default 50 ms. */
  pauseMs?: number;
}

export class RunRetention {
  private readonly stopController = new AbortController();
  private loop: Promise<void> = Promise.resolve();
  private readonly intervalMs: number;
  private readonly batchSize: number;
  private readonly pauseMs: number;

  constructor(private readonly options: RetentionOptions) {
    this.intervalMs = options.intervalMs ?? 3_600_000;
    this.batchSize = options.batchSize ?? 500;
    this.pauseMs = options.pauseMs ?? 50;
  }

  /** Sweeps now, then every interval, until stop(). */
  start(): this {
    this.loop = this.run();
    return this;
  }

  async stop(): Promise<void> {
    this.stopController.abort();
    await this.loop;
  }

  /** Deletes finished runs older than the retention period, batch by batch; returns how many. */
  async sweep(): Promise<number> {
    const { store, clock, logger, retentionDays } = this.options;
    const before = new Date(clock.now().getTime() - retentionDays * DAY_MS);
    let deleted = 0;
    for (;;) {
      const n = await store.deleteRunsBefore(before, this.batchSize);
      deleted += n;
      if (n < this.batchSize || this.stopController.signal.aborted) break;
      await this.pause(this.pauseMs);
    }
    if (deleted > 0) {
      logger.info({ deleted, before: before.toISOString() }, `retention: deleted ${deleted} run(s) finished before ${before.toISOString()} (runs.retention_days=${retentionDays})`);
    }
    // Expired holds are otherwise dropped only when their key is sent again.
    await store.deleteIdempotencyKeysBefore(new Date(clock.now().getTime() - IDEMPOTENCY_KEY_HOURS * 3_600_000));
    return deleted;
  }

  private async run(): Promise<void> {
    const signal = this.stopController.signal;
    while (!signal.aborted) {
      try {
        await this.sweep();
      } catch (error) {
        // An outage is reported by the loop; the next sweep simply tries again.
        this.options.logger.warn(`retention: could not delete old runs (${(error as Error).message}); trying again in ${this.intervalMs / 60_000} min`);
      }
      await this.pause(this.intervalMs);
    }
  }

  private pause(ms: number): Promise<void> {
    const { clock } = this.options;
    return clock.sleepUntil(new Date(clock.now().getTime() + ms), this.stopController.signal);
  }
}

/** Starts the retention sweeps for a service. */
export function startRetention(options: RetentionOptions): RunRetention {
  return new RunRetention(options).start();
}
