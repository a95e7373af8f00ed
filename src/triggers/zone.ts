// Time-zone arithmetic for triggers: IANA offsets (via luxon) and the wall-clock ↔ instant mapping
// that carries our DST policy. Everything here works on epoch milliseconds; a "wall" value is the
// local date-time written as if it were UTC (Date.UTC(y, m, d, h, mi, s)), which makes calendar
// arithmetic on local times plain integer arithmetic.
import { IANAZone } from 'luxon';

const DAY_MS = 86_400_000;
// Offsets are cached per zone in week-long buckets: luxon asks Intl for each offset (~4 µs), and
// a cron search asks several times per call. A bucket holds at most one transition (true of every
// zone since 1970: transitions are months, at the very least weeks, apart).
const BUCKET_MS = 7 * DAY_MS;
const MAX_BUCKETS = 20_000;

interface Bucket {
  readonly before: number;
  readonly after: number;
  /** First instant (ms) with the `after` offset; Infinity when the bucket has a single offset. */
  readonly at: number;
}

class ZoneOffsets {
  private readonly zone: IANAZone;
  private readonly buckets = new Map<number, Bucket>();

  constructor(name: string) {
    this.zone = IANAZone.create(name);
  }

  offset(epochMs: number): number {
    const index = Math.floor(epochMs / BUCKET_MS);
    let bucket = this.buckets.get(index);
    if (!bucket) {
      if (this.buckets.size >= MAX_BUCKETS) this.buckets.clear();
      bucket = this.measure(index * BUCKET_MS);
      this.buckets.set(index, bucket);
    }
    return epochMs < bucket.at ? bucket.before : bucket.after;
  }

  /** The latest transition at or before `epochMs` within the last week or so, if any. */
  transitionBefore(epochMs: number): Bucket | null {
    const index = Math.floor(epochMs / BUCKET_MS);
    this.offset(epochMs);
    this.offset((index - 1) * BUCKET_MS);
    for (const bucket of [this.buckets.get(index), this.buckets.get(index - 1)]) {
      if (bucket && bucket.at <= epochMs) return bucket;
    }
    return null;
  }

  private raw(epochMs: number): number {
    return Math.round(this.zone.offset(epochMs) * 60_000);
  }

  /** Offsets at both ends of [start, start + BUCKET_MS); a change in between is bisected to the second. */
  private measure(start: number): Bucket {
    const before = this.raw(start);
    const after = this.raw(start + BUCKET_MS - 1000);
    if (before === after) return { before, after, at: Infinity };
    let lo = start;
    let hi = start + BUCKET_MS - 1000;
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
      if (this.raw(mid) === before) lo = mid;
      else hi = mid;
    }
    return { before, after, at: hi };
  }
}

const zones = new Map<string, ZoneOffsets>();

const known = new Map<string, boolean>();

/** True for names the runtime's tz database knows (`Europe/Paris`, `UTC`, `Etc/GMT-2`…). */
export function isKnownZone(name: string): boolean {
  // Memoised: luxon builds an Intl.DateTimeFormat per check (~40 µs, and ICU memory the GC does
  // not see, so the RSS of a scheduler creating triggers at 1,000/s grew ~30 MB/s until a GC).
  let valid = known.get(name);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(name);
    if (known.size >= 1000) known.clear();
    known.set(name, valid);
  }
  return valid;
}

function zoneOf(name: string): ZoneOffsets {
  let zone = zones.get(name);
  if (!zone) {
    zone = new ZoneOffsets(name);
    zones.set(name, zone);
  }
  return zone;
}

/** UTC offset of `zone` at the instant `epochMs`, in milliseconds (east of Greenwich positive). */
export function offsetMs(zone: string, epochMs: number): number {
  return zoneOf(zone).offset(epochMs);
}

/** The wall-clock reading of an instant in `zone`. */
export function toWall(zone: string, epochMs: number): number {
  return epochMs + offsetMs(zone, epochMs);
}

/**
 * The instant a wall-clock time denotes in `zone`, under our DST policy:
 * - inside a fall-back overlap (the wall time happens twice) → the first occurrence;
 * - inside a spring-forward gap (it never happens) → read with the offset in force before the gap,
 *   which lands just after it at the shifted wall time (02:30 in a 02:00→03:00 gap → 03:30).
 * Offsets a day either side bracket the wall time, so at most one transition is in between.
 */
export function fromWall(zone: string, wallMs: number): number {
  const before = offsetMs(zone, wallMs - DAY_MS);
  const after = offsetMs(zone, wallMs + DAY_MS);
  const early = wallMs - before;
  const late = wallMs - after;
  const earlyValid = offsetMs(zone, early) === before;
  const lateValid = offsetMs(zone, late) === after;
  if (earlyValid && lateValid) return Math.min(early, late);
  if (earlyValid) return early;
  if (lateValid) return late;
  return early;
}

/**
 * When `epochMs` falls within one gap-length after a spring-forward transition, the offset in
 * force before it; else null. Wall times inside that gap are fired at wall − this offset, which
 * lands in exactly this window after the transition.
 */
export function offsetBeforeRecentGap(zone: string, epochMs: number): number | null {
  const now = offsetMs(zone, epochMs);
  const before = offsetMs(zone, epochMs - DAY_MS);
  if (before >= now) return null;
  return offsetMs(zone, epochMs - (now - before)) === before ? before : null;
}

/**
 * For an instant inside the second pass through a fall-back overlap, the wall time at which the
 * overlap ends (every wall time before it was first shown before `epochMs`); else null.
 */
export function overlapEndWall(zone: string, epochMs: number): number | null {
  const transition = zoneOf(zone).transitionBefore(epochMs);
  if (!transition || transition.after >= transition.before) return null;
  const end = transition.at + transition.before;
  return toWall(zone, epochMs) < end ? end : null;
}

/** For an instant just after a spring-forward transition, the wall time at which the gap ended. */
export function gapEndWall(zone: string, epochMs: number): number | null {
  const transition = zoneOf(zone).transitionBefore(epochMs);
  if (!transition || transition.after <= transition.before) return null;
  return transition.at + transition.after;
}
