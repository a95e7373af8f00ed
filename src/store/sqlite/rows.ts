// Row ↔ record mapping for the SQLite store (../sql-rows.ts): times are ISO-8601 text.
import { sql, type RawBuilder } from 'kysely';
import { rowMapping, type TimeCodec } from '../sql-rows.js';
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

/**
 * The instant a stored text means: an invalid Date unless it is exactly what iso() writes (the
 * sqlite3 shell can store anything, e.g. '2020-13-45' or a number), so nothing else passes as a time.
 */
export function fromIso(text: IsoTime): Date;
export function fromIso(text: IsoTime | null): Date | null;
export function fromIso(text: IsoTime | null): Date | null {
  if (text === null) return null;
  const date = typeof text === 'string' ? new Date(text) : new Date(NaN);
  return isStorableTime(date) && date.toISOString() === text ? date : new Date(NaN);
}

/** SQL: whether column `c` holds a time as iso() writes it (the test fromIso makes, in SQL). */
export function isIsoTime(c: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`(typeof(${c}) = 'text' AND ${c} >= '1000' AND strftime('%Y-%m-%dT%H:%M:%fZ', ${c}) IS ${c})`;
}

export const time: TimeCodec<IsoTime> = { write: iso, read: fromIso };
export const rows = rowMapping<IsoTime>(time);
export const { toJob, jobRow, toRun, runRow, runProblem } = rows;
