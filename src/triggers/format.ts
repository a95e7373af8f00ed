// Human renderings shared by the triggers' describe(): APScheduler's str() forms.
import { DateTime } from 'luxon';
import { offsetMs } from './zone.js';

/** `YYYY-MM-DD HH:MM:SS ZZZ` in the trigger's zone (APScheduler's datetime_repr). */
export function formatInZone(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat('yyyy-LL-dd HH:mm:ss ZZZZ');
}

/** Python's str(timedelta): `0:00:10`, `1 day, 2:00:00`, `3 days, 0:00:00.500000`. */
export function formatDuration(ms: number): string {
  const days = Math.floor(ms / 86_400_000);
  let rest = ms - days * 86_400_000;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  const clock = `${hours}:${pad(minutes)}:${pad(seconds)}${millis ? `.${String(millis * 1000).padStart(6, '0')}` : ''}`;
  if (days === 0) return clock;
  return `${days} day${days === 1 ? '' : 's'}, ${clock}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * ISO-8601 with the zone's offset at that instant: `2025-10-26T02:30:00+02:00`
 * (`+00:00` for UTC, `.123` only when there are milliseconds) — the form of `next --json`.
 */
export function isoInZone(date: Date, zone: string): string {
  const ms = date.getTime();
  const offset = offsetMs(zone, ms);
  // Split, not sliced at fixed places: past 9999 the year is ISO 8601's expanded form (+010000).
  const [stamp, millis] = new Date(ms + offset).toISOString().slice(0, -1).split('.') as [string, string];
  return `${stamp}${millis === '000' ? '' : `.${millis}`}${formatOffset(offset)}`;
}

/** `+05:30`, `-03:00`, `+00:00`. */
export function formatOffset(offset: number): string {
  const minutes = Math.round(Math.abs(offset) / 60_000);
  return `${offset < 0 ? '-' : '+'}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}
