// The attempts in flight, each with the AbortController that can end it. Shutdown drains them:
// wait up to the grace period, then abort the rest with ShutdownInterrupt.
import { setLongTimeout, type LongTimeout } from '../long-timeout.js';
import { ShutdownInterrupt } from './abort.js';

export class RunningAttempts {
  private readonly attempts = new Map<AbortController, Promise<unknown>>();

  get size(): number {
    return this.attempts.size;
  }

  /** Registers `work` until it settles; returns it unchanged. */
  track<T>(controller: AbortController, work: Promise<T>): Promise<T> {
    this.attempts.set(controller, work);
    const forget = (): void => void this.attempts.delete(controller);
    work.then(forget, forget);
    return work;
  }

  /** Waits up to `graceMs` for everything in flight, aborts what is left, waits for it to settle. */
  async drain(graceMs: number): Promise<void> {
    if (this.attempts.size === 0) return;
    await settledOrTimeout([...this.attempts.values()], graceMs);
    const reason = new ShutdownInterrupt(graceMs);
    for (const controller of this.attempts.keys()) controller.abort(reason);
    await Promise.allSettled([...this.attempts.values()]);
  }
}

async function settledOrTimeout(work: Promise<unknown>[], ms: number): Promise<void> {
  let timer: LongTimeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setLongTimeout(resolve, ms)));
  try {
    await Promise.race([Promise.allSettled(work), timeout]);
  } finally {
    timer?.clear();
  }
}
