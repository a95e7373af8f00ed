// What the loop tells observers (metrics, health): typed callbacks, all optional.
import type { Logger } from 'pino';
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

/**
 * The loop's observers. One that throws (or rejects) is logged once per event kind and skipped:
 * metrics or health must never break the loop that calls them, nor the observers after it.
 */
export class Listeners {
  private readonly list: SchedulerListener[] = [];
  /** Event kinds each listener already failed on (logged once, not once per call). */
  private readonly failed = new Map<SchedulerListener, Set<string>>();

  constructor(private readonly logger: Logger) {}

  add(listener: SchedulerListener): void {
    this.list.push(listener);
  }

  emit<K extends keyof SchedulerListener>(event: K, ...args: Parameters<NonNullable<SchedulerListener[K]>>): void {
    for (const listener of this.list) {
      const fn = listener[event] as ((...a: typeof args) => unknown) | undefined;
      try {
        const result = fn?.apply(listener, args);
        if (result instanceof Promise) result.catch((error: unknown) => this.failure(listener, event, error));
      } catch (error) {
        this.failure(listener, event, error);
      }
    }
  }

  private failure(listener: SchedulerListener, event: string, error: unknown): void {
    const seen = this.failed.get(listener) ?? new Set<string>();
    this.failed.set(listener, seen);
    if (seen.has(event)) return;
    seen.add(event);
    const name = listener.constructor.name === 'Object' ? `#${this.list.indexOf(listener) + 1}` : listener.constructor.name;
    this.logger.error(`scheduler listener ${name} failed on ${event} (${summary(error)}); the loop goes on, and its further failures on ${event} are not logged`);
  }
}

/** The error's first line, never throwing (an error's own toString may). */
function summary(error: unknown): string {
  try {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return (text.split('\n', 1)[0] ?? '').slice(0, 200);
  } catch {
    return 'an error that cannot be printed';
  }
}
