// Tells "the database is not there" (weather: retry with backoff) from real errors (bugs, bad
// data), and turns the former into StoreUnavailableError with a one-line reason.
import { StoreUnavailableError } from '../types.js';
import { isRetryable } from './transaction.js';

const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE', 'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT', 'ER_CON_COUNT_ERROR', 'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED', 'ER_QUERY_INTERRUPTED', 'ERR_SOCKET_CLOSED',
  // 4031, MySQL 8.0.24+: the server closed a connection idle past wait_timeout and says so (older
  // servers and MariaDB just close it: PROTOCOL_CONNECTION_LOST).
  'ER_CLIENT_INTERACTION_TIMEOUT',
]);

// A cluster node that cannot take work yet: Galera's 1047 ("WSREP has not yet prepared node for
// application use") while it joins or outside the primary component, 1180 when a commit fails
// there, and 1290 from a read-only node (read_only, super_read_only: a replica, or the primary
// just demoted by a failover). Weather as well: the next attempt may reach a ready node.
const NOT_READY_CODES = new Set(['ER_UNKNOWN_COM_ERROR', 'ER_ERROR_DURING_COMMIT', 'ER_OPTION_PREVENTS_STATEMENT']);

/** A node that answers but cannot take work now (see NOT_READY_CODES). */
export function isNotReady(error: unknown): boolean {
  return error instanceof Error && NOT_READY_CODES.has((error as NodeJS.ErrnoException).code ?? '');
}

export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  if (code && CONNECTION_CODES.has(code)) return true;
  // mysql2 reports "Can't add new command when connection is in closed state" without a code.
  return /closed state|connection lost|Pool is closed/i.test(error.message);
}

export function toUnavailable(error: unknown): unknown {
  // A lock wait or deadlock that outlasted its retries (transaction.ts) is weather too: the rows
  // are fine, another session holds them. Left raw, the outcome writer would take it for a row
  // the store refuses.
  const kind = isUnavailable(error) ? 'unreachable' : isNotReady(error) ? 'not ready' : isRetryable(error) ? 'busy' : null;
  if (kind === null) return error;
  const err = error as NodeJS.ErrnoException;
  const reason = err.code && !err.message.includes(err.code) ? `${err.code}: ${err.message}` : err.message;
  return new StoreUnavailableError(`database ${kind} (${reason || err.code})`, { cause: error });
}
