// JobStore.retryRun on MySQL: a new attempt of an ended run, decided by store/retry-run.ts from
// what is read inside one transaction. The job's row is locked first, so two retries of one fire
// time, or a retry and the job's removal, go one after the other; a retry queued meanwhile by
// the loop (finish.ts) makes the INSERT fail on the run key, and the transaction, run again,
// finds the run no longer the last attempt.
import type { Kysely } from 'kysely';
import { retryOfRun } from '../retry-run.js';
import type { RunRecord } from '../types.js';
import { runRow, toRun } from './rows.js';
import type { Database } from './schema.js';
import { readCommitted } from './transaction.js';

export function retryRun(db: Kysely<Database>, runId: number, now: Date): Promise<RunRecord> {
  return readCommitted(
    db,
    async (tx) => {
      const row = await tx.selectFrom('runs').selectAll().where('id', '=', runId).executeTakeFirst();
      const job = row && (await tx.selectFrom('jobs').select('id').where('id', '=', row.job_id).forUpdate().executeTakeFirst());
      const latest =
        row &&
        (await tx.selectFrom('runs').selectAll().where('job_id', '=', row.job_id).where('scheduled_at', '=', row.scheduled_at).orderBy('attempt', 'desc').limit(1).executeTakeFirst());
      const retry = retryOfRun(runId, { run: row ? toRun(row) : null, latest: latest ? toRun(latest) : null, jobExists: job !== undefined }, now);
      const { insertId } = await tx.insertInto('runs').values(runRow(retry, now)).executeTakeFirstOrThrow();
      const inserted = await tx.selectFrom('runs').selectAll().where('id', '=', Number(insertId)).executeTakeFirstOrThrow();
      return toRun(inserted);
    },
    { onDuplicate: true },
  );
}
