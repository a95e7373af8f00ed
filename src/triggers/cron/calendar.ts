// Proleptic Gregorian calendar facts the cron fields are matched against (Monday = 0, ISO weeks).
// Integer arithmetic only (no Date objects): the search calls these once per candidate day.
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1]!;
}

/** Days since 1970-01-01 (H. Hinnant's days_from_civil). */
export function dayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** 0 = Monday … 6 = Sunday, as Python's date.weekday() and APScheduler's day_of_week. */
export function weekday(year: number, month: number, day: number): number {
  // 1970-01-01 was a Thursday (3).
  return (((dayNumber(year, month, day) + 3) % 7) + 7) % 7;
}

/** ISO-8601 week number (1–53): the week belongs to the year that holds its Thursday. */
export function isoWeek(year: number, month: number, day: number): number {
  const ordinal = dayNumber(year, month, day) - dayNumber(year, 1, 1) + 1;
  const week = Math.floor((ordinal - (weekday(year, month, day) + 1) + 10) / 7);
  if (week < 1) return weeksInYear(year - 1);
  if (week > weeksInYear(year)) return 1;
  return week;
}

/** 53 when the year starts on a Thursday, or on a Wednesday in a leap year; else 52. */
function weeksInYear(year: number): number {
  const jan1 = weekday(year, 1, 1);
  return jan1 === 3 || (jan1 === 2 && isLeapYear(year)) ? 53 : 52;
}
