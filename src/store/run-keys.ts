// The unique (job_id, scheduled_at, attempt) key of a run, shared by both stores. A run row that
// already holds a key (a fire time recorded before a resume or a redefinition, a retry already
// queued) is kept as it is: inserting the same key again is a no-op, never an error that would
// roll back a whole batch of other jobs' runs.
import type { NewRun, RunKey, RunRecord } from './types.js';

export function runKey(run: RunKey): string {
  return `${run.jobId}\u0000${run.scheduledAt.getTime()}\u0000${run.attempt}`;
}

/** `runs` without those whose key is in `taken`, and without repeats of a key (the first is kept). */
export function newRunsOnly(runs: NewRun[], taken: Iterable<string>): NewRun[] {
  const seen = new Set(taken);
  return runs.filter((run) => {
    const key = runKey(run);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `runs` (read in any order) in the order of `keys`; a key with no run is left out. */
export function inKeyOrder(runs: readonly RunRecord[], keys: readonly RunKey[]): RunRecord[] {
  const byKey = new Map(runs.map((run) => [runKey(run), run]));
  return keys.flatMap((key) => byKey.get(runKey(key)) ?? []);
}

/** A plan with only the runs that were inserted: what a claim reports is what it stored. */
export function keepInserted<T extends { runs: NewRun[] }>(plan: T, inserted: ReadonlySet<NewRun>): T {
  return plan.runs.every((r) => inserted.has(r)) ? plan : { ...plan, runs: plan.runs.filter((r) => inserted.has(r)) };
}

/**
 * The instants a run-now may take: now, or (when a run already holds that instant, e.g. two
 * `scheduler run` in one millisecond) the next few milliseconds.
 */
export function runNowTimes(now: Date): Date[] {
  return Array.from({ length: 10 }, (_, i) => new Date(now.getTime() + i));
}
