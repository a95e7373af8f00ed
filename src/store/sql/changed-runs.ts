// JobStore.changedRuns on both SQL stores: what changed in `runs` since a poller's last look (the
// dashboard's live feed): new rows above the cursor, and rows started or finished lately. Both
// servers answer the OR by merging three index ranges (the primary key, runs_started,
// runs_finished), so a poll costs the changes, not the table.
import { sql } from 'kysely';
import type { RunsTableOf } from '../sql-tables.js';
import type { RunRecord } from '../types.js';
import type { SqlDialect } from './dialect.js';

export async function changedRuns<Time>(d: SqlDialect<Time>, afterId: number, since: Date, limit: number): Promise<RunRecord[]> {
  const at = d.time.write(since);
  const { rows } = await sql<Omit<RunsTableOf<Time>, 'id'> & { id: number }>`
    SELECT * FROM runs WHERE id > ${afterId} OR started_at >= ${at} OR finished_at >= ${at}
    ORDER BY id LIMIT ${limit}`.execute(d.db);
  return rows.map((row) => d.rows.toRun(row));
}
