// retryDelaySeconds and retryOf: the backoff of a failed attempt. Expected values are worked out
// by hand; the random source is a constant so each case is exact.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { retryOf } from '../../src/scheduler/policy.js';
import { retryDelaySeconds, type RetrySettings } from '../../src/scheduler/retry-delay.js';

const fixed = (retryDelay: number, more: Partial<RetrySettings> = {}): RetrySettings => ({ retryDelay, retryBackoff: 'fixed', retryDelayMax: null, retryJitter: 0, ...more });
const exponential = (retryDelay: number, more: Partial<RetrySettings> = {}): RetrySettings => fixed(retryDelay, { retryBackoff: 'exponential', ...more });
const never = (): number => assert.fail('no jitter, no random number drawn');

describe('retryDelaySeconds', () => {
  it('fixed: every retry waits retry_delay', () => {
    assert.deepEqual([1, 2, 3, 10].map((a) => retryDelaySeconds(fixed(2.5), a, never)), [2.5, 2.5, 2.5, 2.5]);
  });

  it('exponential: retry_delay × 2^(attempt − 1), the first retry waiting retry_delay', () => {
    assert.deepEqual([1, 2, 3, 4, 5].map((a) => retryDelaySeconds(exponential(1), a, never)), [1, 2, 4, 8, 16]);
    assert.deepEqual([1, 2, 3].map((a) => retryDelaySeconds(exponential(0.25), a, never)), [0.25, 0.5, 1]);
  });

  it('retry_delay_max caps the grown delay', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 30].map((a) => retryDelaySeconds(exponential(3, { retryDelayMax: 10 }), a, never)), [3, 6, 10, 10, 10, 10]);
  });

  it('a zero retry_delay stays zero however many attempts failed', () => {
    assert.equal(retryDelaySeconds(exponential(0), 5000, never), 0);
    assert.equal(retryDelaySeconds(exponential(0, { retryDelayMax: 60 }), 2_147_483_646, never), 0);
  });

  it('without a cap, enough doublings overflow to Infinity; with one, they stop at the cap', () => {
    assert.equal(retryDelaySeconds(exponential(1), 1100, never), Infinity);
    assert.equal(retryDelaySeconds(exponential(1, { retryDelayMax: 86_400 }), 1100, never), 86_400);
  });

  it('retry_jitter takes a random fraction off the delay, after the cap, never adding to it', () => {
    const jittered = exponential(2, { retryDelayMax: 10, retryJitter: 0.5 });
    // attempt 3: 2 × 4 = 8; attempt 4: 16 capped to 10. random 0 keeps it; 0.5 takes a quarter off.
    assert.equal(retryDelaySeconds(jittered, 3, () => 0), 8);
    assert.equal(retryDelaySeconds(jittered, 3, () => 0.5), 6);
    assert.equal(retryDelaySeconds(jittered, 4, () => 0.5), 7.5);
    assert.equal(retryDelaySeconds(jittered, 4, () => 0.75), 6.25);
    assert.equal(retryDelaySeconds(fixed(4, { retryJitter: 0.25 }), 1, () => 0.5), 3.5);
  });

  it('a jitter of 1 spreads the delay over [0, d] (full jitter)', () => {
    assert.equal(retryDelaySeconds(fixed(10, { retryJitter: 1 }), 1, () => 0.875), 1.25);
    assert.equal(retryDelaySeconds(fixed(10, { retryJitter: 1 }), 1, () => 0.25), 7.5);
  });
});

describe('retryOf with a backoff', () => {
  const run = (attempt: number) => ({ jobId: 'j', scheduledAt: new Date('2025-03-01T12:00:00Z'), attempt });
  const ended = new Date('2025-03-01T12:00:30Z');

  it('queues the next attempt the backed-off delay after the failure', () => {
    const job = { maxAttempts: 5, ...exponential(1.5, { retryDelayMax: 5, retryJitter: 0.2 }) };
    // attempt 3 failed: 1.5 × 4 = 6, capped to 5, less 0.2 × 0.5 of it = 4.5 s.
    assert.deepEqual(retryOf(run(3), job, ended, () => 0.5), {
      jobId: 'j', scheduledAt: run(3).scheduledAt, attempt: 4, status: 'queued', dueAt: new Date('2025-03-01T12:00:34.500Z'),
    });
    assert.equal(retryOf(run(5), job, ended, () => 0.5), null, 'attempts used up');
  });

  it('records a retry doubled past year 9999 as skipped, saying which delay', () => {
    const job = { maxAttempts: 2_000, ...exponential(1) };
    assert.deepEqual(retryOf(run(1100), job, ended, () => 0), {
      jobId: 'j', scheduledAt: run(1100).scheduledAt, attempt: 1101, status: 'skipped', dueAt: ended,
      error: 'not retried: retry_delay 1s × 2^1099 puts attempt 1101 past 9999-12-31T23:59:59.999Z, the latest time the store holds',
    });
    const capped = { maxAttempts: 2, ...exponential(100, { retryDelayMax: 200_000_000 }) };
    const late = new Date('9999-12-31T23:58:30Z'); // 89.999 s before the last storable time
    assert.equal(
      retryOf(run(1), capped, late)?.error,
      'not retried: retry_delay 100s puts attempt 2 past 9999-12-31T23:59:59.999Z, the latest time the store holds',
    );
    assert.equal(
      retryOf(run(2), { ...capped, maxAttempts: 3 }, late)?.error,
      'not retried: a backed-off delay of 200s (retry_delay 100s, exponential) puts attempt 3 past 9999-12-31T23:59:59.999Z, the latest time the store holds',
    );
  });
});
