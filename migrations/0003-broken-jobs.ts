// jobs.broken: why a stored definition cannot be used (NULL = fine), so that one bad row is set
// aside instead of failing every claim. The step can run again (the column is added only when
// information_schema lacks it), as a start killed halfway re-runs it. Tested on MariaDB 10.11;
// for MySQL 8.0+ it is a plain ADD COLUMN of a nullable TEXT.
import { sql, type Kysely } from 'kysely';
import { addColumnIfMissing, dropColumnIfPresent } from '../src/store/mysql/ddl.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await addColumnIfMissing(db, 'jobs', 'broken', sql`TEXT NULL COMMENT 'why the definition cannot be used; NULL = fine' AFTER defined_at`);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropColumnIfPresent(db, 'jobs', 'broken');
}
