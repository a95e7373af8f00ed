// Profiling aid: start-up with N jobs in config/bench.yaml — time from spawn until the service
// registered (config loaded and validated, jobs synced) and its peak RSS, for a first start
// (inserts) and a restart (every stored job read back and compared).
// node --import tsx bench/profile/config-sync.ts [jobs]
import { createDb } from '../lib/db.js';
import { Project, Service } from '../lib/ours.js';

const jobs = Number(process.argv[2] ?? 100_000);
const db = await createDb('sync');
const lines = ['tasks:'];
for (let i = 0; i < jobs; i++) lines.push(`  job${i}: { task: noop, trigger: interval, args: { hours: 1 } }`);
const project = new Project({ config: `${lines.join('\n')}\n` });
try {
  for (const label of ['first start', 'restart']) {
    const s = new Service(project, db);
    await s.ready(db, 1_800_000);
    const readyS = (Date.now() - s.spawnedAt) / 1000;
    const peak = s.sample()?.peakRssMb ?? 0;
    console.log(`${jobs} configured jobs, ${label}: ready after ${readyS.toFixed(1)} s, peak RSS ${peak.toFixed(0)} MB`);
    await s.stop();
  }
} finally {
  await db.drop();
  project.remove();
}
process.exit(0);
