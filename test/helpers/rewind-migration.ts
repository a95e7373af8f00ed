// A database as it was before one migration that added columns to `jobs`: the schema is
// migrated to the end, then that migration's columns and its schema_migrations row are taken
// away, so the next migrate() applies it again over whatever rows the test inserts meanwhile.
import Sqlite from 'better-sqlite3';
import { openStore } from '../../src/store/index.js';
import type { TestDatabase } from './db.js';

async function migrated(url: string): Promise<void> {
  const store = openStore(url);
  await store.migrate();
  await store.close();
}

/** On MySQL: the test database `db` before `migration`. */
export async function rewindMysql(db: TestDatabase, migration: string, columns: readonly string[]): Promise<void> {
  await migrated(db.url);
  for (const column of columns) await db.query(`ALTER TABLE jobs DROP COLUMN ${column}`);
  await db.query('DELETE FROM schema_migrations WHERE name = ?', [migration]);
}

/** On SQLite: the file before `migration`, opened for the test to add its rows (and close). */
export async function rewindSqlite(file: string, migration: string, columns: readonly string[]): Promise<Sqlite.Database> {
  await migrated(`sqlite:${file}`);
  const raw = new Sqlite(file);
  for (const column of columns) raw.exec(`ALTER TABLE jobs DROP COLUMN ${column}`);
  raw.prepare('DELETE FROM schema_migrations WHERE name = ?').run(migration);
  return raw;
}
