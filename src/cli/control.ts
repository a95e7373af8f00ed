// `scheduler run|pause|resume JOB`: the job API (src/jobs/) on the configured store; a running
// service notices within its poll interval.
import { JobNotFoundError } from '../jobs/errors.js';
import type { JobApi } from '../jobs/types.js';
import { parse } from './args.js';
import { withJobs, type CliContext } from './context.js';
import { utc } from './table.js';

type Action = 'run' | 'pause' | 'resume';

export async function controlCommand(action: Action, argv: string[], ctx: CliContext): Promise<number> {
  const { positionals } = parse(action, argv, {}, { min: 1, max: 1, usage: `${action} JOB` });
  const id = positionals[0]!;
  ctx.out(await withJobs(ctx, action, (jobs) => act(action, id, jobs)));
  return 0;
}

async function act(action: Action, id: string, jobs: JobApi): Promise<string> {
  if (action === 'run') {
    const run = await jobs.runJob(id);
    const queued = `queued run ${run.id} of ${id} (scheduled_at ${utc(run.scheduled_at)})`;
    return (await jobs.getJob(id))?.paused ? `${queued}; ${id} is paused: the run starts when it is resumed` : queued;
  }
  if (action === 'pause') return `paused ${(await jobs.pauseJob(id)).id}`;
  const before = await jobs.getJob(id);
  if (before === null) throw new JobNotFoundError(id);
  const job = await jobs.resumeJob(id);
  if (!before.paused) return job.next_run_time ? `${id} is not paused; next run ${utc(job.next_run_time)}` : `${id} is finished: its trigger has no further fire time`;
  return job.next_run_time ? `resumed ${id}; next run ${utc(job.next_run_time)}` : `resumed ${id}; it is finished: its trigger has no further fire time`;
}
