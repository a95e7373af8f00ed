// Live updates for every open dashboard tab from ONE poll of the store per service: while at
// least one tab listens (/ui/events), the feed asks the store every second what changed in `runs`
// since its last look (new rows above a cursor, rows started or finished lately) and hands each
// change, rendered once, to every listener. No tab open: no poll.
import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import type { Run } from '../../jobs/types.js';
import { toRunView } from '../../jobs/views.js';
import type { JobStore, RunRecord } from '../../store/types.js';

/** One changed run as sent to the browser: enough to place it, and its row as the page renders it. */
export interface RunEvent {
  readonly id: number;
  readonly job_id: string;
  readonly status: Run['status'];
  /** The run's <tr>, rendered by the same function as the pages' tables. */
  readonly row: string;
}

export type LiveListener = (event: RunEvent) => void;

export interface LiveFeedOptions {
  store: Pick<JobStore, 'changedRuns' | 'listRuns'>;
  clock: Clock;
  logger: Logger;
  render(run: Run, now: Date): string;
  /** Default 1 s. */
  intervalMs?: number;
}

// Rows written with a start or finish time a little before they were committed (another
// instance's clock, a slow transaction) are still caught: each look reaches back this far, and
// what was already sent is recognised by run id and status.
const OVERLAP_MS = 10_000;
const BATCH = 500;
const REMEMBERED = 5_000;

export class LiveFeed {
  private readonly listeners = new Set<LiveListener>();
  private readonly sent = new Map<number, Run['status']>();
  private readonly intervalMs: number;
  private cursor: number | null = null;
  private lastLook: Date | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** Bumped by stop(): a poll still in flight then does not schedule another (no second loop). */
  private generation = 0;
  private failing = false;

  constructor(private readonly options: LiveFeedOptions) {
    this.intervalMs = options.intervalMs ?? 1_000;
  }

  /** How many tabs listen now. */
  get size(): number {
    return this.listeners.size;
  }

  /** Starts the poll with the first listener; the returned function stops it with the last. */
  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.schedule();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** One look at the store, its changes sent to every listener. The timer calls it; tests may too. */
  async poll(): Promise<void> {
    const now = this.options.clock.now();
    if (this.cursor === null) {
      // The first look only finds where "now" is: what happened before a tab opened is on its page.
      this.cursor = (await this.options.store.listRuns({ limit: 1 }))[0]?.id ?? 0;
      this.lastLook = now;
      return;
    }
    const since = new Date(this.lastLook!.getTime() - OVERLAP_MS);
    const changed = await this.options.store.changedRuns(this.cursor, since, BATCH);
    this.lastLook = now;
    for (const record of changed) this.deliver(record, now);
  }

  private deliver(record: RunRecord, now: Date): void {
    this.cursor = Math.max(this.cursor ?? 0, record.id);
    if (this.sent.get(record.id) === record.status) return;
    this.sent.delete(record.id);
    this.sent.set(record.id, record.status);
    if (this.sent.size > REMEMBERED) this.sent.delete(this.sent.keys().next().value!);
    const run = toRunView(record);
    const event: RunEvent = { id: run.id, job_id: run.job_id, status: run.status, row: this.options.render(run, now) };
    for (const listener of this.listeners) listener(event);
  }

  private schedule(): void {
    const generation = this.generation;
    this.timer = setTimeout(() => {
      this.poll()
        .then(() => this.recovered())
        .catch((error: unknown) => this.failed(error))
        .finally(() => {
          if (generation === this.generation) this.schedule();
        });
    }, this.intervalMs);
    this.timer.unref();
  }

  private stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.generation += 1;
    // A later first tab starts from its own "now".
    this.cursor = null;
    this.sent.clear();
  }

  // The loop reports store outages already; one line when the feed loses the store, one when back.
  private failed(error: unknown): void {
    if (!this.failing) this.options.logger.warn(`dashboard live updates: cannot read the store (${(error as Error).message}); retrying every ${this.intervalMs / 1000}s`);
    this.failing = true;
  }

  private recovered(): void {
    if (this.failing) this.options.logger.info('dashboard live updates: reading the store again');
    this.failing = false;
  }
}
