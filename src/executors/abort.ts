// Why an attempt was aborted. The reason travels as the AbortSignal's `reason`, so a task that
// honours its signal sees a meaningful error, and the executor turns it into the right outcome.

/** Base of every reason we abort an attempt with. */
export class AttemptAbort extends Error {
  override name = 'AbortError';
}

/** The attempt ran longer than its job's `timeout`: a failure (retried while attempts remain). */
export class AttemptTimeout extends AttemptAbort {
  override name = 'TimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`timed out after ${seconds(timeoutMs)}`);
  }
}

/** The scheduler is shutting down and the grace period ran out: the run is `interrupted`. */
export class ShutdownInterrupt extends AttemptAbort {
  constructor(readonly graceMs: number) {
    super(`interrupted by shutdown: still running after the ${seconds(graceMs)} grace period`);
  }
}

function seconds(ms: number): string {
  return `${ms / 1000}s`;
}
