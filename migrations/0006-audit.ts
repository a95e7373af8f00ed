// The HTTP API's tables and indexes (issue 12): `audit`, one row per change made through the job API (who by
// token name, what, the job before and after as JSON), and `idempotency_keys`, so that a run
// request repeated with the same Idempotency-Key queues one run whichever instance answers it.
// MEDIUMTEXT: a job's view holds params and trigger args of up to 64 KiB each. runs_scheduled
// serves the API's run history (store/sql/find-runs.ts: latest fire time first, and fire-time
// ranges; one job's history has runs_job_scheduled_attempt). Each step can run again (IF NOT
// EXISTS, or the index only when missing), as a start killed halfway re-runs the migration.
import { sql, type Kysely } from 'kysely';
import { createIndexIfMissing, dropIndexIfPresent } from '../src/store/mysql/ddl.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE IF NOT EXISTS audit (
      id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
      at           DATETIME(6)  NOT NULL COMMENT 'UTC',
      actor        VARCHAR(191) NOT NULL COMMENT 'token name, cli or library',
      action       VARCHAR(16)  NOT NULL,
      job_id       VARCHAR(191) NOT NULL,
      run_id       BIGINT UNSIGNED NULL COMMENT 'the run queued by run and retry',
      before_state MEDIUMTEXT   NULL COMMENT 'JSON: the job before',
      after_state  MEDIUMTEXT   NULL COMMENT 'JSON: the job (or run) after',
      PRIMARY KEY (id),
      KEY audit_job (job_id, id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`.execute(db);

  await sql`
    CREATE TABLE IF NOT EXISTS idempotency_keys (
      actor      VARCHAR(191) NOT NULL,
      idem_key   VARCHAR(191) NOT NULL,
      job_id     VARCHAR(191) NOT NULL,
      run_id     BIGINT UNSIGNED NULL COMMENT 'NULL while the request that took the key queues its run',
      created_at DATETIME(6)  NOT NULL COMMENT 'UTC',
      PRIMARY KEY (actor, idem_key),
      KEY idempotency_created (created_at)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`.execute(db);

  await createIndexIfMissing(db, 'runs', 'runs_scheduled', ['scheduled_at', 'attempt']);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropIndexIfPresent(db, 'runs', 'runs_scheduled');
  await sql`DROP TABLE IF EXISTS idempotency_keys`.execute(db);
  await sql`DROP TABLE IF EXISTS audit`.execute(db);
}
