// (3) Scale: N jobs stored (1,000, 100,000, 1,000,000), 1,000 of them due every second; lateness
// (start − scheduled) over a measurement window, CPU and peak memory of the scheduler process.
// Job i fires at T0 + ⌊i / 1000⌋ s and then every N / 1000 s, so each second has 1,000 fire
// times whatever N is. The 1,000-job case is the baseline the issue compares against.
// Jobs are bulk-inserted into `jobs` (ours: while the service runs — a config file of 1M tasks is
// not how such a fleet would be defined, and the start-up sync would remove rows not in the config;
// APScheduler: the rows SQLAlchemyJobStore.add_job writes, inserted by a separate process before
// the scheduler process starts). The window opens once every job is stored.
import { ApsProcess } from '../lib/aps.js';
import { createDb, insertJobs } from '../lib/db.js';
import { Project, Service } from '../lib/ours.js';
import { lateness as summarize, median, round, type Lateness } from '../lib/stats.js';
import { row, type ScenarioResult } from '../lib/report.js';
import type { BenchOptions } from '../run.js';
import { runAps } from '../lib/aps.js';

const PER_SECOND = 1000;

interface ScaleRun extends Lateness {
  side: 'ours' | 'aps';
  jobs: number;
  insertS: number;
  cpuPct: number;
  peakRssMb: number;
  /** Runs started in the window ÷ fire times in it (< 1: falling behind). */
  keptUp: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

async function ours(jobs: number, windowS: number): Promise<ScaleRun> {
  const db = await createDb('scale');
  const project = new Project();
  const service = new Service(project, db);
  try {
    await service.ready(db);
    const interval = jobs / PER_SECOND;
    const t0 = Math.ceil(Date.now() / 1000 + 3) * 1000;
    const insertStart = Date.now();
    await insertJobs(db, jobs, (i) => {
      const first = new Date(t0 + Math.floor(i / PER_SECOND) * 1000);
      return { id: `job${String(i).padStart(7, '0')}`, interval: { seconds: interval }, nextRunTime: first, definedAt: first, task: 'record' };
    }, 5000);
    const insertS = (Date.now() - insertStart) / 1000;
    // Window: whole seconds from 3 s after the last insert.
    const from = Math.ceil(Date.now() / 1000 + 3) * 1000;
    const to = from + windowS * 1000;
    await sleep(from - Date.now());
    const cpu0 = service.sample()!.cpuMs;
    await sleep(to - Date.now());
    const cpu1 = service.sample()!.cpuMs;
    await sleep(1500);
    const runs = project.records().filter((r) => r.scheduledAt >= from && r.scheduledAt < to);
    return {
      side: 'ours', jobs, insertS, ...summarize(runs.map((r) => r.startedAt - r.scheduledAt)),
      cpuPct: ((cpu1 - cpu0) / (windowS * 1000)) * 100, peakRssMb: service.maxRssMb, keptUp: runs.length / (PER_SECOND * windowS),
    };
  } finally {
    await service.stop();
    for (const p of service.problems()) console.error(`  [service] ${p.slice(0, 300)}`);
    await db.drop();
    project.remove();
  }
}

async function aps(jobs: number, windowS: number, insertRate: number): Promise<ScaleRun> {
  const db = await createDb('scale_aps');
  try {
    const interval = jobs / PER_SECOND;
    // The insert runs first, in its own process; T0 leaves it time (rate measured on this machine).
    const t0 = Math.ceil(Date.now() / 1000 + 5 + jobs / insertRate);
    const insertStart = Date.now();
    const inserted = await runAps({ url: db.sqlalchemyUrl, jobs: { count: jobs, interval, t0, group: PER_SECOND, step: 1 }, insert: true, start: false });
    const insertS = (Date.now() - insertStart) / 1000;
    if (Date.now() / 1000 > t0 - 1) throw new Error(`APScheduler insert of ${jobs} jobs took ${insertS}s: T0 missed`);
    const warmup = Math.ceil(Math.max(3, Date.now() / 1000 - t0 + 3));
    const proc = new ApsProcess({ url: db.sqlalchemyUrl, jobs: { count: jobs, interval, t0 }, start: true, duration: warmup + windowS, record: 'lateness', warmup, timeout: 900 });
    const r = await proc.result;
    const late = r.lateness_ms ?? [];
    const wallS = (r.stopped_at ?? 0) - (r.window_started_at ?? r.started_at ?? 0);
    void inserted;
    return {
      side: 'aps', jobs, insertS, ...summarize(late), cpuPct: ((r.cpu_s ?? 0) / wallS) * 100, peakRssMb: r.peak_rss_mb ?? 0,
      keptUp: late.length / (PER_SECOND * windowS),
    };
  } finally {
    await db.drop();
  }
}

export async function scale(options: BenchOptions): Promise<ScenarioResult> {
  const sizes = options.quick ? [1000, 100_000] : [1000, 100_000, 1_000_000];
  const windowS = options.quick ? 10 : 20;
  const runs: ScaleRun[] = [];
  const show = (r: ScaleRun) =>
    `${r.jobs} jobs (insert ${round(r.insertS, 1)} s): p50 ${round(r.p50, 1)} p99 ${round(r.p99, 1)} max ${round(r.max, 1)} ms, kept up ${round(r.keptUp * 100, 1)}%, cpu ${round(r.cpuPct, 1)}%, peak RSS ${round(r.peakRssMb, 1)} MB`;
  // APScheduler at 1M: inserting a million pickled jobs takes minutes; once per invocation.
  const apsRepeat = (jobs: number) => (jobs >= 1_000_000 ? 1 : options.repeat);
  for (const jobs of sizes) {
    for (let i = 0; i < (jobs >= 1_000_000 ? Math.min(options.repeat, 2) : options.repeat); i++) {
      const o = await ours(jobs, windowS);
      options.log(`scale ours #${i + 1}: ${show(o)}`);
      runs.push(o);
    }
    if (options.aps) {
      for (let i = 0; i < apsRepeat(jobs); i++) {
        const a = await aps(jobs, windowS, 4000);
        options.log(`scale APScheduler #${i + 1}: ${show(a)}`);
        runs.push(a);
      }
    }
  }
  const s = 'scale';
  const pick = (side: string, jobs: number, f: (r: ScaleRun) => number) => {
    const v = runs.filter((r) => r.side === side && r.jobs === jobs).map(f);
    return v.length ? median(v) : null;
  };
  const rows = [];
  const baseP99 = pick('ours', 1000, (r) => r.p99)!;
  for (const jobs of sizes) {
    const n = jobs.toLocaleString('en-US');
    const p99 = pick('ours', jobs, (r) => r.p99)!;
    const rss = pick('ours', jobs, (r) => r.peakRssMb)!;
    rows.push(
      row(s, `${n} jobs, 1,000 due/s: lateness p50`, 'ms', pick('ours', jobs, (r) => r.p50), pick('aps', jobs, (r) => r.p50), 'lower'),
      row(s, `${n} jobs: lateness p99`, 'ms', p99, pick('aps', jobs, (r) => r.p99), 'lower',
        jobs === 1000 ? undefined : { text: `≤ 2× 1,000-job p99 (${round(baseP99 * 2, 1)})`, met: p99 <= baseP99 * 2 }),
      row(s, `${n} jobs: fire times started in the window`, '%', pick('ours', jobs, (r) => r.keptUp * 100), pick('aps', jobs, (r) => r.keptUp * 100), 'higher'),
      row(s, `${n} jobs: scheduler CPU`, '% of a core', pick('ours', jobs, (r) => r.cpuPct), pick('aps', jobs, (r) => r.cpuPct), 'lower'),
      row(s, `${n} jobs: peak RSS`, 'MB', rss, pick('aps', jobs, (r) => r.peakRssMb), 'lower', jobs === 1_000_000 ? { text: '≤ 200 MB', met: rss <= 200 } : undefined),
    );
  }
  return { scenario: s, runs, notes: [`measurement window ${windowS} s per size`], rows };
}
