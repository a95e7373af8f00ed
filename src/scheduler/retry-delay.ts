// How long after a failed attempt its retry is due: retry_delay, doubled for each attempt that
// failed before it when the backoff is exponential, capped by retry_delay_max, then jitter.
//
// Jitter is only ever taken off, as BullMQ's `backoff.jitter` does: with retry_jitter j the delay
// d becomes a random value in [d × (1 − j), d]. The capped delay is thus a true maximum (a retry
// never waits longer than retry_delay_max), and a jitter of 1 is "full jitter" (anywhere in [0, d]).
import type { JobSpec } from '../store/types.js';

/** A random number in [0, 1), as Math.random gives; injected so tests are deterministic. */
export type RandomSource = () => number;

export type RetrySettings = Pick<JobSpec, 'retryDelay' | 'retryBackoff' | 'retryDelayMax' | 'retryJitter'>;

/**
 * Seconds between the end of failed attempt `attempt` (1-based) and its retry. May be Infinity
 * (a huge exponent without a cap): the caller finds that time unstorable.
 */
export function retryDelaySeconds(job: RetrySettings, attempt: number, random: RandomSource = Math.random): number {
  const capped = job.retryDelayMax === null ? grown(job, attempt) : Math.min(grown(job, attempt), job.retryDelayMax);
  return job.retryJitter === 0 ? capped : capped * (1 - job.retryJitter * random());
}

/** The delay as an error text names it: `retry_delay 2s`, or what the backoff made of it. */
export function describeRetryDelay(job: RetrySettings, attempt: number, delay: number): string {
  if (delay === job.retryDelay) return `retry_delay ${job.retryDelay}s`;
  if (!Number.isFinite(delay)) return `retry_delay ${job.retryDelay}s × 2^${attempt - 1}`;
  return `a backed-off delay of ${delay}s (retry_delay ${job.retryDelay}s, ${job.retryBackoff})`;
}

function grown(job: RetrySettings, attempt: number): number {
  // A zero delay stays zero (0 × 2^2000 would be 0 × Infinity, NaN).
  if (job.retryBackoff !== 'exponential' || job.retryDelay === 0) return job.retryDelay;
  return job.retryDelay * 2 ** (attempt - 1);
}
