// Write transactions on SQLite: BEGIN IMMEDIATE takes the file's single write lock at the start,
// so a transaction that reads then writes never finds, at its first write, that another process
// changed what it read. It is SQLite's stand-in for MySQL's SELECT … FOR UPDATE SKIP LOCKED: one
// writer at a time, each seeing everything committed before it, so two instances never claim
// or start the same run.
//
// Waiting for the lock: better-sqlite3 is synchronous, and SQLite's busy timeout sleeps inside
// the call, freezing the event loop (and every task running on the default executor). So the
// busy timeout is kept short (connect.ts) and a transaction that still finds the lock taken is
// tried again after an asynchronous pause, up to LOCK_WAIT_MS.
import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/** How long a write waits in all for another process's write transaction. */
export const LOCK_WAIT_MS = 10_000;

/** Runs `fn` in a BEGIN IMMEDIATE transaction: committed if it returns, rolled back if it throws. */
export async function immediate<T, D = Database>(db: Kysely<D>, fn: (tx: Kysely<D>) => Promise<T>): Promise<T> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await transaction(db, fn);
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
      // Jittered and growing, so waiting writers do not all retry at the same instant.
      await sleep(Math.random() * Math.min(5 * attempt, 50));
    }
  }
}

/** The write lock is held by another connection (SQLITE_BUSY and its extended codes). */
function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

function transaction<T, D>(db: Kysely<D>, fn: (tx: Kysely<D>) => Promise<T>): Promise<T> {
  // kysely's SQLite driver has one connection behind a mutex: holding it keeps every other
  // query of this process out of the transaction.
  return db.connection().execute(async (conn) => {
    // Only BEGIN waits for the lock; once it succeeded, nothing else in here can be busy.
    await sql`BEGIN IMMEDIATE`.execute(conn);
    try {
      const result = await fn(conn);
      await sql`COMMIT`.execute(conn);
      return result;
    } catch (error) {
      await sql`ROLLBACK`.execute(conn);
      throw error;
    }
  });
}
