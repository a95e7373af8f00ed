// Retry backoff (scheduler/retry-delay.ts): three columns of `jobs`. Existing rows get the
// defaults that keep today's behaviour: a fixed retry_delay, no cap, no jitter. Each column is
// added only when missing (src/store/mysql/ddl.ts), as a start killed halfway re-runs the migration.
import { sql, type Kysely } from 'kysely';
import { addColumnIfMissing, dropColumnIfPresent } from '../src/store/mysql/ddl.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await addColumnIfMissing(db, 'jobs', 'retry_backoff', sql`VARCHAR(16) NOT NULL DEFAULT 'fixed' COMMENT 'fixed or exponential' AFTER retry_delay`);
  await addColumnIfMissing(db, 'jobs', 'retry_delay_max', sql`DOUBLE NULL COMMENT 'seconds; NULL = no cap' AFTER retry_backoff`);
  await addColumnIfMissing(db, 'jobs', 'retry_jitter', sql`DOUBLE NOT NULL DEFAULT 0 COMMENT 'fraction of the delay taken off at random' AFTER retry_delay_max`);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of ['retry_jitter', 'retry_delay_max', 'retry_backoff']) await dropColumnIfPresent(db, 'jobs', column);
}
