// How the dashboard writes times, durations and rates: one place, so every page reads alike.
// Times are shown in UTC and, where a job has one, in the job's zone with its offset.
import { formatOffset, isoInZone } from '../../triggers/format.js';
import { offsetMs } from '../../triggers/zone.js';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** `2025-01-06 08:00:00Z` (milliseconds only when there are some). */
export function utc(date: Date): string {
  return `${isoInZone(date, 'UTC').slice(0, -6).replace('T', ' ')}Z`;
}

/** `Mon 2025-01-06 09:00:00 +01:00`: the weekday helps read day_of_week specs. */
export function inZone(date: Date, zone: string): string {
  const offset = offsetMs(zone, date.getTime());
  const weekday = WEEKDAYS[new Date(date.getTime() + offset).getUTCDay()]!;
  return `${weekday} ${isoInZone(date, zone).slice(0, -6).replace('T', ' ')} ${formatOffset(offset)}`;
}

/** The zone's UTC offset at that instant, `+02:00`. */
export function offsetAt(date: Date, zone: string): string {
  return formatOffset(offsetMs(zone, date.getTime()));
}

/** `in 5 min`, `3 h ago`, `now`: coarse, for scanning a list. */
export function relative(date: Date, now: Date): string {
  const ms = date.getTime() - now.getTime();
  const text = span(Math.abs(ms));
  if (text === '0 s') return 'now';
  return ms > 0 ? `in ${text}` : `${text} ago`;
}

/** `850 ms`, `12.3 s`, `4 min 05 s`, `2 h 10 min`, `3 d 4 h`. */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return span(ms);
}

function span(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${String(m % 60).padStart(2, '0')} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** `97 %` of `of` final runs, or `–` when there is none yet. */
export function rate(part: number, of: number): string {
  if (of === 0) return '–';
  const pct = (100 * part) / of;
  return `${pct >= 99.95 || pct === 0 ? pct.toFixed(0) : pct.toFixed(1)} %`;
}

/** An input[type=datetime-local]-free ISO value for links and forms (UTC, seconds). */
export function isoParam(date: Date): string {
  return date.toISOString().replace(/\.000Z$/, 'Z');
}
