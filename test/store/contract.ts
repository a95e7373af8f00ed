// The JobStore contract, one suite for every implementation (memory.test.ts, mysql.test.ts).
// Each test gets an empty store from makeStore() and closes it afterwards. Expected values are
// exact: where the stores differ, one of them is wrong.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ConfigError } from '../../src/config/errors.js';
import type { TaskDef } from '../../src/config/types.js';
import { RunNotFoundError, RunNotRetryableError } from '../../src/jobs/errors.js';
import { syncPlanner } from '../../src/scheduler/sync.js';
import type {
  DuePlan, JobRecord, JobStore, JobWrite, NewRun, Outcome, RunRecord, StartRequest, StartResult,
} from '../../src/store/types.js';
import { MAX_ERROR_BYTES } from '../../src/store/storable.js';
import { queryContract } from './contract-queries.js';

const T0 = Date.parse('2025-03-01T12:00:00.000Z');
/** T0 + `s` seconds. */
export const at = (s: number): Date => new Date(T0 + s * 1000);

export function jobRecord(id: string, overrides: Partial<JobRecord> = {}): JobRecord {
  return {
    id,
    task: 'echo',
    triggerType: 'interval',
    triggerArgs: { seconds: 10 },
    timezone: 'UTC',
    params: {},
    executor: 'default',
    coalesce: true,
    maxInstances: 1,
    misfireGraceTime: null,
    maxAttempts: 1,
    retryDelay: 0,
    retryBackoff: 'fixed',
    retryDelayMax: null,
    retryJitter: 0,
    timeout: null,
    nextRunTime: at(3600),
    paused: false,
    definedAt: at(-3600),
    source: 'config',
    origin: 'config/test.yaml',
    version: 1,
    ...overrides,
  };
}

/** A job as the job API writes it: source 'api', by the CLI, at version 1 unless overridden. */
export function apiJob(id: string, overrides: Partial<JobRecord> = {}): JobRecord {
  return jobRecord(id, { source: 'api', origin: 'cli', version: 1, ...overrides });
}

export async function addJobs(store: JobStore, ...jobs: JobRecord[]): Promise<void> {
  await store.syncJobs(() => ({ insert: jobs, update: [], remove: [] }));
}

/** Every run of the store (or of one job), oldest first. */
export async function allRuns(store: JobStore, jobId?: string): Promise<RunRecord[]> {
  const runs = await store.listRuns(jobId === undefined ? { limit: 100_000 } : { jobId, limit: 100_000 });
  return runs.sort((a, b) => a.id - b.id);
}

/** Pauses or resumes through writeJob, as the job API does: a paused row keeps its next run time. */
export async function setPaused(store: JobStore, id: string, paused: boolean, nextRunTime?: Date | null): Promise<boolean> {
  return store.writeJob(id, (stored) =>
    stored === null ? { write: null, result: false } : { write: { update: { ...stored, paused, ...(nextRunTime === undefined ? {} : { nextRunTime }) } }, result: true },
  );
}

async function runById(store: JobStore, id: number): Promise<RunRecord> {
  const run = (await allRuns(store)).find((r) => r.id === id);
  assert.ok(run, `run ${id} exists`);
  return run;
}

/** Retries as a finish or an abandon reports them: the stored rows, ids and all, as planned. */
async function assertRetries(store: JobStore, retries: RunRecord[], planned: NewRun[]): Promise<void> {
  const plan = (r: NewRun | RunRecord) => [r.jobId, r.scheduledAt, r.attempt, r.status, r.dueAt, r.error ?? null];
  assert.deepEqual(retries.map(plan), planned.map(plan));
  const stored = await allRuns(store);
  assert.deepEqual(retries, retries.map((r) => stored.find((row) => row.id === r.id)), 'each retry is reported as stored');
}

function queued(jobId: string, scheduledAt: Date, attempt = 1, dueAt = scheduledAt): NewRun {
  return { jobId, scheduledAt, attempt, status: 'queued', dueAt };
}

function request(now: Date, instanceId: string, capacity: Partial<StartRequest['capacity']>, leaseSeconds = 30): StartRequest {
  return { now, instanceId, leaseUntil: new Date(now.getTime() + leaseSeconds * 1000), capacity: { default: 0, process: 0, ...capacity } };
}

function outcome(runId: number, status: Outcome['status'], finishedAt: Date, error: string | null = status === 'succeeded' ? null : 'boom', durationMs = 5): Outcome {
  return { runId, status, finishedAt, durationMs, error };
}

/** `stored` is `original` cut to at most MAX_ERROR_BYTES: its head and tail around a marker counting the bytes cut. */
function assertCut(stored: string | null, original: string): void {
  assert.ok(stored !== null);
  const bytes = Buffer.byteLength(stored);
  assert.ok(bytes <= MAX_ERROR_BYTES && bytes > MAX_ERROR_BYTES - 8, `stored ${bytes} bytes`);
  assert.ok(!stored.includes('\uFFFD'), 'no character was split');
  const match = /^([^]*)\n… \[truncated ([\d,]+) bytes\] …\n([^]*)$/.exec(stored);
  assert.ok(match, 'the marker says what was cut');
  const [, head, cut, tail] = match as unknown as [string, string, string, string];
  assert.ok(original.startsWith(head) && original.endsWith(tail) && head.length > tail.length);
  assert.equal(Buffer.byteLength(head) + Number(cut.replaceAll(',', '')) + Buffer.byteLength(tail), Buffer.byteLength(original));
}

const startedIds = (result: StartResult): number[] => result.started.map((s) => s.run.id).sort((a, b) => a - b);
const LEASE_ERROR = 'lease expired: the instance running it stopped renewing';

