// Calls an observer's callback so that nothing it does can reach the loop (graphile worker's
// safeEmit): a throw or a rejection is logged, once per listener and event, and swallowed. Shared
// by the loop's internal listeners (events.ts) and the public events (public-events.ts).
import type { Logger } from 'pino';

export class ListenerGuard {
  /** Events each listener already failed on: logged once, not once per call. */
  private readonly failed = new WeakMap<object, Set<string>>();

  /** `kind` names the listeners in log lines: `scheduler listener`, `scheduler event listener`. */
  constructor(
    private readonly logger: Logger,
    private readonly kind: string,
  ) {}

  /**
   * Runs `call` (the listener's callback for `event`) at once. A promise it returns is not
   * awaited; its rejection is caught like a throw. `label` names the listener in the log line.
   */
  call(listener: object, label: () => string, event: string, call: () => unknown): void {
    try {
      const result = call();
      if (isThenable(result)) Promise.resolve(result).catch((error: unknown) => this.failure(listener, label, event, error));
    } catch (error) {
      this.failure(listener, label, event, error);
    }
  }

  private failure(listener: object, label: () => string, event: string, error: unknown): void {
    const seen = this.failed.get(listener) ?? new Set<string>();
    this.failed.set(listener, seen);
    if (seen.has(event)) return;
    seen.add(event);
    this.logger.error(`${this.kind} ${label()} failed on ${event} (${summary(error)}); the loop goes on, and its further failures on ${event} are not logged`);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
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
