// A slow, independent reference for cron triggers, used by the property tests: it expands each
// field to the set of values it allows (no "next value" arithmetic), walks the calendar day by day
// with JS Date, and maps wall times to instants with raw luxon offsets (no cache), applying our DST
// policy (overlap → first occurrence, gap → offset before the gap).
import { IANAZone } from 'luxon';

export type Spec = Partial<Record<FieldName, string>>;
export type FieldName = 'year' | 'month' | 'day' | 'week' | 'day_of_week' | 'hour' | 'minute' | 'second';

const NAMES: FieldName[] = ['year', 'month', 'day', 'week', 'day_of_week', 'hour', 'minute', 'second'];
const MIN: Record<FieldName, number> = { year: 1970, month: 1, day: 1, week: 1, day_of_week: 0, hour: 0, minute: 0, second: 0 };
const MAX: Record<FieldName, number> = { year: 9999, month: 12, day: 31, week: 53, day_of_week: 6, hour: 23, minute: 59, second: 59 };
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY = 86_400_000;

/** APScheduler's default rule, restated: `*` above the last given field, the minimum below it. */
export function completeSpec(given: Spec): Record<FieldName, string> {
  const last = Math.max(-1, ...NAMES.map((n, i) => (given[n] !== undefined ? i : -1)));
  const floor: Record<FieldName, string> = { year: '*', month: '1', day: '1', week: '*', day_of_week: '*', hour: '0', minute: '0', second: '0' };
  const out = {} as Record<FieldName, string>;
  NAMES.forEach((n, i) => (out[n] = given[n] ?? (last < 0 || i < last ? '*' : floor[n])));
  return out;
}

interface Civil { y: number; m: number; d: number }

