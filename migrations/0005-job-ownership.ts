// Job ownership (issue 11): who manages a row of `jobs` and how often it changed. `source` is
// 'config' (the start-up sync manages the row) or 'api' (the job API wrote it, the sync leaves it
// alone); `origin` says which config file or which caller; `version` grows with every change, so
// a writer can refuse a lost update. Every row existing before this migration came from the
// config: the defaults make it a config row at version 1 (origin '' = the file is not known; the
// next sync writes it only if it changes the row). Each column is added only when missing
// (src/store/mysql/ddl.ts), as a start killed halfway re-runs the migration.
import { sql, type Kysely } from 'kysely';
import { addColumnIfMissing, dropColumnIfPresent } from '../src/store/mysql/ddl.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await addColumnIfMissing(db, 'jobs', 'source', sql`VARCHAR(8) NOT NULL DEFAULT 'config' COMMENT 'config or api' AFTER broken`);
  await addColumnIfMissing(db, 'jobs', 'origin', sql`VARCHAR(191) NOT NULL DEFAULT '' COMMENT 'the config file, or who wrote it through the API' AFTER source`);
  await addColumnIfMissing(db, 'jobs', 'version', sql`BIGINT NOT NULL DEFAULT 1 COMMENT 'grows with every change' AFTER origin`);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of ['version', 'origin', 'source']) await dropColumnIfPresent(db, 'jobs', column);
}
