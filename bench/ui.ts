// How fast the dashboard's pages and the API's lists answer with 10,000 jobs and 1,000,000 runs
// stored (issue 12: each under 100 ms). A report, not a test: run it on a quiet machine.
//   node --import tsx bench/ui.ts [--jobs 10000] [--runs-per-job 100] [--repeat 20] [--keep]
// The data is bulk-inserted into a fresh MariaDB/MySQL database (BENCH_MYSQL_URL, default
// root@127.0.0.1:3306): jobs from the API (so no sync touches them), 70 % interval and 30 % cron,
// params with a customer and a region; 100 runs per job spread over the last 30 days (the default
// retention), 97 % succeeded, 2 % failed with a stack, 1 % missed. The service's HTTP app (the
// same createApp as `npm start`) listens on a loopback port; each URL is asked `--repeat` times
// after two warm-ups, one request at a time: the first answer (cold caches), and the median, p95
// and slowest of the rest are reported.
// --keep leaves the database in place (its name is printed) to EXPLAIN a slow query.
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { systemClock } from '../src/clock.js';
import type { ApiToken } from '../src/config/types.js';
import { apiDeps } from '../src/http/api/deps.js';
import { createApp } from '../src/http/app.js';
import { listen } from '../src/http/server.js';
import { sessionValue } from '../src/http/ui/session.js';
import { JobsService } from '../src/jobs/service.js';
import { taskCatalog } from '../src/jobs/task-catalog.js';
import { useLogger } from '../src/log/index.js';
import { openStore } from '../src/store/index.js';
import { createDb } from './lib/db.js';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}

const JOBS = option('jobs', 10_000);
const RUNS_PER_JOB = option('runs-per-job', 100);
const REPEAT = option('repeat', 20);
const TOKEN: ApiToken = { name: 'bench', token: 'bench-token-0123456789abcdef', role: 'admin' };
const log = (line: string) => void process.stderr.write(`${line}\n`);

async function fill(db: Awaited<ReturnType<typeof createDb>>): Promise<void> {
  const now = new Date();
  const t0 = performance.now();
  for (let start = 0; start < JOBS; start += 2000) {
    const rows: unknown[][] = [];
    for (let i = start; i < Math.min(JOBS, start + 2000); i++) {
      const cron = i % 10 >= 7;
      const args = cron ? { hour: i % 24, minute: i % 60 } : { minutes: 1 + (i % 60) };
      const paused = i % 20 === 0;
      rows.push([
        `job-${String(i).padStart(5, '0')}`, `task${i % 5}`, cron ? 'cron' : 'interval', JSON.stringify(args), 'UTC',
        JSON.stringify({ customer: `c${i}`, region: ['eu', 'us', 'ap'][i % 3] }), 'default', 1, 1, 60, 1, 0, null,
        new Date(now.getTime() + (i % 3600) * 1000), paused ? 1 : 0, new Date(now.getTime() - 86_400_000), now, now, 'api', 'bench',
      ]);
    }
    await db.query(
      `INSERT INTO jobs (id, task, trigger_type, trigger_args, timezone, params, executor, \`coalesce\`, max_instances, misfire_grace_time,
        max_attempts, retry_delay, timeout, next_run_time, paused, defined_at, created_at, updated_at, source, origin) VALUES ?`,
      [rows],
    );
  }
  log(`${JOBS} jobs in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  // Runs: every job × k in 0..RUNS_PER_JOB-1, one insert per slice of jobs. Fire times spread over
  // 30 days (k steps of 30 d / RUNS_PER_JOB, each job shifted by its number so they interleave).
  const t1 = performance.now();
  const step = Math.floor((30 * 86_400) / RUNS_PER_JOB);
  await db.query(`CREATE TEMPORARY TABLE k (k INT PRIMARY KEY)`);
  await db.query(`INSERT INTO k (k) VALUES ?`, [Array.from({ length: RUNS_PER_JOB }, (_, k) => [k])]);
  for (let start = 0; start < JOBS; start += 1000) {
    await db.query(
      `INSERT INTO runs (job_id, scheduled_at, attempt, status, due_at, created_at, started_at, finished_at, duration_ms, error, instance_id)
       SELECT j.id, s.at, 1, s.status, s.at, s.at, s.at + INTERVAL 100000 MICROSECOND, s.at + INTERVAL 1 SECOND, 900,
              IF(s.status = 'failed', 'Error: upstream timed out\\n    at run (tasks/task.ts:12:11)\\n    at process (node:internal)', IF(s.status = 'missed', 'missed by 75.0s (misfire_grace_time 60s)', NULL)),
              IF(s.status = 'missed', NULL, 'bench-1')
       FROM jobs j JOIN (
         SELECT jj.id AS id, k.k AS k,
                ? - INTERVAL (k.k * ${step} + CAST(SUBSTRING(jj.id, 5) AS UNSIGNED) % ${step}) SECOND AS at,
                CASE WHEN (CAST(SUBSTRING(jj.id, 5) AS UNSIGNED) + k.k) % 100 < 2 THEN 'failed'
                     WHEN (CAST(SUBSTRING(jj.id, 5) AS UNSIGNED) + k.k) % 100 < 3 THEN 'missed' ELSE 'succeeded' END AS status
         FROM jobs jj CROSS JOIN k WHERE jj.id >= ? AND jj.id < ?
       ) s ON s.id = j.id`,
      [now, `job-${String(start).padStart(5, '0')}`, `job-${String(start + 1000).padStart(5, '0')}`],
    );
  }
  await db.query('ANALYZE TABLE jobs, runs');
  const [{ n }] = (await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM runs')) as [{ n: number }];
  log(`${n} runs in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
}

function stats(ms: number[]): { median: number; p95: number; max: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p95: at(0.95), max: sorted.at(-1)! };
}

