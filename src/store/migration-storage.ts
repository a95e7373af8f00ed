// Where umzug records applied migrations: the `schema_migrations` table, the same on both SQL
// stores but for its DDL and how "now" is written, which the dialect gives.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { UmzugStorage } from 'umzug';

type Db = Kysely<unknown>;

export interface MigrationTable {
  /** `CREATE TABLE IF NOT EXISTS schema_migrations (name …, applied_at …)` in the dialect's types. */
  create: RawBuilder<unknown>;
  /** The value of `applied_at` for a migration applied now. */
  appliedAt: () => unknown;
}

export function tableStorage(db: Db, { create, appliedAt }: MigrationTable): UmzugStorage<Db> {
  return {
    async executed() {
      await create.execute(db);
      const rows = await sql<{ name: string }>`SELECT name FROM schema_migrations ORDER BY name`.execute(db);
      return rows.rows.map((r) => r.name);
    },
    async logMigration({ name }) {
      await sql`INSERT INTO schema_migrations (name, applied_at) VALUES (${name}, ${appliedAt()})`.execute(db);
    },
    async unlogMigration({ name }) {
      await sql`DELETE FROM schema_migrations WHERE name = ${name}`.execute(db);
    },
  };
}
