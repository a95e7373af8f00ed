// Finished runs are written in small groups, not one round trip each. While the store is
// unreachable they wait here and are retried with backoff: an outage never drops an outcome while
// the process lives (if it dies, the lease expires and the run is abandoned and retried).
// Any other failure is the batch's own: it is split until the outcome at fault is alone, so one
// outcome the store refuses never holds back the others; that one is recorded without its error
// text or, refused again, dropped — never retried forever.
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { storableError } from '../store/storable.js';
import { StoreUnavailableError, type FinishResult, type JobStore, type Outcome, type RunRecord } from '../store/types.js';
import { Backoff } from './backoff.js';
import { StallWatch } from './stall.js';

const BATCH = 200;
// And at most this much error text (escaped, it may double): 200 texts of 64 KB in one statement
// pass MySQL's max_allowed_packet (16 MB on MariaDB), and the server then drops the connection.
const BATCH_ERROR_BYTES = 1 << 20;
// A database error quoted in a log line or a run's error is cut to this many characters.
const REASON_CHARS = 200;

/** An outcome waiting to be written (or written, as sent), with its run as it started. */
export interface PendingOutcome {
  readonly outcome: Outcome;
  readonly run: RunRecord;
}

export class OutcomeWriter {
  private queue: PendingOutcome[] = [];
  private flushing: Promise<void> | null = null;
  private readonly backoff = new Backoff(500, 10_000);
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly stall: StallWatch;

  constructor(
    private readonly store: JobStore,
    private readonly instanceId: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** After each write, with the outcomes as sent (`result.recorded` says which the store took). */
    private readonly onWritten: (result: FinishResult, sent: readonly PendingOutcome[]) => void,
    stallWarningMs?: number,
  ) {
    this.stall = new StallWatch(logger, 'recording run outcomes', stallWarningMs);
  }

  get pending(): number {
    return this.queue.length;
  }

  push(outcome: Outcome, run: RunRecord): void {
    // Cut now, not only in the store: outcomes waiting out an outage hold 64 KB each at most.
    this.queue.push({ outcome: { ...outcome, error: storableError(outcome.error) }, run });
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
        await this.write(this.nextBatch());
        if (this.backoff.succeed()) this.logger.info('run outcomes are being recorded again');
      }
    } catch (error) {
      this.scheduleRetry(error);
    } finally {
      this.flushing = null;
    }
  }

  /**
   * Writes `batch`, or, when the store refuses it for any reason but an outage, each half of it
   * (a failed finishRuns wrote nothing), down to the one outcome at fault. Throws only on an outage.
   */
  private async write(batch: PendingOutcome[]): Promise<void> {
    let result: FinishResult;
    try {
      result = await this.finish(batch.map((p) => p.outcome));
    } catch (error) {
      if (error instanceof StoreUnavailableError) throw error;
      if (batch.length === 1) return this.writeAlone(batch[0]!, error);
      const half = Math.ceil(batch.length / 2);
      await this.write(batch.slice(0, half));
      return this.write(batch.slice(half));
    }
    this.settle(batch);
    this.onWritten(result, batch);
  }

  /** The store refused this outcome alone: record its status with a short note in place of its error, or drop it. */
  private async writeAlone(pending: PendingOutcome, error: unknown): Promise<void> {
    const { outcome, run } = pending;
    const { jobId } = run;
    const reason = reasonOf(error);
    const where = `run ${outcome.runId} of ${jobId}`;
    const alone = { ...outcome, error: `the outcome's error text could not be stored: ${reason}` };
    let result: FinishResult;
    try {
      result = await this.finish([alone]);
    } catch (again) {
      if (again instanceof StoreUnavailableError) throw again;
      this.settle([pending]);
      this.logger.error({ jobId, runId: outcome.runId }, `${where}: outcome (${outcome.status}) dropped, the store refused it: ${reasonOf(again)}; the run stays running until this instance stops, then is abandoned`);
      return;
    }
    this.settle([pending]);
    this.logger.error({ jobId, runId: outcome.runId }, `${where}: recorded ${outcome.status} without its error text, which the store refused: ${reason}`);
    this.onWritten(result, [{ run, outcome: alone }]);
  }

  private finish(outcomes: Outcome[]): Promise<FinishResult> {
    return this.stall.watch(`writing ${outcomes.length} outcome(s)`, () => this.store.finishRuns(this.instanceId, outcomes));
  }

  /** The oldest outcomes, up to BATCH of them and BATCH_ERROR_BYTES of error text (at least one). */
  private nextBatch(): PendingOutcome[] {
    let bytes = 0;
    let count = 0;
    for (const { outcome } of this.queue.slice(0, BATCH)) {
      bytes += Buffer.byteLength(outcome.error ?? '');
      if (count > 0 && bytes > BATCH_ERROR_BYTES) break;
      count += 1;
    }
    return this.queue.slice(0, count);
  }

  /** Takes written (or dropped) outcomes off the queue. */
  private settle(done: PendingOutcome[]): void {
    const settled = new Set(done);
    this.queue = this.queue.filter((p) => !settled.has(p));
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
    this.logger.warn(`${this.queue.length} run outcome(s) waiting for the store (${reasonOf(error)}); retrying in ${delay / 1000}s`);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.flushing = this.flush();
    }, delay);
    this.retryTimer.unref();
  }
}

/** One short line for a log or a run's error: the error's first line, cut. */
function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > REASON_CHARS ? `${line.slice(0, REASON_CHARS)}…` : line;
}
