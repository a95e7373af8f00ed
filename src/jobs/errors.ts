// What the job API refuses, one class per answer a caller can act on. The HTTP API maps each
// `status` to its response; the CLI prints the message as its one line.
import { ConfigError } from '../config/errors.js';

/**
 * A spec the YAML would refuse, with the YAML's words: `job report: args.hour: must be at most
 * 23, got 25`. A ConfigError, so every caller that reports config errors reports these too.
 */
export class JobSpecError extends ConfigError {
  override readonly name = 'JobSpecError';
  readonly status = 422;
}

/** No job with this id is stored (HTTP 404). */
export class JobNotFoundError extends Error {
  override readonly name = 'JobNotFoundError';
  readonly status = 404;
  constructor(readonly jobId: string) {
    super(`no job "${jobId}" in the store`);
  }
}

/** No run with this id is stored (HTTP 404). */
export class RunNotFoundError extends Error {
  override readonly name = 'RunNotFoundError';
  readonly status = 404;
  constructor(readonly runId: number) {
    super(`no run ${runId} in the store`);
  }
}

/** The id is taken (addJob with onConflict 'error'), or the job is config-owned and the call would change its definition. */
export class JobConflictError extends Error {
  override readonly name = 'JobConflictError';
  readonly status = 409;
}

/** `ifVersion` did not match: someone else changed the job first. */
export class VersionConflictError extends Error {
  override readonly name = 'VersionConflictError';
  readonly status = 412;
  constructor(readonly jobId: string, readonly expected: number, readonly actual: number) {
    super(`job "${jobId}" is at version ${actual}, not ${expected}: it was changed meanwhile; read it again and retry`);
  }
}

/** retryRun of a run that is queued, running, succeeded, or not the last attempt of its fire time. */
export class RunNotRetryableError extends Error {
  override readonly name = 'RunNotRetryableError';
  readonly status = 409;
}
