// Applies migrations/ with umzug under a MySQL named lock, so that when several instances start
// at once exactly one applies them and the others wait, then find nothing left to do.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { Umzug, type RunnableMigration } from 'umzug';
import { loadMigrations, migrationLogger } from '../migration-files.js';
import { tableStorage, type MigrationTable } from '../migration-storage.js';
import { withNamedLock } from './named-lock.js';

const LOCK_NAME = 'scheduler.migrations';
const LOCK_WAIT_SECONDS = 120;
// src/store/mysql → <root>/migrations; dist/src/store/mysql → dist/migrations.
const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'migrations');

type Db = Kysely<unknown>;

/** Applies the pending migrations, one at a time so that `signal` can stop it between two. */
export async function migrate(db: Db, signal?: AbortSignal): Promise<string[]> {
  const migrations = await loadMigrations(MIGRATIONS_DIR);
  return db.connection().execute((conn) =>
    withNamedLock(conn, LOCK_NAME, LOCK_WAIT_SECONDS, async () => {
      const migrator = umzug(conn, migrations);
      const applied: string[] = [];
      for (;;) {
        signal?.throwIfAborted();
        const [next] = await migrator.up({ step: 1 });
        if (!next) return applied;
        applied.push(next.name);
      }
    }, signal),
  );
}

function umzug(db: Db, migrations: RunnableMigration<Db>[]): Umzug<Db> {
  return new Umzug<Db>({ context: db, migrations, storage: tableStorage(db, MIGRATION_TABLE), logger: migrationLogger() });
}

const MIGRATION_TABLE: MigrationTable = {
  create: sql`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      name VARCHAR(191) NOT NULL PRIMARY KEY,
      applied_at DATETIME(6) NOT NULL
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
  appliedAt: () => sql`UTC_TIMESTAMP(6)`,
};
