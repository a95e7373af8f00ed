// `scheduler add ID --trigger T --args JSON … [--on-conflict …] [--paused] [--json]`: a job
// through the job API (addJob), validated as a YAML task is, stored as an API job that restarts
// and config changes leave alone.
import type { JobInput, OnConflict } from '../jobs/types.js';
import { parse, UsageError } from './args.js';
import { withJobs, type CliContext } from './context.js';
import { readSettingFlags, SETTING_FLAGS, SETTINGS_HELP } from './job-flags.js';
import { json, schedule } from './job-view.js';

const ON_CONFLICT: readonly OnConflict[] = ['error', 'update', 'keep', 'replace'];
const USAGE = `add ID --trigger interval|cron|date [--args JSON] [--params JSON] [SETTINGS] [--on-conflict ${ON_CONFLICT.join('|')}] [--paused] [--json] (${SETTINGS_HELP})`;

export async function addCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parse('add', argv, {
    ...SETTING_FLAGS, 'on-conflict': { type: 'string' }, paused: { type: 'boolean' }, json: { type: 'boolean' },
  }, { min: 1, max: 1, usage: USAGE });
  const onConflict = values['on-conflict'] ?? 'error';
  if (!(ON_CONFLICT as readonly string[]).includes(onConflict)) {
    throw new UsageError(`add: --on-conflict must be one of ${ON_CONFLICT.join(', ')}, got "${onConflict}"`);
  }
  // Checked by JobsService with the YAML's validation, which words every bad value; the flags only carry them.
  const spec = { id: positionals[0]!, ...readSettingFlags('add', values), ...(values.paused ? { paused: true } : {}) } as JobInput;
  const result = await withJobs(ctx, 'add', (jobs) => jobs.addJob(spec, { onConflict: onConflict as OnConflict }));
  const { job, change } = result;
  const what = change === 'unchanged' ? `${job.id} unchanged` : `${change} ${job.id}`;
  ctx.out(values.json ? json(result) : `${what} (version ${job.version}): ${schedule(job)}`);
  return 0;
}
