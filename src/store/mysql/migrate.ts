// Applies migrations/ with umzug under a MySQL named lock, so that when several instances start
// at once exactly one applies them and the others wait, then find nothing left to do.
import { readdirSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { Umzug, type RunnableMigration, type UmzugStorage } from 'umzug';
import { getLogger } from '../../log/index.js';

const LOCK_NAME = 'scheduler.migrations';
const LOCK_WAIT_SECONDS = 120;
// src/store/mysql → <root>/migrations; dist/src/store/mysql → dist/migrations.
const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'migrations');

type Db = Kysely<unknown>;
interface MigrationModule {
  up(db: Db): Promise<void>;
  down?(db: Db): Promise<void>;
}

export async function migrate(db: Db): Promise<string[]> {
  return db.connection().execute(async (conn) => {
    const locked = await sql<{ ok: number | null }>`SELECT GET_LOCK(${LOCK_NAME}, ${LOCK_WAIT_SECONDS}) AS ok`.execute(conn);
    if (locked.rows[0]?.ok !== 1) throw new Error(`could not take the migration lock within ${LOCK_WAIT_SECONDS}s`);
    try {
      const applied = await umzug(conn).up();
      return applied.map((m) => m.name);
    } finally {
      await sql`SELECT RELEASE_LOCK(${LOCK_NAME})`.execute(conn);
    }
  });
}

function umzug(db: Db): Umzug<Db> {
  const log = getLogger('migrations');
  return new Umzug<Db>({
    context: db,
    migrations: listMigrations(),
    storage: tableStorage(db),
    logger: { info: (m) => log.info(m), warn: (m) => log.warn(m), error: (m) => log.error(m), debug: (m) => log.debug(m) },
  });
}

// One file per migration; in a compiled deployment they are .js, in development .ts.
function listMigrations(): RunnableMigration<Db>[] {
  const files = readdirSync(MIGRATIONS_DIR).filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts')).sort();
  return files.map((file) => {
    const path = join(MIGRATIONS_DIR, file);
    const load = () => import(pathToFileURL(path).href) as Promise<MigrationModule>;
    return {
      name: basename(file, extname(file)),
      path,
      up: async ({ context }) => (await load()).up(context),
      down: async ({ context }) => (await load()).down?.(context),
    };
  });
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
