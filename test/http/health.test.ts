// The /healthz rule, without a server: store state first, then the age of the last cycle.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkHealth, staleAfterMs } from '../../src/http/health.js';

const NOW = new Date('2030-01-01T00:00:10Z');

describe('health rule', () => {
  it('is healthy when the store answers and a cycle completed recently', () => {
    const h = checkHealth({ lastCycleAt: new Date('2030-01-01T00:00:09Z'), storeHealthy: true, lastStoreError: null }, NOW, 10_000);
    assert.deepEqual(h, { healthy: true, reason: 'ok', lastCycleAt: '2030-01-01T00:00:09.000Z' });
  });

  it('names the store error when the store is failing, however recent the last cycle', () => {
    const h = checkHealth({ lastCycleAt: NOW, storeHealthy: false, lastStoreError: 'database unreachable (ECONNREFUSED)' }, NOW, 10_000);
    assert.equal(h.healthy, false);
    assert.equal(h.reason, 'job store unreachable: database unreachable (ECONNREFUSED)');
  });

  it('is unhealthy before the first cycle and when the loop stalls', () => {
    assert.match(checkHealth({ lastCycleAt: null, storeHealthy: true, lastStoreError: null }, NOW, 10_000).reason, /^starting/);
    const stalled = checkHealth({ lastCycleAt: new Date('2029-12-31T23:59:50Z'), storeHealthy: true, lastStoreError: null }, NOW, 5_000);
    assert.equal(stalled.healthy, false);
    assert.equal(stalled.reason, 'scheduler loop stalled: last cycle 20.0s ago (limit 5s)');
  });

  it('allows several poll intervals, never less than 10 s', () => {
    assert.equal(staleAfterMs(0.1), 10_000);
    assert.equal(staleAfterMs(2), 10_000);
    assert.equal(staleAfterMs(60), 300_000);
  });
});
