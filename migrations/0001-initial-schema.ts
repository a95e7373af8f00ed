// Initial schema: jobs, runs, instances. Times are UTC DATETIME(6); ids are utf8mb4_bin so job
// names compare exactly. Each statement can run again (IF NOT EXISTS): DDL commits statement by
// statement, so a start killed halfway re-runs the migration over what it left (src/store/mysql/ddl.ts).
// Tested on MariaDB 10.11; that MySQL 8.0+ accepts the same syntax is read from its manual.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE IF NOT EXISTS jobs (
      id                 VARCHAR(191) NOT NULL,
      task               VARCHAR(191) NOT NULL,
      trigger_type       VARCHAR(16)  NOT NULL,
      trigger_args       TEXT         NOT NULL COMMENT 'JSON',
      timezone           VARCHAR(64)  NOT NULL,
      params             TEXT         NOT NULL COMMENT 'JSON',
      executor           VARCHAR(16)  NOT NULL,
      \`coalesce\`       TINYINT(1)   NOT NULL,
      max_instances      INT          NOT NULL,
      misfire_grace_time DOUBLE       NULL COMMENT 'seconds; NULL = no limit',
      max_attempts       INT          NOT NULL,
      retry_delay        DOUBLE       NOT NULL COMMENT 'seconds',
      timeout            DOUBLE       NULL COMMENT 'seconds; NULL = no limit',
      next_run_time      DATETIME(6)  NULL COMMENT 'UTC; NULL = paused or finished',
      paused             TINYINT(1)   NOT NULL DEFAULT 0,
      defined_at         DATETIME(6)  NOT NULL COMMENT 'when the current trigger was stored',
      created_at         DATETIME(6)  NOT NULL,
      updated_at         DATETIME(6)  NOT NULL,
      PRIMARY KEY (id),
      KEY jobs_next_run_time (next_run_time)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`.execute(db);

  await sql`
    CREATE TABLE IF NOT EXISTS runs (
      id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
      job_id       VARCHAR(191) NOT NULL,
      scheduled_at DATETIME(6)  NOT NULL COMMENT 'UTC fire time this run belongs to',
      attempt      INT          NOT NULL COMMENT '1-based',
      status       VARCHAR(16)  NOT NULL,
      due_at       DATETIME(6)  NOT NULL COMMENT 'UTC; when the attempt may start',
      created_at   DATETIME(6)  NOT NULL,
      started_at   DATETIME(6)  NULL,
      finished_at  DATETIME(6)  NULL,
      duration_ms  BIGINT       NULL,
      error        TEXT         NULL COMMENT 'message and stack',
      instance_id  VARCHAR(64)  NULL,
      lease_until  DATETIME(6)  NULL,
      PRIMARY KEY (id),
      UNIQUE KEY runs_job_scheduled_attempt (job_id, scheduled_at, attempt),
      KEY runs_status_due (status, due_at),
      KEY runs_status_lease (status, lease_until),
      KEY runs_job_status (job_id, status),
      KEY runs_finished (finished_at)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`.execute(db);

  await sql`
    CREATE TABLE IF NOT EXISTS instances (
      id           VARCHAR(64)  NOT NULL,
      host         VARCHAR(255) NOT NULL,
      pid          INT          NOT NULL,
      started_at   DATETIME(6)  NOT NULL,
      heartbeat_at DATETIME(6)  NOT NULL,
      PRIMARY KEY (id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS instances`.execute(db);
  await sql`DROP TABLE IF EXISTS runs`.execute(db);
  await sql`DROP TABLE IF EXISTS jobs`.execute(db);
}
