// Which queued runs a start cycle starts, records missed, or finds orphaned: the rules of
// `JobStore.startRuns`, as one pure function every store applies in its own way (the memory
// store to its maps, the SQL stores in their transaction).
import { lateError, startTime, tooLateToStart } from '../scheduler/policy.js';
import type { JobRecord, RunRecord, StartRequest, StartResult } from './types.js';

export interface StartPlan extends StartResult {
  /** Runs whose job was not found: the store decides whether it is gone (then `skipped`). */
  orphans: RunRecord[];
}

/**
 * Plans one start cycle over `queued` (oldest due first). `jobOf` finds a run's job;
 * `runningOf` counts a job's running runs before this cycle. Paused and broken jobs' runs wait;
 * a first attempt past its grace is missed; a job at max_instances or an executor without a free
 * slot leaves the run queued. `request.capacity` is not modified.
 */
export function planStarts(
  queued: readonly RunRecord[],
  jobOf: (id: string) => JobRecord | undefined,
  runningOf: (id: string) => number,
  { now, instanceId, leaseUntil, capacity: free }: StartRequest,
): StartPlan {
  const plan: StartPlan = { started: [], missed: [], orphans: [] };
  const capacity = { ...free };
  const running = new Map<string, number>();
  for (const run of queued) {
    const job = jobOf(run.jobId);
    if (!job) {
      plan.orphans.push(run);
      continue;
    }
    // A paused job starts nothing: its queued runs and retries wait for the resume (and a broken
    // one's wait for its definition to be fixed).
    if (job.paused || job.broken !== undefined) continue;
    if (tooLateToStart(run, now, job.misfireGraceTime)) {
      plan.missed.push({ ...run, status: 'missed', finishedAt: now, error: lateError(run.dueAt, now) });
      continue;
    }
    const count = running.get(job.id) ?? runningOf(job.id);
    if (count >= job.maxInstances || capacity[job.executor] <= 0) continue;
    running.set(job.id, count + 1);
    capacity[job.executor] -= 1;
    plan.started.push({ run: { ...run, status: 'running', startedAt: startTime(run.dueAt, now), instanceId, leaseUntil }, job });
  }
  return plan;
}
