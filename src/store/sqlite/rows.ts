// Row ↔ record mapping for the SQLite store (../sql-rows.ts): times are ISO-8601 text.
import { rowMapping } from '../sql-rows.js';
import { EARLIEST_TIME, isStorableTime, LATEST_TIME } from '../storable.js';
import type { IsoTime } from './schema.js';

/**
 * An instant as stored. The range is MySQL's DATETIME (store/storable.ts), so both stores hold
 * the same values; within it toISOString's text has a fixed width, so text order is time order.
 */
export function iso(date: Date): IsoTime {
  if (!isStorableTime(date)) throw new RangeError(`${Number.isNaN(date.getTime()) ? 'an invalid date' : date.toISOString()} cannot be stored: times run from ${EARLIEST_TIME.toISOString()} to ${LATEST_TIME.toISOString()}`);
  return date.toISOString();
}

export function isoOrNull(date: Date | null): IsoTime | null {
  return date === null ? null : iso(date);
}

export function fromIso(text: IsoTime): Date;
export function fromIso(text: IsoTime | null): Date | null;
export function fromIso(text: IsoTime | null): Date | null {
  return text === null ? null : new Date(text);
}

export const { toJob, jobRow, toRun, runRow } = rowMapping<IsoTime>({ write: iso, read: fromIso });