export function storeContract(name: string, makeStore: () => Promise<JobStore>): void {
  describe(`JobStore contract: ${name}`, () => {
    let store: JobStore;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    queryContract({ store: () => store, at, jobRecord, addJobs });

    /** Queues an immediate run (runNow) and returns it. */
    async function queue(jobId: string, now: Date): Promise<RunRecord> {
      const run = await store.runNow(jobId, now);
      assert.ok(run, `runNow(${jobId}) found the job`);
      return run;
    }

    /** Queues a run at `now` and starts it for `instanceId`; returns the stored running run. */
    async function startOne(jobId: string, now: Date, instanceId = 'A', leaseSeconds = 30): Promise<RunRecord> {
      const run = await queue(jobId, now);
      const result = await store.startRuns(request(now, instanceId, { default: 1, process: 1 }, leaseSeconds));
      assert.deepEqual(startedIds(result), [run.id], `run ${run.id} started`);
      return runById(store, run.id);
    }

    describe('migrate', () => {
      it('is a no-op when up to date, and rejects with the reason of an aborted signal', async () => {
        await store.migrate();
        const stop = new AbortController();
        stop.abort(new Error('stop requested'));
        await assert.rejects(store.migrate(stop.signal), /^Error: stop requested$/);
        await addJobs(store, jobRecord('after'));
        assert.deepEqual((await store.listJobs()).map((j) => j.id), ['after'], 'the store still works');
      });
    });

    describe('syncJobs', () => {
      it('applies insert, update and remove plans, handing the planner what is stored', async () => {
        const a = jobRecord('a');
        const b = jobRecord('b', { nextRunTime: at(10) });
        const seen: JobRecord[][] = [];
        const plan1 = await store.syncJobs((stored) => {
          seen.push(stored);
          return { insert: [a, b], update: [], remove: [] };
        });
        assert.deepEqual(plan1, { insert: [a, b], update: [], remove: [] });
        assert.deepEqual(await store.getJob('a'), a);
        assert.deepEqual(await store.getJob('b'), b);

        const a2: JobRecord = { ...a, task: 'other', triggerArgs: { minutes: 5 }, maxAttempts: 3, nextRunTime: null, paused: true, definedAt: at(1) };
        const c = jobRecord('c');
        const plan2 = await store.syncJobs((stored) => {
          seen.push(stored);
          return { insert: [c], update: [a2], remove: ['b'] };
        });
        assert.deepEqual(plan2, { insert: [c], update: [a2], remove: ['b'] });
        assert.deepEqual(seen[0], []);
        assert.deepEqual([...seen[1]!].sort((x, y) => (x.id < y.id ? -1 : 1)), [a, b]);
        assert.deepEqual(await store.getJob('a'), a2);
        assert.equal(await store.getJob('b'), null);
        assert.deepEqual(await store.getJob('c'), c);
        assert.deepEqual((await store.listJobs()).map((j) => j.id), ['c', 'a']);
      });

      it('round-trips every job field exactly, dates to the millisecond', async () => {
        const full = jobRecord('full', {
          task: 'reports/daily',
          triggerType: 'cron',
          triggerArgs: { hour: '*/2', minute: 5, day_of_week: 'mon-fri' },
          timezone: 'Europe/Paris',
          params: { to: ['ops', 'dev'], n: 1.5, deep: { ok: true, nil: null }, text: 'é ✓' },
          executor: 'process',
          coalesce: false,
          maxInstances: 3,
          misfireGraceTime: 0.25,
          maxAttempts: 4,
          retryDelay: 1.5,
          retryBackoff: 'exponential',
          retryDelayMax: 90.5,
          retryJitter: 0.25,
          timeout: 2.5,
          nextRunTime: new Date('2025-03-01T12:34:56.789Z'),
          definedAt: new Date('2025-02-28T23:59:59.001Z'),
        });
        const bare = jobRecord('bare', { misfireGraceTime: null, timeout: null, nextRunTime: null, paused: true, retryDelay: 0 });
        await addJobs(store, full, bare);
        assert.deepEqual(await store.getJob('full'), full);
        assert.deepEqual(await store.getJob('bare'), bare);
        assert.deepEqual(await store.listJobs(), [full, bare]);
      });

      it('round-trips run times to the millisecond', async () => {
        await addJobs(store, jobRecord('j', { maxAttempts: 2, retryDelay: 0.125 }));
        const created = await queue('j', new Date('2025-03-01T12:00:00.987Z'));
        const started = await store.startRuns({
          now: new Date('2025-03-01T12:00:01.001Z'),
          instanceId: 'A',
          leaseUntil: new Date('2025-03-01T12:00:31.999Z'),
          capacity: { default: 1, process: 0 },
        });
        assert.deepEqual(startedIds(started), [created.id]);
        const finish = await store.finishRuns('A', [outcome(created.id, 'failed', new Date('2025-03-01T12:00:02.555Z'), 'boom', 1554)]);
        await assertRetries(store, finish.retries, [queued('j', new Date('2025-03-01T12:00:00.987Z'), 2, new Date('2025-03-01T12:00:02.680Z'))]);
        const [first, retry] = await allRuns(store);
        assert.deepEqual(first, {
          id: created.id,
          jobId: 'j',
          scheduledAt: new Date('2025-03-01T12:00:00.987Z'),
          attempt: 1,
          status: 'failed',
          dueAt: new Date('2025-03-01T12:00:00.987Z'),
          startedAt: new Date('2025-03-01T12:00:01.001Z'),
          finishedAt: new Date('2025-03-01T12:00:02.555Z'),
          durationMs: 1554,
          error: 'boom',
          instanceId: 'A',
          leaseUntil: null,
        });
        assert.equal(retry?.dueAt.toISOString(), '2025-03-01T12:00:02.680Z');
        assert.equal(retry?.scheduledAt.toISOString(), '2025-03-01T12:00:00.987Z');
      });
    });

    describe('claimDueJobs', () => {
      it('claims only due, unpaused jobs and hands the planner the stored job', async () => {
        await addJobs(
          store,
          jobRecord('early', { nextRunTime: at(-5) }),
          jobRecord('ontime', { nextRunTime: at(0) }),
          jobRecord('future', { nextRunTime: at(0.001) }),
          jobRecord('paused', { nextRunTime: at(-10), paused: true }),
          jobRecord('finished', { nextRunTime: null }),
        );
        const before = new Map((await store.listJobs()).map((j) => [j.id, j]));
        const calls: Array<{ job: JobRecord; running: number }> = [];
        const claims = await store.claimDueJobs(at(0), 10, (job, running) => {
          calls.push({ job, running });
          return { runs: [queued(job.id, job.nextRunTime!)], nextRunTime: at(60) };
        });
        assert.deepEqual(claims.map((c) => c.job), calls.map((c) => c.job));
        assert.deepEqual(calls.map((c) => c.job.id), ['early', 'ontime']);
        assert.deepEqual(calls.map((c) => c.running), [0, 0]);
        assert.deepEqual(calls[0]!.job, before.get('early'));
        assert.deepEqual(calls[1]!.job, before.get('ontime'));

        const runs = await allRuns(store);
        assert.deepEqual(
          runs.map(({ id: _id, ...r }) => r),
          ['early', 'ontime'].map((jobId) => ({
            jobId,
            scheduledAt: before.get(jobId)!.nextRunTime,
            attempt: 1,
            status: 'queued',
            dueAt: before.get(jobId)!.nextRunTime,
            startedAt: null,
            finishedAt: null,
            durationMs: null,
            error: null,
            instanceId: null,
            leaseUntil: null,
          })),
        );
        assert.deepEqual((await store.getJob('early'))?.nextRunTime, at(60));
        assert.deepEqual((await store.getJob('ontime'))?.nextRunTime, at(60));
        assert.deepEqual(await store.getJob('future'), before.get('future'));
        assert.deepEqual(await store.getJob('paused'), before.get('paused'));
        assert.deepEqual(await store.getJob('finished'), before.get('finished'));
        // Claimed jobs moved on: nothing is due at the same instant any more.
        assert.deepEqual(await store.claimDueJobs(at(0), 10, () => assert.fail('nothing is due')), []);
      });

      it('honours the limit, earliest next_run_time first', async () => {
        await addJobs(store, jobRecord('j1', { nextRunTime: at(-1) }), jobRecord('j2', { nextRunTime: at(-3) }), jobRecord('j3', { nextRunTime: at(-2) }));
        const claimed: string[][] = [];
        const claim = async (): Promise<number> => {
          const ids: string[] = [];
          const claims = await store.claimDueJobs(at(0), 2, (job) => {
            ids.push(job.id);
            return { runs: [], nextRunTime: at(60) };
          });
          claimed.push(ids);
          // What comes back is what was committed: each job with the plan it was given.
          assert.deepEqual(claims.map((c) => [c.job.id, c.plan.nextRunTime]), ids.map((id) => [id, at(60)]));
          return claims.length;
        };
        assert.equal(await claim(), 2);
        assert.equal(await claim(), 1);
        assert.equal(await claim(), 0);
        assert.deepEqual(claimed, [['j2', 'j3'], ['j1'], []]);
      });

      it('inserts missed and skipped rows as finished; a null next run time finishes the job', async () => {
        await addJobs(store, jobRecord('once', { triggerType: 'date', triggerArgs: { run_date: '2025-03-01T11:59:50Z' }, nextRunTime: at(-10) }));
        const plan: DuePlan = {
          runs: [
            { jobId: 'once', scheduledAt: at(-10), attempt: 1, status: 'missed', dueAt: at(-10), error: 'too late' },
            { jobId: 'once', scheduledAt: at(-5), attempt: 1, status: 'skipped', dueAt: at(-5), error: 'full' },
            queued('once', at(0)),
          ],
          nextRunTime: null,
        };
        const claims = await store.claimDueJobs(at(0), 10, () => plan);
        assert.deepEqual(claims.map((c) => [c.job.id, c.job.nextRunTime, c.plan]), [['once', at(-10), plan]]);
        const runs = (await allRuns(store)).map((r) => ({ at: r.scheduledAt, status: r.status, finishedAt: r.finishedAt, error: r.error, startedAt: r.startedAt }));
        assert.deepEqual(runs, [
          { at: at(-10), status: 'missed', finishedAt: at(0), error: 'too late', startedAt: null },
          { at: at(-5), status: 'skipped', finishedAt: at(0), error: 'full', startedAt: null },
          { at: at(0), status: 'queued', finishedAt: null, error: null, startedAt: null },
        ]);
        const job = await store.getJob('once');
        assert.equal(job?.nextRunTime, null);
        assert.equal(job?.paused, false);
        assert.deepEqual(await store.claimDueJobs(at(1_000_000), 10, () => assert.fail('a finished job is never due')), []);
      });

      it('passes the number of runs of the job running anywhere', async () => {
        await addJobs(store, jobRecord('busy', { maxInstances: 3, nextRunTime: at(10) }), jobRecord('idle', { nextRunTime: at(10) }));
        const r1 = await queue('busy', at(0));
        await queue('busy', at(1));
        await queue('busy', at(2));
        assert.equal((await store.startRuns(request(at(2), 'A', { default: 2 }))).started.length, 2);
        assert.equal((await store.startRuns(request(at(2), 'B', { default: 2 }))).started.length, 1);
        await store.finishRuns('A', [outcome(r1.id, 'succeeded', at(3))]);
        await queue('busy', at(4)); // queued, not running: does not count
        const running = new Map<string, number>();
        await store.claimDueJobs(at(10), 10, (job, count) => {
          running.set(job.id, count);
          return { runs: [], nextRunTime: at(20) };
        });
        assert.deepEqual(Object.fromEntries(running), { busy: 2, idle: 0 });
      });

      it('keeps an existing run row and claims the rest of the batch, reporting only the runs it inserted', async () => {
        // A finished date job given its past fire time again (as a resume or a rewritten run_date did).
        await addJobs(store, jobRecord('once', { triggerType: 'date', nextRunTime: at(0) }), jobRecord('b', { nextRunTime: at(1) }), jobRecord('c', { nextRunTime: at(2) }));
        const existing = await queue('once', at(0));
        await store.startRuns(request(at(0), 'A', { default: 1 }));
        await store.finishRuns('A', [outcome(existing.id, 'succeeded', at(0.5))]);
        const before = await allRuns(store);
        const claims = await store.claimDueJobs(at(5), 10, (job) => ({
          runs: job.id === 'once' ? [queued('once', at(0))] : [queued(job.id, job.nextRunTime!), queued(job.id, job.nextRunTime!)],
          nextRunTime: job.id === 'once' ? null : at(60),
        }));
        assert.deepEqual(claims.map((c) => [c.job.id, c.plan]), [
          ['once', { runs: [], nextRunTime: null }],
          ['b', { runs: [queued('b', at(1))], nextRunTime: at(60) }],
          ['c', { runs: [queued('c', at(2))], nextRunTime: at(60) }],
        ]);
        const runs = await allRuns(store);
        assert.deepEqual(runs.slice(0, before.length), before, 'the existing row is untouched');
        assert.deepEqual(runs.slice(before.length).map((r) => [r.jobId, r.scheduledAt, r.status]), [['b', at(1), 'queued'], ['c', at(2), 'queued']]);
        assert.deepEqual((await store.listJobs()).map((j) => [j.id, j.nextRunTime]), [['b', at(60)], ['c', at(60)], ['once', null]]);
      });

      it('is atomic: a planner error leaves every job and run as it was', async () => {
        await addJobs(store, jobRecord('a', { nextRunTime: at(0) }), jobRecord('b', { nextRunTime: at(1) }));
        const existing = await queue('b', at(1));
        const jobsBefore = await store.listJobs();
        await assert.rejects(
          store.claimDueJobs(at(5), 10, (job) => {
            if (job.id === 'b') throw new Error('planner failed');
            return { runs: [queued(job.id, job.nextRunTime!)], nextRunTime: at(60) };
          }),
          /planner failed/,
        );
        assert.deepEqual(await store.listJobs(), jobsBefore);
        assert.deepEqual(await allRuns(store), [existing]);
      });
    });

    describe('startRuns', () => {
      it('starts due queued runs for this instance and returns them with their job', async () => {
        await addJobs(store, jobRecord('j', { maxInstances: 5 }));
        const due = await queue('j', at(0));
        const later = await queue('j', at(10));
        const result = await store.startRuns(request(at(5), 'A', { default: 5, process: 5 }));
        const expected: RunRecord = { ...due, status: 'running', startedAt: at(5), instanceId: 'A', leaseUntil: at(35) };
        assert.deepEqual(result, { started: [{ run: expected, job: await store.getJob('j') }], missed: [] });
        assert.deepEqual(await allRuns(store), [expected, later]);
      });

      it('with `until`, also starts runs due by then, their started_at being their due time', async () => {
        await addJobs(store, jobRecord('j', { maxInstances: 5 }));
        const due = await queue('j', at(0));
        const soon = await queue('j', at(5.2));
        const later = await queue('j', at(6));
        const result = await store.startRuns({ ...request(at(5), 'A', { default: 5 }), until: at(5.25) });
        assert.deepEqual(result.started.map((s) => [s.run.id, s.run.startedAt]), [[due.id, at(5)], [soon.id, at(5.2)]]);
        assert.deepEqual((await allRuns(store)).map((r) => [r.id, r.status, r.startedAt]), [
          [due.id, 'running', at(5)], [soon.id, 'running', at(5.2)], [later.id, 'queued', null],
        ]);
      });

      it('starts at most the free slots of each executor, earliest due first', async () => {
        await addJobs(store, jobRecord('d1'), jobRecord('d2'), jobRecord('d3'), jobRecord('p1', { executor: 'process' }), jobRecord('p2', { executor: 'process' }));
        const d1 = await queue('d1', at(0));
        const p1 = await queue('p1', at(0.5));
        const d2 = await queue('d2', at(1));
        const p2 = await queue('p2', at(1.5));
        const d3 = await queue('d3', at(2));
        const capacity = { default: 2, process: 0 };
        const first = await store.startRuns({ now: at(3), instanceId: 'A', leaseUntil: at(33), capacity });
        assert.deepEqual(startedIds(first), [d1.id, d2.id]);
        assert.deepEqual(capacity, { default: 2, process: 0 }, 'the caller’s capacity object is not modified');
        assert.deepEqual(startedIds(await store.startRuns(request(at(3), 'A', { default: 0, process: 1 }))), [p1.id]);
        assert.deepEqual(startedIds(await store.startRuns(request(at(3), 'A', { default: 5, process: 5 }))), [p2.id, d3.id].sort((a, b) => a - b));
        assert.deepEqual((await allRuns(store)).map((r) => r.status), ['running', 'running', 'running', 'running', 'running']);
      });

      it('leaves everything queued when no slot is free', async () => {
        await addJobs(store, jobRecord('late', { misfireGraceTime: 1 }));
        const run = await queue('late', at(0));
        assert.deepEqual(await store.startRuns(request(at(100), 'A', {})), { started: [], missed: [] });
        assert.deepEqual(await allRuns(store), [run]);
      });

      it('never runs more than max_instances of a job, counting runs already running', async () => {
        await addJobs(store, jobRecord('m', { maxInstances: 2 }));
        const runs = [await queue('m', at(0)), await queue('m', at(1)), await queue('m', at(2)), await queue('m', at(3))];
        assert.deepEqual(startedIds(await store.startRuns(request(at(4), 'A', { default: 10 }))), [runs[0]!.id, runs[1]!.id]);
        assert.deepEqual(startedIds(await store.startRuns(request(at(4), 'B', { default: 10 }))), []);
        await store.finishRuns('A', [outcome(runs[0]!.id, 'succeeded', at(5))]);
        assert.deepEqual(startedIds(await store.startRuns(request(at(5), 'B', { default: 10 }))), [runs[2]!.id]);
        assert.deepEqual((await allRuns(store)).map((r) => r.status), ['succeeded', 'running', 'running', 'queued']);
      });

      it('marks first attempts beyond misfire grace as missed, never retries', async () => {
        await addJobs(store, jobRecord('g', { misfireGraceTime: 2, maxInstances: 5, maxAttempts: 2, nextRunTime: at(-200) }));
        const tooLate = await queue('g', at(0));
        const justInTime = await queue('g', at(1));
        // A retry pending for a long time (e.g. across a restart): late by design, still started.
        await store.claimDueJobs(at(-200), 1, () => ({ runs: [queued('g', at(-100), 2, at(-50))], nextRunTime: at(3600) }));
        const retry = (await allRuns(store, 'g')).find((r) => r.attempt === 2)!;
        const result = await store.startRuns(request(at(3), 'A', { default: 5 }));
        const missed: RunRecord = { ...tooLate, status: 'missed', finishedAt: at(3), error: 'missed by 3.000s (beyond misfire_grace_time)' };
        assert.deepEqual(result.missed, [missed]);
        assert.deepEqual(startedIds(result), [justInTime.id, retry.id].sort((a, b) => a - b));
        assert.deepEqual(await runById(store, tooLate.id), missed);
      });

      it('never misses a run of a job without grace limit', async () => {
        await addJobs(store, jobRecord('patient', { misfireGraceTime: null }));
        const run = await queue('patient', at(0));
        const result = await store.startRuns(request(at(86_400 * 30), 'A', { default: 1 }));
        assert.deepEqual(startedIds(result), [run.id]);
        assert.deepEqual(result.missed, []);
      });

      it('gives every job its turn: one job’s catch-up backlog does not crowd out the others', async () => {
        await addJobs(store, jobRecord('backlog', { coalesce: false, nextRunTime: at(-1000) }), jobRecord('other'), jobRecord('proc', { executor: 'process' }));
        // 300 catch-up runs of one job, all older than the other jobs' runs.
        await store.claimDueJobs(at(-1000), 10, () => ({ runs: Array.from({ length: 300 }, (_, i) => queued('backlog', at(-1000 + i))), nextRunTime: at(3600) }));
        const other = await queue('other', at(0));
        const proc = await queue('proc', at(0));
        const first = await store.startRuns(request(at(1), 'A', { default: 2, process: 1 }));
        assert.deepEqual(first.started.map((s) => [s.run.jobId, s.run.scheduledAt]), [['backlog', at(-1000)], ['other', at(0)], ['proc', at(0)]]);
        // While the backlog drains one run at a time, a new run of the other job starts each time.
        const second = await queue('other', at(2));
        await store.finishRuns('A', [outcome(other.id, 'succeeded', at(2)), outcome(first.started[0]!.run.id, 'succeeded', at(2))]);
        const next = await store.startRuns(request(at(3), 'A', { default: 5 }));
        assert.deepEqual(next.started.map((s) => [s.run.jobId, s.run.scheduledAt]), [['backlog', at(-999)], ['other', at(2)]]);
        assert.equal(next.started[1]!.run.id, second.id);
        assert.equal(first.started[2]!.run.id, proc.id);
      });

      it('starts nothing of a paused job: its queued runs and retries wait, and start after the resume under misfire grace', async () => {
        await addJobs(store, jobRecord('p', { maxInstances: 5, maxAttempts: 2, misfireGraceTime: 10 }), jobRecord('q', { maxInstances: 5 }));
        const failing = await startOne('p', at(0));
        await store.finishRuns('A', [outcome(failing.id, 'failed', at(1))]); // retry due at 1
        const fresh = await queue('p', at(2));
        const old = await queue('p', at(1.5));
        const q = await queue('q', at(2));
        assert.equal(await setPaused(store, 'p', true), true);
        const paused = await store.startRuns(request(at(3), 'A', { default: 10 }));
        assert.deepEqual(paused, { started: [{ run: { ...q, status: 'running', startedAt: at(3), instanceId: 'A', leaseUntil: at(33) }, job: await store.getJob('q') }], missed: [] });
        // Long after: still queued (not missed while paused).
        assert.deepEqual(await store.startRuns(request(at(100), 'A', { default: 10 })), { started: [], missed: [] });
        assert.deepEqual((await allRuns(store, 'p')).map((r) => r.status), ['failed', 'queued', 'queued', 'queued']);
        assert.equal(await setPaused(store, 'p', false, at(3600)), true);
        const resumed = await store.startRuns(request(at(12), 'A', { default: 10 }));
        // The retry runs (late by design); the first attempts past their 10 s grace are missed.
        assert.deepEqual(resumed.started.map((s) => [s.run.id === fresh.id, s.run.scheduledAt, s.run.attempt]), [[false, at(0), 2], [true, at(2), 1]]);
        assert.deepEqual(resumed.missed.map((r) => r.id), [old.id]);
      });

      it('skips a queued run whose job was removed', async () => {
        await addJobs(store, jobRecord('gone'));
        const run = await queue('gone', at(0));
        await store.syncJobs(() => ({ insert: [], update: [], remove: ['gone'] }));
        const skipped = { ...run, status: 'skipped', finishedAt: at(1), error: 'job no longer exists' } as const;
        assert.deepEqual(await store.startRuns(request(at(1), 'A', { default: 5 })), { started: [], missed: [skipped] });
        assert.deepEqual(await runById(store, run.id), skipped);
      });
    });

    describe('finishRuns', () => {
      it('records outcomes only for running runs this instance owns; the rest are lost', async () => {
        await addJobs(store, jobRecord('f', { maxInstances: 5, maxAttempts: 3 }));
        const mine = await startOne('f', at(0), 'A');
        const theirs = await startOne('f', at(1), 'B');
        const waiting = await queue('f', at(2));
        const result = await store.finishRuns('A', [
          outcome(mine.id, 'succeeded', at(4), null, 12.6),
          outcome(theirs.id, 'failed', at(4)),
          outcome(waiting.id, 'failed', at(4)),
          outcome(999_999, 'failed', at(4)),
        ]);
        assert.deepEqual(result, { recorded: [mine.id], lost: [theirs.id, waiting.id, 999_999], retries: [] });
        assert.deepEqual(await allRuns(store), [
          { ...mine, status: 'succeeded', finishedAt: at(4), durationMs: 13, error: null, leaseUntil: null },
          theirs,
          waiting,
        ]);
        // A second outcome for a finished run is lost too, and changes nothing.
        const again = await store.finishRuns('A', [outcome(mine.id, 'failed', at(9))]);
        assert.deepEqual(again, { recorded: [], lost: [mine.id], retries: [] });
        assert.equal((await runById(store, mine.id)).status, 'succeeded');
      });

      it('queues the next attempt of a failed or interrupted run, due retry_delay after it ended', async () => {
        await addJobs(store, jobRecord('r', { maxInstances: 5, maxAttempts: 3, retryDelay: 2.5 }));
        const a = await startOne('r', at(0));
        const b = await startOne('r', at(1));
        const result = await store.finishRuns('A', [outcome(a.id, 'failed', at(10), 'boom\n    at stack'), outcome(b.id, 'interrupted', at(11), 'shutdown')]);
        assert.deepEqual([result.recorded, result.lost], [[a.id, b.id], []]);
        await assertRetries(store, result.retries, [queued('r', at(0), 2, at(12.5)), queued('r', at(1), 2, at(13.5))]);
        const runs = await allRuns(store);
        assert.deepEqual(runs.map((r) => [r.scheduledAt, r.attempt, r.status, r.dueAt, r.error]), [
          [at(0), 1, 'failed', at(0), 'boom\n    at stack'],
          [at(1), 1, 'interrupted', at(1), 'shutdown'],
          [at(0), 2, 'queued', at(12.5), null],
          [at(1), 2, 'queued', at(13.5), null],
        ]);
      });

      it('backs off exponentially: each retry due retry_delay × 2^(attempt − 1) after the failure, capped by retry_delay_max', async () => {
        await addJobs(store, jobRecord('b', { maxInstances: 5, maxAttempts: 5, retryDelay: 1.5, retryBackoff: 'exponential', retryDelayMax: 5 }));
        const first = await startOne('b', at(0));
        let result = await store.finishRuns('A', [outcome(first.id, 'failed', at(10))]);
        const dues: Date[] = [];
        for (const failedAt of [12, 16, 22]) {
          const retry = result.retries[0]!;
          dues.push(retry.dueAt);
          const started = await store.startRuns(request(retry.dueAt, 'A', { default: 1 }));
          result = await store.finishRuns('A', [outcome(started.started[0]!.run.id, 'failed', at(failedAt))]);
        }
        dues.push(result.retries[0]!.dueAt);
        // Failed at 10, 12, 16, 22: delays 1.5, 3, then 6 and 12 capped at 5.
        assert.deepEqual(dues, [at(11.5), at(15), at(21), at(27)]);
        assert.deepEqual((await allRuns(store)).map((r) => [r.attempt, r.status, r.dueAt]), [
          [1, 'failed', at(0)], [2, 'failed', at(11.5)], [3, 'failed', at(15)], [4, 'failed', at(21)], [5, 'queued', at(27)],
        ]);
      });

      it('takes retry_jitter off the delay, never adding to it, on failure and on an abandoned lease alike', async () => {
        await addJobs(store, jobRecord('j', { maxInstances: 5, maxAttempts: 2, retryDelay: 8, retryJitter: 0.5 }));
        const failed = await startOne('j', at(0));
        await startOne('j', at(1)); // its lease runs out at 31
        const [retry] = (await store.finishRuns('A', [outcome(failed.id, 'failed', at(10))])).retries;
        await store.abandonExpired(at(40));
        const dues = (await allRuns(store)).filter((r) => r.attempt === 2).map((r) => r.dueAt.getTime());
        assert.equal(dues.length, 2);
        assert.equal(dues[0], retry!.dueAt.getTime());
        // 8 s less a random part of up to half of it: in [4 s, 8 s) after the failure (10) and after
        // the abandon (40); exactly 8 s only if Math.random() returned 0 (odds 2^-53).
        assert.ok(dues[0]! >= at(14).getTime() && dues[0]! < at(18).getTime(), `failed retry due ${new Date(dues[0]!).toISOString()}`);
        assert.ok(dues[1]! >= at(44).getTime() && dues[1]! < at(48).getTime(), `abandoned retry due ${new Date(dues[1]!).toISOString()}`);
      });

      it('queues no attempt after a success or when attempts are used up', async () => {
        await addJobs(store, jobRecord('x', { maxInstances: 5, maxAttempts: 2, retryDelay: 1 }));
        const ok = await startOne('x', at(0));
        assert.deepEqual((await store.finishRuns('A', [outcome(ok.id, 'succeeded', at(1))])).retries, []);
        const bad = await startOne('x', at(2));
        await assertRetries(store, (await store.finishRuns('A', [outcome(bad.id, 'failed', at(3))])).retries, [queued('x', at(2), 2, at(4))]);
        const second = await store.startRuns(request(at(4), 'A', { default: 1 }));
        assert.deepEqual(second.started.map((s) => [s.run.scheduledAt, s.run.attempt]), [[at(2), 2]]);
        const last = await store.finishRuns('A', [outcome(second.started[0]!.run.id, 'failed', at(5))]);
        assert.deepEqual(last, { recorded: [second.started[0]!.run.id], lost: [], retries: [] });
        assert.deepEqual((await allRuns(store)).map((r) => [r.scheduledAt, r.attempt, r.status]), [
          [at(0), 1, 'succeeded'],
          [at(2), 1, 'failed'],
          [at(2), 2, 'failed'],
        ]);
      });
    });

    describe('finishRuns: values past what the store holds', () => {
      it('cuts an error text over 65,535 bytes (by UTF-8 bytes) to its head and tail around a marker, beside healthy outcomes', async () => {
        await addJobs(store, jobRecord('long', { maxInstances: 5 }), jobRecord('ok', { maxInstances: 5 }));
        const mixed = `Error: boom ${'é€😀x'.repeat(7_000)} at the end`; // 2 + 3 + 4 + 1 bytes a repeat
        const wide = '😀'.repeat(17_000); // 68,000 bytes, every cut must fall between 4-byte characters
        const exact = 'x'.repeat(MAX_ERROR_BYTES);
        const a = (await startOne('long', at(0))).id;
        const b = (await startOne('long', at(1))).id;
        const c = (await startOne('long', at(2))).id;
        const ok = (await startOne('ok', at(3))).id;
        const result = await store.finishRuns('A', [
          outcome(a, 'failed', at(5), mixed), outcome(b, 'interrupted', at(5), wide), outcome(c, 'failed', at(5), exact), outcome(ok, 'succeeded', at(5)),
        ]);
        assert.deepEqual(result, { recorded: [a, b, c, ok], lost: [], retries: [] });
        for (const [id, original] of [[a, mixed], [b, wide]] as const) assertCut((await runById(store, id)).error, original);
        assert.equal((await runById(store, c)).error, exact, 'a text of exactly 65,535 bytes is kept whole');
        assert.equal((await runById(store, ok)).status, 'succeeded');
      });

      it('records a retry due past year 9999 as a skipped attempt saying why, beside healthy outcomes', async () => {
        await addJobs(
          store,
          jobRecord('huge', { maxInstances: 5, maxAttempts: 3, retryDelay: 1e300 }),
          jobRecord('far', { maxInstances: 5, maxAttempts: 3, retryDelay: 1e12 }),
          jobRecord('near', { maxInstances: 5, maxAttempts: 3, retryDelay: 1 }),
        );
        const huge = await startOne('huge', at(0));
        const far = await startOne('far', at(1));
        const near = await startOne('near', at(2));
        const ok = await startOne('near', at(3));
        const result = await store.finishRuns('A', [
          outcome(huge.id, 'failed', at(5)), outcome(far.id, 'interrupted', at(5)), outcome(near.id, 'failed', at(5)), outcome(ok.id, 'succeeded', at(5)),
        ]);
        const notRetried = (delay: string, scheduledAt: Date, jobId: string): NewRun => ({
          jobId, scheduledAt, attempt: 2, status: 'skipped', dueAt: at(5),
          error: `not retried: retry_delay ${delay}s puts attempt 2 past 9999-12-31T23:59:59.999Z, the latest time the store holds`,
        });
        assert.deepEqual([result.recorded, result.lost], [[huge.id, far.id, near.id, ok.id], []]);
        await assertRetries(store, result.retries, [notRetried('1e+300', at(0), 'huge'), notRetried('1000000000000', at(1), 'far'), queued('near', at(2), 2, at(6))]);
        assert.deepEqual((await allRuns(store)).map((r) => [r.jobId, r.attempt, r.status, r.dueAt, r.finishedAt, r.error]), [
          ['huge', 1, 'failed', at(0), at(5), 'boom'],
          ['far', 1, 'interrupted', at(1), at(5), 'boom'],
          ['near', 1, 'failed', at(2), at(5), 'boom'],
          ['near', 1, 'succeeded', at(3), at(5), null],
          ['huge', 2, 'skipped', at(5), at(5), notRetried('1e+300', at(0), 'huge').error],
          ['far', 2, 'skipped', at(5), at(5), notRetried('1000000000000', at(1), 'far').error],
          ['near', 2, 'queued', at(6), null, null],
        ]);
      });

      it('abandoning a run whose retry would be due past year 9999 records that retry as skipped', async () => {
        await addJobs(store, jobRecord('huge', { maxInstances: 5, maxAttempts: 2, retryDelay: 1e300 }));
        const run = await startOne('huge', at(0));
        const { abandoned, retries } = await store.abandonExpired(at(31));
        assert.deepEqual(abandoned.map((r) => r.id), [run.id]);
        assert.deepEqual(retries.map((r) => [r.attempt, r.status, r.dueAt]), [[2, 'skipped', at(31)]]);
        assert.deepEqual((await allRuns(store)).map((r) => [r.attempt, r.status, r.dueAt]), [[1, 'abandoned', at(0)], [2, 'skipped', at(31)]]);
      });
    });

    describe('leases', () => {
      it('renewLeases extends only this instance’s running runs', async () => {
        await addJobs(store, jobRecord('l', { maxInstances: 5 }));
        const a1 = await startOne('l', at(0), 'A');
        const a2 = await startOne('l', at(1), 'A');
        const b1 = await startOne('l', at(2), 'B');
        const aDone = await startOne('l', at(3), 'A');
        await store.finishRuns('A', [outcome(aDone.id, 'succeeded', at(4))]);
        await store.renewLeases('A', at(20), at(50));
        const runs = await allRuns(store);
        assert.deepEqual(runs.map((r) => [r.id, r.status, r.leaseUntil]), [
          [a1.id, 'running', at(50)],
          [a2.id, 'running', at(50)],
          [b1.id, 'running', at(32)],
          [aDone.id, 'succeeded', null],
        ]);
      });

      it('abandonExpired marks running runs with an expired lease abandoned and queues their retry', async () => {
        await addJobs(store, jobRecord('e', { maxInstances: 5, maxAttempts: 2, retryDelay: 5 }), jobRecord('once', { maxAttempts: 1 }));
        const e1 = await startOne('e', at(0), 'A'); // lease until 30
        const e2 = await startOne('e', at(10), 'B'); // lease until 40
        const o1 = await startOne('once', at(0), 'A'); // lease until 30
        assert.deepEqual(await store.abandonExpired(at(30)), { abandoned: [], retries: [] }, 'a lease ending exactly now has not expired');
        const { abandoned, retries } = await store.abandonExpired(at(35));
        assert.deepEqual(abandoned.sort((x, y) => x.id - y.id), [
          { ...e1, status: 'abandoned', finishedAt: at(35), error: LEASE_ERROR },
          { ...o1, status: 'abandoned', finishedAt: at(35), error: LEASE_ERROR },
        ]);
        await assertRetries(store, retries, [queued('e', at(0), 2, at(40))]);
        assert.deepEqual(await store.abandonExpired(at(35)), { abandoned: [], retries: [] });
        const runs = await allRuns(store);
        assert.deepEqual(runs.map((r) => [r.jobId, r.scheduledAt, r.attempt, r.status, r.dueAt, r.finishedAt, r.leaseUntil]), [
          ['e', at(0), 1, 'abandoned', at(0), at(35), null],
          ['e', at(10), 1, 'running', at(10), null, at(40)],
          ['once', at(0), 1, 'abandoned', at(0), at(35), null],
          ['e', at(0), 2, 'queued', at(40), null, null],
        ]);
        // The stale owner can no longer record an outcome.
        assert.deepEqual(await store.finishRuns('A', [outcome(e1.id, 'succeeded', at(36))]), { recorded: [], lost: [e1.id], retries: [] });
        assert.equal(e2.instanceId, 'B');
      });
    });

    describe('nextWakeTime', () => {
      it('is the earliest unpaused next_run_time or queued due time', async () => {
        assert.equal(await store.nextWakeTime(), null);
        await addJobs(store, jobRecord('a', { nextRunTime: at(50) }), jobRecord('p', { nextRunTime: at(5), paused: true }), jobRecord('f', { nextRunTime: null }), jobRecord('b', { nextRunTime: at(70) }));
        assert.deepEqual(await store.nextWakeTime(), at(50));
        await queue('b', at(40));
        assert.deepEqual(await store.nextWakeTime(), at(40));
        await store.startRuns(request(at(40), 'A', { default: 1 }));
        assert.deepEqual(await store.nextWakeTime(), at(50), 'running runs do not wake anyone');
        await setPaused(store, 'a', true);
        assert.deepEqual(await store.nextWakeTime(), at(70), 'a paused job keeps its time but wakes no one');
      });
    });

    describe('jobs and runs', () => {
      it('never claims nor wakes for a paused job, which keeps its next run time for a resume', async () => {
        await addJobs(store, jobRecord('a', { nextRunTime: at(0) }));
        assert.equal(await setPaused(store, 'a', true), true);
        assert.deepEqual((await store.getJob('a'))?.nextRunTime, at(0));
        assert.deepEqual(await store.claimDueJobs(at(1_000_000), 10, () => assert.fail('a paused job is never due')), []);
        assert.equal(await store.nextWakeTime(), null);
        assert.equal(await setPaused(store, 'a', false, at(70)), true);
        assert.deepEqual(await store.getJob('a'), jobRecord('a', { nextRunTime: at(70), paused: false }));
        assert.equal(await setPaused(store, 'nope', false, at(70)), false);
        assert.equal(await store.getJob('nope'), null);
      });

      it('runNow queues an immediate first attempt', async () => {
        await addJobs(store, jobRecord('a'));
        const run = await store.runNow('a', at(7.5));
        assert.ok(run && Number.isInteger(run.id) && run.id > 0);
        assert.deepEqual(run, {
          id: run.id, jobId: 'a', scheduledAt: at(7.5), attempt: 1, status: 'queued', dueAt: at(7.5),
          startedAt: null, finishedAt: null, durationMs: null, error: null, instanceId: null, leaseUntil: null,
        });
        assert.deepEqual(await allRuns(store), [run]);
        assert.equal(await store.runNow('nope', at(7.5)), null);
      });

      it('runsByKey reads runs back by (job_id, scheduled_at, attempt), in the order asked, without keys that have no run', async () => {
        await addJobs(store, jobRecord('k', { maxInstances: 5, nextRunTime: at(0) }), jobRecord('m', { nextRunTime: at(0) }));
        const skipped: NewRun = { jobId: 'k', scheduledAt: at(1.234), attempt: 1, status: 'skipped', dueAt: at(1.234), error: 'max_instances reached (5 running)' };
        const missed: NewRun = { jobId: 'm', scheduledAt: at(0.001), attempt: 1, status: 'missed', dueAt: at(0.001), error: 'missed by 9.999s' };
        const plans = new Map([['k', [queued('k', at(0.5)), skipped, queued('k', at(0.5), 2, at(9))]], ['m', [missed]]]);
        await store.claimDueJobs(at(10), 10, (job) => ({ runs: plans.get(job.id)!, nextRunTime: at(3600) }));
        const [k1, kSkipped, k2, mMissed] = await allRuns(store);
        assert.ok(k1 && kSkipped && k2 && mMissed);
        const absent = { jobId: 'k', scheduledAt: at(0.5), attempt: 3 };
        const found = await store.runsByKey([missed, absent, queued('k', at(0.5), 2), skipped, { jobId: 'k', scheduledAt: at(0.5), attempt: 1 }]);
        assert.deepEqual(found, [mMissed, k2, kSkipped, k1]);
        assert.deepEqual([mMissed.status, kSkipped.error, k2.dueAt], ['missed', 'max_instances reached (5 running)', at(9)]);
        assert.deepEqual(await store.runsByKey([]), []);
      });

      it('lists jobs by next run time, paused and finished last', async () => {
        await addJobs(
          store,
          jobRecord('c', { nextRunTime: at(20) }),
          jobRecord('job-a', { nextRunTime: null, paused: true }),
          jobRecord('b', { nextRunTime: at(10) }),
          jobRecord('Z', { nextRunTime: null }),
          jobRecord('a', { nextRunTime: at(10) }),
          jobRecord('job-B', { nextRunTime: null, paused: true }),
        );
        // Ties and NULLs by id, compared exactly (as the utf8mb4_bin column does): 'Z' < 'job-B' < 'job-a'.
        assert.deepEqual((await store.listJobs()).map((j) => j.id), ['a', 'b', 'c', 'Z', 'job-B', 'job-a']);
      });

      it('lists runs newest first, filtered by job and status, up to the limit', async () => {
        await addJobs(store, jobRecord('a', { maxInstances: 5 }), jobRecord('b', { maxInstances: 5 }));
        const a1 = await startOne('a', at(0));
        const b1 = await queue('b', at(1));
        const a2 = await queue('a', at(2));
        const b2 = await queue('b', at(3));
        const ids = async (filter: Parameters<JobStore['listRuns']>[0]) => (await store.listRuns(filter)).map((r) => r.id);
        assert.deepEqual(await ids({ limit: 10 }), [b2.id, a2.id, b1.id, a1.id]);
        assert.deepEqual(await ids({ limit: 2 }), [b2.id, a2.id]);
        assert.deepEqual(await ids({ jobId: 'a', limit: 10 }), [a2.id, a1.id]);
        assert.deepEqual(await ids({ status: 'queued', limit: 10 }), [b2.id, a2.id, b1.id]);
        assert.deepEqual(await ids({ jobId: 'a', status: 'running', limit: 10 }), [a1.id]);
        assert.deepEqual(await ids({ jobId: 'b', status: 'running', limit: 10 }), []);
        assert.deepEqual(await ids({ jobId: 'nope', limit: 10 }), []);
      });

      it('deleteRunsBefore deletes finished runs older than the cutoff, oldest first, at most limit', async () => {
        await addJobs(store, jobRecord('d', { maxInstances: 5 }), jobRecord('m', { nextRunTime: at(6) }));
        const running = await queue('d', at(1));
        const f1 = await queue('d', at(2));
        const f2 = await queue('d', at(3));
        const f3 = await queue('d', at(4));
        assert.equal((await store.startRuns(request(at(4), 'A', { default: 10 }))).started.length, 4);
        await store.finishRuns('A', [outcome(f1.id, 'succeeded', at(10)), outcome(f2.id, 'failed', at(5)), outcome(f3.id, 'succeeded', at(20))]);
        await store.claimDueJobs(at(7), 10, (job) => ({ runs: [{ ...queued(job.id, at(6)), status: 'missed', error: 'late' }], nextRunTime: at(60) }));
        const waiting = await queue('d', at(30));
        assert.equal(await store.deleteRunsBefore(at(20), 2), 2);
        assert.deepEqual((await allRuns(store)).map((r) => r.id), [running.id, f1.id, f3.id, waiting.id], 'the two oldest finished (5 s, 7 s) went first');
        assert.equal(await store.deleteRunsBefore(at(20), 10), 1);
        assert.deepEqual((await allRuns(store)).map((r) => r.id), [running.id, f3.id, waiting.id]);
        assert.equal(await store.deleteRunsBefore(at(1_000_000), 0), 0);
        assert.equal(await store.deleteRunsBefore(at(1_000_000), 10), 1);
        assert.deepEqual((await allRuns(store)).map((r) => r.status), ['running', 'queued']);
      });
    });

    describe('writeJob', () => {
      /** A writer as the job API's addJob with onConflict 'update' would be: insert at 1, else the next version. */
      const upsert = (id: string, origin: string) => (stored: JobRecord | null) =>
        stored === null
          ? { write: { insert: apiJob(id, { origin }) }, result: 1 }
          : { write: { update: { ...stored, origin, version: stored.version + 1 } }, result: stored.version + 1 };

      it('inserts what the writer decides from an absent row, and returns its result', async () => {
        const seen: Array<JobRecord | null> = [];
        const result = await store.writeJob('w', (stored) => {
          seen.push(stored);
          return { write: { insert: apiJob('w') }, result: 'added' };
        });
        assert.equal(result, 'added');
        assert.deepEqual(seen, [null]);
        assert.deepEqual(await store.getJob('w'), apiJob('w'));
      });

      it('updates with exactly the record given (source, origin and version too), and clears broken', async () => {
        await addJobs(store, jobRecord('w', { nextRunTime: at(0) }));
        // Set aside as broken, as the loop's planner does with a definition it cannot use.
        await store.claimDueJobs(at(1), 10, (job) => ({ runs: [], nextRunTime: job.nextRunTime, broken: 'unknown executor "gpu"' }));
        const stored = await store.getJob('w');
        assert.equal(stored?.broken, 'unknown executor "gpu"');
        const changed = apiJob('w', { task: 'other', triggerArgs: { minutes: 5 }, params: { user: 7 }, maxAttempts: 3, nextRunTime: null, paused: true, definedAt: at(5), version: 9 });
        await store.writeJob('w', (s) => {
          assert.deepEqual(s, stored, 'the writer sees the stored row');
          return { write: { update: { ...changed, broken: s?.broken } }, result: undefined };
        });
        assert.deepEqual(await store.getJob('w'), changed);
        assert.deepEqual(await store.claimDueJobs(at(1_000_000), 10, () => assert.fail('a paused job is never due')), []);
      });

      it('removes the row and keeps its runs (the history stays)', async () => {
        await store.writeJob('w', upsert('w', 'cli'));
        const run = await queue('w', at(1));
        assert.equal(await store.writeJob('w', () => ({ write: { remove: 'w' }, result: 'removed' })), 'removed');
        assert.equal(await store.getJob('w'), null);
        assert.deepEqual(await allRuns(store), [run]);
      });

      it('writes nothing when the writer decides no write', async () => {
        await store.writeJob('w', upsert('w', 'cli'));
        assert.equal(await store.writeJob('w', () => ({ write: null, result: 'unchanged' })), 'unchanged');
        assert.equal(await store.writeJob('none', () => ({ write: null, result: 'absent' })), 'absent');
        assert.deepEqual(await store.listJobs(), [apiJob('w')]);
      });

      it('writes nothing when the writer throws, and rejects with its error', async () => {
        await store.writeJob('w', upsert('w', 'cli'));
        const refusal = new Error('job "w" is at version 1, not 3');
        await assert.rejects(store.writeJob('w', () => { throw refusal; }), (error) => error === refusal);
        await assert.rejects(store.writeJob('new', () => { throw refusal; }), (error) => error === refusal);
        assert.deepEqual(await store.listJobs(), [apiJob('w')]);
      });

      it('refuses a write that contradicts the row it was decided from, writing nothing', async () => {
        await store.writeJob('w', upsert('w', 'cli'));
        const refusals: Array<[string, JobWrite, RegExp]> = [
          ['w', { insert: apiJob('w') }, /^Error: job write inserts "w", which is stored already$/],
          ['x', { update: apiJob('x') }, /^Error: job write updates "x", which is not stored$/],
          ['x', { remove: 'x' }, /^Error: job write for "x" removes a job that is not stored$/],
          ['w', { update: apiJob('v') }, /^Error: job write for "w" writes "v"$/],
          ['w', { remove: 'v' }, /^Error: job write for "w" removes "v"$/],
        ];
        for (const [id, write, message] of refusals) await assert.rejects(store.writeJob(id, () => ({ write, result: null })), message);
        assert.deepEqual(await store.listJobs(), [apiJob('w')]);
      });

      it('refuses, naming the job, a value the store cannot hold, writing nothing', async () => {
        const refusals: Array<[Partial<JobRecord>, RegExp]> = [
          [{ origin: 'é'.repeat(192) }, /^RangeError: job "w": origin is 192 characters long; at most 191 are stored$/],
          [{ params: { blob: 'x'.repeat(65_530) } }, /^RangeError: job "w": params is 65,541 bytes of JSON; at most 65,535 are stored$/],
          [{ triggerArgs: { run_date: 'x'.repeat(65_530) } }, /^RangeError: job "w": trigger_args is 65,545 bytes of JSON; at most 65,535 are stored$/],
          [{ nextRunTime: new Date('+010000-01-01T00:00:00Z') }, /^RangeError: job "w": next_run_time \+010000-01-01T00:00:00.000Z cannot be stored: times run from 1000-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z$/],
          [{ definedAt: new Date(NaN) }, /^RangeError: job "w": defined_at \(an invalid date\) cannot be stored: times run from /],
        ];
        for (const [overrides, message] of refusals) await assert.rejects(store.writeJob('w', () => ({ write: { insert: apiJob('w', overrides) }, result: null })), message);
        assert.deepEqual(await store.listJobs(), []);
        // At the limit it is stored as given.
        const longest = apiJob('w', { origin: 'é'.repeat(191), params: { blob: 'x'.repeat(65_524) } });
        await store.writeJob('w', () => ({ write: { insert: longest }, result: null }));
        assert.deepEqual(await store.getJob('w'), longest);
      });

      it('concurrent writes of one new id all succeed, each seeing the write before it', async () => {
        // On MySQL the calls run on several pooled connections at once: the first inserts race.
        const WRITERS = 20;
        const versions = await Promise.all(Array.from({ length: WRITERS }, (_, i) => store.writeJob('race', upsert('race', `w${i}`))));
        assert.deepEqual([...versions].sort((a, b) => a - b), Array.from({ length: WRITERS }, (_, i) => i + 1));
        const jobs = await store.listJobs();
        assert.deepEqual(jobs.map((j) => [j.id, j.version]), [['race', WRITERS]]);
      });
    });

    describe('syncJobs and job API rows', () => {
      const FILE = 'config/test.yaml';
      const def = (id: string): TaskDef => {
        const { nextRunTime: _n, paused: _p, definedAt: _d, source: _s, origin: _o, version: _v, ...spec } = jobRecord(id);
        return spec;
      };

      it('the start-up sync leaves API rows untouched: schedule, pause and version survive', async () => {
        const api = apiJob('api', { nextRunTime: at(-30), paused: true, version: 4 });
        await store.writeJob('api', () => ({ write: { insert: api }, result: null }));
        const plan = await store.syncJobs(syncPlanner([def('cfg')], at(0), FILE));
        assert.deepEqual(plan, { insert: [{ ...def('cfg'), paused: false, definedAt: at(0), nextRunTime: at(10), source: 'config', origin: FILE, version: 1 }], update: [], remove: [] });
        assert.deepEqual(await store.getJob('api'), api);
        const emptied = await store.syncJobs(syncPlanner([], at(100), FILE));
        assert.deepEqual(emptied.remove, ['cfg']);
        assert.deepEqual(await store.listJobs(), [api]);
      });

      it('a configured id held by an API row stops the sync with one line naming both, writing nothing', async () => {
        await store.writeJob('report', () => ({ write: { insert: apiJob('report', { origin: 'cli', version: 3 }) }, result: null }));
        await addJobs(store, jobRecord('old'));
        const before = await store.listJobs();
        await assert.rejects(
          store.syncJobs(syncPlanner([def('fresh'), def('report')], at(0), FILE)),
          (error) => error instanceof ConfigError && error.message === 'config/test.yaml: tasks.report: job "report" already exists, added at runtime (by cli, version 3): remove it (scheduler remove report) or rename this task',
        );
        assert.deepEqual(await store.listJobs(), before, 'neither the new job inserted nor the unconfigured one removed');
      });
    });

    describe('retryRun and getRun', () => {
      /** A run of `jobId` ended as `status`, the way the loop ends one. */
      async function ended(jobId: string, status: 'failed' | 'interrupted' | 'succeeded', at0: number): Promise<RunRecord> {
        const run = await startOne(jobId, at(at0));
        await store.finishRuns('A', [outcome(run.id, status, at(at0 + 1))]);
        return runById(store, run.id);
      }

      it('getRun reads one run by id; null for none', async () => {
        await addJobs(store, jobRecord('g'));
        const run = await queue('g', at(1));
        assert.deepEqual(await store.getRun(run.id), run);
        assert.equal(await store.getRun(run.id + 1000), null);
      });

      it('queues the next attempt of an ended run of its fire time, due now, even past max_attempts', async () => {
        await addJobs(store, jobRecord('r', { maxInstances: 5, maxAttempts: 1 }));
        const failed = await ended('r', 'failed', 0);
        const retry = await store.retryRun(failed.id, at(100));
        assert.deepEqual(retry, {
          id: retry.id, jobId: 'r', scheduledAt: at(0), attempt: 2, status: 'queued', dueAt: at(100),
          startedAt: null, finishedAt: null, durationMs: null, error: null, instanceId: null, leaseUntil: null,
        });
        assert.deepEqual(await store.getRun(retry.id), retry);
        assert.deepEqual(await store.nextWakeTime(), at(100));
        // Every final status but succeeded can be retried.
        const interrupted = await ended('r', 'interrupted', 10);
        await store.claimDueJobs(at(3600), 10, () => ({ runs: [{ ...queued('r', at(20)), status: 'missed', error: 'late' }, { ...queued('r', at(21)), status: 'skipped', error: 'busy' }], nextRunTime: at(7200) }));
        const [missed, skipped] = (await allRuns(store)).filter((r) => r.status === 'missed' || r.status === 'skipped');
        const abandoned = await startOne('r', at(30), 'B', 5);
        await store.abandonExpired(at(100));
        for (const run of [interrupted, missed!, skipped!, abandoned]) {
          assert.deepEqual(await store.retryRun(run.id, at(200)).then((r) => [r.scheduledAt, r.attempt, r.status]), [run.scheduledAt, run.attempt + 1, 'queued'], run.status);
        }
      });

      it('refuses, saying why, a run not ended, succeeded, not the last attempt, or of a removed job; nothing is queued', async () => {
        // Each run is started alone (one free slot): the policy's retry of `first` is due much later.
        await addJobs(store, jobRecord('r', { maxInstances: 5, maxAttempts: 2, retryDelay: 1000 }), jobRecord('gone', { maxInstances: 5 }));
        const running = await startOne('r', at(1));
        const succeeded = await ended('r', 'succeeded', 2);
        const first = await ended('r', 'failed', 4);
        const second = (await allRuns(store)).find((r) => r.attempt === 2);
        assert.ok(second, 'the policy queued attempt 2');
        const orphan = await ended('gone', 'failed', 6);
        await store.writeJob('gone', () => ({ write: { remove: 'gone' }, result: null }));
        const waiting = await queue('r', at(8));
        const count = (await allRuns(store)).length;
        const refusals: Array<[number, string]> = [
          [waiting.id, `run ${waiting.id} cannot be retried: it is queued; only an ended run can be retried`],
          [running.id, `run ${running.id} cannot be retried: it is running; only an ended run can be retried`],
          [succeeded.id, `run ${succeeded.id} cannot be retried: it succeeded`],
          [first.id, `run ${first.id} cannot be retried: it is attempt 1 of its fire time ${at(4).toISOString()}, and attempt 2 (run ${second.id}) came after it`],
          [orphan.id, `run ${orphan.id} cannot be retried: its job "gone" no longer exists`],
        ];
        for (const [id, message] of refusals) {
          await assert.rejects(store.retryRun(id, at(100)), (error) => error instanceof RunNotRetryableError && error.message === message);
        }
        await assert.rejects(store.retryRun(999_999, at(100)), (error) => error instanceof RunNotFoundError && error.message === 'no run 999999 in the store');
        assert.equal((await allRuns(store)).length, count);
      });

      it('two concurrent retries of one run queue one attempt; the other is refused', async () => {
        await addJobs(store, jobRecord('r', { maxInstances: 5 }));
        const failed = await ended('r', 'failed', 0);
        const results = await Promise.allSettled([store.retryRun(failed.id, at(10)), store.retryRun(failed.id, at(10))]);
        assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
        const refused = results.find((r) => r.status === 'rejected');
        assert.ok(refused?.status === 'rejected' && refused.reason instanceof RunNotRetryableError, String(refused));
        assert.deepEqual((await allRuns(store)).map((r) => [r.attempt, r.status]), [[1, 'failed'], [2, 'queued']]);
      });
    });

    describe('unique (job_id, scheduled_at, attempt)', () => {
      it('never stores a key twice, and a taken key never fails a claim', async () => {
        await addJobs(store, jobRecord('u', { maxInstances: 5, nextRunTime: at(100) }));
        const first = await queue('u', at(1));
        const claims = await store.claimDueJobs(at(100), 10, () => ({ runs: [queued('u', at(1)), queued('u', at(5)), queued('u', at(5))], nextRunTime: at(200) }));
        assert.deepEqual(claims.map((c) => c.plan), [{ runs: [queued('u', at(5))], nextRunTime: at(200) }]);
        assert.deepEqual((await allRuns(store)).map((r) => [r.id === first.id, r.scheduledAt, r.attempt]), [[true, at(1), 1], [false, at(5), 1]]);
        assert.deepEqual((await store.getJob('u'))?.nextRunTime, at(200));
        // Another attempt or another time is a different key.
        await store.claimDueJobs(at(200), 10, () => ({ runs: [queued('u', at(1), 2), queued('u', at(1.001))], nextRunTime: at(300) }));
        assert.equal((await allRuns(store)).length, 4);
      });

      it('runNow at an instant already taken takes the next free millisecond', async () => {
        await addJobs(store, jobRecord('u', { maxInstances: 5 }));
        const first = await queue('u', at(1));
        const second = await queue('u', at(1));
        const third = await queue('u', at(1));
        assert.deepEqual([first, second, third].map((r) => r.scheduledAt), [at(1), at(1.001), at(1.002)]);
        assert.deepEqual((await allRuns(store)).map((r) => r.id), [first.id, second.id, third.id]);
      });

      it('a retry whose key is taken is neither stored twice nor reported, and the other outcomes are recorded', async () => {
        await addJobs(store, jobRecord('r', { maxInstances: 5, maxAttempts: 3 }));
        const a = await startOne('r', at(0));
        const b = await startOne('r', at(1));
        // Attempt 2 of the first fire time exists already (queued by hand, say).
        await store.claimDueJobs(at(3600), 10, () => ({ runs: [queued('r', at(0), 2, at(50))], nextRunTime: at(7200) }));
        const result = await store.finishRuns('A', [outcome(a.id, 'failed', at(2)), outcome(b.id, 'failed', at(2))]);
        assert.deepEqual(result.recorded.sort((x, y) => x - y), [a.id, b.id]);
        await assertRetries(store, result.retries, [queued('r', at(1), 2, at(2))]);
        assert.deepEqual((await allRuns(store)).map((r) => [r.scheduledAt, r.attempt, r.status, r.dueAt]), [
          [at(0), 1, 'failed', at(0)], [at(1), 1, 'failed', at(1)], [at(0), 2, 'queued', at(50)], [at(1), 2, 'queued', at(2)],
        ]);
      });

      it('listRuns filters by fire time', async () => {
        await addJobs(store, jobRecord('f', { maxInstances: 5 }));
        const one = await queue('f', at(1));
        await queue('f', at(2));
        assert.deepEqual((await store.listRuns({ jobId: 'f', scheduledAt: at(1), limit: 10 })).map((r) => r.id), [one.id]);
        assert.deepEqual(await store.listRuns({ jobId: 'f', scheduledAt: at(3), limit: 10 }), []);
      });
    });
    describe('dashboard reads', () => {
      /** Runs of 'a' at 0, 1, 2 s finished at 10 (succeeded), 20 (failed), 70 s (succeeded); one running; one queued. */
      async function history() {
        await addJobs(store, jobRecord('a', { maxInstances: 10 }), jobRecord('b', { nextRunTime: at(100) }), jobRecord('c', { nextRunTime: at(100.5) }), jobRecord('d', { nextRunTime: null, paused: true }));
        const [a1, a2, a3] = [await queue('a', at(0)), await queue('a', at(1)), await queue('a', at(2))];
        assert.equal((await store.startRuns(request(at(2), 'A', { default: 10 }))).started.length, 3);
        await store.finishRuns('A', [outcome(a1!.id, 'succeeded', at(10)), outcome(a2!.id, 'failed', at(20)), outcome(a3!.id, 'succeeded', at(70))]);
        // b's fire time at 100 s found too late: recorded missed, finished when recorded (100 s).
        await store.claimDueJobs(at(100), 1, (job) => ({ runs: [{ ...queued(job.id, at(100)), status: 'missed', error: 'late' }], nextRunTime: at(3600) }));
        const running = await startOne('a', at(110));
        const waiting = await queue('a', at(150));
        return { a1: a1!, a2: a2!, a3: a3!, running, waiting };
      }

      it('countRuns counts final runs per status and bucket from `since`, by finished_at', async () => {
        await history();
        const sorted = (buckets: Awaited<ReturnType<JobStore['countRuns']>>) => buckets.map((b) => [b.status, b.start.toISOString(), b.count]).sort();
        assert.deepEqual(sorted(await store.countRuns(at(0), 60_000)), [
          ['failed', at(0).toISOString(), 1], ['missed', at(60).toISOString(), 1], ['succeeded', at(0).toISOString(), 1], ['succeeded', at(60).toISOString(), 1],
        ]);
        assert.deepEqual(sorted(await store.countRuns(at(15), 3_600_000)), [['failed', at(0).toISOString(), 1], ['missed', at(0).toISOString(), 1], ['succeeded', at(0).toISOString(), 1]]);
        assert.deepEqual(await store.countRuns(at(101), 60_000), []);
      });

      it('summarizeRuns gives the newest run and the success counts of the jobs asked for', async () => {
        const { waiting } = await history();
        const summaries = (await store.summarizeRuns(['a', 'b', 'd', 'nope'])).sort((x, y) => x.jobId.localeCompare(y.jobId));
        assert.deepEqual(summaries, [
          { jobId: 'a', lastStatus: 'queued', lastFinishedAt: null, succeeded: 2, finished: 3 },
          { jobId: 'b', lastStatus: 'missed', lastFinishedAt: at(100), succeeded: 0, finished: 1 },
        ]);
        assert.ok(waiting.id > 0);
        assert.deepEqual(await store.summarizeRuns([]), []);
      });

      it('backlog counts due queued runs, running runs and overdue unpaused jobs', async () => {
        await history();
        assert.deepEqual(await store.backlog(at(149), at(100)), { dueRuns: 0, running: 1, overdueJobs: 0 });
        assert.deepEqual(await store.backlog(at(150), at(101)), { dueRuns: 1, running: 1, overdueJobs: 1 }, 'c is past 100.5 s; b moved on to 3600 s; d is paused');
      });

      it('runCreatedAt says when a run was written: claimed, retried or queued by run now', async () => {
        const { a1, waiting } = await history();
        assert.deepEqual(await store.runCreatedAt(a1.id), at(0));
        assert.deepEqual(await store.runCreatedAt(waiting.id), at(150));
        const missed = (await store.listRuns({ jobId: 'b', limit: 1 }))[0]!;
        assert.deepEqual(await store.runCreatedAt(missed.id), at(100), 'recorded by the claim at 100 s');
        assert.equal(await store.runCreatedAt(waiting.id + 1000), null);
      });

      it('changedRuns returns runs after the cursor and runs started or finished since, in id order', async () => {
        const { a1, a2, a3, running, waiting } = await history();
        const ids = async (afterId: number, since: Date, limit = 100) => (await store.changedRuns(afterId, since, limit)).map((r) => r.id);
        const missed = (await store.listRuns({ jobId: 'b', limit: 1 }))[0]!;
        assert.deepEqual(await ids(waiting.id, at(1000)), []);
        assert.deepEqual(await ids(waiting.id, at(70)), [a3.id, missed.id, running.id], 'finished at 70 s and 100 s, started at 110 s');
        assert.deepEqual(await ids(a1.id, at(1000)), [a2.id, a3.id, missed.id, running.id, waiting.id]);
        assert.deepEqual(await ids(0, at(1000), 2), [a1.id, a2.id]);
      });
    });
  });
}