function civil(ms: number): Civil {
  const date = new Date(ms);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

function monthLength(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function mondayBased(ms: number): number {
  return (new Date(ms).getUTCDay() + 6) % 7;
}

function isoWeekOf(ms: number): number {
  const thursday = ms + (3 - mondayBased(ms)) * DAY;
  const jan1 = Date.UTC(new Date(thursday).getUTCFullYear(), 0, 1);
  return Math.floor((thursday - jan1) / DAY / 7) + 1;
}

/** The set of values a field's expression allows (in month y-m for `day`). */
export function expand(name: FieldName, text: string, y = 2000, m = 1): Set<number> {
  const max = name === 'day' ? monthLength(y, m) : MAX[name];
  const out = new Set<number>();
  for (const raw of text.split(',')) {
    const part = raw.trim().toLowerCase();
    const position = /^(1st|2nd|3rd|4th|5th|last) +([a-z]+)$/.exec(part);
    if (name === 'day' && part === 'last') out.add(max);
    else if (name === 'day' && position) {
      const hits = [];
      for (let d = 1; d <= max; d++) if (mondayBased(Date.UTC(y, m - 1, d)) === WEEKDAYS.indexOf(position[2]!)) hits.push(d);
      const pick = position[1] === 'last' ? hits.at(-1) : hits[Number(position[1]![0]) - 1];
      if (pick !== undefined) out.add(pick);
    } else {
      const numeric = part.replace(/[a-z]+/g, (word) => String(name === 'month' ? MONTHS.indexOf(word) + 1 : WEEKDAYS.indexOf(word)));
      const match = /^(\*|\d+)(?:-(\d+))?(?:\/(\d+))?$/.exec(numeric);
      if (!match) throw new Error(`reference cannot read ${name}=${text}`);
      const lo = match[1] === '*' ? MIN[name] : Number(match[1]);
      const hi = match[2] !== undefined ? Number(match[2]) : match[1] === '*' || match[3] !== undefined ? MAX[name] : lo;
      for (let v = lo; v <= Math.min(hi, max); v += Number(match[3] ?? 1)) out.add(v);
    }
  }
  return out;
}

/** Date filter with the field sets expanded once (per month for `day`). */
function dateMatcher(spec: Record<FieldName, string>): (c: Civil) => boolean {
  const years = expand('year', spec.year);
  const months = expand('month', spec.month);
  const weeks = expand('week', spec.week);
  const weekdays = expand('day_of_week', spec.day_of_week);
  const days = new Map<string, Set<number>>();
  return (c) => {
    if (!years.has(c.y) || !months.has(c.m)) return false;
    const key = `${c.y}-${c.m}`;
    if (!days.has(key)) days.set(key, expand('day', spec.day, c.y, c.m));
    const ms = Date.UTC(c.y, c.m - 1, c.d);
    return days.get(key)!.has(c.d) && weeks.has(isoWeekOf(ms)) && weekdays.has(mondayBased(ms));
  };
}

// Raw luxon offsets memoised per minute (every transition falls on a whole minute).
const offsetMemo = new Map<string, number>();

function rawOffset(zoneName: string, ms: number): number {
  const minute = Math.floor(ms / 60_000);
  const key = `${zoneName}@${minute}`;
  let offset = offsetMemo.get(key);
  if (offset === undefined) {
    if (offsetMemo.size > 1_000_000) offsetMemo.clear();
    offset = Math.round(IANAZone.create(zoneName).offset(minute * 60_000) * 60_000);
    offsetMemo.set(key, offset);
  }
  return offset;
}

/** Wall time → instant under our policy, from raw luxon offsets. */
export function policyInstant(zoneName: string, wall: number): number {
  const offsets = [...new Set([-2, -1, 0, 1, 2].map((k) => rawOffset(zoneName, wall + (k * DAY) / 2)))];
  const valid = offsets.map((o) => wall - o).filter((t) => rawOffset(zoneName, t) + t === wall);
  if (valid.length) return Math.min(...valid);
  return wall - rawOffset(zoneName, wall - DAY);
}

export function wallOf(zoneName: string, ms: number): number {
  return ms + rawOffset(zoneName, ms);
}

// Longer than any DST gap in the zones tested: a wall time can fire at most this much later
// (or, read from the clock at the start, this much earlier) than it reads.
const MARGIN = 2 * 3_600_000;

/**
 * The first `count` fire times ≥ `from` (whole seconds) by brute force: the instants of all
 * matching wall times, sorted, looking at most `days` calendar days ahead. `complete` is false
 * when the horizon cut the search short; then only times before `certainBefore` are known.
 */
export function referenceFireTimes(
  given: Spec, zone: string, from: number, count: number, days: number,
): { times: number[]; complete: boolean; certainBefore: number } {
  const spec = completeSpec(given);
  const start = Math.ceil(from / 1000) * 1000;
  const startWall = wallOf(zone, start) - MARGIN;
  const dateMatches = dateMatcher(spec);
  const hours = [...expand('hour', spec.hour)].sort((a, b) => a - b);
  const minutes = [...expand('minute', spec.minute)].sort((a, b) => a - b);
  const seconds = [...expand('second', spec.second)].sort((a, b) => a - b);
  const found = new Set<number>();
  let stopAt = Infinity;
  const firstDay = Math.floor(startWall / DAY) * DAY;
  const lastDay = firstDay + days * DAY;
  const result = (complete: boolean) => ({
    times: [...found].sort((a, b) => a - b).slice(0, count),
    complete,
    certainBefore: complete ? Infinity : lastDay - MARGIN - DAY,
  });
  for (let day = firstDay; day < lastDay; day += DAY) {
    if (day > stopAt) return result(true);
    if (!dateMatches(civil(day))) continue;
    for (const h of hours) {
      if (day + (h + 1) * 3_600_000 <= startWall) continue;
      for (const mi of minutes) {
        if (day + h * 3_600_000 + (mi + 1) * 60_000 <= startWall) continue;
        for (const s of seconds) {
          const wall = day + h * 3_600_000 + mi * 60_000 + s * 1000;
          if (wall < startWall) continue;
          if (wall > stopAt) return result(true);
          const instant = policyInstant(zone, wall);
          if (instant < start) continue;
          found.add(instant);
          if (found.size === count && stopAt === Infinity) stopAt = wall + MARGIN;
        }
      }
    }
  }
  return result(false);
}

/** Does the wall time match every field (the direct reading of "fires when the clock shows…")? */
export function wallMatches(given: Spec, wall: number): boolean {
  const spec = completeSpec(given);
  const date = new Date(wall);
  return (
    dateMatcher(spec)(civil(wall)) &&
    expand('hour', spec.hour).has(date.getUTCHours()) &&
    expand('minute', spec.minute).has(date.getUTCMinutes()) &&
    expand('second', spec.second).has(date.getUTCSeconds())
  );
}
