// Retry backoff, as ../0004-retry-backoff.ts does on MySQL: three columns of `jobs`, existing rows
// getting today's behaviour (fixed, no cap, no jitter). The migration runs inside one transaction
// (store/sqlite/migrate.ts), so a start killed halfway leaves none of the columns behind.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE jobs ADD COLUMN retry_backoff TEXT NOT NULL DEFAULT 'fixed'`.execute(db); // fixed or exponential
  await sql`ALTER TABLE jobs ADD COLUMN retry_delay_max REAL NULL`.execute(db); // seconds; NULL = no cap
  await sql`ALTER TABLE jobs ADD COLUMN retry_jitter REAL NOT NULL DEFAULT 0`.execute(db); // fraction taken off at random
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of ['retry_jitter', 'retry_delay_max', 'retry_backoff']) await sql`ALTER TABLE jobs DROP COLUMN ${sql.id(column)}`.execute(db);
}
