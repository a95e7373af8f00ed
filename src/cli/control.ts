// `scheduler run|pause|resume JOB`: the job API (src/jobs/) on the configured store; a running
// service notices within its poll interval.
import { join } from 'node:path';
import { systemClock } from '../clock.js';
import type { Config } from '../config/types.js';
import { JobConflictError, JobNotFoundError } from '../jobs/errors.js';
import { JobsService } from '../jobs/service.js';
import { taskCatalog } from '../jobs/task-catalog.js';
import type { JobStore } from '../store/types.js';
import { parse, UsageError } from './args.js';
import { withStore, type CliContext } from './context.js';
import { utc } from './table.js';

type Action = 'run' | 'pause' | 'resume';

export async function controlCommand(action: Action, argv: string[], ctx: CliContext): Promise<number> {
  const { positionals } = parse(action, argv, {}, { min: 1, max: 1, usage: `${action} JOB` });
  const id = positionals[0]!;
  try {
    ctx.out(await withStore(ctx, action, (store, cfg) => act(action, id, cliJobs(store, cfg))));
  } catch (error) {
    if (error instanceof JobNotFoundError) throw new UsageError(`${action}: no job "${id}" in the store (see: scheduler jobs)`);
    if (error instanceof JobConflictError) throw new UsageError(`${action}: ${error.message}`);
    throw error;
  }
  return 0;
}

/** The job API as the CLI uses it: writes recorded as by `cli`. */
export function cliJobs(store: JobStore, cfg: Config): JobsService {
  return new JobsService({ store, clock: systemClock, settings: cfg.settings, tasks: taskCatalog(join(cfg.settings.root, 'tasks')), origin: 'cli' });
}

async function act(action: Action, id: string, jobs: JobsService): Promise<string> {
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
