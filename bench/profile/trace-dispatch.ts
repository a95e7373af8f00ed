// Profiling aid: the service in-process during a 10,000-run dispatch, with time per store call and
// per SQL statement (mysql2's Connection.query wrapped). node --import tsx bench/profile/trace-dispatch.ts
import pino from 'pino';
import { createRequire } from 'node:module';
const req = createRequire(import.meta.url);
const qstats: Record<string, { n: number; ms: number }> = {};
const timeline: string[] = [];
for (const mod of [new URL('../../node_modules/mysql2/lib/base/connection.js', import.meta.url).pathname]) {
  let C: any; try { C = req(mod); } catch (e) { console.log(e); continue; }
  C = C.default ?? C; const proto = C.prototype; if (!proto?.query) continue;
  const orig = proto.query;
  proto.query = function (sql: any, values: any, cb: any) {
    const text = (typeof sql === 'string' ? sql : sql?.sql ?? '').replace(/\s+/g, ' ').slice(0, 70);
    const t = performance.now();
    const done = (s: string) => { timeline.push(`${t.toFixed(2)} +${(performance.now() - t).toFixed(2)} ${s.slice(0, 45)}`); const q = (qstats[s] ??= { n: 0, ms: 0 }); q.n++; q.ms += performance.now() - t; };
    if (typeof values === 'function') { const f = values; return orig.call(this, sql, (...a: any[]) => { done(text); f(...a); }); }
    if (typeof cb === 'function') { const f = cb; return orig.call(this, sql, values, (...a: any[]) => { done(text); f(...a); }); }
    const r = orig.call(this, sql, values, cb); r?.once?.('end', () => done(text)); return r;
  };
  console.log('patched', mod);
}
import { loadConfig } from '../../src/config/index.js';
import { startService } from '../../src/service.js';
import { createDb, insertJobs, until } from '../lib/db.js';
import { Project, runCounts } from '../lib/ours.js';

const jobs = Number(process.argv[2] ?? 10000);
const db = await createDb('trace');
const project = new Project();
const config = loadConfig({ root: project.root, env: { APP_ENV: 'bench', JOBSTORE_URL: db.url } });
const service = await startService(config, pino({ level: 'warn' }));
const stats: Record<string, { n: number; ms: number; max: number }> = {};
const store = service.store as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
for (const m of ['claimDueJobs', 'startRuns', 'finishRuns', 'nextWakeTime']) {
  const orig = store[m]!.bind(store);
  store[m] = async (...a: unknown[]) => {
    const t = performance.now();
    try { return await orig(...a); } finally {
      const d = performance.now() - t; const s = (stats[m] ??= { n: 0, ms: 0, max: 0 }); s.n++; s.ms += d; s.max = Math.max(s.max, d);
    }
  };
}
let cycles = 0; service.scheduler.listeners.add({ cycle: () => void cycles++ });
const t0 = new Date(Math.ceil((Date.now() + 3000) / 1000) * 1000);
await insertJobs(db, jobs, (i) => ({ id: `job${i}`, interval: { hours: 1 }, nextRunTime: t0, definedAt: t0 }));
const c = await until('final', async () => { const c = await runCounts(db); return c.final >= jobs && c.open === 0 ? c : undefined; }, 600000, 50);
const secs = (c.maxFinished!.getTime() - t0.getTime()) / 1000;
console.log(`runs ${jobs} in ${secs}s = ${Math.round(jobs / secs)}/s, cycles ${cycles}`);
for (const [m, s] of Object.entries(stats)) console.log(`${m.padEnd(14)} n=${s.n} avg=${(s.ms / s.n).toFixed(2)}ms max=${s.max.toFixed(1)} total=${(s.ms / 1000).toFixed(2)}s`);
for (const [k, q] of Object.entries(qstats).sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) console.log(`${(q.ms / 1000).toFixed(2)}s n=${q.n} avg=${(q.ms / q.n).toFixed(2)} ${k}`);
console.log(timeline.slice(Math.floor(timeline.length / 2), Math.floor(timeline.length / 2) + 40).join('\n'));
await service.stop(); await db.drop(); project.remove(); process.exit(0);
