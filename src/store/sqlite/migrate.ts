// Applies migrations/sqlite/ with umzug, all pending ones in one BEGIN IMMEDIATE transaction:
// SQLite's DDL is transactional, so a start-up killed mid-migration leaves the schema as it
// was, and instances starting together take turns, the later ones finding nothing left to do.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { Umzug } from 'umzug';
import { loadMigrations, migrationLogger } from '../migration-files.js';
import { tableStorage, type MigrationTable } from '../migration-storage.js';
import { immediate } from './transaction.js';

// src/store/sqlite → <root>/migrations/sqlite; dist/src/store/sqlite → dist/migrations/sqlite.
const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'migrations', 'sqlite');

type Db = Kysely<unknown>;

export async function migrate(db: Db): Promise<string[]> {
  const migrations = await loadMigrations(MIGRATIONS_DIR);
  return immediate(db, async (tx) => {
    const umzug = new Umzug<Db>({ context: tx, migrations, storage: tableStorage(tx, MIGRATION_TABLE), logger: migrationLogger() });
    return (await umzug.up()).map((m) => m.name);
  });
}

const MIGRATION_TABLE: MigrationTable = {
  create: sql`CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL)`,
  appliedAt: () => new Date().toISOString(),
};
