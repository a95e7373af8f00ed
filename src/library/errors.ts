// What the embedded scheduler refuses because of when it was called.

/** A job API call before start() resolved or after stop(), or start() called twice. */
export class SchedulerStateError extends Error {
  override readonly name = 'SchedulerStateError';
}
