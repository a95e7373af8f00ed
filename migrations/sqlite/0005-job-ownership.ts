// Job ownership, as ../0005-job-ownership.ts does on MySQL: `source` ('config' or 'api'),
// `origin` (the config file, or who wrote the row through the job API) and `version` (grows with
// every change). Existing rows came from the config: config rows at version 1. The migration runs
// inside one transaction (store/sqlite/migrate.ts), so a start killed halfway leaves no column.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE jobs ADD COLUMN source TEXT NOT NULL DEFAULT 'config'`.execute(db); // config or api
  await sql`ALTER TABLE jobs ADD COLUMN origin TEXT NOT NULL DEFAULT ''`.execute(db); // config file, or API caller
  await sql`ALTER TABLE jobs ADD COLUMN version INTEGER NOT NULL DEFAULT 1`.execute(db); // grows with every change
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of ['version', 'origin', 'source']) await sql`ALTER TABLE jobs DROP COLUMN ${sql.id(column)}`.execute(db);
}
