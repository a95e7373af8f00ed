// The calendar search: the first wall-clock time ≥ a given one that matches every field.
// It runs on wall-clock values only (no zone, no DST); cron/index.ts maps the result to an instant.
// Dates are searched year → month → day (with week and day_of_week as filters), then the time of
// day; sparse specs jump straight to their next allowed value instead of stepping through time.
import { isoWeek, weekday } from './calendar.js';
import type { CronField } from './field.js';
import type { FieldName } from './fields.js';

export type CronFields = Readonly<Record<FieldName, CronField>>;

interface Day {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

// Weekdays and ISO weeks repeat every 400 Gregorian years: no match in 400 years means none ever.
const CALENDAR_CYCLE_YEARS = 400;

/** First matching wall time ≥ `fromWall` (ms, whole seconds), or null when the spec is exhausted. */
export function nextWallMatch(fields: CronFields, fromWall: number): number | null {
  const start = new Date(fromWall);
  let from: Day = { year: start.getUTCFullYear(), month: start.getUTCMonth() + 1, day: start.getUTCDate() };
  let time: [number, number, number] = [start.getUTCHours(), start.getUTCMinutes(), start.getUTCSeconds()];
  for (;;) {
    const date = nextDate(fields, from);
    if (date === null) return null;
    const sameDay = date.year === from.year && date.month === from.month && date.day === from.day;
    const found = nextTime(fields, sameDay ? time : [0, 0, 0]);
    if (found) return Date.UTC(date.year, date.month - 1, date.day, ...found);
    const tomorrow = new Date(Date.UTC(date.year, date.month - 1, date.day + 1));
    from = { year: tomorrow.getUTCFullYear(), month: tomorrow.getUTCMonth() + 1, day: tomorrow.getUTCDate() };
    time = [0, 0, 0];
  }
}

/** First date ≥ `from` allowed by year, month, day, week and day_of_week (the last two ANDed in). */
function nextDate(fields: CronFields, from: Day): Day | null {
  const { year: years, month: months, day: days } = fields;
  for (let year = years.next(from.year); year !== null; year = years.next(year + 1)) {
    if (years.isEvery && year - from.year > CALENDAR_CYCLE_YEARS) return null;
    for (let month = months.next(year === from.year ? from.month : 1); month !== null; month = months.next(month + 1)) {
      const ctx = { year, month };
      const firstDay = year === from.year && month === from.month ? from.day : 1;
      for (let day = days.next(firstDay, ctx); day !== null; ) {
        const skip = daysToSkip(fields, year, month, day);
        if (skip === 0) return { year, month, day };
        day = days.next(day + skip, ctx);
      }
    }
  }
  return null;
}

/** 0 when week and day_of_week allow the date; else how far to the next day that might match. */
function daysToSkip(fields: CronFields, year: number, month: number, day: number): number {
  const dow = weekday(year, month, day);
  // A whole ISO week shares its number: a rejected week is left at the next Monday.
  if (!fields.week.matches(isoWeek(year, month, day))) return 7 - dow;
  return fields.day_of_week.matches(dow) ? 0 : 1;
}

/** First (hour, minute, second) ≥ `from` within one day, or null when the day has none left. */
function nextTime(fields: CronFields, from: [number, number, number]): [number, number, number] | null {
  const [h0, m0, s0] = from;
  for (let hour = fields.hour.next(h0); hour !== null; hour = fields.hour.next(hour + 1)) {
    const minuteFrom = hour === h0 ? m0 : 0;
    for (let minute = fields.minute.next(minuteFrom); minute !== null; minute = fields.minute.next(minute + 1)) {
      const second = fields.second.next(hour === h0 && minute === m0 ? s0 : 0);
      if (second !== null) return [hour, minute, second];
    }
  }
  return null;
}
