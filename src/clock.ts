// Time is injected: the loop asks a Clock, tests hand it a fake one and advance it by hand.

export interface Clock {
  now(): Date;
  /** Resolves at `until` (or at once if past), or early when `signal` aborts. */
  sleepUntil(until: Date, signal: AbortSignal): Promise<void>;
}

const MAX_TIMEOUT_MS = 2_147_483_647; // setTimeout's 32-bit limit

export const systemClock: Clock = {
  now: () => new Date(),
  sleepUntil(until, signal) {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const delay = Math.min(Math.max(until.getTime() - Date.now(), 0), MAX_TIMEOUT_MS);
      const timer = setTimeout(done, delay);
      signal.addEventListener('abort', done, { once: true });
      function done(): void {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
    });
  },
};
