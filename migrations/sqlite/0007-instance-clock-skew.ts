// instances.clock_skew_ms, as ../0007-instance-clock-skew.ts does on MySQL: each instance's last
// measured clock skew against the database (here the same machine's clock, so about 0).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE instances ADD COLUMN clock_skew_ms REAL NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE instances DROP COLUMN clock_skew_ms`.execute(db);
}
