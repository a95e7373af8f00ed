// The migration files of one dialect as umzug migrations: one file per migration, named
// NNNN-what.ts (.js once compiled), applied in name order. Each exports up(db) and may export down(db).
import { readdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Kysely } from 'kysely';
import type { RunnableMigration, UmzugOptions } from 'umzug';
import { getLogger } from '../log/index.js';

type Db = Kysely<unknown>;
interface MigrationModule {
  up(db: Db): Promise<void>;
  down?(db: Db): Promise<void>;
}

/**
 * Imports every migration file of `dir` up front, so that applying them does no file I/O while
 * the migration lock (or SQLite's write lock) is held.
 */
export async function loadMigrations(dir: string): Promise<RunnableMigration<Db>[]> {
  const files = readdirSync(dir).filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts')).sort();
  return Promise.all(
    files.map(async (file) => {
      const path = join(dir, file);
      const module = (await import(pathToFileURL(path).href)) as MigrationModule;
      return {
        name: basename(file, extname(file)),
        path,
        up: ({ context }) => module.up(context),
        down: async ({ context }) => module.down?.(context),
      };
    }),
  );
}

/** umzug's progress lines, through the scheduler's logger. */
export function migrationLogger(): NonNullable<UmzugOptions<Db>['logger']> {
  const log = getLogger('migrations');
  return { info: (m) => log.info(m), warn: (m) => log.warn(m), error: (m) => log.error(m), debug: (m) => log.debug(m) };
}
