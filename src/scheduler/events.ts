// What the loop tells observers (metrics, health): typed callbacks, all optional.
import type { RunStatus } from '../store/types.js';

export interface RunEvent {
  jobId: string;
  runId: number;
  attempt: number;
  scheduledAt: Date;
}

export interface SchedulerListener {
  /** A run started; `lateMs` = start − due time. */
  runStarted?(run: RunEvent, lateMs: number): void;
  /** A run ended (succeeded, failed, interrupted) or was recorded without starting (missed, skipped). */
  runEnded?(run: RunEvent, status: RunStatus, durationMs: number | null): void;
  /** A loop cycle completed; `dueBacklog` = jobs claimed this cycle. */
  cycle?(at: Date, claimed: number): void;
  /** A store call failed. */
  storeError?(error: Error): void;
  /** The store answered again after failing. */
  storeRecovered?(): void;
}

export class Listeners {
  private readonly list: SchedulerListener[] = [];

  add(listener: SchedulerListener): void {
    this.list.push(listener);
  }

  emit<K extends keyof SchedulerListener>(event: K, ...args: Parameters<NonNullable<SchedulerListener[K]>>): void {
    for (const listener of this.list) {
      const fn = listener[event] as ((...a: typeof args) => void) | undefined;
      fn?.apply(listener, args);
    }
  }
}
