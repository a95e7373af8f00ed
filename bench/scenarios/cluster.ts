// (5) Three instances on one database: the dispatch scenario (10,000 jobs due at T0) run by three
// scheduler processes at once, against one process with the same task. Every execution is recorded
// by the task itself (job id + scheduled time), so a run executed twice shows up as a duplicate
// whatever the run table says. APScheduler 3 has no multi-process support (its docs say so): three
// BackgroundSchedulers on one SQLAlchemy store each load and run the due jobs; its duplicates are
// counted the same way (each process records the runs it executed).
import { ApsProcess, runAps } from '../lib/aps.js';
import { createDb } from '../lib/db.js';
import { median, round } from '../lib/stats.js';
import { row, type ScenarioResult } from '../lib/report.js';
import type { BenchOptions } from '../run.js';
import { JOBS, oursDispatch } from './dispatch.js';

interface ClusterRun {
  side: 'ours' | 'aps';
  instances: number;
  perSecond: number;
  executed: number;
  duplicates: number;
}

async function aps(instances: number): Promise<ClusterRun> {
  const db = await createDb('cluster_aps');
  try {
    const t0 = Math.ceil(Date.now() / 1000 + 4 + JOBS / 3000);
    const jobs = { count: JOBS, interval: 3600, t0 };
    await runAps({ url: db.sqlalchemyUrl, jobs, insert: true, start: false });
    const procs = Array.from({ length: instances }, () => new ApsProcess({ url: db.sqlalchemyUrl, jobs, start: true, idle: 3, record: 'ids', timeout: 600 }));
    const results = await Promise.all(procs.map((p) => p.result));
    const all = results.flatMap((r) => r.runs ?? []);
    const distinct = new Set(all).size;
    const last = Math.max(...results.map((r) => r.last ?? 0));
    return { side: 'aps', instances, perSecond: distinct / (last - t0), executed: all.length, duplicates: all.length - distinct };
  } finally {
    await db.drop();
  }
}

export async function cluster(options: BenchOptions): Promise<ScenarioResult> {
  const runs: ClusterRun[] = [];
  const show = (r: ClusterRun) => `${r.instances} instance(s): ${Math.round(r.perSecond)} runs/s, ${r.executed} executions, ${r.duplicates} duplicates`;
  for (let i = 0; i < options.repeat; i++) {
    for (const instances of [1, 3]) {
      const o = await oursDispatch(JOBS, instances, 'cluster', true);
      const r: ClusterRun = { side: 'ours', instances, perSecond: o.perSecond, executed: o.runs, duplicates: o.duplicates ?? 0 };
      options.log(`cluster ours #${i + 1}: ${show(r)}`);
      runs.push(r);
    }
    if (options.aps) {
      const a = await aps(3);
      options.log(`cluster APScheduler #${i + 1}: ${show(a)}`);
      runs.push(a);
    }
  }
  const s = 'cluster';
  const pick = (side: string, n: number, f: (r: ClusterRun) => number) => {
    const v = runs.filter((r) => r.side === side && r.instances === n).map(f);
    return v.length ? median(v) : null;
  };
  const one = pick('ours', 1, (r) => r.perSecond)!;
  const three = pick('ours', 3, (r) => r.perSecond)!;
  const dupes = Math.max(...runs.filter((r) => r.side === 'ours').map((r) => r.duplicates));
  return {
    scenario: s,
    runs,
    notes: [`ours, one instance with the same recording task: ${round(one, 0)} runs/s`],
    rows: [
      row(s, '3 instances, 10,000 due runs: throughput', 'runs/s', three, pick('aps', 3, (r) => r.perSecond), 'higher', { text: `≥ 1 instance (${Math.round(one)})`, met: three >= one }),
      row(s, '3 instances: duplicate executions (worst run)', 'runs', dupes, options.aps ? Math.max(...runs.filter((r) => r.side === 'aps').map((r) => r.duplicates)) : null, 'lower', { text: '0', met: dupes === 0 }),
    ],
  };
}
