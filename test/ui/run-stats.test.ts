// The overview's runs-by-status counts: settled buckets are read from the store once, newer ones
// at every look, and the totals are the same either way.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RunStatsCache } from '../../src/http/ui/run-stats.js';
import { totals } from '../../src/http/ui/pages/overview.js';
import { MemoryStore } from '../../src/store/memory.js';
import { jobRecord } from '../store/contract.js';

const NOW = new Date('2025-03-08T12:30:00Z');
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);

async function storeWithRuns(finishedMinutesAgo: Array<[number, 'succeeded' | 'failed']>): Promise<MemoryStore> {
  const store = new MemoryStore();
  await store.syncJobs(() => ({ insert: [jobRecord('a', { maxInstances: 1000 })], update: [], remove: [] }));
  for (const [minutes, status] of finishedMinutesAgo) {
    const run = (await store.runNow('a', ago(minutes + 1)))!;
    await store.startRuns({ now: ago(minutes + 1), instanceId: 'i', leaseUntil: NOW, capacity: { default: 1000, process: 0 } });
    await store.finishRuns('i', [{ runId: run.id, status, finishedAt: ago(minutes), durationMs: 1, error: status === 'failed' ? 'x' : null }]);
  }
  return store;
}

describe('runs by status, cached by settled bucket', () => {
  it('reads settled buckets once, and the buckets still open at every look', async () => {
    const store = await storeWithRuns([[600, 'succeeded'], [300, 'failed'], [61, 'succeeded'], [2, 'succeeded']]);
    const asked: Date[] = [];
    const cache = new RunStatsCache({ countRuns: (since, bucketMs) => (asked.push(since), store.countRuns(since, bucketMs)) });
    const first = await cache.stats('24h', NOW);
    assert.deepEqual(totals(first), { queued: 0, running: 0, succeeded: 3, failed: 1, missed: 0, skipped: 0, abandoned: 0, interrupted: 0 });
    assert.deepEqual(asked, [new Date('2025-03-07T12:00:00Z')], 'the whole window, from its first hour');
    const again = await cache.stats('24h', NOW);
    assert.deepEqual(totals(again), totals(first));
    assert.deepEqual(asked.at(-1), new Date('2025-03-08T12:00:00Z'), 'only the hour still open');
    assert.deepEqual(again.buckets, first.buckets);
  });

  it('counts runs finishing in the open bucket, and drops buckets that left the window', async () => {
    const store = await storeWithRuns([[90, 'succeeded']]);
    const cache = new RunStatsCache(store);
    assert.equal(totals(await cache.stats('1h', NOW)).succeeded, 0, 'finished before the hour');
    const later = new Date(NOW.getTime() + 60_000);
    const run = (await store.runNow('a', NOW))!;
    await store.startRuns({ now: NOW, instanceId: 'i', leaseUntil: later, capacity: { default: 10, process: 0 } });
    await store.finishRuns('i', [{ runId: run.id, status: 'failed', finishedAt: later, durationMs: 1, error: 'x' }]);
    assert.equal(totals(await cache.stats('1h', later)).failed, 1);
    assert.equal(totals(await cache.stats('24h', later)).succeeded, 1);
  });
});
