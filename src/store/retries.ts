// The retries a batch of ended runs asks for, as the SQL stores queue them after a finish or an
// abandon: pure, so each store only reads the jobs and inserts the result in its own dialect.
import { retryOf } from '../scheduler/policy.js';
import type { JobRecord, NewRun, RunRecord } from './types.js';

/** A run whose job is gone, or that has no attempt left, asks for none. */
export function retriesOf(runs: readonly RunRecord[], jobs: ReadonlyMap<string, JobRecord>, endedAt: (run: RunRecord) => Date): NewRun[] {
  return runs.flatMap((run) => {
    const job = jobs.get(run.jobId);
    const retry = job ? retryOf(run, job, endedAt(run)) : null;
    return retry ? [retry] : [];
  });
}
