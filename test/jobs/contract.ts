// The job API's semantics (JobsService over a JobStore), one suite for every store: service.test.ts
// runs it on memory, MariaDB and SQLite. Time comes from a FakeClock; each test gets an empty store.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { APSCHEDULER_DEFAULTS } from '../../src/config/settings.js';
import { JobConflictError, JobNotFoundError, JobSpecError, RunNotFoundError, RunNotRetryableError, VersionConflictError } from '../../src/jobs/errors.js';
import { JobsService, type JobChange } from '../../src/jobs/service.js';
import { readSpec } from '../../src/jobs/spec.js';
import { taskCatalog } from '../../src/jobs/task-catalog.js';
import type { JobInput } from '../../src/jobs/types.js';
import { syncPlanner } from '../../src/scheduler/sync.js';
import type { JobRecord, JobStore } from '../../src/store/types.js';
import { FakeClock } from '../helpers/fake-clock.js';

const T0 = Date.parse('2025-03-01T12:00:00.000Z');
/** T0 + `s` seconds. */
const at = (s: number): Date => new Date(T0 + s * 1000);

const SETTINGS = { timezone: 'UTC', jobDefaults: APSCHEDULER_DEFAULTS };
const every10s: JobInput = { id: 'tick', task: 'echo', trigger: 'interval', args: { seconds: 10 } };

/** A config row of config/prod.yaml, as the start-up sync writes it. */
async function configJob(store: JobStore, id: string, now: Date): Promise<void> {
  await store.syncJobs(syncPlanner([readSpec({ ...every10s, id }, SETTINGS, now).spec], now, 'config/prod.yaml'));
}

/** Makes the stored row of `id` unreadable (its trigger_args not JSON), as a hand edit would. */
export type BreakRow = (store: JobStore, id: string) => Promise<void>;

