// What the job API refuses (src/jobs/errors.ts), each a one-line answer the user can act on.
// JobSpecError is a ConfigError: like the YAML's errors, it names the job and key itself.
import { JobConflictError, JobNotFoundError, RunNotFoundError, RunNotRetryableError, VersionConflictError } from '../jobs/errors.js';

export const JOB_API_ERRORS = [JobNotFoundError, RunNotFoundError, JobConflictError, VersionConflictError, RunNotRetryableError] as const;

export function isJobApiError(error: unknown): error is InstanceType<(typeof JOB_API_ERRORS)[number]> {
  return JOB_API_ERRORS.some((kind) => error instanceof kind);
}
