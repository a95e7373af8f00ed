// The interval trigger: fires every fixed span of absolute elapsed time (not wall-clock time, so
// a daily interval drifts by an hour of wall time across DST, as in APScheduler 3).
import { TriggerArgError, type Trigger, type TriggerArgs, type TriggerOptions } from './types.js';
import { checkKeys, readJitter, readNonNegative, readTimezone } from './args.js';
import { readDate } from './datetime.js';
import { applyJitter } from './jitter.js';
import { formatDuration } from './format.js';
import { MAX_SPAN_SECONDS } from './range.js';

const UNITS = { weeks: 604_800_000, days: 86_400_000, hours: 3_600_000, minutes: 60_000, seconds: 1000 } as const;
const KEYS = [...Object.keys(UNITS), 'start_date', 'end_date', 'timezone', 'jitter'];

export function createIntervalTrigger(args: TriggerArgs, options: TriggerOptions): Trigger {
  checkKeys(args, KEYS, 'interval');
  const timezone = readTimezone(args, options);
  const length = readLength(args);
  // Without start_date the grid starts one interval after the job was first stored (options.anchor),
  // so restarts keep the phase instead of re-phasing from "now" as APScheduler does.
  const explicitStart = readDate(args, 'start_date', timezone)?.getTime();
  const start = explicitStart ?? options.anchor.getTime() + length;
  const end = readDate(args, 'end_date', timezone)?.getTime() ?? null;
  // Only a written start_date can contradict end_date; an anchored first slot past end_date just
  // means the trigger is finished (next() returns null), as with a past start_date.
  if (explicitStart !== undefined && end !== null && end < explicitStart) throw new TriggerArgError('end_date', 'is before start_date');
  const jitter = readJitter(args);
  const random = options.random ?? Math.random;

  return {
    type: 'interval',
    timezone,
    next(previous, now) {
      const slot = previous ? slotAfter(previous.getTime(), start, length) : slotFrom(now.getTime(), start, length);
      if (end !== null && slot > end) return null;
      return new Date(applyJitter(slot, jitter, random, end));
    },
    describe: () => `interval[${formatDuration(length)}]`,
  };
}

function readLength(args: TriggerArgs): number {
  const maxMs = MAX_SPAN_SECONDS * 1000;
  let total = 0;
  for (const [unit, ms] of Object.entries(UNITS)) total += (readNonNegative(args, unit, Infinity) ?? 0) * ms;
  total = Math.round(total);
  if (total <= 0) {
    throw new TriggerArgError('', 'an interval needs at least one of weeks, days, hours, minutes, seconds above zero');
  }
  if (total > maxMs) throw new TriggerArgError('', `the interval adds up to more than ${MAX_SPAN_SECONDS} seconds (10 years)`);
  return total;
}

/** First grid slot at or after `now` (APScheduler: start + ceil((now − start) / interval) · interval). */
function slotFrom(now: number, start: number, length: number): number {
  if (now <= start) return start;
  return start + Math.ceil((now - start) / length) * length;
}

/**
 * First grid slot strictly after `previous`. For an on-grid previous this is APScheduler's
 * previous + interval; counting on the grid keeps a jittered previous from drifting the schedule.
 */
function slotAfter(previous: number, start: number, length: number): number {
  if (previous < start) return start;
  return start + (Math.floor((previous - start) / length) + 1) * length;
}
