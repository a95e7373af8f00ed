// Schema steps that can run again. MySQL DDL is not transactional (each statement commits on its
// own), so a migration killed halfway leaves part of it applied, and the next start runs the whole
// migration again: every step must then find its work done and do nothing. Tables and views have
// IF NOT EXISTS / OR REPLACE on both servers; indexes and columns do not on MySQL 8 (MariaDB's
// CREATE INDEX IF NOT EXISTS is not MySQL syntax), so those steps ask information_schema first.
import { sql, type Kysely } from 'kysely';

type Db = Kysely<unknown>;

/** `CREATE [UNIQUE] INDEX index ON table (columns)` unless the table already has that index. */
export async function createIndexIfMissing(db: Db, table: string, index: string, columns: string[], options: { unique?: boolean } = {}): Promise<void> {
  if (await hasIndex(db, table, index)) return;
  const unique = options.unique ? sql`UNIQUE ` : sql``;
  await sql`CREATE ${unique}INDEX ${sql.id(index)} ON ${sql.table(table)} (${sql.join(columns.map((c) => sql.id(c)))})`.execute(db);
}

/** `DROP INDEX index ON table` if the table has it (for `down`). */
export async function dropIndexIfPresent(db: Db, table: string, index: string): Promise<void> {
  if (!(await hasIndex(db, table, index))) return;
  await sql`DROP INDEX ${sql.id(index)} ON ${sql.table(table)}`.execute(db);
}

/** `ALTER TABLE table ADD COLUMN column definition` unless the table already has that column. */
export async function addColumnIfMissing(db: Db, table: string, column: string, definition: ReturnType<typeof sql>): Promise<void> {
  if (await hasColumn(db, table, column)) return;
  await sql`ALTER TABLE ${sql.table(table)} ADD COLUMN ${sql.id(column)} ${definition}`.execute(db);
}

/** `ALTER TABLE table DROP COLUMN column` if the table has it (for `down`). */
export async function dropColumnIfPresent(db: Db, table: string, column: string): Promise<void> {
  if (!(await hasColumn(db, table, column))) return;
  await sql`ALTER TABLE ${sql.table(table)} DROP COLUMN ${sql.id(column)}`.execute(db);
}

async function hasColumn(db: Db, table: string, column: string): Promise<boolean> {
  const found = await sql<{ n: number }>`
    SELECT COUNT(*) AS n FROM information_schema.COLUMNS
    WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ${table} AND COLUMN_NAME = ${column}`.execute(db);
  return Number(found.rows[0]?.n) > 0;
}

async function hasIndex(db: Db, table: string, index: string): Promise<boolean> {
  const found = await sql<{ n: number }>`
    SELECT COUNT(*) AS n FROM information_schema.STATISTICS
    WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ${table} AND INDEX_NAME = ${index}`.execute(db);
  return Number(found.rows[0]?.n) > 0;
}
