// `scheduler run|pause|resume JOB`: act on a job through the store; a running service notices
// within its poll interval.
import { jobTrigger } from '../scheduler/triggers.js';
import type { JobRecord, JobStore } from '../store/types.js';
import { parse, UsageError } from './args.js';
import { withStore, type CliContext } from './context.js';
import { utc } from './table.js';

type Action = 'run' | 'pause' | 'resume';

// More recorded fire times than this in a row after now cannot come from a claim ahead.
const MAX_RECORDED_AHEAD = 100;

/**
 * The first fire time from now on that has no run yet: a finished trigger stays finished (a past
 * `date` whose run is recorded is not scheduled again), and a fire time claimed ahead just
 * before the pause is not planned twice.
 */
async function resumeTime(store: JobStore, job: JobRecord, now: Date): Promise<Date | null> {
  const trigger = jobTrigger(job);
  let next = trigger.next(null, now);
  for (let i = 0; next && i < MAX_RECORDED_AHEAD; i += 1) {
    if ((await store.listRuns({ jobId: job.id, scheduledAt: next, limit: 1 })).length === 0) return next;
    next = trigger.next(next, now);
  }
  return next;
}

export async function controlCommand(action: Action, argv: string[], ctx: CliContext): Promise<number> {
  const { positionals } = parse(action, argv, {}, { min: 1, max: 1, usage: `${action} JOB` });
  const id = positionals[0]!;
  const message = await withStore(ctx, action, async (store) => {
    const now = new Date();
    if (action === 'run') {
      const run = await store.runNow(id, now);
      if (!run) return null;
      const queued = `queued run ${run.id} of ${id} (scheduled_at ${utc(run.scheduledAt)})`;
      return (await store.getJob(id))?.paused ? `${queued}; ${id} is paused: the run starts when it is resumed` : queued;
    }
    if (action === 'pause') return (await store.pauseJob(id)) ? `paused ${id}` : null;
    const job = await store.getJob(id);
    if (!job) return null;
    if (job.broken !== undefined) return `${id} is broken (${job.broken}); it runs again once its definition is fixed (the next start with a valid config)`;
    if (!job.paused) return job.nextRunTime ? `${id} is not paused; next run ${utc(job.nextRunTime)}` : `${id} is finished: its trigger has no further fire time`;
    const next = await resumeTime(store, job, now);
    await store.resumeJob(id, next);
    return next ? `resumed ${id}; next run ${utc(next)}` : `resumed ${id}; it is finished: its trigger has no further fire time`;
  });
  if (message === null) throw new UsageError(`${action}: no job "${id}" in the store (see: scheduler jobs)`);
  ctx.out(message);
  return 0;
}
