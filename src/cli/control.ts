// `scheduler run|pause|resume JOB`: act on a job through the store; a running service notices
// within its poll interval.
import { jobTrigger } from '../scheduler/triggers.js';
import { parse, UsageError } from './args.js';
import { withStore, type CliContext } from './context.js';
import { utc } from './table.js';

type Action = 'run' | 'pause' | 'resume';

export async function controlCommand(action: Action, argv: string[], ctx: CliContext): Promise<number> {
  const { positionals } = parse(action, argv, {}, { min: 1, max: 1, usage: `${action} JOB` });
  const id = positionals[0]!;
  const message = await withStore(ctx, action, async (store) => {
    const now = new Date();
    if (action === 'run') {
      const run = await store.runNow(id, now);
      return run && `queued run ${run.id} of ${id} (scheduled_at ${utc(run.scheduledAt)})`;
    }
    if (action === 'pause') return (await store.pauseJob(id)) ? `paused ${id}` : null;
    const job = await store.getJob(id);
    if (!job) return null;
    const next = jobTrigger(job).next(null, now);
    await store.resumeJob(id, next);
    return next ? `resumed ${id}; next run ${utc(next)}` : `resumed ${id}; its trigger has no further fire time`;
  });
  if (message === null) throw new UsageError(`${action}: no job "${id}" in the store (see: scheduler jobs)`);
  ctx.out(message);
  return 0;
}
