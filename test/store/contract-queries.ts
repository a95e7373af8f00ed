// The JobStore contract, part two: the reads and records the HTTP API and the dashboard use
// (findJobs, findRuns, listInstances, the audit log, idempotency keys). Called from
// storeContract (contract.ts), so it runs on every store with the same expectations.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditEntry, JobQuery, JobRecord, JobStore, RunQuery } from '../../src/store/types.js';

type Helpers = {
  store: () => JobStore;
  at: (s: number) => Date;
  jobRecord: (id: string, overrides?: Partial<JobRecord>) => JobRecord;
  addJobs: (store: JobStore, ...jobs: JobRecord[]) => Promise<void>;
};

export function queryContract({ store, at, jobRecord, addJobs }: Helpers): void {
  const ids = async (query: JobQuery) => (await store().findJobs(query)).map((j) => j.id);

  describe('findJobs', () => {
    async function sixJobs(): Promise<void> {
      await addJobs(
        store(),
        jobRecord('a', { nextRunTime: at(10), params: { user: 'Alice' } }),
        jobRecord('b', { nextRunTime: at(5), task: 'report' }),
        // A paused job may keep the next run time it would resume from: the list shows none.
        jobRecord('c', { nextRunTime: at(1), paused: true }),
        jobRecord('d', { nextRunTime: null }),
        jobRecord('e', { nextRunTime: at(5), params: { discount: '50%' }, source: 'api', origin: 'ops' }),
        jobRecord('f', { nextRunTime: at(20), broken: 'unreadable', params: { discount: '50x', note: 'a_b' } }),
      );
    }

    it('lists by next run time then id, paused and finished last, page after page', async () => {
      await sixJobs();
      assert.deepEqual(await ids({ limit: 10 }), ['b', 'e', 'a', 'f', 'c', 'd']);
      assert.deepEqual(await ids({ limit: 2 }), ['b', 'e']);
      assert.deepEqual(await ids({ limit: 2, after: { nextRunTime: at(5), id: 'e' } }), ['a', 'f']);
      assert.deepEqual(await ids({ limit: 2, after: { nextRunTime: at(20), id: 'f' } }), ['c', 'd']);
      assert.deepEqual(await ids({ limit: 2, after: { nextRunTime: null, id: 'c' } }), ['d']);
      assert.deepEqual(await ids({ limit: 2, after: { nextRunTime: null, id: 'd' } }), []);
    });

    it('filters by state, task and source', async () => {
      await sixJobs();
      assert.deepEqual(await ids({ state: 'scheduled', limit: 10 }), ['b', 'e', 'a']);
      assert.deepEqual(await ids({ state: 'paused', limit: 10 }), ['c']);
      assert.deepEqual(await ids({ state: 'finished', limit: 10 }), ['d']);
      assert.deepEqual(await ids({ state: 'broken', limit: 10 }), ['f']);
      assert.deepEqual(await ids({ task: 'report', limit: 10 }), ['b']);
      assert.deepEqual(await ids({ source: 'api', limit: 10 }), ['e']);
      assert.deepEqual(await ids({ source: 'config', state: 'scheduled', limit: 10 }), ['b', 'a']);
    });

    it('searches id, task and params without regard to case, % and _ taken literally', async () => {
      await sixJobs();
      assert.deepEqual(await ids({ text: 'alice', limit: 10 }), ['a']);
      assert.deepEqual(await ids({ text: 'REPO', limit: 10 }), ['b']);
      assert.deepEqual(await ids({ text: '50%', limit: 10 }), ['e']);
      assert.deepEqual(await ids({ text: 'a_b', limit: 10 }), ['f']);
      assert.deepEqual(await ids({ text: 'discount', limit: 10 }), ['e', 'f']);
      assert.deepEqual(await ids({ text: 'nothing like it', limit: 10 }), []);
    });

    it('dueBefore keeps the scheduled jobs due before the instant (the upcoming timeline)', async () => {
      await sixJobs();
      assert.deepEqual(await ids({ dueBefore: at(6), limit: 10 }), ['b', 'e']);
      assert.deepEqual(await ids({ dueBefore: at(5), limit: 10 }), []);
    });

    it('returns whole records', async () => {
      await sixJobs();
      const [e] = await store().findJobs({ text: '50%', limit: 1 });
      assert.deepEqual(e, jobRecord('e', { nextRunTime: at(5), params: { discount: '50%' }, source: 'api', origin: 'ops' }));
    });
  });

  describe('findRuns', () => {
    it('pages run history by fire time, latest first, a retry above its first attempt; by job, status and fire time', async () => {
      await addJobs(store(), jobRecord('x', { maxInstances: 5, maxAttempts: 1 }), jobRecord('y', { maxInstances: 5 }));
      const run = async (jobId: string, s: number) => (await store().runNow(jobId, at(s)))!;
      const x1 = await run('x', 1);
      await store().startRuns({ now: at(1), instanceId: 'A', leaseUntil: at(60), capacity: { default: 1, process: 0 } });
      await store().finishRuns('A', [{ runId: x1.id, status: 'failed', finishedAt: at(1.5), durationMs: 1, error: 'boom' }]);
      const [y1, x2, y2] = [await run('y', 2), await run('x', 3), await run('y', 4)];
      const x1again = await store().retryRun(x1.id, at(5));
      const page = async (query: RunQuery) => (await store().findRuns(query)).map((r) => r.id);
      const cursor = (r: { scheduledAt: Date; attempt: number; id: number }) => ({ scheduledAt: r.scheduledAt, attempt: r.attempt, id: r.id });
      assert.deepEqual(await page({ limit: 10 }), [y2.id, x2.id, y1.id, x1again.id, x1.id]);
      assert.deepEqual(await page({ limit: 2 }), [y2.id, x2.id]);
      assert.deepEqual(await page({ limit: 2, after: cursor(x2) }), [y1.id, x1again.id]);
      assert.deepEqual(await page({ limit: 2, after: cursor(x1again) }), [x1.id]);
      assert.deepEqual(await page({ jobId: 'x', limit: 10 }), [x2.id, x1again.id, x1.id]);
      assert.deepEqual(await page({ jobId: 'x', limit: 1, after: cursor(x1again) }), [x1.id]);
      assert.deepEqual(await page({ status: 'failed', limit: 10 }), [x1.id]);
      assert.deepEqual(await page({ status: 'queued', jobId: 'y', limit: 10 }), [y2.id, y1.id]);
      assert.deepEqual(await page({ since: at(2), limit: 10 }), [y2.id, x2.id, y1.id], 'since: fire times at or after');
      assert.deepEqual(await page({ until: at(3), limit: 10 }), [y1.id, x1again.id, x1.id], 'until: fire times before');
      assert.deepEqual(await page({ since: at(2), until: at(4), jobId: 'x', limit: 10 }), [x2.id]);
      const [failed] = await store().findRuns({ status: 'failed', limit: 1 });
      assert.deepEqual([failed?.id, failed?.instanceId, failed?.error, failed?.finishedAt], [x1.id, 'A', 'boom', at(1.5)], 'whole records');
    });
  });

  describe('listInstances', () => {
    it('lists registered instances oldest first with their latest heartbeat', async () => {
      await store().registerInstance({ id: 'two', host: 'h2', pid: 2, startedAt: at(2) });
      await store().registerInstance({ id: 'one', host: 'h1', pid: 1, startedAt: at(1) });
      await store().renewLeases('two', at(30), at(60));
      assert.deepEqual(await store().listInstances(), [
        { id: 'one', host: 'h1', pid: 1, startedAt: at(1), heartbeatAt: at(1), clockSkewMs: null },
        { id: 'two', host: 'h2', pid: 2, startedAt: at(2), heartbeatAt: at(30), clockSkewMs: null },
      ]);
      await store().recordClockSkew('one', -1234.5);
      await store().recordClockSkew('nope', 1);
      assert.deepEqual((await store().listInstances()).map((i) => [i.id, i.clockSkewMs]), [['one', -1234.5], ['two', null]], 'each instance keeps its own latest measure');
      await store().deregisterInstance('one');
      assert.deepEqual((await store().listInstances()).map((i) => i.id), ['two']);
    });
  });

  describe('audit', () => {
    const entry = (jobId: string, action: AuditEntry['action'], s: number, after: unknown = { id: jobId, next_run_time: at(s) }): AuditEntry =>
      ({ at: at(s), actor: 'ops', action, jobId, runId: null, before: null, after });

    it('records a job write’s audit entry in its transaction, and none for a write that writes nothing or throws', async () => {
      await store().writeJob('w', () => ({ write: { insert: jobRecord('w') }, result: null, audit: entry('w', 'add', 1) }));
      await store().writeJob('w', () => ({ write: null, result: null, audit: entry('w', 'modify', 2) }));
      await assert.rejects(store().writeJob('w', () => {
        throw new Error('refused');
      }));
      const [only, ...rest] = await store().listAudit({ limit: 10 });
      assert.deepEqual(rest, []);
      // JSON kept as JSON: a Date comes back as its ISO text.
      assert.deepEqual({ ...only, id: 0 }, { ...entry('w', 'add', 1, { id: 'w', next_run_time: at(1).toISOString() }), id: 0 });
    });

    it('lists newest first, by job, below a cursor', async () => {
      await store().appendAudit(entry('p', 'run', 1));
      await store().appendAudit({ ...entry('q', 'retry', 2), runId: 42, before: { status: 'failed' } });
      await store().appendAudit(entry('p', 'pause', 3));
      const all = await store().listAudit({ limit: 10 });
      assert.deepEqual(all.map((e) => [e.jobId, e.action]), [['p', 'pause'], ['q', 'retry'], ['p', 'run']]);
      assert.deepEqual([all[1]!.runId, all[1]!.before, all[1]!.actor], [42, { status: 'failed' }, 'ops']);
      assert.deepEqual((await store().listAudit({ jobId: 'p', limit: 10 })).map((e) => e.action), ['pause', 'run']);
      assert.deepEqual((await store().listAudit({ beforeId: all[0]!.id, limit: 1 })).map((e) => e.action), ['retry']);
    });
  });

  describe('idempotency keys', () => {
    const key = { actor: 'ops', key: 'k-1' };

    it('is taken once, then held with the run it queued, until it expires', async () => {
      assert.equal(await store().takeIdempotencyKey(key, 'j', at(0), at(-100)), null, 'taken');
      assert.deepEqual(await store().takeIdempotencyKey(key, 'other', at(1), at(-99)), { jobId: 'j', runId: null, createdAt: at(0) }, 'held, run not yet queued');
      await store().settleIdempotencyKey(key, 7);
      assert.deepEqual(await store().takeIdempotencyKey(key, 'j', at(2), at(-98)), { jobId: 'j', runId: 7, createdAt: at(0) });
      assert.equal(await store().takeIdempotencyKey({ actor: 'ci', key: 'k-1' }, 'j', at(2), at(-98)), null, 'another caller’s key is another key');
      assert.equal(await store().takeIdempotencyKey(key, 'j', at(200), at(100)), null, 'expired: taken anew');
      assert.deepEqual(await store().takeIdempotencyKey(key, 'j', at(201), at(101)), { jobId: 'j', runId: null, createdAt: at(200) });
    });

    it('drops the holds created before a time, keeping the newer ones', async () => {
      assert.equal(await store().takeIdempotencyKey(key, 'j', at(0), at(-100)), null);
      assert.equal(await store().takeIdempotencyKey({ actor: 'ops', key: 'k-2' }, 'j', at(10), at(-90)), null);
      assert.equal(await store().deleteIdempotencyKeysBefore(at(5)), 1);
      assert.equal(await store().takeIdempotencyKey(key, 'other', at(11), at(-89)), null, 'the old hold is gone: the key is free');
      assert.deepEqual(await store().takeIdempotencyKey({ actor: 'ops', key: 'k-2' }, 'other', at(12), at(-88)), { jobId: 'j', runId: null, createdAt: at(10) }, 'the newer one holds');
    });

    it('is given back when its run could not be queued', async () => {
      assert.equal(await store().takeIdempotencyKey(key, 'j', at(0), at(-100)), null);
      await store().settleIdempotencyKey(key, null);
      assert.equal(await store().takeIdempotencyKey(key, 'j', at(1), at(-99)), null);
    });
  });
}
