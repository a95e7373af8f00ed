// Time-zone arithmetic for triggers: IANA offsets (via luxon) and the wall-clock ↔ instant mapping
// that carries our DST policy. Everything here works on epoch milliseconds; a "wall" value is the
// local date-time written as if it were UTC (Date.UTC(y, m, d, h, mi, s)), which makes calendar
// arithmetic on local times plain integer arithmetic.
import { IANAZone } from 'luxon';

const DAY_MS = 86_400_000;
const zones = new Map<string, IANAZone>();

/** True for names the runtime's tz database knows (`Europe/Paris`, `UTC`, `Etc/GMT-2`…). */
export function isKnownZone(name: string): boolean {
  return IANAZone.isValidZone(name);
}

function zoneOf(name: string): IANAZone {
  let zone = zones.get(name);
  if (!zone) {
    zone = IANAZone.create(name);
    zones.set(name, zone);
  }
  return zone;
}

/** UTC offset of `zone` at the instant `epochMs`, in milliseconds (east of Greenwich positive). */
export function offsetMs(zone: string, epochMs: number): number {
  return Math.round(zoneOf(zone).offset(epochMs) * 60_000);
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
