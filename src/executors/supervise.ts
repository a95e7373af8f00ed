// Supervises one attempt: it settles with whichever comes first — the body's own outcome, its
// timeout, or an abort from outside (shutdown). A body that ignores its signal cannot hold the
// outcome back: it keeps running on its own, but the attempt is already decided.
import { setLongTimeout, type LongTimeout } from '../long-timeout.js';
import { AttemptTimeout } from './abort.js';
import { failed, formatError, outcomeOfAbort } from './outcome.js';
import type { RunOutcome } from './types.js';

/**
 * Runs `body` under `controller`. The timeout clock starts when the body calls `started()`, so
 * loading the task module or starting a worker process does not count against the task.
 */
export async function superviseAttempt(
  controller: AbortController,
  timeoutMs: number | null,
  body: (signal: AbortSignal, started: () => void) => Promise<RunOutcome>,
): Promise<RunOutcome> {
  const { signal } = controller;
  if (signal.aborted) return outcomeOfAbort(signal.reason);
  let timer: LongTimeout | undefined;
  const started = (): void => {
    if (timeoutMs === null || timer) return;
    timer = setLongTimeout(() => controller.abort(new AttemptTimeout(timeoutMs)), timeoutMs);
  };
  const aborted = whenAborted(signal);
  try {
    // `aborted` resolves inside abort() itself, so it wins over a task that rejects in response.
    const outcome = body(signal, started).catch((err: unknown) => failed(formatError(err))); // never reject
    return await Promise.race([outcome, aborted.outcome]);
  } finally {
    timer?.clear();
    aborted.dispose();
  }
}

function whenAborted(signal: AbortSignal): { outcome: Promise<RunOutcome>; dispose(): void } {
  let listener = (): void => {};
  const outcome = new Promise<RunOutcome>((resolve) => {
    listener = () => resolve(outcomeOfAbort(signal.reason));
    signal.addEventListener('abort', listener, { once: true });
  });
  return { outcome, dispose: () => signal.removeEventListener('abort', listener) };
}
