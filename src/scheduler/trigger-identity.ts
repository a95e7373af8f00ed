// When two trigger definitions mean the same schedule, written differently: the sync keeps a
// job's next_run_time (and so its history and catch-up) when only the spelling changed, e.g.
// `run_date: 2020-01-01T00:00:00Z` → `2020-01-01 00:00:00+00:00`, `minutes: 1` → `seconds: 60`,
// `minute: 5` → `minute: '5'`, a `timezone:` in args equal to the job's default zone, or the zone
// of a `date` written as the same instant in another zone.
import { readDate } from '../triggers/datetime.js';
import type { JobSpec } from '../store/types.js';

const DATE_KEYS = new Set(['run_date', 'start_date', 'end_date']);
const INTERVAL_UNITS: Record<string, number> = { weeks: 604_800_000, days: 86_400_000, hours: 3_600_000, minutes: 60_000, seconds: 1000 };

type TriggerDef = Pick<JobSpec, 'triggerType' | 'triggerArgs' | 'timezone'>;

/** A canonical form of the trigger: equal for definitions that fire at the same instants. */
export function triggerIdentity(def: TriggerDef): Record<string, unknown> {
  const args = Object.fromEntries(Object.entries(def.triggerArgs).filter(([, v]) => v !== null && v !== undefined));
  const zone = typeof args.timezone === 'string' ? args.timezone : def.timezone;
  // A date trigger reads its zone only to resolve run_date, compared as an instant; for the others
  // a zone change stays a change (README: the trigger is type, args and timezone).
  const identity: Record<string, unknown> = def.triggerType === 'date' ? { type: def.triggerType } : { type: def.triggerType, zone };
  let intervalMs = 0;
  for (const [key, value] of Object.entries(args)) {
    if (key === 'timezone') continue;
    if (DATE_KEYS.has(key)) identity[key] = instant(args, key, zone);
    else if (def.triggerType === 'interval' && key in INTERVAL_UNITS && typeof value === 'number') intervalMs += value * INTERVAL_UNITS[key]!;
    else if (def.triggerType === 'cron' && (typeof value === 'number' || typeof value === 'string')) identity[key] = String(value).trim();
    else identity[key] = value;
  }
  if (intervalMs > 0) identity.interval_ms = Math.round(intervalMs);
  return identity;
}

// An unreadable date stays as written: it compares equal only to the same text.
function instant(args: Record<string, unknown>, key: string, zone: string): unknown {
  try {
    return readDate(args, key, zone)?.getTime();
  } catch {
    return args[key];
  }
}
