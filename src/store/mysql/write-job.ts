// JobStore.writeJob on MySQL: one READ COMMITTED transaction that locks the job's row (FOR
// UPDATE: a writer waits for another writer of the same id, never skips it), asks the writer
// what to do and does it. Two sessions adding the same new id both find no row to lock; the
// second INSERT then fails on the primary key, and the whole transaction runs again
// (transaction.ts), when the writer sees the first one's row and decides an update.
import type { Kysely, Transaction } from 'kysely';
import { checkWrite, type CheckedWrite } from '../job-write.js';
import type { JobWriter } from '../types.js';
import { insertAudit } from '../sql/audit.js';
import { jobRow, time, toJob } from './rows.js';
import type { Database } from './schema.js';
import { readCommitted } from './transaction.js';

export function writeJob<T>(db: Kysely<Database>, id: string, writer: JobWriter<T>): Promise<T> {
  return readCommitted(
    db,
    async (tx) => {
      const row = await tx.selectFrom('jobs').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      const stored = row ? toJob(row) : null;
      const { write, result, audit } = writer(stored);
      if (write === null) return result;
      await apply(tx, id, checkWrite(id, stored, write));
      // In the same transaction: a change is never without its audit row, nor the row without the change.
      if (audit) await insertAudit(tx, time, audit);
      return result;
    },
    { onDuplicate: true },
  );
}

async function apply(tx: Transaction<Database>, id: string, write: CheckedWrite): Promise<void> {
  if (write.kind === 'remove') {
    // The job's runs stay: running ones finish, the history is kept (queued ones are skipped
    // when they come due, see start-plan.ts).
    await tx.deleteFrom('jobs').where('id', '=', id).execute();
    return;
  }
  const row = jobRow(write.record, new Date());
  if (write.kind === 'insert') {
    await tx.insertInto('jobs').values(row).execute();
    return;
  }
  const { created_at: _created, id: _id, ...columns } = row;
  await tx.updateTable('jobs').set(columns).where('id', '=', id).execute();
}
