// Profiling aid: 20 one-second jobs in-process; prints every SQL statement around one fire time and
// when each task started. node --import tsx bench/profile/trace-lateness.ts
import pino from 'pino';
import { createRequire } from 'node:module';
import { loadConfig } from '../../src/config/index.js';
import { startService } from '../../src/service.js';
import { createDb } from '../lib/db.js';
import { Project } from '../lib/ours.js';
const req = createRequire(import.meta.url);
const events: Array<[number, string]> = [];
const C = req(new URL('../../node_modules/mysql2/lib/base/connection.js', import.meta.url).pathname);
const orig = C.prototype.query;
C.prototype.query = function (sql: any, values: any, cb: any) {
  const text = (typeof sql === 'string' ? sql : sql?.sql ?? '').replace(/\s+/g, ' ').slice(0, 50);
  const t = Date.now() + (performance.now() % 1);
  const f = typeof values === 'function' ? values : cb;
  const wrapped = (...a: any[]) => { events.push([t, `${(performance.timeOrigin + performance.now() - t).toFixed(2)}ms ${text}`]); f(...a); };
  return typeof values === 'function' ? orig.call(this, sql, wrapped) : orig.call(this, sql, values, wrapped);
};
const db = await createDb('tl');
const t0 = new Date(Math.ceil((Date.now() + 3000) / 1000) * 1000);
let config = 'tasks:\n';
for (let i = 0; i < 20; i++) config += `  job${i}: { task: record, trigger: interval, args: { seconds: 1, start_date: "${t0.toISOString()}" } }\n`;
const project = new Project({ config });
process.env.BENCH_RECORD_FILE = project.recordFile;
const service = await startService(loadConfig({ root: project.root, env: { APP_ENV: 'bench', JOBSTORE_URL: db.url } }), pino({ level: 'warn' }));
await new Promise((r) => setTimeout(r, t0.getTime() + 6000 - Date.now()));
const fire = t0.getTime() + 5000;
for (const [t, e] of events.filter(([t]) => t > fire - 300 && t < fire + 60)) console.log(`${(t - fire).toFixed(2).padStart(8)} ${e}`);
const recs = project.records().filter((r) => r.scheduledAt === fire).map((r) => (r.startedAt - fire).toFixed(2));
console.log('starts', recs.join(' '));
await service.stop(); await db.drop(); project.remove(); process.exit(0);
