// `scheduler retry RUN_ID [--json]` (retryRun): a new attempt of a failed, missed, skipped,
// abandoned or interrupted run, for the same fire time, due now.
import { parse, UsageError } from './args.js';
import { withJobs, type CliContext } from './context.js';
import { json } from './job-view.js';
import { utc } from './table.js';

export async function retryCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parse('retry', argv, { json: { type: 'boolean' } }, { min: 1, max: 1, usage: 'retry RUN_ID [--json]' });
  const runId = readRunId(positionals[0]!);
  const run = await withJobs(ctx, 'retry', (jobs) => jobs.retryRun(runId));
  ctx.out(values.json ? json(run) : `queued run ${run.id} of ${run.job_id}: attempt ${run.attempt} of its fire time ${utc(run.scheduled_at)} (retry of run ${runId})`);
  return 0;
}

/** A run id as `runs` lists it: BIGINT AUTO_INCREMENT, read while a JavaScript number holds it exactly. */
function readRunId(text: string): number {
  const id = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(id >= 1 && id <= Number.MAX_SAFE_INTEGER)) throw new UsageError(`retry: RUN_ID must be a run's id (a whole number from 1, see: scheduler runs), got "${text}"`);
  return id;
}
