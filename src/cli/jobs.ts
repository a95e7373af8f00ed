// `scheduler jobs`: the stored jobs, their trigger, next run and pause state.
import { jobTrigger } from '../scheduler/triggers.js';
import type { JobRecord } from '../store/types.js';
import { parse } from './args.js';
import { withStore, type CliContext } from './context.js';
import { table, utc } from './table.js';

export async function jobsCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parse('jobs', argv, { json: { type: 'boolean' } }, { min: 0, max: 0, usage: 'jobs [--json]' });
  const jobs = await withStore(ctx, 'jobs', (store) => store.listJobs());
  ctx.out(values.json ? JSON.stringify(jobs.map(jobJson), null, 2) : renderJobs(jobs));
  return 0;
}

function renderJobs(jobs: JobRecord[]): string {
  if (jobs.length === 0) return 'no jobs stored';
  return table(
    ['ID', 'TASK', 'TRIGGER', 'NEXT RUN (UTC)', 'STATE'],
    jobs.map((j) => [j.id, j.task, describe(j), utc(nextRun(j)), state(j)]),
  );
}

function state(job: JobRecord): string {
  if (job.broken !== undefined) return `broken: ${job.broken}`;
  return job.paused ? 'paused' : job.nextRunTime ? 'scheduled' : 'finished';
}

// A paused row keeps the time it had for `resume --from last`; it is not the job's next run.
function nextRun(job: JobRecord): Date | null {
  return job.paused ? null : job.nextRunTime;
}

function describe(job: JobRecord): string {
  try {
    return jobTrigger(job).describe();
  } catch {
    return `${job.triggerType} ${JSON.stringify(job.triggerArgs)}`;
  }
}

function jobJson(job: JobRecord) {
  return {
    id: job.id,
    task: job.task,
    trigger: job.triggerType,
    args: job.triggerArgs,
    timezone: job.timezone,
    // toJSON, as in `runs --json`: null for a value no Date holds, where toISOString throws.
    next_run_time: nextRun(job)?.toJSON() ?? null,
    paused: job.paused,
    broken: job.broken ?? null,
  };
}
