// The date trigger: fires once, at run_date (even a past one: the loop's misfire policy decides).
import { type Trigger, type TriggerArgs, type TriggerOptions } from './types.js';
import { checkKeys, readTimezone } from './args.js';
import { readDate } from './datetime.js';
import { formatInZone } from './format.js';

const KEYS = ['run_date', 'timezone'];

export function createDateTrigger(args: TriggerArgs, options: TriggerOptions): Trigger {
  checkKeys(args, KEYS, 'date');
  const timezone = readTimezone(args, options);
  // APScheduler defaults run_date to "now"; the job's first-stored instant is our stable "now".
  const runDate = readDate(args, 'run_date', timezone)?.getTime() ?? options.anchor.getTime();
  return {
    type: 'date',
    timezone,
    next: (previous) => (previous ? null : new Date(runDate)),
    describe: () => `date[${formatInZone(runDate, timezone)}]`,
  };
}
