// Run history for SQL users, as ../0002-run-history.ts does on MySQL: two indexes for the
// time-window queries of docs/querying-runs.md and the `run_stats` view (one row per job that
// has runs), with the same columns. Its time columns are the runs' ISO-8601 text.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX runs_status_finished ON runs (status, finished_at)`.execute(db);
  await sql`CREATE INDEX runs_started ON runs (started_at)`.execute(db);
  await sql`
    CREATE VIEW run_stats AS
    SELECT
      r.job_id,
      COUNT(*)                                             AS total,
      COUNT(CASE WHEN r.status = 'queued' THEN 1 END)      AS queued,
      COUNT(CASE WHEN r.status = 'running' THEN 1 END)     AS running,
      COUNT(CASE WHEN r.status = 'succeeded' THEN 1 END)   AS succeeded,
      COUNT(CASE WHEN r.status = 'failed' THEN 1 END)      AS failed,
      COUNT(CASE WHEN r.status = 'missed' THEN 1 END)      AS missed,
      COUNT(CASE WHEN r.status = 'skipped' THEN 1 END)     AS skipped,
      COUNT(CASE WHEN r.status = 'abandoned' THEN 1 END)   AS abandoned,
      COUNT(CASE WHEN r.status = 'interrupted' THEN 1 END) AS interrupted,
      MAX(r.scheduled_at)                                  AS last_scheduled_at,
      (SELECT l.status FROM runs l
        WHERE l.job_id = r.job_id
        ORDER BY l.scheduled_at DESC, l.attempt DESC
        LIMIT 1)                                           AS last_status,
      MAX(r.started_at)                                    AS last_started_at,
      MAX(r.finished_at)                                   AS last_finished_at,
      CAST(ROUND(AVG(r.duration_ms)) AS INTEGER)           AS avg_duration_ms,
      MAX(r.duration_ms)                                   AS max_duration_ms
    FROM runs r
    GROUP BY r.job_id`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP VIEW IF EXISTS run_stats`.execute(db);
  await sql`DROP INDEX IF EXISTS runs_started`.execute(db);
  await sql`DROP INDEX IF EXISTS runs_status_finished`.execute(db);
}
