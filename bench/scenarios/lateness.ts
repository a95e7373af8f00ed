// (2) Lateness: 20 jobs on a 1-second interval for 60 s; start − scheduled (p50/p99/max) of every
// run after a 2 s warm-up. Ours: the jobs come from config/bench.yaml (the user's path) and the
// task itself records when it started; APScheduler: the pool's run_job is wrapped to record when
// the job function is about to be called (bench/apscheduler/runner.py). Measured on MySQL and, in
// the same run, on SQLite (each side on its own fresh database).
import { runAps } from '../lib/aps.js';
import { benchDb, STORES, type BenchStore } from '../lib/stores.js';
import { Project, Service } from '../lib/ours.js';
import { lateness as summarize, median, round, type Lateness } from '../lib/stats.js';
import { row, type ScenarioResult } from '../lib/report.js';
import type { BenchOptions } from '../run.js';

const JOBS = 20;
const WARMUP_S = 2;

interface LatenessRun extends Lateness {
  side: 'ours' | 'aps';
  store?: BenchStore;
}

async function ours(seconds: number, store: BenchStore): Promise<LatenessRun> {
  const db = await benchDb(store, 'lateness');
  const t0 = new Date(Math.ceil((Date.now() + 4000) / 1000) * 1000);
  let config = 'tasks:\n';
  for (let i = 0; i < JOBS; i++) config += `  job${i}: { task: record, trigger: interval, args: { seconds: 1, start_date: "${t0.toISOString()}" } }\n`;
  const project = new Project({ config });
  const service = new Service(project, db);
  try {
    await service.ready(db);
    await new Promise((r) => setTimeout(r, t0.getTime() + seconds * 1000 + 300 - Date.now()));
    const warm = t0.getTime() + WARMUP_S * 1000;
    const end = t0.getTime() + seconds * 1000;
    const runs = project.records().filter((r) => r.scheduledAt >= warm && r.scheduledAt < end);
    return { side: 'ours', store, ...summarize(runs.map((r) => r.startedAt - r.scheduledAt)) };
  } finally {
    await service.stop();
    for (const p of service.problems()) console.error(`  [service] ${p.slice(0, 300)}`);
    await db.drop();
    project.remove();
  }
}

async function aps(seconds: number, store: BenchStore): Promise<LatenessRun> {
  const db = await benchDb(store, 'lateness_aps');
  try {
    const t0 = Math.ceil(Date.now() / 1000 + 3);
    const r = await runAps({ url: db.sqlalchemyUrl, jobs: { count: JOBS, interval: 1, t0 }, insert: true, start: true, duration: seconds, record: 'lateness', warmup: WARMUP_S });
    return { side: 'aps', store, ...summarize(r.lateness_ms ?? []) };
  } finally {
    await db.drop();
  }
}

export async function lateness(options: BenchOptions): Promise<ScenarioResult> {
  const seconds = options.quick ? 20 : 60;
  const runs: LatenessRun[] = [];
  const show = (r: LatenessRun) => `n=${r.n} p50 ${round(r.p50, 2)} ms, p99 ${round(r.p99, 2)} ms, max ${round(r.max, 2)} ms`;
  for (let i = 0; i < options.repeat; i++) {
    for (const store of STORES) {
      const o = await ours(seconds, store);
      options.log(`lateness ours on ${store} #${i + 1}: ${show(o)}`);
      runs.push(o);
      if (options.aps) {
        const a = await aps(seconds, store);
        options.log(`lateness APScheduler on ${store} #${i + 1}: ${show(a)}`);
        runs.push(a);
      }
    }
  }
  // Runs recorded before SQLite was measured too have no store: MySQL.
  const pick = (side: string, f: (r: LatenessRun) => number, store: BenchStore = 'mysql') =>
    (options.aps || side === 'ours' ? median(runs.filter((r) => r.side === side && (r.store ?? 'mysql') === store).map(f)) : null);
  const s = 'lateness';
  const p99 = pick('ours', (r) => r.p99)!;
  const apsP99 = pick('aps', (r) => r.p99);
  return {
    scenario: s,
    runs,
    notes: [],
    rows: [
      row(s, `${JOBS} × 1 s jobs, ${seconds} s: p50`, 'ms', pick('ours', (r) => r.p50), pick('aps', (r) => r.p50), 'lower'),
      row(s, 'p99', 'ms', p99, apsP99, 'lower', { text: '≤ 5 ms and ≤ APS', met: p99 <= 5 && (apsP99 === null || p99 <= apsP99) }),
      row(s, 'max', 'ms', pick('ours', (r) => r.max), pick('aps', (r) => r.max), 'lower'),
      row(s, 'on SQLite: p50', 'ms', pick('ours', (r) => r.p50, 'sqlite'), pick('aps', (r) => r.p50, 'sqlite'), 'lower'),
      row(s, 'on SQLite: p99', 'ms', pick('ours', (r) => r.p99, 'sqlite'), pick('aps', (r) => r.p99, 'sqlite'), 'lower'),
      row(s, 'on SQLite: max', 'ms', pick('ours', (r) => r.max, 'sqlite'), pick('aps', (r) => r.max, 'sqlite'), 'lower'),
    ],
  };
}
