// Run history for SQL users: two indexes for the time-window queries of docs/querying-runs.md and
// the `run_stats` view (one row per job that has runs). Each step can run again (an index only
// when missing, the view with OR REPLACE), as a start killed halfway re-runs it. Tested on MariaDB
// 10.11; for MySQL 8.0+ it stays within what its manual documents: conditional counts are
// COUNT(CASE …) (an integer on both, where SUM(cond) is a DECIMAL), and the view's only subquery
// is a correlated scalar one with ORDER BY … LIMIT 1.
import { sql, type Kysely } from 'kysely';
import { createIndexIfMissing, dropIndexIfPresent } from '../src/store/mysql/ddl.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  // "failures in the last day", "succeeded runs of the last week": status + finished_at range.
  await createIndexIfMissing(db, 'runs', 'runs_status_finished', ['status', 'finished_at']);
  // "late starts in the last day": a started_at range.
  await createIndexIfMissing(db, 'runs', 'runs_started', ['started_at']);
  await sql`
    CREATE OR REPLACE VIEW run_stats AS
    SELECT
      r.job_id,
      COUNT(*)                                           AS total,
      COUNT(CASE WHEN r.status = 'queued' THEN 1 END)      AS queued,
      COUNT(CASE WHEN r.status = 'running' THEN 1 END)     AS running,
      COUNT(CASE WHEN r.status = 'succeeded' THEN 1 END)   AS succeeded,
      COUNT(CASE WHEN r.status = 'failed' THEN 1 END)      AS failed,
      COUNT(CASE WHEN r.status = 'missed' THEN 1 END)      AS missed,
      COUNT(CASE WHEN r.status = 'skipped' THEN 1 END)     AS skipped,
      COUNT(CASE WHEN r.status = 'abandoned' THEN 1 END)   AS abandoned,
      COUNT(CASE WHEN r.status = 'interrupted' THEN 1 END) AS interrupted,
      MAX(r.scheduled_at)                                AS last_scheduled_at,
      (SELECT l.status FROM runs l
        WHERE l.job_id = r.job_id
        ORDER BY l.scheduled_at DESC, l.attempt DESC
        LIMIT 1)                                         AS last_status,
      MAX(r.started_at)                                  AS last_started_at,
      MAX(r.finished_at)                                 AS last_finished_at,
      CAST(ROUND(AVG(r.duration_ms)) AS SIGNED)          AS avg_duration_ms,
      MAX(r.duration_ms)                                 AS max_duration_ms
    FROM runs r
    GROUP BY r.job_id`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP VIEW IF EXISTS run_stats`.execute(db);
  await dropIndexIfPresent(db, 'runs', 'runs_started');
  await dropIndexIfPresent(db, 'runs', 'runs_status_finished');
}
