// `scheduler run|pause|resume JOB`: the job API (src/jobs/) on the configured store; a running
// service notices within its poll interval. `resume --from last` goes back to the time the job
// had when paused, so its misfire and coalesce policy decide what the pause missed.
import { JobNotFoundError } from '../jobs/errors.js';
import type { JobApi } from '../jobs/types.js';
import { parse, UsageError } from './args.js';
import { withJobs, type CliContext } from './context.js';
import { json } from './job-view.js';
import { utc } from './table.js';

type Action = 'run' | 'pause' | 'resume';

const USAGE: Record<Action, string> = { run: 'run JOB [--json]', pause: 'pause JOB [--json]', resume: 'resume JOB [--from now|last] [--json]' };

export async function controlCommand(action: Action, argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parse(action, argv, { json: { type: 'boolean' }, from: { type: 'string' } }, { min: 1, max: 1, usage: USAGE[action] });
  const { from } = values;
  if (from !== undefined && action !== 'resume') throw new UsageError(`${action}: --from is an option of resume (usage: scheduler ${USAGE[action]})`);
  if (from !== undefined && from !== 'now' && from !== 'last') throw new UsageError(`resume: --from takes now or last, got "${from}"`);
  const id = positionals[0]!;
  ctx.out(await withJobs(ctx, action, (jobs) => act(action, id, jobs, { json: values.json === true, from })));
  return 0;
}

async function act(action: Action, id: string, jobs: JobApi, { json: asJson, from }: { json: boolean; from: 'now' | 'last' | undefined }): Promise<string> {
  if (action === 'run') {
    const run = await jobs.runJob(id);
    if (asJson) return json(run);
    const queued = `queued run ${run.id} of ${id} (scheduled_at ${utc(run.scheduled_at)})`;
    return (await jobs.getJob(id))?.paused ? `${queued}; ${id} is paused: the run starts when it is resumed` : queued;
  }
  if (action === 'pause') {
    const job = await jobs.pauseJob(id);
    return asJson ? json(job) : `paused ${job.id}`;
  }
  const before = await jobs.getJob(id);
  if (before === null) throw new JobNotFoundError(id);
  const job = await jobs.resumeJob(id, from === undefined ? {} : { from });
  if (asJson) return json(job);
  if (!before.paused) return job.next_run_time ? `${id} is not paused; next run ${utc(job.next_run_time)}` : `${id} is finished: its trigger has no further fire time`;
  return job.next_run_time ? `resumed ${id}; next run ${utc(job.next_run_time)}` : `resumed ${id}; it is finished: its trigger has no further fire time`;
}
