// Jitter: APScheduler 3 adds uniform(0, jitter) seconds, never subtracts. We clamp the result to
// end_date so a jittered last run is not lost.
export type Random = () => number;

export function applyJitter(ms: number, jitterMs: number, random: Random, endMs: number | null): number {
  if (jitterMs <= 0) return ms;
  const jittered = ms + Math.floor(random() * jitterMs);
  return endMs !== null && jittered > endMs ? endMs : jittered;
}
