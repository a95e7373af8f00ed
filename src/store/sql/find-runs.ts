// JobStore.findRuns on both SQL stores: a page of run history, latest fire time first (then the
// last attempt first), resumed after a keyset cursor, never OFFSET: a page deep in a million runs
// costs what the first does. Plans, read with EXPLAIN on MariaDB 10.11 over 1,000,000 runs:
// - no job: runs_scheduled (scheduled_at, attempt, +id) backwards, also for a fire-time range;
//   a rare status instead by runs_status_due and a sort of its few rows;
// - one job: runs_job_scheduled_attempt backwards. Its ORDER BY leaves out id, which that unique
//   key makes redundant, or MariaDB would sort every run of the job.
// The cursor's first column is also bounded on its own (scheduled_at <= …): MariaDB uses a row
// comparison `(a, b, c) < (…)` as no range at all. One case stays slow: a page deep in the
// history of one very busy job (a few hundred ms at 250,000 runs of one job), which MariaDB reads
// by ref from the job's latest run.
import { sql } from 'kysely';
import type { RunCursor, RunQuery, RunRecord } from '../types.js';
import type { RunsTableOf } from '../sql-tables.js';
import type { SqlDialect } from './dialect.js';
import { where, type Condition } from './where.js';

export async function findRuns<Time>(d: SqlDialect<Time>, query: RunQuery): Promise<RunRecord[]> {
  const conditions: Condition[] = [];
  if (query.jobId !== undefined) conditions.push(sql`job_id = ${query.jobId}`);
  if (query.status !== undefined) conditions.push(sql`status = ${query.status}`);
  if (query.since !== undefined) conditions.push(sql`scheduled_at >= ${d.time.write(query.since)}`);
  if (query.until !== undefined) conditions.push(sql`scheduled_at < ${d.time.write(query.until)}`);
  if (query.after !== undefined) conditions.push(after(d, query.after));
  const order = query.jobId === undefined ? sql`scheduled_at DESC, attempt DESC, id DESC` : sql`scheduled_at DESC, attempt DESC`;
  const { rows } = await sql<Omit<RunsTableOf<Time>, 'id'> & { id: number }>`
    SELECT * FROM runs ${where(conditions)}
    ORDER BY ${order}
    LIMIT ${query.limit}`.execute(d.db);
  return rows.map((row) => d.rows.toRun(row));
}

function after<Time>(d: SqlDialect<Time>, cursor: RunCursor): Condition {
  const s = d.time.write(cursor.scheduledAt);
  return sql`scheduled_at <= ${s} AND (scheduled_at < ${s} OR (scheduled_at = ${s} AND (attempt < ${cursor.attempt} OR (attempt = ${cursor.attempt} AND id < ${cursor.id}))))`;
}
