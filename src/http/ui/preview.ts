// The trigger editor's preview: the next fire times of the trigger a form describes, built by the
// same trigger code the scheduler runs (and the job API validates with), from now, in the job's zone.
import { fireTimes } from '../../cli/next.js';
import { createTrigger, TriggerArgError } from '../../triggers/index.js';
import { isKnownZone } from '../../triggers/zone.js';
import { triggerArgs, triggerType, type FormValues } from './forms.js';
import type { Preview } from './model.js';

export const PREVIEW_COUNT = 10;

export function previewOf(values: FormValues, defaultTimezone: string, now: Date): Preview {
  const timezone = values.timezone?.trim() || defaultTimezone;
  if (!isKnownZone(timezone)) return { error: `unknown time zone ${JSON.stringify(timezone)} (expected an IANA name such as "Europe/Paris")`, path: 'timezone' };
  try {
    // An interval without start_date counts from when it is stored: now, for a job added or rescheduled now.
    const trigger = createTrigger(triggerType(values), triggerArgs(values), { defaultTimezone: timezone, anchor: now });
    return { times: fireTimes(trigger, now, PREVIEW_COUNT), timezone: trigger.timezone, from: now };
  } catch (error) {
    if (error instanceof TriggerArgError) return { error: error.message, path: error.key ? `args.${error.key}` : 'args' };
    throw error;
  }
}
