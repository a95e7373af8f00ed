// Compares the process clock with the database's. Due times are judged by each instance's own
// clock, so instances whose clocks disagree fire early or late relative to each other: warn
// loudly when the difference passes the configured threshold.
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { JobStore } from '../store/types.js';

/** Milliseconds the process clock is ahead of the store's (negative: behind). */
export async function measureSkew(store: JobStore, clock: Clock): Promise<number> {
  const before = clock.now().getTime();
  const server = (await store.serverTime()).getTime();
  const after = clock.now().getTime();
  // The server read its clock somewhere within the round trip: assume the middle.
  return (before + after) / 2 - server;
}

export async function checkSkew(store: JobStore, clock: Clock, thresholdSeconds: number, logger: Logger): Promise<number> {
  const skewMs = await measureSkew(store, clock);
  const seconds = Math.abs(skewMs) / 1000;
  const direction = skewMs > 0 ? 'ahead of' : 'behind';
  if (seconds > thresholdSeconds) {
    logger.warn({ skewMs }, `clock skew: this process's clock is ${seconds.toFixed(3)}s ${direction} the database's (threshold ${thresholdSeconds}s); runs will start early or late — keep clocks synchronised (NTP)`);
  } else {
    logger.debug({ skewMs }, 'clock skew within threshold');
  }
  return skewMs;
}
