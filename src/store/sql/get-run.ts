// JobStore.getRun on both SQL stores: one run by primary key.
import { sql } from 'kysely';
import type { RunsTableOf } from '../sql-tables.js';
import type { RunRecord } from '../types.js';
import type { SqlDialect } from './dialect.js';

export async function getRun<Time>(d: SqlDialect<Time>, id: number): Promise<RunRecord | null> {
  const { rows } = await sql<Omit<RunsTableOf<Time>, 'id'> & { id: number }>`SELECT * FROM runs WHERE id = ${id}`.execute(d.db);
  return rows[0] ? d.rows.toRun(rows[0]) : null;
}
