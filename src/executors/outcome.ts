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

/**
 * The `error` text of a failed attempt: message, then stack; anything else thrown, stringified.
 * Total: a thrown value is the task's, and its `message`/`stack` getters, `toJSON` or `toString`
 * may throw themselves; formatting then falls back to what can still be read, never rethrows.
 */
export function formatError(err: unknown): string {
  try {
    return describe(err);
  } catch (inner) {
    return `${unprintable(err)} (${safely(() => describe(inner)) ?? 'and so did the error about it'})`;
  }
}

function describe(err: unknown): string {
  // A load error is already the one line a user needs; its stack points into the loader.
  if (err instanceof TaskLoadError) return err.message;
  if (types.isNativeError(err) || err instanceof Error) return describeError(err as Error);
  if (typeof err === 'string') return err;
  return stringify(err);
}

function describeError(err: Error): string {
  const message = safely(() => String(err.message)) ?? '(its message could not be read)';
  const stack = safely(() => (err.stack ? String(err.stack) : ''));
  return stack ? `${message}\n${stack}` : message;
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

// What is left to say about a value none of whose own methods can be trusted.
function unprintable(value: unknown): string {
  const kind = safely(() => Object.prototype.toString.call(value)) ?? typeof value;
  return `a thrown ${kind} that could not be formatted`;
}

function safely(read: () => string): string | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
