// Profiling aid (not part of `npm run bench`): one 10,000-run dispatch of ours with a timeline —
// start transactions, runs per start, gaps between them, CPU of the service and of mariadbd.
// node --import tsx bench/profile/profile-dispatch.ts [jobs]; BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" adds a CPU profile.
import { createRequire } from "node:module"; const require = createRequire(import.meta.url);
import { sample } from "../lib/proc.js";
// Scratch: dispatch timeline of ours (runs per cycle, gaps) — not part of `npm run bench`.
import { createDb, insertJobs, until } from '../lib/db.js';
import { Project, runCounts, Service } from '../lib/ours.js';

const MDB = Number(require("node:child_process").execSync("pgrep mariadbd").toString().trim());
const jobs = Number(process.argv[2] ?? 10000);
const db = await createDb('prof');
const project = new Project({ scheduler: JSON.parse(process.argv[3] ?? '{}') });
const s = new Service(project, db);
try {
  await s.ready(db);
  const t0 = new Date(Math.ceil((Date.now() + 3000) / 1000) * 1000);
  await insertJobs(db, jobs, (i) => ({ id: `job${i}`, interval: { hours: 1 }, nextRunTime: t0, definedAt: t0 }));
  const cpu0 = s.sample()!.cpuMs; const m0 = sample(MDB)!.cpuMs;
  const c = await until('final', async () => { const c = await runCounts(db); return c.final >= jobs && c.open === 0 ? c : undefined; }, 600000, 50);
  const secs = (c.maxFinished!.getTime() - t0.getTime()) / 1000;
  console.log(`mariadb cpu ${(sample(MDB)!.cpuMs - m0) / 1000}s`); console.log(`runs ${jobs} in ${secs}s = ${Math.round(jobs / secs)}/s cpu ${(s.sample()!.cpuMs - cpu0) / 1000}s`);
  const cycles = await db.query<{ started_at: Date; n: number }>('SELECT started_at, COUNT(*) n FROM runs GROUP BY started_at ORDER BY started_at');
  console.log(`start cycles: ${cycles.length}; runs/cycle first: ${cycles.slice(0, 8).map((c) => c.n).join(',')}`);
  const gaps = cycles.slice(1).map((c, i) => c.started_at.getTime() - cycles[i]!.started_at.getTime()).sort((a, b) => a - b);
  console.log(`gap ms p50 ${gaps[Math.floor(gaps.length / 2)]} p90 ${gaps[Math.floor(gaps.length * 0.9)]} max ${gaps.at(-1)}`);
  const created = await db.query<{ created_at: Date; n: number }>('SELECT created_at, COUNT(*) n FROM runs GROUP BY created_at ORDER BY created_at');
  console.log(`claims: ${created.length}, first at +${created[0]!.created_at.getTime() - t0.getTime()}ms, last at +${created.at(-1)!.created_at.getTime() - t0.getTime()}ms`);
  const fin = await db.query<{ finished_at: Date; n: number }>('SELECT finished_at, COUNT(*) n FROM runs GROUP BY finished_at ORDER BY finished_at');
  console.log(`finish groups: ${fin.length}`);
} finally {
  await s.stop();
  for (const p of s.problems()) console.log(p.slice(0, 300));
  await db.drop();
  project.remove();
}
process.exit(0);
