// JobStore.runsByKey on both SQL stores: runs read back by their unique (job_id, scheduled_at,
// attempt) key. A multi-row INSERT on MySQL reports only its first auto-increment id, and the
// others are not guaranteed consecutive (innodb_autoinc_lock_mode = 2, auto_increment_increment),
// so inserted runs that must be named by id (retries, and claimed runs a run-event listener asks
// for) are read once more. Plan on MariaDB: an OR of equalities on every column of the unique key
// is a range of point lookups on runs_job_scheduled_attempt (EXPLAIN: type range, rows = keys).
import { sql } from 'kysely';
import { chunks } from '../chunks.js';
import { inKeyOrder } from '../run-keys.js';
import type { RunsTableOf } from '../sql-tables.js';
import type { RunKey, RunRecord } from '../types.js';
import type { SqlDialect } from './dialect.js';

// Three bound values per key: far below MySQL's 65,535 and SQLite's 32,766 per statement, and a
// claim batch (batch_size, default 100) or a batch of retries fits in one read.
const KEYS_PER_READ = 500;

/** The runs with these keys, in the order of `keys`; `d.db` may be a transaction (retries read in the one that inserted them). */
export async function runsByKey<Time>(d: Pick<SqlDialect<Time>, 'db' | 'time' | 'rows'>, keys: readonly RunKey[]): Promise<RunRecord[]> {
  const found: RunRecord[] = [];
  for (const part of chunks([...keys], KEYS_PER_READ)) {
    const match = part.map((k) => sql`(job_id = ${k.jobId} AND scheduled_at = ${d.time.write(k.scheduledAt)} AND attempt = ${k.attempt})`);
    const { rows } = await sql<Omit<RunsTableOf<Time>, 'id'> & { id: number }>`SELECT * FROM runs WHERE ${sql.join(match, sql` OR `)}`.execute(d.db);
    found.push(...rows.map((row) => d.rows.toRun(row)));
  }
  return inKeyOrder(found, keys);
}
