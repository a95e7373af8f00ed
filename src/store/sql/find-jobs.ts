// JobStore.findJobs on both SQL stores: a page of the job list, in the order JobApi.getJobs lists
// (next run time, then id; paused and finished jobs, which show none, last, by id), resumed after
// a cursor. Read in two parts so that each follows an index and stops at the page's end instead
// of sorting every job (an ORDER BY over a CASE sorted 10,000 jobs in 120 ms on MariaDB):
// 1. jobs with a next run time and not paused, by jobs_next_run_time (next_run_time, +id);
// 2. if the page is not full, the paused and finished ones, by the primary key.
// A paused row may keep the next run time it would resume from; the list shows it none.
import { sql } from 'kysely';
import type { JobsTableOf } from '../sql-tables.js';
import type { JobCursor, JobQuery, JobRecord, JobState } from '../types.js';
import type { SqlDialect } from './dialect.js';
import { contains, where, type Condition } from './where.js';

const STATES: Record<JobState, Condition> = {
  broken: sql`broken IS NOT NULL`,
  paused: sql`broken IS NULL AND paused = 1`,
  finished: sql`broken IS NULL AND paused = 0 AND next_run_time IS NULL`,
  scheduled: sql`broken IS NULL AND paused = 0 AND next_run_time IS NOT NULL`,
};

export async function findJobs<Time>(d: SqlDialect<Time>, query: JobQuery): Promise<JobRecord[]> {
  const filters = conditions(query);
  const page: JobsTableOf<Time>[] = [];
  const { after } = query;
  if (after === undefined || after.nextRunTime !== null) page.push(...(await withNext(d, filters, query, after)));
  if (page.length < query.limit && query.dueBefore === undefined) {
    const afterId = after?.nextRunTime === null ? after.id : undefined;
    page.push(...(await withoutNext(d, filters, afterId, query.limit - page.length)));
  }
  return page.map((row) => d.rows.toJob(row));
}

function conditions(query: JobQuery): Condition[] {
  const filters: Condition[] = [];
  if (query.state !== undefined) filters.push(STATES[query.state]);
  if (query.task !== undefined) filters.push(sql`task = ${query.task}`);
  if (query.source !== undefined) filters.push(sql`source = ${query.source}`);
  if (query.text) filters.push(sql`(${sql.join(['id', 'task', 'params'].map((c) => contains(c, query.text!)), sql` OR `)})`);
  return filters;
}

async function withNext<Time>(d: SqlDialect<Time>, filters: Condition[], query: JobQuery, after: JobCursor | undefined): Promise<JobsTableOf<Time>[]> {
  const own: Condition[] = [sql`paused = 0`, sql`next_run_time IS NOT NULL`];
  if (query.dueBefore !== undefined) own.push(sql`next_run_time < ${d.time.write(query.dueBefore)}`);
  if (after?.nextRunTime) {
    const t = d.time.write(after.nextRunTime);
    // The first column bounded on its own too, so the index range starts at the cursor.
    own.push(sql`next_run_time >= ${t} AND (next_run_time > ${t} OR id > ${after.id})`);
  }
  const { rows } = await sql<JobsTableOf<Time>>`
    SELECT * FROM jobs ${where([...own, ...filters])}
    ORDER BY next_run_time, id
    LIMIT ${query.limit}`.execute(d.db);
  return rows;
}

async function withoutNext<Time>(d: SqlDialect<Time>, filters: Condition[], afterId: string | undefined, limit: number): Promise<JobsTableOf<Time>[]> {
  const own: Condition[] = [sql`(paused = 1 OR next_run_time IS NULL)`];
  if (afterId !== undefined) own.push(sql`id > ${afterId}`);
  const { rows } = await sql<JobsTableOf<Time>>`
    SELECT * FROM jobs ${where([...own, ...filters])}
    ORDER BY id
    LIMIT ${limit}`.execute(d.db);
  return rows;
}
