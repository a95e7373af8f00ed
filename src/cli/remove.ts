// `scheduler remove ID [--json]` (removeJob): the job's row goes; runs already running finish
// and its history stays in `runs`. A job defined in config/<env>.yaml is removed there instead.
import { parse } from './args.js';
import { withJobs, type CliContext } from './context.js';
import { json } from './job-view.js';

export async function removeCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parse('remove', argv, { json: { type: 'boolean' } }, { min: 1, max: 1, usage: 'remove ID [--json]' });
  const job = await withJobs(ctx, 'remove', (jobs) => jobs.removeJob(positionals[0]!));
  ctx.out(values.json ? json(job) : `removed ${job.id} (it was at version ${job.version}); runs already running finish, its run history stays`);
  return 0;
}
