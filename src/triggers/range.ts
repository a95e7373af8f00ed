// What a fire time and a span may be: the store keeps times in DATETIME columns (years
// 1000–9999, UTC) and durations in seconds, so anything a trigger is given or produces stays inside.
const MIN_INSTANT_MS = Date.UTC(1000, 0, 1);
export const MAX_INSTANT_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
/** Longest interval or jitter: 10 years of 365 days (315,360,000 s). */
export const MAX_SPAN_SECONDS = 315_360_000;

export function inStoreRange(ms: number): boolean {
  return ms >= MIN_INSTANT_MS && ms <= MAX_INSTANT_MS;
}
