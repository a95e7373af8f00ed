// Shared by the executor tests: a logger that records its lines, and run requests with defaults.
import { fileURLToPath } from 'node:url';
import pino, { type Logger } from 'pino';
import type { RunRequest } from '../../src/executors/types.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/tasks', import.meta.url));

export interface CapturedLogger {
  logger: Logger;
  lines: Array<Record<string, unknown>>;
}

export function captureLogger(bindings: Record<string, unknown> = {}): CapturedLogger {
  const lines: Array<Record<string, unknown>> = [];
  const stream = { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) };
  return { logger: pino({ level: 'debug' }, stream).child(bindings), lines };
}

let nextRunId = 1;

export function request(task: string, overrides: Partial<RunRequest> = {}): RunRequest {
  return {
    runId: nextRunId++,
    jobId: `job-${task}`,
    task,
    scheduledAt: new Date('2025-01-02T03:04:05.000Z'),
    attempt: 1,
    params: {},
    timeoutMs: null,
    logger: captureLogger().logger,
    ...overrides,
  };
}

/** A promise with its resolve function, to hold a task until the test lets it go. */
export function gate(): { promise: Promise<void>; open(): void } {
  let open = (): void => {};
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}
