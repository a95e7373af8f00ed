// (4) Restart catch-up: 10,000 jobs (interval 1 s, start_date S, end_date S + 9.5 s: ten fire
// times each) are stored by a first start, the scheduler is stopped before S and started again
// 10 s later, when every fire time has been missed. Time to drain: until every caught-up run is
// final, under coalesce true (10,000 runs) and coalesce false (100,000 runs); misfire grace: none.
// Ours: the jobs come from config/bench.yaml (synced, unchanged, at the restart — the user's path);
// the clock starts when the second process registers (loop start; "from spawn" adds process start
// and the sync). APScheduler: a first process stores the jobs, a second one starts the scheduler;
// the clock starts at scheduler.start() ("from spawn" adds interpreter start-up).
import { runAps } from '../lib/aps.js';
import { createDb, until } from '../lib/db.js';
import { Project, runCounts, Service } from '../lib/ours.js';
import { median, round } from '../lib/stats.js';
import { row, type ScenarioResult } from '../lib/report.js';
import type { BenchOptions } from '../run.js';

const JOBS = 10_000;
const FIRES = 10;

interface CatchupRun {
  side: 'ours' | 'aps';
  coalesce: boolean;
  runs: number;
  /** From loop start (ours) / scheduler.start() (APScheduler) to the last final run. */
  drainS: number;
  /** From process spawn. */
  fromSpawnS: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

async function ours(coalesce: boolean): Promise<CatchupRun> {
  const db = await createDb('catchup');
  const s = Math.ceil(Date.now() / 1000 + 15) * 1000;
  const start = new Date(s).toISOString();
  const end = new Date(s + (FIRES - 0.5) * 1000).toISOString();
  const lines = ['tasks:'];
  for (let i = 0; i < JOBS; i++) lines.push(`  job${String(i).padStart(5, '0')}: { task: noop, trigger: interval, args: { seconds: 1, start_date: "${start}", end_date: "${end}" } }`);
  const project = new Project({
    scheduler: { job_defaults: { coalesce, max_instances: 1, misfire_grace_time: null } },
    config: `${lines.join('\n')}\n`,
  });
  try {
    const first = new Service(project, db);
    await first.ready(db);
    await first.stop();
    if (Date.now() > s - 1000) throw new Error('the first start took too long: S would not be missed');
    await sleep(s + FIRES * 1000 - Date.now());
    const second = new Service(project, db);
    try {
      const loopStart = await second.ready(db);
      const expected = coalesce ? JOBS : JOBS * FIRES;
      const counts = await until('every caught-up run final', async () => {
        const c = await runCounts(db);
        return c.final >= expected && c.open === 0 ? c : undefined;
      }, 900_000, 100);
      const last = counts.maxFinished!.getTime();
      return { side: 'ours', coalesce, runs: counts.succeeded, drainS: (last - loopStart.getTime()) / 1000, fromSpawnS: (last - second.spawnedAt) / 1000 };
    } finally {
      await second.stop();
      for (const p of second.problems()) console.error(`  [service] ${p.slice(0, 300)}`);
    }
  } finally {
    await db.drop();
    project.remove();
  }
}

async function aps(coalesce: boolean): Promise<CatchupRun> {
  const db = await createDb('catchup_aps');
  try {
    const s = Math.ceil(Date.now() / 1000 + 8);
    const jobs = { count: JOBS, interval: 1, t0: s, end: FIRES - 0.5 };
    await runAps({ url: db.sqlalchemyUrl, jobs, coalesce, insert: true, start: false });
    if (Date.now() / 1000 > s - 1) throw new Error('APScheduler insert took too long: S would not be missed');
    await sleep((s + FIRES) * 1000 - Date.now());
    const spawnedAt = Date.now() / 1000;
    const r = await runAps({ url: db.sqlalchemyUrl, jobs, coalesce, start: true, expect_runs: coalesce ? JOBS : JOBS * FIRES, timeout: 900 });
    return { side: 'aps', coalesce, runs: r.executed ?? 0, drainS: r.last! - r.started_at!, fromSpawnS: r.last! - spawnedAt };
  } finally {
    await db.drop();
  }
}

export async function catchup(options: BenchOptions): Promise<ScenarioResult> {
  const runs: CatchupRun[] = [];
  for (const coalesce of [true, false]) {
    for (let i = 0; i < options.repeat; i++) {
      const o = await ours(coalesce);
      options.log(`catchup coalesce=${coalesce} ours #${i + 1}: ${o.runs} runs, drain ${round(o.drainS, 2)} s (from spawn ${round(o.fromSpawnS, 2)} s)`);
      runs.push(o);
      if (options.aps) {
        const a = await aps(coalesce);
        options.log(`catchup coalesce=${coalesce} APScheduler #${i + 1}: ${a.runs} runs, drain ${round(a.drainS, 2)} s (from spawn ${round(a.fromSpawnS, 2)} s)`);
        runs.push(a);
      }
    }
  }
  const s = 'catchup';
  const pick = (side: string, coalesce: boolean, f: (r: CatchupRun) => number) => {
    const v = runs.filter((r) => r.side === side && r.coalesce === coalesce).map(f);
    return v.length ? median(v) : null;
  };
  const drainTrue = pick('ours', true, (r) => r.drainS)!;
  return {
    scenario: s,
    runs,
    notes: ['coalesce false: ours records 100,000 run rows; APScheduler runs the function 100,000 times from 10,000 submissions and records nothing'],
    rows: [
      row(s, '10,000 jobs, coalesce true: drain', 's', drainTrue, pick('aps', true, (r) => r.drainS), 'lower', { text: '< 3 s', met: drainTrue < 3 }),
      row(s, 'coalesce true: from process spawn', 's', pick('ours', true, (r) => r.fromSpawnS), pick('aps', true, (r) => r.fromSpawnS), 'lower'),
      row(s, 'coalesce false (100,000 runs): drain', 's', pick('ours', false, (r) => r.drainS), pick('aps', false, (r) => r.drainS), 'lower'),
      row(s, 'coalesce false: from process spawn', 's', pick('ours', false, (r) => r.fromSpawnS), pick('aps', false, (r) => r.fromSpawnS), 'lower'),
    ],
  };
}
