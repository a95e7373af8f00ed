// Initial schema on SQLite: the tables, columns and keys of ../0001-initial-schema.ts (MySQL), in
// SQLite's types. Times are ISO-8601 UTC text of fixed width ('2025-03-01T12:00:00.000Z'), so
// comparing text compares instants and the sqlite3 shell shows them readably; TEXT compares
// byte for byte (BINARY), as utf8mb4_bin does. A migration runs inside one transaction.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE jobs (
      id                 TEXT    NOT NULL PRIMARY KEY,
      task               TEXT    NOT NULL,
      trigger_type       TEXT    NOT NULL,
      trigger_args       TEXT    NOT NULL, -- JSON
      timezone           TEXT    NOT NULL,
      params             TEXT    NOT NULL, -- JSON
      executor           TEXT    NOT NULL,
      "coalesce"         INTEGER NOT NULL, -- 0/1
      max_instances      INTEGER NOT NULL,
      misfire_grace_time REAL    NULL,     -- seconds; NULL = no limit
      max_attempts       INTEGER NOT NULL,
      retry_delay        REAL    NOT NULL, -- seconds
      timeout            REAL    NULL,     -- seconds; NULL = no limit
      next_run_time      TEXT    NULL,     -- UTC; NULL = paused or finished
      paused             INTEGER NOT NULL DEFAULT 0,
      defined_at         TEXT    NOT NULL, -- when the current trigger was stored
      created_at         TEXT    NOT NULL,
      updated_at         TEXT    NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX jobs_next_run_time ON jobs (next_run_time)`.execute(db);

  // AUTOINCREMENT: a run id is never handed out again after the newest runs are deleted.
  await sql`
    CREATE TABLE runs (
      id           INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
      job_id       TEXT    NOT NULL,
      scheduled_at TEXT    NOT NULL, -- UTC fire time this run belongs to
      attempt      INTEGER NOT NULL, -- 1-based
      status       TEXT    NOT NULL,
      due_at       TEXT    NOT NULL, -- UTC; when the attempt may start
      created_at   TEXT    NOT NULL,
      started_at   TEXT    NULL,
      finished_at  TEXT    NULL,
      duration_ms  INTEGER NULL,
      error        TEXT    NULL,     -- message and stack
      instance_id  TEXT    NULL,
      lease_until  TEXT    NULL
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX runs_job_scheduled_attempt ON runs (job_id, scheduled_at, attempt)`.execute(db);
  await sql`CREATE INDEX runs_status_due ON runs (status, due_at)`.execute(db);
  await sql`CREATE INDEX runs_status_lease ON runs (status, lease_until)`.execute(db);
  await sql`CREATE INDEX runs_job_status ON runs (job_id, status)`.execute(db);
  await sql`CREATE INDEX runs_finished ON runs (finished_at)`.execute(db);

  await sql`
    CREATE TABLE instances (
      id           TEXT    NOT NULL PRIMARY KEY,
      host         TEXT    NOT NULL,
      pid          INTEGER NOT NULL,
      started_at   TEXT    NOT NULL,
      heartbeat_at TEXT    NOT NULL
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS instances`.execute(db);
  await sql`DROP TABLE IF EXISTS runs`.execute(db);
  await sql`DROP TABLE IF EXISTS jobs`.execute(db);
}
