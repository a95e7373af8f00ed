// JobStore.retryRun's rule, shared by every store: only the last attempt of a fire time, once it
// has ended other than in success, gets a new attempt, and only while its job exists. The attempt
// number grows past max_attempts: a retry asked for by hand is not the policy's to refuse.
import { RunNotFoundError, RunNotRetryableError } from '../jobs/errors.js';
import type { NewRun, RunRecord } from './types.js';

export interface RetryFacts {
  /** The run asked for; null when there is no such run. */
  run: RunRecord | null;
  /** The run holding the highest attempt of the same job and fire time (maybe `run` itself). */
  latest: RunRecord | null;
  jobExists: boolean;
}

/** The attempt to queue, or the error saying why there is none. */
export function retryOfRun(runId: number, { run, latest, jobExists }: RetryFacts, now: Date): NewRun {
  if (run === null) throw new RunNotFoundError(runId);
  const refuse = (why: string): never => {
    throw new RunNotRetryableError(`run ${runId} cannot be retried: ${why}`);
  };
  if (run.status === 'queued' || run.status === 'running') refuse(`it is ${run.status}; only an ended run can be retried`);
  if (run.status === 'succeeded') refuse('it succeeded');
  if (latest !== null && latest.attempt > run.attempt) {
    refuse(`it is attempt ${run.attempt} of its fire time ${run.scheduledAt.toISOString()}, and attempt ${latest.attempt} (run ${latest.id}) came after it`);
  }
  if (!jobExists) refuse(`its job "${run.jobId}" no longer exists`);
  return { jobId: run.jobId, scheduledAt: run.scheduledAt, attempt: run.attempt + 1, status: 'queued', dueAt: now };
}
