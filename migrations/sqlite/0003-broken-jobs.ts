// jobs.broken, as ../0003-broken-jobs.ts does on MySQL: why a stored definition cannot be used
// (NULL = fine), so that one bad row is set aside instead of failing every claim. The migration
// runs inside one transaction (store/sqlite/migrate.ts): a start killed halfway leaves no column.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE jobs ADD COLUMN broken TEXT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE jobs DROP COLUMN broken`.execute(db);
}
