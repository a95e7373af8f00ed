// SQLite's weather: the write lock stayed with another process beyond LOCK_WAIT_MS
// (SQLITE_BUSY, SQLITE_LOCKED and their extended codes). The loop retries; anything else is real.
import { StoreUnavailableError } from '../types.js';
import { LOCK_WAIT_MS } from './transaction.js';

export function toUnavailable(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^SQLITE_(BUSY|LOCKED)/.test(code)) return error;
  return new StoreUnavailableError(`database busy: another process held the write lock for over ${LOCK_WAIT_MS / 1000}s (${code})`, { cause: error });
}
