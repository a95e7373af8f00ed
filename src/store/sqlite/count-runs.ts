// Final runs per status and time bucket since an instant (the dashboard's chart), as on MySQL
// (../mysql/count-runs.ts): one range of index runs_status_finished per final status. Times are
// ISO text here, which strftime('%s') reads as seconds since the epoch.
import { sql, type Kysely } from 'kysely';
import { FINAL_STATUSES, type FinalStatus, type RunCountBucket } from '../types.js';
import { iso } from './rows.js';
import type { Database } from './schema.js';

export async function countRuns(db: Kysely<Database>, since: Date, bucketMs: number): Promise<RunCountBucket[]> {
  const seconds = Math.max(1, Math.round(bucketMs / 1000));
  // The outer CAST: better-sqlite3 binds a JS number as REAL, which would make this a real division.
  const bucket = sql<number>`CAST(CAST(strftime('%s', finished_at) AS INTEGER) / ${seconds} AS INTEGER)`;
  const rows = await db
    .selectFrom('runs')
    .select([bucket.as('bucket'), 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', 'in', FINAL_STATUSES)
    .where('finished_at', '>=', iso(since))
    .groupBy(['status', 'bucket'])
    .execute();
  // A finished_at edited into something that is not a time has no bucket: left out.
  return rows.filter((r) => r.bucket !== null).map((r) => ({ status: r.status as FinalStatus, start: new Date(Number(r.bucket) * seconds * 1000), count: Number(r.n) }));
}
