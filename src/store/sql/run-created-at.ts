// JobStore.runCreatedAt on both SQL stores: when a run's row was written, by primary key.
import { sql } from 'kysely';
import type { SqlDialect } from './dialect.js';

export async function runCreatedAt<Time>(d: SqlDialect<Time>, id: number): Promise<Date | null> {
  const { rows } = await sql<{ created_at: Time }>`SELECT created_at FROM runs WHERE id = ${id}`.execute(d.db);
  return rows[0] ? d.time.read(rows[0].created_at) : null;
}
