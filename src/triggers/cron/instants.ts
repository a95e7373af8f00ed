// From wall-clock matches to instants: the cron search runs on local wall time (search.ts); here
// each match is placed in the trigger's zone under our DST policy (zone.ts), including wall times
// inside a spring-forward gap, which fire shifted past it and so can come after later-reading ones.
import { fromWall, gapEndWall, offsetBeforeRecentGap, overlapEndWall, toWall } from '../zone.js';
import { nextWallMatch, type CronFields } from './search.js';

/**
 * The first fire instant ≥ `from` (≤ end). Two kinds of wall time can give it: an ordinary one at
 * or after the wall clock at `from`, and — just after a spring-forward — one inside the gap, fired
 * shifted past it (a gap wall time reads earlier than the clock at `from` but fires later).
 */
export function nextFire(fields: CronFields, zone: string, from: number, end: number | null): number | null {
  const ordinary = nextOrdinary(fields, zone, from);
  const shifted = nextFromGap(fields, zone, from);
  const fire = ordinary === null ? shifted : shifted === null ? ordinary : Math.min(ordinary, shifted);
  return fire !== null && end !== null && fire > end ? null : fire;
}

/**
 * Searching from the wall clock at `from`. A wall time whose first occurrence is already behind
 * `from` (we started inside a fall-back overlap) is skipped; a wall time inside a gap fires shifted
 * past it, so an ordinary wall time just after the gap may fire before it.
 */
function nextOrdinary(fields: CronFields, zone: string, from: number): number | null {
  let wall = toWall(zone, from);
  for (;;) {
    const match = nextWallMatch(fields, wall);
    if (match === null) return null;
    const instant = fromWall(zone, match);
    if (instant < from) {
      // Every wall time left in this overlap was first shown before `from`: go to its end at once.
      wall = Math.max(match + 1000, overlapEndWall(zone, from) ?? 0);
      continue;
    }
    if (toWall(zone, instant) === match) return instant;
    const gapEnd = gapEndWall(zone, instant);
    const after = gapEnd === null ? null : nextWallMatch(fields, gapEnd);
    return after === null ? instant : Math.min(instant, fromWall(zone, after));
  }
}

/** A matching wall time inside a gap that ended less than a gap-length before `from`. */
function nextFromGap(fields: CronFields, zone: string, from: number): number | null {
  const before = offsetBeforeRecentGap(zone, from);
  if (before === null) return null;
  const match = nextWallMatch(fields, from + before);
  if (match === null) return null;
  const instant = fromWall(zone, match);
  const insideGap = toWall(zone, instant) !== match;
  return insideGap && instant >= from ? instant : null;
}
