// Time is injected: the loop asks a Clock, tests hand it a fake one and advance it by hand.
import schedule from 'node-schedule';

export interface Clock {
  now(): Date;
  /** Resolves at `until` (or at once if past), or early when `signal` aborts. */
  sleepUntil(until: Date, signal: AbortSignal): Promise<void>;
}

/** The real clock: wake-ups at a Date through node-schedule (no 24.8-day setTimeout limit). */
export const systemClock: Clock = {
  now: () => new Date(),
  sleepUntil(until, signal) {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      // null when `until` is already past: nothing to wait for.
      const job = schedule.scheduleJob(until, done);
      if (!job) return resolve();
      signal.addEventListener('abort', done, { once: true });
      function done(): void {
        job?.cancel();
        signal.removeEventListener('abort', done);
        resolve();
      }
    });
  },
};
