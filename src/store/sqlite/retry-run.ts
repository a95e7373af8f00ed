// JobStore.retryRun on SQLite: a new attempt of an ended run, decided by store/retry-run.ts from
// what is read inside one write transaction (BEGIN IMMEDIATE: nothing changes between the reads
// and the INSERT).
import type { Kysely } from 'kysely';
import { retryOfRun } from '../retry-run.js';
import type { RunRecord } from '../types.js';
import { runRow, toRun } from './rows.js';
import type { Database } from './schema.js';
import { immediate } from './transaction.js';

export function retryRun(db: Kysely<Database>, runId: number, now: Date): Promise<RunRecord> {
  return immediate(db, async (tx) => {
    const row = await tx.selectFrom('runs').selectAll().where('id', '=', runId).executeTakeFirst();
    const job = row && (await tx.selectFrom('jobs').select('id').where('id', '=', row.job_id).executeTakeFirst());
    const latest =
      row &&
      (await tx.selectFrom('runs').selectAll().where('job_id', '=', row.job_id).where('scheduled_at', '=', row.scheduled_at).orderBy('attempt', 'desc').limit(1).executeTakeFirst());
    const retry = retryOfRun(runId, { run: row ? toRun(row) : null, latest: latest ? toRun(latest) : null, jobExists: job !== undefined }, now);
    const inserted = await tx.insertInto('runs').values(runRow(retry, now)).returningAll().executeTakeFirstOrThrow();
    return toRun(inserted);
  });
}
