// (1) Dispatch throughput: 10,000 jobs all due at the same instant T0, a no-op task, time from T0
// until every run is final (ours: the last `finished_at` once no run is queued or running;
// APScheduler: the last EVENT_JOB_EXECUTED). Jobs are interval jobs (1 h) whose first fire time
// is T0, bulk-inserted while the scheduler is already up, so start-up is not in the figure.
// Measured on MySQL and, in the same run, on SQLite (ours on sqlite:, APScheduler's
// SQLAlchemyJobStore on sqlite:///), each side against its own fresh database.
import { runAps } from '../lib/aps.js';
import { insertJobs, until } from '../lib/db.js';
import { benchDb, STORES, type BenchStore } from '../lib/stores.js';
import { Project, runCounts, Service } from '../lib/ours.js';
import { median, round } from '../lib/stats.js';
import { row, type ScenarioResult } from '../lib/report.js';
import type { BenchOptions } from '../run.js';

export const JOBS = 10_000;
/** APScheduler's add_job rate on SQLite assumed for its T0 allowance (about 1,100/s measured here, loaded). */
const APS_SQLITE_INSERTS_PER_S = 500;

export interface DispatchRun {
  side: 'ours' | 'aps';
  store?: BenchStore;
  seconds: number;
  perSecond: number;
  cpuS: number | null;
  peakRssMb: number | null;
  runs: number;
}

/** One measured run of ours with `instances` service processes (scenario 5 uses 3). */
export async function oursDispatch(jobs: number, instances = 1, label = 'dispatch', record = instances > 1, store: BenchStore = 'mysql'): Promise<DispatchRun & { duplicates?: number }> {
  const db = await benchDb(store, label);
  const project = new Project();
  const services: Service[] = [];
  try {
    for (let i = 0; i < instances; i++) services.push(new Service(project, db));
    for (const s of services) await s.ready(db);
    const insertStart = Date.now();
    const t0 = new Date(Math.ceil((insertStart + 4000) / 1000) * 1000);
    await insertJobs(db, jobs, (i) => ({
      id: `job${String(i).padStart(7, '0')}`, interval: { hours: 1 }, nextRunTime: t0, definedAt: t0,
      task: record ? 'record' : 'noop',
    }));
    if (Date.now() > t0.getTime() - 2100) throw new Error('inserting the jobs took too long: T0 would be missed');
    const cpu0 = services.map((s) => s.sample()?.cpuMs ?? 0);
    const counts = await until('all runs final', async () => {
      const c = await runCounts(db);
      return c.final >= jobs && c.open === 0 ? c : undefined;
    }, 600_000, 100);
    const cpuS = services.reduce((sum, s, i) => sum + ((s.sample()?.cpuMs ?? 0) - cpu0[i]!), 0) / 1000;
    const seconds = (counts.maxFinished!.getTime() - t0.getTime()) / 1000;
    const result: DispatchRun & { duplicates?: number } = {
      side: 'ours', store, seconds, perSecond: jobs / seconds, cpuS, peakRssMb: Math.max(...services.map((s) => s.maxRssMb)), runs: counts.succeeded,
    };
    if (record) {
      const executed = project.records();
      result.duplicates = executed.length - new Set(executed.map((r) => `${r.jobId}@${r.scheduledAt}`)).size;
      result.runs = executed.length;
    }
    return result;
  } finally {
    for (const s of services) await s.stop();
    for (const s of services) for (const p of s.problems()) console.error(`  [service] ${p.slice(0, 300)}`);
    await db.drop();
    project.remove();
  }
}

export async function apsDispatch(jobs: number, label = 'dispatch', store: BenchStore = 'mysql'): Promise<DispatchRun> {
  const db = await benchDb(store, `${label}_aps`);
  try {
    // T0 leaves room for pickling and inserting the jobs (~0.25 ms each here on MySQL; on SQLite each
    // add_job is a transaction of its own, synced to disk) before the scheduler starts.
    const t0 = Math.ceil(Date.now() / 1000 + 3 + jobs / (store === 'sqlite' ? APS_SQLITE_INSERTS_PER_S : 3000));
    const r = await runAps({ url: db.sqlalchemyUrl, jobs: { count: jobs, interval: 3600, t0 }, insert: true, start: true, expect_runs: jobs, timeout: 900 });
    if ((r.started_at ?? 0) > t0) throw new Error('APScheduler started after T0: raise the insert allowance');
    const seconds = r.last! - t0;
    return { side: 'aps', store, seconds, perSecond: (r.executed ?? 0) / seconds, cpuS: r.cpu_s ?? null, peakRssMb: r.peak_rss_mb ?? null, runs: r.executed ?? 0 };
  } finally {
    await db.drop();
  }
}

export async function dispatch(options: BenchOptions): Promise<ScenarioResult> {
  const runs: DispatchRun[] = [];
  for (let i = 0; i < options.repeat; i++) {
    for (const store of STORES) {
      const ours = await oursDispatch(JOBS, 1, 'dispatch', false, store);
      options.log(`dispatch ours on ${store} #${i + 1}: ${round(ours.seconds, 3)} s, ${Math.round(ours.perSecond)} runs/s, cpu ${round(ours.cpuS ?? 0, 2)} s`);
      runs.push(ours);
      if (options.aps) {
        const aps = await apsDispatch(JOBS, 'dispatch', store);
        options.log(`dispatch APScheduler on ${store} #${i + 1}: ${round(aps.seconds, 3)} s, ${Math.round(aps.perSecond)} runs/s, cpu ${round(aps.cpuS ?? 0, 2)} s`);
        runs.push(aps);
      }
    }
  }
  // Runs recorded before SQLite was measured too have no store: MySQL.
  const pick = (side: string, store: BenchStore, f: (r: DispatchRun) => number | null) =>
    median(runs.filter((r) => r.side === side && (r.store ?? 'mysql') === store).map((r) => f(r) ?? NaN));
  const oursRate = pick('ours', 'mysql', (r) => r.perSecond);
  const apsRate = options.aps ? pick('aps', 'mysql', (r) => r.perSecond) : null;
  const aps = (store: BenchStore, f: (r: DispatchRun) => number | null) => (options.aps ? pick('aps', store, f) : null);
  const s = 'dispatch';
  return {
    scenario: s,
    runs,
    notes: [],
    rows: [
      row(s, `${JOBS.toLocaleString('en-US')} due runs, throughput`, 'runs/s', oursRate, apsRate, 'higher', {
        text: '≥ 5,000/s and ≥ 10× APS', met: oursRate >= 5000 && (apsRate === null || oursRate >= 10 * apsRate),
      }),
      row(s, 'time until every run is final', 's', pick('ours', 'mysql', (r) => r.seconds), aps('mysql', (r) => r.seconds), 'lower'),
      row(s, 'scheduler CPU during the drain', 's', pick('ours', 'mysql', (r) => r.cpuS), aps('mysql', (r) => r.cpuS), 'lower'),
      row(s, 'on SQLite: throughput', 'runs/s', pick('ours', 'sqlite', (r) => r.perSecond), aps('sqlite', (r) => r.perSecond), 'higher'),
      row(s, 'on SQLite: time until every run is final', 's', pick('ours', 'sqlite', (r) => r.seconds), aps('sqlite', (r) => r.seconds), 'lower'),
      row(s, 'on SQLite: scheduler CPU during the drain', 's', pick('ours', 'sqlite', (r) => r.cpuS), aps('sqlite', (r) => r.cpuS), 'lower'),
    ],
  };
}
