// The list cursors of the API (`next_cursor`) and of the dashboard's next-page links: the
// position of a page's last item, so the next page starts after it whatever was added or removed
// meanwhile (store keyset pages). Opaque to people: base64url of a small JSON object.
import type { JobCursor, JobRecord, RunCursor, RunRecord } from '../store/types.js';

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** The JSON inside a cursor; null for text that is not one (a reader then refuses it). */
export function decodeCursor(text: string): unknown {
  try {
    return JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
  } catch {
    return null;
  }
}

export function jobCursorOf(job: JobRecord): unknown {
  return { n: job.paused || job.nextRunTime === null ? null : job.nextRunTime.toISOString(), id: job.id };
}

export function readJobCursor(value: unknown): JobCursor | null {
  if (typeof value !== 'object' || value === null) return null;
  const { n, id } = value as { n?: unknown; id?: unknown };
  if (typeof id !== 'string') return null;
  if (n === null) return { nextRunTime: null, id };
  const time = typeof n === 'string' ? new Date(n) : null;
  return time && !Number.isNaN(time.getTime()) ? { nextRunTime: time, id } : null;
}

export function runCursorOf(run: RunRecord): unknown {
  return { s: run.scheduledAt.toISOString(), a: run.attempt, id: run.id };
}

export function readRunCursor(value: unknown): RunCursor | null {
  if (typeof value !== 'object' || value === null) return null;
  const { s, a, id } = value as { s?: unknown; a?: unknown; id?: unknown };
  const time = typeof s === 'string' ? new Date(s) : null;
  if (!time || Number.isNaN(time.getTime()) || !Number.isSafeInteger(a) || !Number.isSafeInteger(id)) return null;
  return { scheduledAt: time, attempt: a as number, id: id as number };
}

/** For the audit log, newest first: the id of the page's last entry. */
export function readIdCursor(value: unknown): number | null {
  return Number.isSafeInteger(value) && (value as number) > 0 ? (value as number) : null;
}
