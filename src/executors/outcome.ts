// Turning what happened to an attempt into a RunOutcome: errors into text, abort reasons into
// `failed` (timeout) or `interrupted` (shutdown).
import { types } from 'node:util';
import { TaskLoadError } from '../tasks/loader.js';
import { AttemptTimeout } from './abort.js';
import type { RunOutcome } from './types.js';

export const SUCCEEDED: RunOutcome = Object.freeze({ status: 'succeeded' });

export function failed(error: string): RunOutcome {
  return { status: 'failed', error };
}

/** The `error` text of a failed attempt: message, then stack; anything else thrown, stringified. */
export function formatError(err: unknown): string {
  // A load error is already the one line a user needs; its stack points into the loader.
  if (err instanceof TaskLoadError) return err.message;
  if (err instanceof Error || types.isNativeError(err)) {
    return err.stack ? `${err.message}\n${err.stack}` : err.message;
  }
  if (typeof err === 'string') return err;
  return stringify(err);
}

/** The outcome of an attempt aborted with `reason` (see abort.ts). */
export function outcomeOfAbort(reason: unknown): RunOutcome {
  const message = reason instanceof Error ? reason.message : String(reason);
  return reason instanceof AttemptTimeout ? failed(message) : { status: 'interrupted', error: message };
}

/** For execute() calls that arrive after shutdown began, or were still queued when it did. */
export const NOT_STARTED: RunOutcome = Object.freeze({
  status: 'interrupted',
  error: 'not started: the executor is shutting down',
});

function stringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value); // cycles, BigInt
  }
}
