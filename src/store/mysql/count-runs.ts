// Final runs per status and time bucket since an instant: the dashboard's runs-by-status chart.
// The IN list over every final status makes one range of index runs_status_finished (status,
// finished_at) per status, read without touching the rows. Buckets are counted from the epoch
// with TIMESTAMPDIFF, which, unlike UNIX_TIMESTAMP, does not read the session's time zone.
import { sql, type Kysely } from 'kysely';
import { FINAL_STATUSES, type FinalStatus, type RunCountBucket } from '../types.js';
import type { Database } from './schema.js';

export async function countRuns(db: Kysely<Database>, since: Date, bucketMs: number): Promise<RunCountBucket[]> {
  const seconds = Math.max(1, Math.round(bucketMs / 1000));
  const bucket = sql<number>`FLOOR(TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', finished_at) / ${seconds})`;
  const rows = await db
    .selectFrom('runs')
    .select([bucket.as('bucket'), 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', 'in', FINAL_STATUSES)
    .where('finished_at', '>=', since)
    .groupBy(['status', 'bucket'])
    .execute();
  return rows.map((r) => ({ status: r.status as FinalStatus, start: new Date(Number(r.bucket) * seconds * 1000), count: Number(r.n) }));
}
