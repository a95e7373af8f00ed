// JobStore.backlog on both SQL stores: what waits, for the dashboard's overview. Three counts,
// each one range of an index (runs_status_due twice, jobs_next_run_time).
import { sql, type RawBuilder } from 'kysely';
import type { Backlog } from '../types.js';
import type { SqlDialect } from './dialect.js';

export async function backlog<Time>(d: SqlDialect<Time>, now: Date, overdueBefore: Date): Promise<Backlog> {
  const count = async (query: RawBuilder<{ n: number }>): Promise<number> => Number((await query.execute(d.db)).rows[0]?.n ?? 0);
  return {
    dueRuns: await count(sql`SELECT COUNT(*) AS n FROM runs WHERE status = 'queued' AND due_at <= ${d.time.write(now)}`),
    running: await count(sql`SELECT COUNT(*) AS n FROM runs WHERE status = 'running'`),
    overdueJobs: await count(sql`SELECT COUNT(*) AS n FROM jobs WHERE next_run_time < ${d.time.write(overdueBefore)} AND paused = 0 AND broken IS NULL`),
  };
}
