// `scheduler reschedule ID --trigger T [--args JSON] [--json]`: a new trigger (rescheduleJob),
// first fire time from now; a pause is kept (unlike APScheduler 3's reschedule_job).
import type { TriggerArgValue } from '../jobs/types.js';
import type { TriggerType } from '../triggers/types.js';
import { parse, UsageError } from './args.js';
import { withJobs, type CliContext } from './context.js';
import { readSettingFlags } from './job-flags.js';
import { json, schedule } from './job-view.js';

const USAGE = 'reschedule ID --trigger interval|cron|date [--args JSON] [--json]';

export async function rescheduleCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parse('reschedule', argv, {
    trigger: { type: 'string' }, args: { type: 'string' }, json: { type: 'boolean' },
  }, { min: 1, max: 1, usage: USAGE });
  if (values.trigger === undefined) throw new UsageError(`reschedule: --trigger is required (usage: scheduler ${USAGE})`);
  const { trigger, args } = readSettingFlags('reschedule', values);
  // Checked by JobsService with the YAML's validation and words; the flags only carry them.
  const job = await withJobs(ctx, 'reschedule', (jobs) =>
    jobs.rescheduleJob(positionals[0]!, trigger as TriggerType, args as Readonly<Record<string, TriggerArgValue>> | undefined));
  ctx.out(values.json ? json(job) : `rescheduled ${job.id}, now version ${job.version}: ${schedule(job)}`);
  return 0;
}
