// What the loop tells its internal observers (metrics, health): typed callbacks, all optional.
// Users subscribe to public-events.ts instead (Run and Job payloads, after the store committed).
import type { Logger } from 'pino';
import type { RunStatus } from '../store/types.js';
import { ListenerGuard } from './listener-guard.js';

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

/**
 * The loop's observers. One that throws (or rejects) is logged once per event kind and skipped:
 * metrics or health must never break the loop that calls them, nor the observers after it.
 */
export class Listeners {
  private readonly list: SchedulerListener[] = [];
  private readonly guard: ListenerGuard;

  constructor(logger: Logger) {
    this.guard = new ListenerGuard(logger, 'scheduler listener');
  }

  add(listener: SchedulerListener): void {
    this.list.push(listener);
  }

  emit<K extends keyof SchedulerListener>(event: K, ...args: Parameters<NonNullable<SchedulerListener[K]>>): void {
    for (const listener of this.list) {
      const fn = listener[event] as ((...a: typeof args) => unknown) | undefined;
      if (fn) this.guard.call(listener, () => this.label(listener), event, () => fn.apply(listener, args));
    }
  }

  private label(listener: SchedulerListener): string {
    return listener.constructor.name === 'Object' ? `#${this.list.indexOf(listener) + 1}` : listener.constructor.name;
  }
}