async function main(): Promise<void> {
  // The migrations' progress lines would bury the report.
  useLogger(pino({ level: 'warn' }));
  const db = await createDb('ui');
  try {
    const store = openStore(db.url, { poolSize: 8 });
    await store.migrate();
    await fill(db);
    const clock = systemClock;
    const tasks = taskCatalog(['task0', 'task1', 'task2', 'task3', 'task4']);
    const jobs = (origin: string) => new JobsService({ store, clock, settings: { timezone: 'UTC', jobDefaults: { coalesce: true, maxInstances: 1, misfireGraceTime: 60 } }, tasks, origin });
    const api = apiDeps({ store, clock, instanceId: 'bench-1', jobs });
    await store.registerInstance({ id: 'bench-1', host: 'bench', pid: process.pid, startedAt: new Date() });
    const logger = pino({ level: 'warn' });
    const app = createApp({
      endpoints: { health: () => ({ healthy: true, reason: 'ok', lastCycleAt: null }), metrics: async () => ({ contentType: 'text/plain', body: '' }) },
      api: { settings: { enabled: true, tokens: [TOKEN], emptyTokens: [], allowedHosts: [] }, listenHost: '127.0.0.1', deps: () => api },
      ui: {
        tokens: [TOKEN], listenHost: '127.0.0.1', allowedHosts: [], logger,
        deps: () => ({ ...api, appEnv: 'bench', timezone: 'UTC', leaseTimeoutMs: 30_000, pollIntervalMs: 2_000, taskNames: () => ['task0', 'task1', 'task2', 'task3', 'task4'], storeError: () => null }),
      },
      logger,
    });
    const server = await listen('127.0.0.1', 0, app.fetch);
    const base = `http://127.0.0.1:${server.port}`;
    const cookie = `scheduler_session=${sessionValue(TOKEN, new Date())}`;
    const failedRun = (await db.query<{ id: number }>("SELECT id FROM runs WHERE status = 'failed' ORDER BY id DESC LIMIT 1"))[0]!.id;
    const deepJobs = await pageCursor(`${base}/ui/jobs`, cookie, 40);
    const urls: Array<[string, string]> = [
      ['ui', '/ui'], ['ui', '/ui?window=7d'], ['ui', '/ui?window=1h&hours=24'],
      ['ui', '/ui/jobs'], ['ui', '/ui/jobs?q=c4242'], ['ui', '/ui/jobs?q=eu&state=paused'], ['ui', '/ui/jobs?task=task3&source=api'], ['ui', `/ui/jobs?cursor=${deepJobs}`],
      ['ui', '/ui/jobs/job-04242'], ['ui', '/ui/jobs/new'],
      ['ui', '/ui/runs'], ['ui', '/ui/runs?status=failed'], ['ui', '/ui/runs?status=missed&job=job-00042'], ['ui', `/ui/runs?since=${encodeURIComponent(new Date(Date.now() - 86_400_000).toISOString())}`],
      ['ui', `/ui/runs/${failedRun}`], ['ui', '/ui/preview?trigger=cron&cron.hour=9&timezone=Europe/Paris'],
      ['api', '/api/v1/jobs'], ['api', '/api/v1/jobs?q=c4242'], ['api', '/api/v1/jobs?state=paused'], ['api', '/api/v1/jobs/job-04242'],
      ['api', '/api/v1/runs'], ['api', '/api/v1/runs?status=failed'], ['api', '/api/v1/runs?job=job-04242'], ['api', `/api/v1/runs/${failedRun}`],
      ['api', '/api/v1/upcoming?hours=6'], ['api', '/api/v1/instances'], ['api', '/api/v1/audit'],
    ];
    const results: Array<{ url: string; status: number; first: number; median: number; p95: number; max: number }> = [];
    for (const [kind, path] of urls) {
      const headers: Record<string, string> = kind === 'ui' ? { cookie } : { authorization: `Bearer ${TOKEN.token}` };
      const times: number[] = [];
      let status = 0;
      for (let i = 0; i < REPEAT + 2; i++) {
        const t = performance.now();
        const response = await fetch(base + path, { headers, redirect: 'manual' });
        await response.arrayBuffer();
        status = response.status;
        times.push(performance.now() - t);
      }
      // The first answer is reported on its own: it fills caches (the overview's settled buckets, the database's pages).
      results.push({ url: path, status, first: times[0]!, ...stats(times.slice(2)) });
    }
    await server.close();
    await store.close();
    const width = Math.max(...results.map((r) => r.url.length));
    console.log(`${JOBS} jobs, ${JOBS * RUNS_PER_JOB} runs; ${REPEAT} requests each, ms`);
    console.log(`${'URL'.padEnd(width)}  status   first  median     p95     max`);
    const ms = (n: number) => n.toFixed(1).padStart(6);
    for (const r of results) console.log(`${r.url.padEnd(width)}  ${String(r.status).padStart(6)}  ${ms(r.first)}  ${ms(r.median)}  ${ms(r.p95)}  ${ms(r.max)}`);
  } finally {
    if (process.argv.includes('--keep')) log(`kept database ${db.name}`);
    else await db.drop();
  }
}

/** The cursor of page `n` of a list, following its "Next page" links. */
async function pageCursor(url: string, cookie: string, n: number): Promise<string> {
  let cursor = '';
  for (let i = 0; i < n; i++) {
    const text = await (await fetch(cursor ? `${url}?cursor=${cursor}` : url, { headers: { cookie } })).text();
    const next = /rel="next" href="[^"]*cursor=([^"&]+)"/.exec(text);
    if (!next) break;
    cursor = next[1]!;
  }
  return cursor;
}

await main();
