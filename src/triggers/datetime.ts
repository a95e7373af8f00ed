// Date arguments (start_date, end_date, run_date): APScheduler's accepted string forms, read in
// the trigger's zone unless they carry their own offset. A YAML timestamp already parsed into a
// Date is taken as the absolute instant it denotes.
import { TriggerArgError, type TriggerArgs } from './types.js';
import { describeValue, present } from './args.js';
import { inStoreRange } from './range.js';
import { fromWall } from './zone.js';

// YYYY-MM-DD, optionally followed by [ T]HH:MM[:SS[.ffffff]] and Z / ±HH:MM / ±HHMM.
const DATE_RE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** The instant `key` denotes, or undefined when absent. */
export function readDate(args: TriggerArgs, key: string, zone: string): Date | undefined {
  const value = present(args, key);
  if (value === undefined) return undefined;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TriggerArgError(key, 'is not a valid date');
    return inRange(key, value.getTime(), value.toISOString());
  }
  if (typeof value !== 'string') {
    throw new TriggerArgError(key, `expected a date string like "2024-05-01 12:00:00", got ${describeValue(value)}`);
  }
  const ms = parseDateString(value.trim(), zone);
  if (ms === null) {
    throw new TriggerArgError(
      key,
      `${JSON.stringify(value)} is not a valid date (expected YYYY-MM-DD[ HH:MM[:SS[.ffffff]]][Z|±HH:MM])`,
    );
  }
  return inRange(key, ms, JSON.stringify(value));
}

function inRange(key: string, ms: number, shown: string): Date {
  if (!inStoreRange(ms)) throw new TriggerArgError(key, `${shown} is outside the years 1000–9999 (UTC) the store can hold`);
  return new Date(ms);
}

/** Epoch ms of a date string in the grammar above (read in `zone` without an offset), or null. */
export function parseDateString(text: string, zone: string): number | null {
  const m = DATE_RE.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((part) => Number(part ?? 0)) as [
    number, number, number, number, number, number,
  ];
  const millis = Math.floor(Number(((m[7] ?? '') + '000000').slice(0, 6)) / 1000);
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const check = new Date(wall);
  // Date.UTC rolls over (Feb 30 → Mar 2); a round trip exposes out-of-range parts.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const offset = m[8];
  if (offset === undefined) return fromWall(zone, wall);
  return wall - parseOffset(offset);
}

function parseOffset(text: string): number {
  if (text.toUpperCase() === 'Z') return 0;
  const digits = text.slice(1).replace(':', '');
  const sign = text.startsWith('-') ? -1 : 1;
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
}
