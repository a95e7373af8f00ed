// JobStore.countRuns on both SQL stores: final runs per status and time bucket since an instant
// (the dashboard's runs-by-status chart). The IN list over every final status makes one range of
// index runs_status_finished (status, finished_at) per status, read without touching the rows.
import { sql } from 'kysely';
import { FINAL_STATUSES, type FinalStatus, type RunCountBucket } from '../types.js';
import type { SqlDialect } from './dialect.js';

export async function countRuns<Time>(d: SqlDialect<Time>, since: Date, bucketMs: number): Promise<RunCountBucket[]> {
  const seconds = Math.max(1, Math.round(bucketMs / 1000));
  // FLOOR of a division by an integer literal: both servers' integer bucket number (SQLite would
  // divide by a bound parameter as by a real).
  const { rows } = await sql<{ bucket: number | null; status: string; n: number }>`
    SELECT FLOOR(${d.epochSeconds('finished_at')} / ${sql.lit(seconds)}) AS bucket, status, COUNT(*) AS n
    FROM runs
    WHERE status IN (${sql.join(FINAL_STATUSES)}) AND finished_at >= ${d.time.write(since)}
    GROUP BY status, bucket`.execute(d.db);
  // A finished_at edited into something that is not a time has no bucket (SQLite): left out.
  return rows.filter((r) => r.bucket !== null).map((r) => ({ status: r.status as FinalStatus, start: new Date(Number(r.bucket) * seconds * 1000), count: Number(r.n) }));
}
