// The HTTP API's tables, as ../0006-audit.ts does on MySQL: `audit` (every change made through the
// job API, the job before and after as JSON text) and `idempotency_keys` (one run per
// Idempotency-Key), and the run index of the API's run history. One transaction
// (store/sqlite/migrate.ts).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE audit (
      id           INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
      at           TEXT    NOT NULL, -- UTC
      actor        TEXT    NOT NULL, -- token name, cli or library
      action       TEXT    NOT NULL,
      job_id       TEXT    NOT NULL,
      run_id       INTEGER NULL,     -- the run queued by run and retry
      before_state TEXT    NULL,     -- JSON: the job before
      after_state  TEXT    NULL      -- JSON: the job (or run) after
    )`.execute(db);
  await sql`CREATE INDEX audit_job ON audit (job_id, id)`.execute(db);
  await sql`
    CREATE TABLE idempotency_keys (
      actor      TEXT    NOT NULL,
      idem_key   TEXT    NOT NULL,
      job_id     TEXT    NOT NULL,
      run_id     INTEGER NULL,     -- NULL while the request that took the key queues its run
      created_at TEXT    NOT NULL, -- UTC
      PRIMARY KEY (actor, idem_key)
    )`.execute(db);
  await sql`CREATE INDEX idempotency_created ON idempotency_keys (created_at)`.execute(db);
  await sql`CREATE INDEX runs_scheduled ON runs (scheduled_at, attempt)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS runs_scheduled`.execute(db);
  await sql`DROP TABLE IF EXISTS idempotency_keys`.execute(db);
  await sql`DROP TABLE IF EXISTS audit`.execute(db);
}
