// What changed in `runs` since a poller's last look: new rows (id above the cursor) and rows that
// started or finished lately. MariaDB and MySQL answer the OR with an index merge over the
// primary key, runs_started and runs_finished, so a poll costs the changes, not the table.
import type { Kysely } from 'kysely';
import type { RunRecord } from '../types.js';
import { toRun } from './rows.js';
import type { Database } from './schema.js';

export async function changedRuns(db: Kysely<Database>, afterId: number, since: Date, limit: number): Promise<RunRecord[]> {
  const rows = await db
    .selectFrom('runs')
    .selectAll()
    .where((eb) => eb.or([eb('id', '>', afterId), eb('started_at', '>=', since), eb('finished_at', '>=', since)]))
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toRun);
}
