// Applies migrations/ with umzug under a MySQL named lock, so that when several instances start
// at once exactly one applies them and the others wait, then find nothing left to do.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { Umzug, type RunnableMigration, type UmzugStorage } from 'umzug';
import { loadMigrations, migrationLogger } from '../migration-files.js';

const LOCK_NAME = 'scheduler.migrations';
const LOCK_WAIT_SECONDS = 120;
// src/store/mysql → <root>/migrations; dist/src/store/mysql → dist/migrations.
const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'migrations');

type Db = Kysely<unknown>;

export async function migrate(db: Db): Promise<string[]> {
  const migrations = await loadMigrations(MIGRATIONS_DIR);
  return db.connection().execute(async (conn) => {
    const locked = await sql<{ ok: number | null }>`SELECT GET_LOCK(${LOCK_NAME}, ${LOCK_WAIT_SECONDS}) AS ok`.execute(conn);
    if (locked.rows[0]?.ok !== 1) throw new Error(`could not take the migration lock within ${LOCK_WAIT_SECONDS}s`);
    try {
      const applied = await umzug(conn, migrations).up();
      return applied.map((m) => m.name);
    } finally {
      await sql`SELECT RELEASE_LOCK(${LOCK_NAME})`.execute(conn);
    }
  });
}

function umzug(db: Db, migrations: RunnableMigration<Db>[]): Umzug<Db> {
  return new Umzug<Db>({ context: db, migrations, storage: tableStorage(db), logger: migrationLogger() });
}

function tableStorage(db: Db): UmzugStorage<Db> {
  const ensure = () => sql`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      name VARCHAR(191) NOT NULL PRIMARY KEY,
      applied_at DATETIME(6) NOT NULL
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`.execute(db);
  return {
    async executed() {
      await ensure();
      const rows = await sql<{ name: string }>`SELECT name FROM schema_migrations ORDER BY name`.execute(db);
      return rows.rows.map((r) => r.name);
    },
    async logMigration({ name }) {
      await sql`INSERT INTO schema_migrations (name, applied_at) VALUES (${name}, UTC_TIMESTAMP(6))`.execute(db);
    },
    async unlogMigration({ name }) {
      await sql`DELETE FROM schema_migrations WHERE name = ${name}`.execute(db);
    },
  };
}
