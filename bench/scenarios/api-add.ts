// (6) Adding jobs through the API: 10,000 interval jobs, one addJob call each as an application
// would (JobsService, in this process, over the store a client opens), on MySQL and on SQLite;
// beside APScheduler's scheduler.add_job on its SQLAlchemyJobStore (pymysql, sqlite) in the same
// run, its scheduler started paused so that its loop does not read the store after every add.
// Each call is a transaction of its own on both sides. Ours: the spec validated as a YAML task,
// then on MySQL SET TRANSACTION, BEGIN, the id's row read FOR UPDATE, the job's INSERT, its audit
// row, COMMIT (6 round trips). APScheduler's: the job pickled, one INSERT that fails on a taken id,
// COMMIT.
import { systemClock } from '../../src/clock.js';
import { createLogger, useLogger } from '../../src/log/index.js';
import { JobsService } from '../../src/jobs/service.js';
import { taskCatalog } from '../../src/jobs/task-catalog.js';
import { openStore } from '../../src/store/index.js';
import { runAps } from '../lib/aps.js';
import { benchDb, STORES, type BenchStore } from '../lib/stores.js';
import { row, type ScenarioResult } from '../lib/report.js';
import { median, round } from '../lib/stats.js';
import type { BenchOptions } from '../run.js';

const JOBS = 10_000;
const INTERVAL_S = 60;

interface AddRun {
  side: 'ours' | 'aps';
  store: BenchStore;
  jobs: number;
  seconds: number;
  perSecond: number;
}

const jobId = (i: number) => `job${String(i).padStart(7, '0')}`;

async function ours(store: BenchStore, jobs: number): Promise<AddRun> {
  const db = await benchDb(store, 'api_add');
  const jobStore = openStore(db.url, { poolSize: 2 });
  try {
    await jobStore.migrate();
    const api = new JobsService({
      store: jobStore, clock: systemClock, origin: 'bench', tasks: taskCatalog(['noop']),
      // APScheduler's side has the same defaults (runner.py make_scheduler).
      settings: { timezone: 'UTC', jobDefaults: { coalesce: true, maxInstances: 1, misfireGraceTime: null } },
    });
    const start = performance.now();
    for (let i = 0; i < jobs; i++) await api.addJob({ id: jobId(i), task: 'noop', trigger: 'interval', args: { seconds: INTERVAL_S } });
    const seconds = (performance.now() - start) / 1000;
    expectStored(Number((await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM jobs'))[0]!.n), jobs, 'ours');
    return { side: 'ours', store, jobs, seconds, perSecond: jobs / seconds };
  } finally {
    await jobStore.close();
    await db.drop();
  }
}

async function aps(store: BenchStore, jobs: number): Promise<AddRun> {
  const db = await benchDb(store, 'api_add_aps');
  try {
    const r = await runAps({ url: db.sqlalchemyUrl, add_job: { count: jobs, interval: INTERVAL_S } });
    expectStored(r.stored ?? 0, jobs, 'APScheduler');
    const seconds = r.add_job_s ?? NaN;
    return { side: 'aps', store, jobs, seconds, perSecond: jobs / seconds };
  } finally {
    await db.drop();
  }
}

function expectStored(stored: number, jobs: number, side: string): void {
  if (stored !== jobs) throw new Error(`${side}: ${stored} jobs stored after ${jobs} adds`);
}

export async function apiAdd(options: BenchOptions): Promise<ScenarioResult> {
  const jobs = options.quick ? 2000 : JOBS;
  // The store logs (its migrations) in this process: at the service's bench level (lib/ours.ts), on stderr.
  useLogger(createLogger({ level: process.env.BENCH_LOG_LEVEL ?? 'warn', file: null }, 'stderr'));
  const runs: AddRun[] = [];
  const show = (r: AddRun) => `${round(r.seconds, 2)} s, ${Math.round(r.perSecond)} jobs/s`;
  for (let i = 0; i < options.repeat; i++) {
    for (const store of STORES) {
      const o = await ours(store, jobs);
      options.log(`api-add ours on ${store} #${i + 1}: ${show(o)}`);
      runs.push(o);
      if (options.aps) {
        const a = await aps(store, jobs);
        options.log(`api-add APScheduler on ${store} #${i + 1}: ${show(a)}`);
        runs.push(a);
      }
    }
  }
  const pick = (side: AddRun['side'], store: BenchStore, f: (r: AddRun) => number) => {
    const values = runs.filter((r) => r.side === side && r.store === store).map(f);
    return values.length ? median(values) : null;
  };
  const s = 'api-add';
  const n = jobs.toLocaleString('en-US');
  return {
    scenario: s,
    runs,
    notes: [`${n} interval jobs added one call at a time (ours: JobsService.addJob; APScheduler: scheduler.add_job, scheduler paused)`],
    rows: [
      row(s, `add ${n} jobs, one call each: rate`, 'jobs/s', pick('ours', 'mysql', (r) => r.perSecond), pick('aps', 'mysql', (r) => r.perSecond), 'higher'),
      row(s, `add ${n} jobs: time`, 's', pick('ours', 'mysql', (r) => r.seconds), pick('aps', 'mysql', (r) => r.seconds), 'lower'),
      row(s, 'on SQLite: rate', 'jobs/s', pick('ours', 'sqlite', (r) => r.perSecond), pick('aps', 'sqlite', (r) => r.perSecond), 'higher'),
      row(s, 'on SQLite: time', 's', pick('ours', 'sqlite', (r) => r.seconds), pick('aps', 'sqlite', (r) => r.seconds), 'lower'),
    ],
  };
}
