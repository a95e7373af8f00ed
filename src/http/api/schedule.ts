// GET /api/v1/upcoming: the fire times of every scheduled job in a window, merged on one axis
// (the dashboard's timeline). The first `limit` fire times can only come from the `limit` jobs
// due first, so only those are read; their times are merged earliest first, as a k-way merge.
import { Hono } from 'hono';
import { jobTrigger } from '../../scheduler/triggers.js';
import type { JobRecord } from '../../store/types.js';
import type { ApiEnv } from './index.js';
import { QueryParams } from './params.js';

const MAX_FIRES = 5_000;

export function scheduleRoutes(): Hono<ApiEnv> {
  const schedule = new Hono<ApiEnv>();
  schedule.get('/upcoming', async (c) => {
    const q = new QueryParams(c);
    const hours = q.integer('hours', { min: 1, max: 24 * 31, fallback: 24 });
    const limit = q.integer('limit', { min: 1, max: MAX_FIRES, fallback: 500 });
    const now = c.var.deps.clock.now();
    const until = new Date(now.getTime() + hours * 3_600_000);
    // Scheduled jobs only: a broken one has fire times in its row that will never run, and among
    // the first `limit` jobs it would push out one that has.
    const jobs = await c.var.deps.store.findJobs({ state: 'scheduled', dueBefore: until, limit });
    const fires = mergeFireTimes(jobs, until, limit, now);
    return c.json({ from: now, until, fires: fires.map(({ job, at }) => ({ job_id: job.id, task: job.task, at })), complete: fires.length < limit });
  });
  return schedule;
}

interface Fire {
  job: JobRecord;
  at: Date;
  next: (after: Date) => Date | null;
}

/** Up to `limit` fire times before `until`, earliest first (ties by job id). */
function mergeFireTimes(jobs: readonly JobRecord[], until: Date, limit: number, now: Date): Array<{ job: JobRecord; at: Date }> {
  const pending: Fire[] = [];
  for (const job of jobs) {
    if (job.nextRunTime === null || job.nextRunTime >= until) continue;
    const trigger = jobTrigger(job);
    insert(pending, { job, at: job.nextRunTime, next: (after) => trigger.next(after, now) });
  }
  const fires: Array<{ job: JobRecord; at: Date }> = [];
  while (fires.length < limit && pending.length > 0) {
    const fire = pending.shift()!;
    fires.push({ job: fire.job, at: fire.at });
    const next = fire.next(fire.at);
    if (next !== null && next < until) insert(pending, { ...fire, at: next });
  }
  return fires;
}

// Kept sorted by binary insertion: at most `limit` jobs are pending, each insert a search and a splice.
function insert(sorted: Fire[], fire: Fire): void {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (before(sorted[mid]!, fire)) low = mid + 1;
    else high = mid;
  }
  sorted.splice(low, 0, fire);
}

function before(a: Fire, b: Fire): boolean {
  const d = a.at.getTime() - b.at.getTime();
  return d < 0 || (d === 0 && a.job.id < b.job.id);
}
