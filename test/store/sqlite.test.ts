// The JobStore contract on SQLite (a fresh file per suite), plus what only a shared file can
// show: two stores (as two processes would have) claiming and starting concurrently, concurrent
// migrations, the stored time format, and files that cannot be opened.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import Sqlite from 'better-sqlite3';
import { openStore, StoreOpenError } from '../../src/store/index.js';
import type { JobStore, StartResult } from '../../src/store/types.js';
import { addJobs, at, jobRecord, setPaused, storeContract } from './contract.js';

const MIGRATIONS = readdirSync(fileURLToPath(new URL('../../migrations/sqlite', import.meta.url)))
  .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
  .map((f) => f.replace(/\.(ts|js)$/, ''))
  .sort();

/** A fresh directory for the suite, removed afterwards. */
function freshDir(): () => string {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sched-sqlite-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  return () => dir;
}

describe('SQLite store', () => {
  const dir = freshDir();
  const file = () => join(dir(), 'store.db');
  let migrated = false;

  storeContract('sqlite', async () => {
    const store = openStore(`sqlite:${file()}`);
    if (!migrated) {
      await store.migrate();
      migrated = true;
    }
    const raw = new Sqlite(file());
    for (const table of ['runs', 'jobs', 'instances', 'audit', 'idempotency_keys']) raw.exec(`DELETE FROM ${table}`);
    raw.close();
    return store;
  });

  describe('two stores on one file', () => {
    let one: JobStore;
    let two: JobStore;
    const empty = () => {
      const raw = new Sqlite(file());
      for (const table of ['runs', 'jobs', 'instances', 'audit', 'idempotency_keys']) raw.exec(`DELETE FROM ${table}`);
      raw.close();
    };
    before(async () => {
      // Separate connections, as two processes have.
      one = openStore(`sqlite:${file()}`);
      two = openStore(`sqlite:${file()}`);
      await one.migrate();
    });
    after(async () => {
      await one?.close();
      await two?.close();
    });

    it('concurrent claimDueJobs never plan or insert the same run twice', async () => {
      empty();
      const JOBS = 40;
      const FIRES = 5;
      await addJobs(one, ...Array.from({ length: JOBS }, (_, i) => jobRecord(`c${String(i).padStart(2, '0')}`, { nextRunTime: at(-(FIRES - 1)) })));
      const planned: string[] = [];
      const claimLoop = async (store: JobStore): Promise<number> => {
        let total = 0;
        for (let idle = 0; idle < 3; ) {
          const { length: n } = await store.claimDueJobs(at(0), 7, (job) => {
            planned.push(`${job.id}@${job.nextRunTime!.toISOString()}`);
            return { runs: [{ jobId: job.id, scheduledAt: job.nextRunTime!, attempt: 1, status: 'queued', dueAt: job.nextRunTime! }], nextRunTime: new Date(job.nextRunTime!.getTime() + 1000) };
          });
          total += n;
          idle = n === 0 ? idle + 1 : 0;
        }
        return total;
      };
      const counts = await Promise.all([claimLoop(one), claimLoop(two), claimLoop(one), claimLoop(two)]);
      assert.equal(counts.reduce((a, b) => a + b, 0), JOBS * FIRES);
      assert.equal(new Set(planned).size, planned.length, 'no (job, time) planned twice');
      assert.equal(planned.length, JOBS * FIRES);
      const raw = new Sqlite(file(), { readonly: true });
      const row = raw.prepare('SELECT COUNT(*) AS runs FROM runs').get() as { runs: number };
      raw.close();
      assert.equal(row.runs, JOBS * FIRES);
      assert.ok((await one.listJobs()).every((j) => j.nextRunTime?.getTime() === at(1).getTime()), 'every job moved past now');
    });

    it('concurrent startRuns never start more than max_instances runs of a job', async () => {
      empty();
      await addJobs(one, jobRecord('limited', { maxInstances: 2 }), jobRecord('other', { maxInstances: 3 }));
      for (let i = 0; i < 20; i += 1) {
        await one.runNow('limited', at(i / 10));
        await two.runNow('other', at(i / 10));
      }
      const start = (store: JobStore, instanceId: string): Promise<StartResult> =>
        store.startRuns({ now: at(10), instanceId, leaseUntil: at(40), capacity: { default: 10, process: 0 } });
      const results = await Promise.all([start(one, 'A'), start(two, 'B'), start(one, 'C'), start(two, 'D')]);
      const started = results.flatMap((r) => r.started.map((s) => s.run));
      assert.equal(new Set(started.map((r) => r.id)).size, started.length, 'no run started twice');
      assert.equal(started.filter((r) => r.jobId === 'limited').length, 2);
      assert.equal(started.filter((r) => r.jobId === 'other').length, 3);
    });
  });

  it('stores times as fixed-width ISO-8601 UTC text the sqlite3 shell can compare and compute with', async () => {
    const path = join(dir(), 'times.db');
    const store = openStore(`sqlite:${path}`);
    try {
      await store.migrate();
      await addJobs(store, jobRecord('t', { nextRunTime: new Date('2025-03-01T12:34:56.789Z'), definedAt: new Date('1000-01-02T03:04:05.006Z') }));
      await store.runNow('t', new Date('2025-03-01T12:00:00Z'));
      const raw = new Sqlite(path, { readonly: true });
      const job = raw.prepare("SELECT next_run_time, defined_at, typeof(next_run_time) AS type, julianday(next_run_time) - julianday('2025-03-01T12:34:56.789Z') AS diff FROM jobs").get();
      const run = raw.prepare('SELECT scheduled_at, due_at FROM runs').get();
      raw.close();
      assert.deepEqual(job, { next_run_time: '2025-03-01T12:34:56.789Z', defined_at: '1000-01-02T03:04:05.006Z', type: 'text', diff: 0 });
      assert.deepEqual(run, { scheduled_at: '2025-03-01T12:00:00.000Z', due_at: '2025-03-01T12:00:00.000Z' });
      // Beyond year 9999 the text would no longer sort as time: refused, as MySQL's DATETIME refuses it.
      await assert.rejects(setPaused(store, 't', false, new Date('+010000-01-01T00:00:00Z')), /cannot be stored: times run from 1000-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z/);
    } finally {
      await store.close();
    }
  });

  it('sets a malformed stored job aside as broken, and the others go on', async () => {
    const path = join(dir(), 'broken.db');
    const store = openStore(`sqlite:${path}`);
    try {
      await store.migrate();
      await addJobs(store, jobRecord('good', { nextRunTime: at(0) }), jobRecord('badjson', { nextRunTime: at(0) }), jobRecord('badexec', { nextRunTime: at(0) }));
      const raw = new Sqlite(path);
      raw.prepare("UPDATE jobs SET trigger_args = '{oops' WHERE id = 'badjson'").run();
      raw.prepare("UPDATE jobs SET executor = 'gpu' WHERE id = 'badexec'").run();
      raw.close();
      // Read without throwing: the listing shows why.
      const broken = new Map((await store.listJobs()).map((j) => [j.id, j.broken]));
      assert.deepEqual(Object.fromEntries(broken), { badexec: 'unknown executor "gpu"', badjson: 'trigger_args is not valid JSON', good: undefined });
      await store.runNow('badjson', at(0));
      // The scheduler's planner sets a broken job aside (the plan says why); the store records it.
      const claims = await store.claimDueJobs(at(1), 10, (job) =>
        job.broken !== undefined ? { runs: [], nextRunTime: job.nextRunTime, broken: job.broken } : { runs: [{ jobId: job.id, scheduledAt: at(0), attempt: 1, status: 'queued', dueAt: at(0) }], nextRunTime: at(60) },
      );
      assert.deepEqual(claims.map((c) => c.job.id).sort(), ['badexec', 'badjson', 'good']);
      assert.deepEqual(await store.claimDueJobs(at(1), 10, () => assert.fail('broken jobs are not claimed again')), []);
      const started = await store.startRuns({ now: at(1), instanceId: 'A', leaseUntil: at(31), capacity: { default: 10, process: 10 } });
      assert.deepEqual(started.started.map((s) => s.job.id), ['good'], "a broken job's queued run waits");
      // The next sync writes the definition again, which clears it.
      await store.syncJobs(() => ({ insert: [], update: [jobRecord('badjson', { nextRunTime: at(0) })], remove: [] }));
      assert.equal((await store.getJob('badjson'))?.broken, undefined);
      assert.equal((await store.claimDueJobs(at(1), 10, () => ({ runs: [], nextRunTime: at(60) }))).length, 1);
    } finally {
      await store.close();
    }
  });

  it('sets a job whose time is not a time aside as broken, skips such a run, and the others go on', async () => {
    const path = join(dir(), 'bad-times.db');
    const store = openStore(`sqlite:${path}`);
    try {
      await store.migrate();
      await addJobs(store, ...['good', 'v1', 'v3', 'v4', 'late'].map((id) => jobRecord(id, { nextRunTime: at(0) })), jobRecord('v2', { nextRunTime: at(3600) }));
      await store.runNow('good', at(0));
      const raw = new Sqlite(path);
      raw.exec(`
        UPDATE jobs SET next_run_time = '2020-13-45T00:00:00.000Z' WHERE id = 'v1';
        UPDATE jobs SET next_run_time = 12345 WHERE id = 'v3';
        UPDATE jobs SET next_run_time = 'zzz' WHERE id = 'late';
        UPDATE jobs SET defined_at = '2020-02-31T00:00:00.000Z' WHERE id = 'v4';
        INSERT INTO runs (job_id, scheduled_at, attempt, status, due_at, created_at)
          VALUES ('v2', '2026-12-01T23:00:00.000Z', 1, 'queued', '2020-13-45T00:00:00.000Z', '2020-01-01T00:00:00.000Z'),
                 ('v2', 'yesterday', 1, 'queued', '${at(0).toISOString()}', '2020-01-01T00:00:00.000Z'),
                 ('good', '${at(-1).toISOString()}', 1, 'queued', 'zzz', '2020-01-01T00:00:00.000Z');`);
      raw.close();
      // The unreadable times are no wake-up time: the earliest readable one is.
      assert.equal((await store.nextWakeTime())?.toISOString(), at(0).toISOString());
      const reasons = Object.fromEntries((await store.listJobs()).map((j) => [j.id, j.broken]));
      assert.deepEqual(reasons, {
        good: undefined, v2: undefined,
        v1: 'next_run_time "2020-13-45T00:00:00.000Z" is not a time', v3: 'next_run_time "12345" is not a time',
        late: 'next_run_time "zzz" is not a time', v4: 'defined_at "2020-02-31T00:00:00.000Z" is not a time',
      });
      const claims = await store.claimDueJobs(at(1), 10, (job) =>
        job.broken !== undefined ? { runs: [], nextRunTime: job.nextRunTime, broken: job.broken } : { runs: [], nextRunTime: at(60) },
      );
      // 'zzz' sorts after every time, yet is claimed (and set aside) at once.
      assert.deepEqual(claims.map((c) => c.job.id).sort(), ['good', 'late', 'v1', 'v3', 'v4']);
      assert.equal((await store.getJob('v1'))?.broken, 'next_run_time "2020-13-45T00:00:00.000Z" is not a time');
      assert.deepEqual(await store.claimDueJobs(at(1), 10, () => assert.fail('broken jobs are not claimed again')), []);
      const { started, missed } = await store.startRuns({ now: at(1), instanceId: 'A', leaseUntil: at(31), capacity: { default: 10, process: 10 } });
      assert.deepEqual(started.map((s) => s.job.id), ['good']);
      assert.deepEqual(missed.map((r) => [r.jobId, r.status, r.error]).sort(), [
        ['good', 'skipped', 'due_at "zzz" is not a time'],
        ['v2', 'skipped', 'due_at "2020-13-45T00:00:00.000Z" is not a time'],
        ['v2', 'skipped', 'scheduled_at "yesterday" is not a time'],
      ]);
      assert.deepEqual((await store.listRuns({ jobId: 'v2', limit: 10 })).map((r) => r.status), ['skipped', 'skipped']);
      assert.equal((await store.nextWakeTime())?.toISOString(), at(60).toISOString());
      // A lease that cannot be read never ends by itself: it counts as ended.
      const raw2 = new Sqlite(path);
      raw2.prepare("UPDATE runs SET lease_until = 'soon' WHERE status = 'running'").run();
      raw2.close();
      assert.deepEqual((await store.abandonExpired(at(2))).abandoned.map((r) => r.jobId), ['good']);
      // The sync that writes the definition again clears it, with a next run time planned anew.
      await store.syncJobs(() => ({ insert: [], update: [jobRecord('v1', { nextRunTime: at(120) })], remove: [] }));
      assert.equal((await store.getJob('v1'))?.broken, undefined);
    } finally {
      await store.close();
    }
  });

  it('migrates once when 5 stores migrate an empty file concurrently, each migration in its transaction', async () => {
    const path = join(dir(), 'migrate.db');
    const stores = Array.from({ length: 5 }, () => openStore(`sqlite:${path}`));
    try {
      const results = await Promise.allSettled(stores.map((s) => s.migrate()));
      assert.deepEqual(results.map((r) => r.status), Array(5).fill('fulfilled'));
      const raw = new Sqlite(path, { readonly: true });
      const applied = raw.prepare('SELECT name FROM schema_migrations ORDER BY name').all() as Array<{ name: string }>;
      const objects = raw.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name").all() as Array<{ name: string }>;
      const mode = raw.pragma('journal_mode', { simple: true });
      raw.close();
      assert.ok(MIGRATIONS.length > 0);
      assert.deepEqual(applied.map((r) => r.name), MIGRATIONS, 'the same names as the MySQL migrations');
      for (const name of ['instances', 'jobs', 'runs', 'run_stats', 'schema_migrations']) assert.ok(objects.some((o) => o.name === name), `${name} exists`);
      assert.equal(mode, 'wal');
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('creates missing directories of the path, and refuses a path that cannot be created or a file that is not a database', async () => {
    const nested = join(dir(), 'a', 'b', 'c.db');
    const store = openStore(`sqlite:${nested}`);
    await store.migrate();
    await store.close();
    assert.deepEqual(readdirSync(join(dir(), 'a', 'b')).filter((f) => f === 'c.db'), ['c.db']);

    const blocker = join(dir(), 'plain-file');
    writeFileSync(blocker, 'x');
    assert.throws(() => openStore(`sqlite:${join(blocker, 'sub', 'x.db')}`), (e: unknown) => e instanceof StoreOpenError && /cannot create the directory of .*plain-file\/sub\/x\.db/.test(e.message));
    const text = join(dir(), 'notes.txt');
    writeFileSync(text, 'these are notes, not a database\n'.repeat(100));
    assert.throws(() => openStore(`sqlite:${text}`), (e: unknown) => e instanceof StoreOpenError && /notes\.txt as a SQLite database: file is not a database/.test(e.message));
    assert.throws(() => openStore(`sqlite:${dir()}`), (e: unknown) => e instanceof StoreOpenError && /as a SQLite database: unable to open database file/.test(e.message));
  });
});

describe('SQLite store in memory (sqlite::memory:)', () => {
  storeContract('sqlite::memory:', async () => {
    const store = openStore('sqlite::memory:');
    await store.migrate();
    return store;
  });
});