export function jobsServiceContract(name: string, makeStore: () => Promise<JobStore>, breakRow: BreakRow): void {
  describe(`job API: ${name}`, () => {
    let store: JobStore;
    let clock: FakeClock;
    let changes: JobChange[];
    let jobs: JobsService;
    beforeEach(async () => {
      store = await makeStore();
      clock = new FakeClock(at(0));
      changes = [];
      jobs = new JobsService({ store, clock, settings: SETTINGS, tasks: taskCatalog(['echo', 'report']), origin: 'library', onChange: (c) => void changes.push(c) });
    });
    afterEach(async () => {
      await store.close();
    });

    const stored = async (id = 'tick'): Promise<JobRecord> => {
      const job = await store.getJob(id);
      assert.ok(job, `job ${id} is stored`);
      return job;
    };
    const changeTypes = () => changes.map((c) => c.type);

    describe('addJob', () => {
      it('adds an API job at version 1, first run one interval from now', async () => {
        const { job, change } = await jobs.addJob({ ...every10s, params: { to: 'ann' } });
        assert.equal(change, 'added');
        assert.deepEqual(
          { source: job.source, origin: job.origin, version: job.version, next: job.next_run_time, paused: job.paused, params: job.params },
          { source: 'api', origin: 'library', version: 1, next: at(10), paused: false, params: { to: 'ann' } },
        );
        assert.equal((await stored()).definedAt.getTime(), at(0).getTime());
        assert.deepEqual(changes, [{ type: 'jobAdded', job }]);
      });

      it('gives a job without an id a random one', async () => {
        const { id: _id, ...spec } = every10s;
        const { job } = await jobs.addJob(spec);
        assert.match(job.id, /^[0-9a-f]{32}$/);
        assert.ok(await store.getJob(job.id));
      });

      it('stores a job given paused: true paused, with no next run', async () => {
        const { job } = await jobs.addJob({ ...every10s, paused: true });
        assert.equal(job.paused, true);
        assert.equal(job.next_run_time, null);
        assert.deepEqual(await jobs.upcoming('tick'), []);
      });

      it('refuses a taken id by default, naming who added it', async () => {
        await jobs.addJob(every10s);
        await assert.rejects(jobs.addJob({ ...every10s, params: { x: 1 } }), (error: unknown) => {
          assert.ok(error instanceof JobConflictError);
          assert.equal(error.message, `job "tick" already exists (added by library, version 1); onConflict 'update' or 'replace' changes it`);
          return true;
        });
        assert.deepEqual((await stored()).params, {});
        assert.deepEqual(changeTypes(), ['jobAdded']);
      });

      it("'keep' leaves the stored job as it is", async () => {
        await jobs.addJob(every10s);
        const { job, change } = await jobs.addJob({ ...every10s, args: { seconds: 99 } }, { onConflict: 'keep' });
        assert.equal(change, 'unchanged');
        assert.deepEqual({ args: job.args, version: job.version }, { args: { seconds: 10 }, version: 1 });
        assert.deepEqual(changeTypes(), ['jobAdded']);
      });

      it("'update' with the same spec changes nothing, however it is spelt", async () => {
        await jobs.addJob(every10s);
        const { job, change } = await jobs.addJob({ ...every10s, args: { minutes: 1 / 6 } }, { onConflict: 'update' });
        assert.equal(change, 'unchanged');
        assert.equal(job.version, 1);
        assert.deepEqual(changeTypes(), ['jobAdded']);
      });

      it("'update' of settings keeps the next run time and the pause", async () => {
        await jobs.addJob(every10s);
        await jobs.pauseJob('tick');
        clock.advance(25_000);
        const { job, change } = await jobs.addJob({ ...every10s, params: { x: 1 }, max_attempts: 3, paused: false }, { onConflict: 'update' });
        assert.equal(change, 'updated');
        assert.deepEqual({ version: job.version, paused: job.paused, params: job.params, attempts: job.max_attempts }, { version: 3, paused: true, params: { x: 1 }, attempts: 3 });
        const row = await stored();
        assert.equal(row.nextRunTime?.getTime(), at(10).getTime(), 'the time it had when paused');
        assert.equal(row.definedAt.getTime(), at(0).getTime(), 'the grid kept');
        assert.deepEqual(changeTypes(), ['jobAdded', 'jobModified', 'jobModified']);
      });

      it("'update' of the trigger restarts the schedule from now", async () => {
        await jobs.addJob(every10s);
        clock.advance(25_000);
        const { job, change } = await jobs.addJob({ ...every10s, args: { seconds: 60 } }, { onConflict: 'update' });
        assert.equal(change, 'updated');
        assert.deepEqual({ next: job.next_run_time, version: job.version }, { next: at(85), version: 2 });
      });

      it("'replace' writes the job anew: next run from now, pause dropped", async () => {
        await jobs.addJob(every10s);
        await jobs.pauseJob('tick');
        clock.advance(25_000);
        const { job, change } = await jobs.addJob(every10s, { onConflict: 'replace' });
        assert.equal(change, 'replaced');
        assert.deepEqual({ next: job.next_run_time, paused: job.paused, version: job.version }, { next: at(35), paused: false, version: 3 });
        assert.deepEqual(changeTypes(), ['jobAdded', 'jobModified', 'jobAdded']);
      });

      it('records who last defined the job as its origin', async () => {
        await jobs.addJob(every10s);
        const cli = new JobsService({ store, clock, settings: SETTINGS, tasks: taskCatalog(['echo']), origin: 'cli' });
        const { job } = await cli.addJob({ ...every10s, params: { x: 1 } }, { onConflict: 'update' });
        assert.equal(job.origin, 'cli');
      });

      it('leaves a config job to its file', async () => {
        await configJob(store, 'tick', at(0));
        await assert.rejects(jobs.addJob(every10s), { name: 'JobConflictError', message: 'job "tick" already exists: it is defined in config/prod.yaml (tasks.tick)' });
        for (const onConflict of ['update', 'replace'] as const) {
          await assert.rejects(jobs.addJob({ ...every10s, params: { x: 1 } }, { onConflict }), {
            name: 'JobConflictError',
            message: 'job "tick" is defined in config/prod.yaml (tasks.tick); change it there (the next start would undo a change made here)',
          });
        }
        const { change } = await jobs.addJob(every10s, { onConflict: 'keep' });
        assert.equal(change, 'unchanged');
        const row = await stored();
        assert.deepEqual({ source: row.source, version: row.version, params: row.params }, { source: 'config', version: 1, params: {} });
        assert.deepEqual(changes, []);
      });

      it('refuses a task that is not deployed, writing nothing', async () => {
        await assert.rejects(jobs.addJob({ ...every10s, task: 'nope' }), (error: unknown) => {
          assert.ok(error instanceof JobSpecError);
          assert.equal(error.message, 'job tick: task: no task "nope" among the deployed tasks (known: echo, report)');
          return true;
        });
        assert.deepEqual(await store.listJobs(), []);
      });

      it('refuses the process executor for a task given as a function', async () => {
        const mapped = new JobsService({ store, clock, settings: SETTINGS, tasks: taskCatalog({ echo: () => undefined }), origin: 'library' });
        await assert.rejects(mapped.addJob({ ...every10s, executor: 'process' }), { name: 'JobSpecError', message: /^job tick: executor: task "echo" is a function in the tasks map; / });
        assert.deepEqual(await store.listJobs(), []);
      });

      it('refuses a spec that is not a mapping', async () => {
        await assert.rejects(jobs.addJob(null as never), { name: 'JobSpecError', message: 'job: expected a mapping, got nothing' });
        await assert.rejects(jobs.addJob([every10s] as never), { name: 'JobSpecError', message: 'job: expected a mapping, got a list' });
      });

      it('refuses an unknown onConflict', async () => {
        await assert.rejects(jobs.addJob(every10s, { onConflict: 'upsert' as 'update' }), { name: 'JobSpecError', message: 'job tick: onConflict: "upsert" is not one of: error, update, keep, replace' });
      });
    });

    describe('modifyJob', () => {
      beforeEach(async () => {
        await jobs.addJob(every10s);
        changes.length = 0;
      });

      it('changes settings and keeps the schedule', async () => {
        clock.advance(25_000);
        const job = await jobs.modifyJob('tick', { max_instances: 4, params: { x: 1 } });
        assert.deepEqual({ max: job.max_instances, params: job.params, next: job.next_run_time, version: job.version }, { max: 4, params: { x: 1 }, next: at(10), version: 2 });
        assert.deepEqual(changes, [{ type: 'jobModified', job }]);
      });

      it('recomputes the next run time from now on a trigger change, keeping a pause', async () => {
        clock.advance(25_000);
        let job = await jobs.modifyJob('tick', { args: { seconds: 60 } });
        assert.deepEqual(job.next_run_time, at(85));
        await jobs.pauseJob('tick');
        job = await jobs.modifyJob('tick', { trigger: 'cron', args: { minute: '*/5' } });
        assert.deepEqual({ paused: job.paused, version: job.version }, { paused: true, version: 4 });
        assert.deepEqual((await jobs.resumeJob('tick', { from: 'last' })).next_run_time, at(300), 'no time of the old trigger to go back to');
      });

      it('changes nothing, and says so, when the changes are what is stored', async () => {
        const job = await jobs.modifyJob('tick', { args: { seconds: 10 }, timeout: undefined });
        assert.equal(job.version, 1);
        assert.deepEqual(changes, []);
      });

      it('refuses a lost update with ifVersion', async () => {
        await jobs.modifyJob('tick', { max_attempts: 2 }, { ifVersion: 1 });
        await assert.rejects(jobs.modifyJob('tick', { max_attempts: 3 }, { ifVersion: 1 }), (error: unknown) => {
          assert.ok(error instanceof VersionConflictError);
          assert.deepEqual([error.expected, error.actual], [1, 2]);
          return true;
        });
        assert.equal((await stored()).maxAttempts, 2);
      });

      it('validates the merged spec and writes nothing when it is wrong', async () => {
        await assert.rejects(jobs.modifyJob('tick', { trigger: 'cron' }), { name: 'JobSpecError', message: /^job tick: args\.seconds: / });
        await assert.rejects(jobs.modifyJob('tick', { task: 'nope' }), { name: 'JobSpecError', message: /^job tick: task: no task "nope"/ });
        await assert.rejects(jobs.modifyJob('tick', { paused: true } as never), { name: 'JobSpecError', message: /^job tick: paused: unknown key / });
        await assert.rejects(jobs.modifyJob('tick', { id: 'other' } as never), { name: 'JobSpecError', message: /^job tick: id: the id cannot change/ });
        const row = await stored();
        assert.deepEqual({ type: row.triggerType, task: row.task, version: row.version }, { type: 'interval', task: 'echo', version: 1 });
      });

      it('refuses to change a config job, and an unknown id', async () => {
        await configJob(store, 'report', at(0));
        await assert.rejects(jobs.modifyJob('report', { max_attempts: 2 }), { name: 'JobConflictError', message: /^job "report" is defined in config\/prod\.yaml \(tasks\.report\); change it there/ });
        await assert.rejects(jobs.modifyJob('nope', { max_attempts: 2 }), JobNotFoundError);
      });
    });

    describe('rescheduleJob', () => {
      it('starts the new trigger from now, keeping a pause', async () => {
        await jobs.addJob(every10s);
        clock.advance(25_000);
        let job = await jobs.rescheduleJob('tick', 'interval', { seconds: 10 });
        assert.deepEqual({ next: job.next_run_time, version: job.version }, { next: at(35), version: 2 }, 'the same trigger restarts too');
        await jobs.pauseJob('tick');
        job = await jobs.rescheduleJob('tick', 'cron', { minute: '*/5' });
        assert.deepEqual({ paused: job.paused, trigger: job.trigger }, { paused: true, trigger: 'cron' });
        assert.deepEqual(changeTypes(), ['jobAdded', 'jobModified', 'jobModified', 'jobModified']);
      });

      it('refuses a bad trigger and a config job', async () => {
        await jobs.addJob(every10s);
        await assert.rejects(jobs.rescheduleJob('tick', 'cron', { hour: 25 }), { name: 'JobSpecError', message: 'job tick: args.hour: 25 is out of range for hour (0-23)' });
        await configJob(store, 'report', at(0));
        await assert.rejects(jobs.rescheduleJob('report', 'interval', { seconds: 5 }), JobConflictError);
        await assert.rejects(jobs.rescheduleJob('nope', 'interval', { seconds: 5 }), JobNotFoundError);
      });
    });

    describe('pauseJob and resumeJob', () => {
      beforeEach(async () => {
        await jobs.addJob(every10s);
        changes.length = 0;
      });

      it('pauses once: a second pause changes nothing', async () => {
        const job = await jobs.pauseJob('tick');
        assert.deepEqual({ paused: job.paused, next: job.next_run_time, version: job.version }, { paused: true, next: null, version: 2 });
        assert.equal((await jobs.pauseJob('tick')).version, 2);
        assert.deepEqual(changeTypes(), ['jobModified']);
        assert.equal(await store.nextWakeTime(), null, 'a paused job is no wake-up time');
        assert.deepEqual(await store.claimDueJobs(at(100), 10, () => assert.fail('a paused job is not claimed')), []);
      });

      it("resumes from now on the job's grid", async () => {
        await jobs.pauseJob('tick');
        clock.advance(45_000);
        const job = await jobs.resumeJob('tick');
        assert.deepEqual({ paused: job.paused, next: job.next_run_time, version: job.version }, { paused: false, next: at(50), version: 3 });
        assert.equal((await jobs.resumeJob('tick')).version, 3, 'resuming a job that runs changes nothing');
        assert.deepEqual(changeTypes(), ['jobModified', 'jobModified']);
      });

      it('resumes from now past a fire time already claimed', async () => {
        clock.advance(15_000);
        await store.claimDueJobs(at(20), 10, (job) => ({ runs: [{ jobId: job.id, scheduledAt: at(20), attempt: 1, status: 'queued', dueAt: at(20) }], nextRunTime: at(30) }));
        await jobs.pauseJob('tick');
        assert.deepEqual((await jobs.resumeJob('tick')).next_run_time, at(30));
      });

      it("resumes from 'last': the time it had, for the misfire policy to catch up", async () => {
        await jobs.pauseJob('tick');
        clock.advance(45_000);
        const job = await jobs.resumeJob('tick', { from: 'last' });
        assert.deepEqual(job.next_run_time, at(10));
        assert.deepEqual(await store.nextWakeTime(), at(10), 'due at once');
      });

      it("resumes a job added paused from now, even from 'last'", async () => {
        await jobs.addJob({ ...every10s, id: 'later', paused: true });
        clock.advance(45_000);
        assert.deepEqual((await jobs.resumeJob('later', { from: 'last' })).next_run_time, at(50));
      });

      it('leaves a finished trigger finished', async () => {
        await jobs.addJob({ id: 'once', task: 'echo', trigger: 'date', args: { run_date: at(5).toISOString() } });
        await store.claimDueJobs(at(5), 10, (job) => ({ runs: [{ jobId: job.id, scheduledAt: at(5), attempt: 1, status: 'queued', dueAt: at(5) }], nextRunTime: null }));
        clock.advance(60_000);
        await jobs.pauseJob('once');
        const job = await jobs.resumeJob('once');
        assert.deepEqual({ paused: job.paused, next: job.next_run_time, finished: job.finished }, { paused: false, next: null, finished: true });
      });

      it('pauses and resumes a config job, which stays the config', async () => {
        await configJob(store, 'report', at(0));
        await jobs.pauseJob('report');
        const job = await jobs.resumeJob('report');
        assert.deepEqual({ source: job.source, origin: job.origin, version: job.version, paused: job.paused }, { source: 'config', origin: 'config/prod.yaml', version: 3, paused: false });
      });

      it('refuses to pause or resume a broken job, and an unknown id', async () => {
        await breakRow(store, 'tick');
        await assert.rejects(jobs.pauseJob('tick'), { name: 'JobConflictError', message: /^cannot pause job "tick": it is broken \(trigger_args is not valid JSON\); fix its definition first/ });
        await assert.rejects(jobs.resumeJob('tick'), { name: 'JobConflictError', message: /^cannot resume job "tick": it is broken / });
        assert.equal((await stored()).version, 1);
        await assert.rejects(jobs.pauseJob('nope'), JobNotFoundError);
        await assert.rejects(jobs.resumeJob('nope'), JobNotFoundError);
        await assert.rejects(jobs.resumeJob('tick', { from: 'then' as 'now' }), { name: 'JobSpecError', message: 'job tick: from: "then" is not one of: now, last' });
      });
    });

    describe('removeJob, runJob and retryRun', () => {
      beforeEach(async () => {
        await jobs.addJob(every10s);
        changes.length = 0;
      });

      it('removes an API job and keeps its history', async () => {
        const run = await jobs.runJob('tick');
        const job = await jobs.removeJob('tick');
        assert.equal(job.id, 'tick');
        assert.equal(await store.getJob('tick'), null);
        assert.deepEqual((await store.listRuns({ jobId: 'tick', limit: 10 })).map((r) => r.id), [run.id]);
        assert.deepEqual(changeTypes(), ['runQueued', 'jobRemoved']);
        await assert.rejects(jobs.removeJob('tick'), JobNotFoundError);
      });

      it('refuses to remove a config job', async () => {
        await configJob(store, 'report', at(0));
        await assert.rejects(jobs.removeJob('report'), { name: 'JobConflictError', message: /^job "report" is defined in config\/prod\.yaml \(tasks\.report\); remove it there/ });
        assert.ok(await store.getJob('report'));
      });

      it('runs a job now without touching its schedule', async () => {
        clock.advance(3_000);
        const run = await jobs.runJob('tick');
        assert.deepEqual({ job: run.job_id, status: run.status, due: run.due_at, attempt: run.attempt }, { job: 'tick', status: 'queued', due: at(3), attempt: 1 });
        assert.equal((await stored()).nextRunTime?.getTime(), at(10).getTime());
        assert.equal((await stored()).version, 1);
        assert.deepEqual(changes, [{ type: 'runQueued', run }]);
        await assert.rejects(jobs.runJob('nope'), JobNotFoundError);
      });

      it('retries a failed run as its next attempt, due now', async () => {
        const run = await jobs.runJob('tick');
        await store.startRuns({ now: at(0), instanceId: 'A', leaseUntil: at(30), capacity: { default: 1, process: 0 } });
        await store.finishRuns('A', [{ runId: run.id, status: 'failed', finishedAt: at(1), durationMs: 5, error: 'boom' }]);
        clock.advance(60_000);
        const retry = await jobs.retryRun(run.id);
        assert.deepEqual({ attempt: retry.attempt, scheduled: retry.scheduled_at, due: retry.due_at, status: retry.status }, { attempt: 2, scheduled: run.scheduled_at, due: at(60), status: 'queued' });
        await assert.rejects(jobs.retryRun(run.id), RunNotRetryableError);
        await assert.rejects(jobs.retryRun(999_999), RunNotFoundError);
        await assert.rejects(jobs.retryRun(-1), RunNotFoundError);
      });
    });

    describe('getJob, getJobs and upcoming', () => {
      it('lists jobs by next run, paused and finished last, and filters them', async () => {
        await jobs.addJob({ ...every10s, id: 'b', args: { seconds: 30 } });
        await jobs.addJob({ ...every10s, id: 'a', args: { seconds: 20 } });
        await jobs.addJob({ ...every10s, id: 'c', args: { seconds: 5 } });
        await jobs.addJob({ ...every10s, id: 'd', task: 'report', args: { seconds: 1 }, paused: true });
        await configJob(store, 'e', at(0));
        await jobs.pauseJob('c');
        assert.deepEqual((await jobs.getJobs()).map((j) => j.id), ['e', 'a', 'b', 'c', 'd']);
        assert.deepEqual((await jobs.getJobs({ state: 'paused' })).map((j) => j.id), ['c', 'd']);
        assert.deepEqual((await jobs.getJobs({ source: 'config' })).map((j) => j.id), ['e']);
        assert.deepEqual((await jobs.getJobs({ task: 'report' })).map((j) => j.id), ['d']);
        await assert.rejects(jobs.getJobs({ state: 'sleeping' as 'paused' }), { name: 'JobSpecError', message: 'getJobs: state: "sleeping" is not one of: scheduled, paused, finished, broken' });
        assert.equal(await jobs.getJob('nope'), null);
      });

      it('lists every job, however many pages of the store it takes', async () => {
        const ids = Array.from({ length: 2_345 }, (_, i) => `j${String(i).padStart(4, '0')}`);
        await store.syncJobs(syncPlanner(ids.map((id) => readSpec({ ...every10s, id }, SETTINGS, at(0)).spec), at(0), 'config/prod.yaml'));
        assert.deepEqual((await jobs.getJobs()).map((j) => j.id), ids);
      });

      it('walks the next fire times from the stored next run time', async () => {
        await jobs.addJob(every10s);
        assert.deepEqual(await jobs.upcoming('tick'), [10, 20, 30, 40, 50].map(at));
        assert.equal((await jobs.upcoming('tick', 1000)).length, 1000);
        await assert.rejects(jobs.upcoming('tick', 1001), { name: 'JobSpecError', message: 'job tick: count: must be at most 1000, got 1001' });
        await assert.rejects(jobs.upcoming('nope'), JobNotFoundError);
      });
    });

    it('records every change in the audit log: who, what, before and after', async () => {
      const { job: added } = await jobs.addJob(every10s);
      await jobs.addJob(every10s, { onConflict: 'update' });
      clock.advance(1_000);
      const modified = await jobs.modifyJob('tick', { max_attempts: 2 });
      await jobs.modifyJob('tick', { max_attempts: 2 });
      await jobs.pauseJob('tick');
      const run = await jobs.runJob('tick');
      await jobs.removeJob('tick');
      const entries = (await store.listAudit({ jobId: 'tick', limit: 10 })).reverse();
      assert.deepEqual(entries.map((e) => [e.action, e.actor, e.runId]), [['add', 'library', null], ['modify', 'library', null], ['pause', 'library', null], ['run', 'library', run.id], ['remove', 'library', null]], 'no entry for what changed nothing');
      const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
      assert.deepEqual([entries[0]!.before, entries[0]!.after], [null, json(added)]);
      assert.deepEqual([entries[1]!.before, entries[1]!.after, entries[1]!.at], [json(added), json(modified), at(1)]);
      assert.deepEqual(entries[4]!.after, null);
    });

    it('reports a listener that throws, and the write stands', async () => {
      const throwing = new JobsService({ store, clock, settings: SETTINGS, tasks: taskCatalog(['echo']), origin: 'library', onChange: () => { throw new Error('listener bug'); } });
      const warnings: string[] = [];
      const onWarning = (warning: Error) => void warnings.push(warning.message);
      process.on('warning', onWarning);
      try {
        const { change } = await throwing.addJob(every10s);
        assert.equal(change, 'added');
        await new Promise((resolve) => setImmediate(resolve));
      } finally {
        process.off('warning', onWarning);
      }
      assert.ok(await store.getJob('tick'));
      assert.deepEqual(warnings, ['job API onChange listener failed on jobAdded: listener bug']);
    });
  });
}
