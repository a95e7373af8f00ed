// The JobStore contract on MySQL/MariaDB (a fresh database per suite), plus what only a shared
// database can show: concurrent claims, concurrent starts and concurrent migrations.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { SelectQueryNode, type KyselyPlugin } from 'kysely';
import { openStore } from '../../src/store/index.js';
import { connect } from '../../src/store/mysql/connect.js';
import { writeJob } from '../../src/store/mysql/write-job.js';
import type { JobStore, JobWriter, StartResult } from '../../src/store/types.js';
import { freshDatabase, needsDb, type TestDatabase } from '../helpers/db.js';
import { addJobs, apiJob, at, jobRecord, storeContract } from './contract.js';

const MIGRATIONS = readdirSync(fileURLToPath(new URL('../../migrations', import.meta.url)))
  .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
  .map((f) => f.replace(/\.(ts|js)$/, ''))
  .sort();

async function emptyTables(db: TestDatabase): Promise<void> {
  for (const table of ['runs', 'jobs', 'instances', 'audit', 'idempotency_keys']) await db.query(`TRUNCATE TABLE \`${table}\``);
}

describe('MySQL store', needsDb, () => {
  const db = freshDatabase('store');
  let migrated = false;

  storeContract('mysql', async () => {
    const store = openStore(db.url, { poolSize: 4 });
    if (!migrated) {
      await store.migrate();
      migrated = true;
    }
    await emptyTables(db);
    return store;
  });

  describe('two instances on one database', () => {
    let one: JobStore;
    let two: JobStore;
    before(async () => {
      // Separate stores, separate pools: as two processes would be.
      one = openStore(db.url, { poolSize: 4 });
      two = openStore(db.url, { poolSize: 4 });
      await one.migrate();
      migrated = true;
    });
    after(async () => {
      await one?.close();
      await two?.close();
    });

    it('concurrent claimDueJobs never plan or insert the same run twice', async () => {
      await emptyTables(db);
      const JOBS = 40;
      const FIRES = 5; // each job is due at −4 s … 0 s
      await addJobs(one, ...Array.from({ length: JOBS }, (_, i) => jobRecord(`c${String(i).padStart(2, '0')}`, { nextRunTime: at(-(FIRES - 1)) })));
      const planned: string[] = [];
      const claimLoop = async (store: JobStore): Promise<number> => {
        let total = 0;
        // Each claim takes one fire time and moves next_run_time one second on; keep claiming
        // until a claim finds nothing, then once more in case the other instance held rows.
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
      const [a, b, c, d] = await Promise.all([claimLoop(one), claimLoop(two), claimLoop(one), claimLoop(two)]);
      assert.equal(a! + b! + c! + d!, JOBS * FIRES);
      assert.equal(planned.length, JOBS * FIRES);
      assert.equal(new Set(planned).size, JOBS * FIRES, 'no (job, time) planned twice');
      const [counts] = await db.query<{ runs: number; distinct_runs: number }>(
        'SELECT COUNT(*) AS runs, COUNT(DISTINCT job_id, scheduled_at, attempt) AS distinct_runs FROM runs',
      );
      assert.equal(Number(counts!.runs), JOBS * FIRES);
      assert.equal(Number(counts!.distinct_runs), JOBS * FIRES);
      const jobs = await one.listJobs();
      assert.ok(jobs.every((j) => j.nextRunTime?.getTime() === at(1).getTime()), 'every job moved past now');
    });

    it('concurrent startRuns never start more than max_instances runs of a job', async () => {
      await emptyTables(db);
      await addJobs(one, jobRecord('limited', { maxInstances: 2 }), jobRecord('other', { maxInstances: 3 }));
      for (let i = 0; i < 20; i += 1) {
        await one.runNow('limited', at(i / 10));
        await one.runNow('other', at(i / 10));
      }
      const now = at(10);
      const start = (store: JobStore, instanceId: string): Promise<StartResult> =>
        store.startRuns({ now, instanceId, leaseUntil: at(40), capacity: { default: 10, process: 0 } });
      const results: StartResult[] = [];
      for (let round = 0; round < 3; round += 1) {
        results.push(...(await Promise.all([start(one, 'A'), start(two, 'B'), start(one, 'C'), start(two, 'D'), start(one, 'E'), start(two, 'F')])));
      }
      const started = results.flatMap((r) => r.started.map((s) => s.run));
      assert.equal(new Set(started.map((r) => r.id)).size, started.length, 'no run started twice');
      assert.equal(started.filter((r) => r.jobId === 'limited').length, 2);
      assert.equal(started.filter((r) => r.jobId === 'other').length, 3);
      const rows = await db.query<{ job_id: string; n: number }>("SELECT job_id, COUNT(*) AS n FROM runs WHERE status = 'running' GROUP BY job_id ORDER BY job_id");
      assert.deepEqual(rows.map((r) => [r.job_id, Number(r.n)]), [['limited', 2], ['other', 3]]);
    });

    it("a job write that loses the race to insert a new id runs again and updates the winner's row", async () => {
      await emptyTables(db);
      // This session reads (no row), then waits while the other inserts and commits the id.
      const gate = pauseAfterFirstSelect();
      const late = connect(db.url, { poolSize: 1 });
      const seen: Array<number | null> = [];
      const upsert = (origin: string): JobWriter<number> => (stored) => {
        if (origin === 'late') seen.push(stored?.version ?? null);
        return stored === null ? { write: { insert: apiJob('dup', { origin }) }, result: 1 } : { write: { update: { ...stored, origin, version: stored.version + 1 } }, result: stored.version + 1 };
      };
      try {
        const losing = writeJob(late.db.withPlugin(gate), 'dup', upsert('late'));
        await gate.reached;
        assert.equal(await two.writeJob('dup', upsert('first')), 1);
        gate.release();
        assert.equal(await losing, 2);
        assert.deepEqual(seen, [null, 1], 'its INSERT failed on the key; run again, the writer saw the row');
        assert.deepEqual(await one.getJob('dup'), apiJob('dup', { origin: 'late', version: 2 }));
      } finally {
        gate.release();
        await late.db.destroy();
      }
    });
  });
});

/** Holds the result of the first SELECT until release(): a session stopped right after its read. */
function pauseAfterFirstSelect(): KyselyPlugin & { reached: Promise<void>; release(): void } {
  const selects = new WeakSet<object>();
  let paused = false;
  let reached = (): void => {};
  let release = (): void => {};
  const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
  const gate = new Promise<void>((resolve) => (release = resolve));
  return {
    reached: reachedPromise,
    release: () => release(),
    transformQuery(args) {
      if (SelectQueryNode.is(args.node)) selects.add(args.queryId);
      return args.node;
    },
    async transformResult(args) {
      if (!paused && selects.has(args.queryId)) {
        paused = true;
        reached();
        await gate;
      }
      return args.result;
    },
  };
}

describe('MySQL migrations', needsDb, () => {
  const db = freshDatabase('migrate');

  it('applied concurrently by 5 instances on an empty database, run once', async () => {
    const stores = Array.from({ length: 5 }, () => openStore(db.url, { poolSize: 2 }));
    try {
      const results = await Promise.allSettled(stores.map((s) => s.migrate()));
      assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
      const applied = await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
      assert.deepEqual(applied.map((r) => r.name), MIGRATIONS);
      assert.ok(MIGRATIONS.length > 0);
      const tables = await db.query<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' ORDER BY table_name");
      const names = tables.map((r) => r.t);
      for (const table of ['instances', 'jobs', 'runs', 'schema_migrations']) assert.ok(names.includes(table), `table ${table} exists`);
      // And again: nothing left to do.
      await stores[0]!.migrate();
      assert.equal((await db.query('SELECT name FROM schema_migrations')).length, MIGRATIONS.length);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});
