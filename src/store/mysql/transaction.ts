// The hot-path transactions, retried when InnoDB gives up on them. Several instances updating
// `runs` at once take gap and insert-intention locks on its secondary indexes in different
// orders, so a deadlock now and then is normal under load: InnoDB rolls one transaction back
// (ER_LOCK_DEADLOCK) and the cure is to run it again. The same holds for a lock wait timeout.
// Nothing was written by the failed attempt, so running the whole function again is safe.
// A job write may also be retried on a duplicate key: two sessions inserting the same new job id
// both found no row (READ COMMITTED takes no gap lock), and the loser, run again, sees the
// winner's row and decides an update instead.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

// Also 3101: Group Replication (InnoDB Cluster) rolls back a transaction that failed certification
// against another member's (Galera reports its certification failures as a deadlock, 1213).
const RETRYABLE = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT', 'ER_TRANSACTION_ROLLBACK_DURING_COMMIT']);
const ATTEMPTS = 5;

export function isRetryable(error: unknown): boolean {
  return error instanceof Error && RETRYABLE.has((error as NodeJS.ErrnoException).code ?? '');
}

export interface RetryOptions {
  /** Also run `fn` again when it failed on ER_DUP_ENTRY (a concurrent insert of the same key). */
  onDuplicate?: boolean;
}

/** Runs `fn` again (up to a few times, after a short random pause) when it failed on a deadlock. */
export async function retryOnDeadlock<T>(fn: () => Promise<T>, { onDuplicate = false }: RetryOptions = {}): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn();
    } catch (error) {
      const again = isRetryable(error) || (onDuplicate && (error as NodeJS.ErrnoException).code === 'ER_DUP_ENTRY');
      if (!again || attempt >= ATTEMPTS) throw error;
      // Jitter, so the two transactions that collided do not collide again.
      await sleep(Math.random() * 20 * attempt);
    }
  }
}

/** A READ COMMITTED transaction, retried on deadlock; `fn` must only touch the database. */
export function readCommitted<T>(db: Kysely<Database>, fn: (tx: Transaction<Database>) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  return retryOnDeadlock(() => db.transaction().setIsolationLevel('read committed').execute(fn), options);
}
