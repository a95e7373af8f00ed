// `scheduler modify ID [setting flags] [--if-version V] [--json]`: change an API job's settings
// (modifyJob). A trigger, args or timezone change recomputes the next run from now; settings
// alone keep the schedule; a pause is kept.
import type { JobChanges } from '../jobs/types.js';
import { boundedInt, parse, UsageError, type IntFlag } from './args.js';
import { withJobs, type CliContext } from './context.js';
import { readSettingFlags, SETTING_FLAGS, SETTINGS_HELP } from './job-flags.js';
import { json, schedule } from './job-view.js';

const IF_VERSION: IntFlag = { flag: 'if-version', min: 1, max: Number.MAX_SAFE_INTEGER, fallback: 0 };
const USAGE = `modify ID [--trigger T] [--args JSON] [--params JSON] [SETTINGS] [--if-version V] [--json] (${SETTINGS_HELP})`;

export async function modifyCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parse('modify', argv, {
    ...SETTING_FLAGS, 'if-version': { type: 'string' }, json: { type: 'boolean' },
  }, { min: 1, max: 1, usage: USAGE });
  const changes = readSettingFlags('modify', values);
  if (Object.keys(changes).length === 0) throw new UsageError(`modify: nothing to change: give at least one setting flag (usage: scheduler ${USAGE})`);
  const ifVersion = values['if-version'] === undefined ? undefined : boundedInt('modify', IF_VERSION, values['if-version']);
  // Checked by JobsService over the stored spec, with the YAML's validation and words.
  const job = await withJobs(ctx, 'modify', (jobs) => jobs.modifyJob(positionals[0]!, changes as JobChanges, { ifVersion }));
  ctx.out(values.json ? json(job) : `modified ${job.id}, now version ${job.version}: ${schedule(job)}`);
  return 0;
}
