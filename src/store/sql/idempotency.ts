// Idempotency keys on both SQL stores: one row per (caller, key), taken by an INSERT that only
// one of several concurrent requests can win (the primary key decides, whichever instance
// answers), then settled with the run it queued. No transaction needed: each step is one statement.
import { sql } from 'kysely';
import type { IdempotencyKeysTableOf } from '../sql-tables.js';
import type { IdempotencyHold, IdempotencyKey } from '../types.js';
import type { SqlDialect } from './dialect.js';

export function takeIdempotencyKey<Time>(d: SqlDialect<Time>, key: IdempotencyKey, jobId: string, now: Date, expiredBefore: Date): Promise<IdempotencyHold | null> {
  return d.write(async (db) => {
    // An expired hold is gone before the insert, so it can be taken anew.
    await sql`DELETE FROM idempotency_keys WHERE actor = ${key.actor} AND idem_key = ${key.key} AND created_at < ${d.time.write(expiredBefore)}`.execute(db);
    // INSERT IGNORE (MySQL) / INSERT OR IGNORE (SQLite): a held key inserts nothing.
    const ignore = sql.raw(d.ignoreKeyword);
    const inserted = await sql`
      INSERT ${ignore} INTO idempotency_keys (actor, idem_key, job_id, run_id, created_at)
      VALUES (${key.actor}, ${key.key}, ${jobId}, NULL, ${d.time.write(now)})`.execute(db);
    if (Number(inserted.numAffectedRows ?? 0n) === 1) return null;
    const { rows } = await sql<IdempotencyKeysTableOf<Time>>`
      SELECT * FROM idempotency_keys WHERE actor = ${key.actor} AND idem_key = ${key.key}`.execute(db);
    const held = rows[0];
    // Deleted meanwhile by its own request giving it back: the caller may simply try again.
    if (held === undefined) return { jobId, runId: null, createdAt: now };
    return { jobId: held.job_id, runId: held.run_id === null ? null : Number(held.run_id), createdAt: d.time.read(held.created_at) };
  });
}

export async function settleIdempotencyKey<Time>(d: SqlDialect<Time>, key: IdempotencyKey, runId: number | null): Promise<void> {
  await d.write(async (db) => {
    if (runId === null) await sql`DELETE FROM idempotency_keys WHERE actor = ${key.actor} AND idem_key = ${key.key}`.execute(db);
    else await sql`UPDATE idempotency_keys SET run_id = ${runId} WHERE actor = ${key.actor} AND idem_key = ${key.key}`.execute(db);
  });
}

/** The holds older than `before`: the retention sweep's, so that keys nobody sends again do not pile up. */
export function deleteIdempotencyKeysBefore<Time>(d: SqlDialect<Time>, before: Date): Promise<number> {
  return d.write(async (db) => {
    const result = await sql`DELETE FROM idempotency_keys WHERE created_at < ${d.time.write(before)}`.execute(db);
    return Number(result.numAffectedRows ?? 0n);
  });
}
