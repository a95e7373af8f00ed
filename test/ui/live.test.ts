// The dashboard's live feed: one store poll serves every open tab, a change is sent once per
// status, and nothing is polled while no tab listens.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pino from 'pino';
import { LiveFeed, type RunEvent } from '../../src/http/ui/live.js';
import { MemoryStore } from '../../src/store/memory.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { jobRecord } from '../store/contract.js';

function setup() {
  const store = new MemoryStore();
  let polls = 0;
  const counted = {
    listRuns: store.listRuns.bind(store),
    changedRuns: (...args: Parameters<MemoryStore['changedRuns']>) => ((polls += 1), store.changedRuns(...args)),
  };
  const clock = new FakeClock('2025-03-01T12:00:00Z');
  // The timer never fires during a test: polls are driven by hand.
  const feed = new LiveFeed({ store: counted, clock, logger: pino({ level: 'silent' }), render: (run) => `<tr>${run.id} ${run.status}</tr>`, intervalMs: 3_600_000 });
  return { store, clock, feed, polls: () => polls };
}

describe('dashboard live feed', () => {
  it('one poll of the store reaches every listening tab, each change once', async () => {
    const { store, clock, feed, polls } = setup();
    await store.syncJobs(() => ({ insert: [jobRecord('a', { maxInstances: 5 })], update: [], remove: [] }));
    const before = await store.runNow('a', clock.now());
    const tabs: RunEvent[][] = [[], [], []];
    const stops = tabs.map((events) => feed.subscribe((e) => events.push(e)));
    await feed.poll(); // finds "now": the run queued before any tab opened is on the page already
    const run = await store.runNow('a', clock.now());
    await feed.poll();
    assert.equal(polls(), 1, 'three tabs, one query');
    for (const events of tabs) assert.deepEqual(events.map((e) => [e.id, e.status, e.row]), [[run!.id, 'queued', `<tr>${run!.id} queued</tr>`]]);
    await feed.poll();
    assert.equal(tabs[0]!.length, 1, 'an unchanged run is not sent again');
    clock.advance(1000);
    await store.startRuns({ now: clock.now(), instanceId: 'i', leaseUntil: new Date(clock.now().getTime() + 30_000), capacity: { default: 5, process: 0 } });
    await feed.poll();
    assert.deepEqual(tabs[1]!.map((e) => [e.id, e.status]).sort(), [[before!.id, 'running'], [run!.id, 'queued'], [run!.id, 'running']].sort());
    // A finished run is read again while it is within the look-back (late commits); it is sent once.
    clock.advance(1000);
    await store.finishRuns('i', [{ runId: run!.id, status: 'succeeded', finishedAt: clock.now(), durationMs: 5, error: null }]);
    await feed.poll();
    clock.advance(1000);
    await feed.poll();
    assert.deepEqual(tabs[2]!.filter((e) => e.id === run!.id).map((e) => e.status), ['queued', 'running', 'succeeded']);
    stops.forEach((stop) => stop());
    assert.equal(feed.size, 0);
  });

  it('starts afresh for the next first tab: what happened while none listened is not replayed', async () => {
    const { store, clock, feed } = setup();
    await store.syncJobs(() => ({ insert: [jobRecord('a', { maxInstances: 5 })], update: [], remove: [] }));
    const first: RunEvent[] = [];
    const stop = feed.subscribe((e) => first.push(e));
    await feed.poll();
    stop();
    await store.runNow('a', clock.now());
    const second: RunEvent[] = [];
    feed.subscribe((e) => second.push(e));
    await feed.poll();
    const later = await store.runNow('a', clock.now());
    await feed.poll();
    assert.deepEqual(second.map((e) => e.id), [later!.id]);
    assert.deepEqual(first, []);
  });
});
