// Profiling aid: RSS of the service while N jobs are inserted and then fire 1,000/s.
// node --import tsx bench/profile/rss.ts [jobs] [task]
import { createDb, insertJobs } from '../lib/db.js';
import { Project, Service } from '../lib/ours.js';
import { sample } from '../lib/proc.js';
const jobs = Number(process.argv[2] ?? 100000);
const db = await createDb('rss');
const project = new Project();
const s = new Service(project, db);
await s.ready(db);
const log = (l: string) => { const x = sample(s.pid)!; console.log(`${l.padEnd(12)} rss ${x.rssMb.toFixed(0)} MB peak ${x.peakRssMb.toFixed(0)} cpu ${x.cpuMs}`); };
log('ready');
const t0 = Math.ceil(Date.now() / 1000 + 3) * 1000;
await insertJobs(db, jobs, (i) => { const f = new Date(t0 + Math.floor(i / 1000) * 1000); return { id: `job${i}`, interval: { seconds: jobs / 1000 }, nextRunTime: f, definedAt: f, task: process.argv[3] ?? 'noop' }; }, 5000);
log('inserted');
for (let i = 0; i < 12; i++) { await new Promise((r) => setTimeout(r, 1000)); log(`t+${i}`); }
await s.stop(); await db.drop(); project.remove(); process.exit(0);
