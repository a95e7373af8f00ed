// What each page is rendered from (model.ts), read through the job API and the store's paged
// reads: every list is one page (keyset cursors), every aggregate one indexed query, so a page
// costs the same with 10 jobs or 10,000 and 1,000,000 runs (bench/ui.ts measures it).
import type { JobApi } from '../../jobs/types.js';
import { toJobView, toRunView } from '../../jobs/views.js';
import type { JobStore } from '../../store/types.js';
import { decodeCursor, encodeCursor, jobCursorOf, readJobCursor, readRunCursor, runCursorOf } from '../cursors.js';
import { jobTrigger } from '../../scheduler/triggers.js';
import type {
  InstanceRow, Lane, Upcoming, JobPageData, JobsData, JobsFilter, JobSummary, OverviewData, RunPageData, RunsData, RunsFilter, StatsWindow,
} from './model.js';
import { NO_SUMMARY } from './model.js';
import type { RunStatsCache } from './run-stats.js';

/** The store reads the dashboard uses, and nothing else. */
export type DashboardStore = Pick<
  JobStore,
  'description' | 'getJob' | 'findJobs' | 'findRuns' | 'getRun' | 'listRuns' | 'listInstances' | 'listAudit' | 'runCreatedAt' | 'countRuns' | 'summarizeRuns' | 'backlog'
>;

export interface DataSources {
  store: DashboardStore;
  jobs: JobApi;
  now: Date;
}

export const JOBS_PAGE = 50;
export const RUNS_PAGE = 50;
/** Jobs drawn on the overview's timeline, and fire times per job, at most. */
export const MAX_LANES = 30;
export const LANE_FIRES = 120;

export async function overviewData(src: DataSources, opts: { window: StatsWindow; hours: number; overdueAfterMs: number; leaseTimeoutMs: number; storeError: string | null; stats: RunStatsCache }): Promise<OverviewData> {
  const { store, now } = src;
  const [instances, backlog, stats, failures, upcoming] = await Promise.all([
    store.listInstances(),
    store.backlog(now, new Date(now.getTime() - opts.overdueAfterMs)),
    opts.stats.stats(opts.window, now),
    store.findRuns({ status: 'failed', limit: 10 }),
    upcomingLanes(src, opts.hours),
  ]);
  return {
    instances: instances.map((i): InstanceRow => ({ id: i.id, host: i.host, pid: i.pid, started_at: i.startedAt, heartbeat_at: i.heartbeatAt, clock_skew_ms: i.clockSkewMs ?? null })),
    store: { up: opts.storeError === null, description: store.description, error: opts.storeError },
    backlog: { dueRuns: backlog.dueRuns, overdueJobs: backlog.overdueJobs },
    stats,
    recentFailures: failures.map(toRunView),
    upcoming,
    upcomingHours: opts.hours,
    leaseTimeoutMs: opts.leaseTimeoutMs,
  };
}

/**
 * The upcoming timeline: the MAX_LANES jobs that fire first in the next `hours` (one page of jobs
 * by next run time), each trigger walked from its stored next run time through the window, at
 * most LANE_FIRES times: a job firing every second still shows, and so does the nightly one.
 */
async function upcomingLanes(src: DataSources, hours: number): Promise<Upcoming> {
  const until = new Date(src.now.getTime() + hours * 3_600_000);
  const jobs = await src.store.findJobs({ state: 'scheduled', dueBefore: until, limit: MAX_LANES + 1 });
  const lanes = jobs.slice(0, MAX_LANES).flatMap((job): Lane[] => {
    if (job.nextRunTime === null || job.broken !== undefined) return [];
    const trigger = jobTrigger(job);
    const times: Date[] = [];
    let at: Date | null = job.nextRunTime;
    while (at !== null && at < until && times.length <= LANE_FIRES) {
      times.push(at);
      at = trigger.next(at, src.now);
    }
    return [{ job_id: job.id, times: times.slice(0, LANE_FIRES), more: times.length > LANE_FIRES }];
  });
  return { from: src.now, until, lanes, moreJobs: jobs.length > MAX_LANES };
}

export async function jobsData(src: DataSources, filter: JobsFilter, tasks: readonly string[]): Promise<JobsData> {
  const after = cursorOf(filter.cursor, readJobCursor);
  const records = await src.store.findJobs({
    ...(filter.state ? { state: filter.state } : {}),
    ...(filter.task ? { task: filter.task } : {}),
    ...(filter.source ? { source: filter.source } : {}),
    ...(filter.q ? { text: filter.q } : {}),
    ...(after ? { after } : {}),
    limit: JOBS_PAGE + 1,
  });
  const page = records.slice(0, JOBS_PAGE);
  const byJob = await summaries(src.store, page.map((j) => j.id));
  const jobs = page.map(toJobView).map((job) => ({ job, summary: byJob.get(job.id) ?? NO_SUMMARY }));
  const last = page.at(-1);
  return { filter, jobs, next: records.length > JOBS_PAGE && last ? encodeCursor(jobCursorOf(last)) : null, tasks };
}

async function summaries(store: DashboardStore, ids: string[]): Promise<Map<string, JobSummary>> {
  const list = await store.summarizeRuns(ids);
  return new Map(list.map((s) => [s.jobId, { last_status: s.lastStatus, last_at: s.lastFinishedAt, succeeded: s.succeeded, finished: s.finished }]));
}

export async function jobPageData(src: DataSources, id: string, tasks: readonly string[]): Promise<JobPageData | null> {
  const job = await src.jobs.getJob(id);
  if (job === null) return null;
  const [upcoming, runs, audit, summary] = await Promise.all([
    src.jobs.upcoming(id, 10),
    src.store.findRuns({ jobId: id, limit: 50 }),
    src.store.listAudit({ jobId: id, limit: 20 }),
    summaries(src.store, [id]),
  ]);
  return {
    job,
    summary: summary.get(id) ?? NO_SUMMARY,
    upcoming,
    runs: runs.map(toRunView),
    audit: audit.map((a) => ({ at: a.at, actor: a.actor, action: a.action, before: a.before, after: a.after })),
    tasks,
  };
}

export async function runsData(src: DataSources, filter: RunsFilter): Promise<RunsData> {
  const after = cursorOf(filter.cursor, readRunCursor);
  const runs = await src.store.findRuns({
    ...(filter.job ? { jobId: filter.job } : {}),
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.since ? { since: filter.since } : {}),
    ...(filter.until ? { until: filter.until } : {}),
    ...(after ? { after } : {}),
    limit: RUNS_PAGE + 1,
  });
  const page = runs.slice(0, RUNS_PAGE);
  const last = page.at(-1);
  return { filter, runs: page.map(toRunView), next: runs.length > RUNS_PAGE && last ? encodeCursor(runCursorOf(last)) : null };
}

export async function runPageData(src: DataSources, id: number): Promise<RunPageData | null> {
  const record = await src.store.getRun(id);
  if (record === null) return null;
  const [attempts, job, createdAt] = await Promise.all([
    src.store.listRuns({ jobId: record.jobId, scheduledAt: record.scheduledAt, limit: 100 }),
    src.jobs.getJob(record.jobId),
    src.store.runCreatedAt(id),
  ]);
  return { run: toRunView(record), created_at: createdAt, attempts: attempts.sort((a, b) => a.attempt - b.attempt).map(toRunView), job };
}

// The API's cursors (one format for both): a link's cursor that is not one starts from the top.
function cursorOf<T>(text: string | undefined, read: (value: unknown) => T | null): T | null {
  return text ? read(decodeCursor(text)) : null;
}
