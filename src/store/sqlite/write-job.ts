// JobStore.writeJob on SQLite: BEGIN IMMEDIATE (transaction.ts) holds the file's write lock from
// the first read, so the row the writer sees stays as it is until the write commits, and two
// processes writing one id go one after the other. The statements are mysql/write-job.ts's; see
// index.ts's syncJobs for why they are not shared.
import type { Kysely } from 'kysely';
import { checkWrite, type CheckedWrite } from '../job-write.js';
import type { JobWriter } from '../types.js';
import { insertAudit } from '../sql/audit.js';
import { jobRow, time, toJob } from './rows.js';
import type { Database } from './schema.js';
import { immediate } from './transaction.js';

export function writeJob<T>(db: Kysely<Database>, id: string, writer: JobWriter<T>): Promise<T> {
  return immediate(db, async (tx) => {
    const row = await tx.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    const stored = row ? toJob(row) : null;
    const { write, result, audit } = writer(stored);
    if (write === null) return result;
    await apply(tx, id, checkWrite(id, stored, write));
    // In the same transaction: a change is never without its audit row, nor the row without the change.
    if (audit) await insertAudit(tx, time, audit);
    return result;
  });
}

async function apply(tx: Kysely<Database>, id: string, write: CheckedWrite): Promise<void> {
  // Removing keeps the job's runs: running ones finish, the history stays.
  if (write.kind === 'remove') {
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
