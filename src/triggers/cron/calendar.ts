// Proleptic Gregorian calendar facts the cron fields are matched against (Monday = 0, ISO weeks).
const DAY_MS = 86_400_000;

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 0 = Monday … 6 = Sunday, as Python's date.weekday() and APScheduler's day_of_week. */
export function weekday(year: number, month: number, day: number): number {
  return (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
}

/** ISO-8601 week number (1–53): the week belongs to the year that holds its Thursday. */
export function isoWeek(year: number, month: number, day: number): number {
  const date = Date.UTC(year, month - 1, day);
  const thursday = date + (3 - weekday(year, month, day)) * DAY_MS;
  const jan1 = Date.UTC(new Date(thursday).getUTCFullYear(), 0, 1);
  return Math.floor((thursday - jan1) / DAY_MS / 7) + 1;
}
