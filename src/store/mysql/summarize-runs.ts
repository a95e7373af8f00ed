// How the runs of a page of jobs went: counts per job from index runs_job_status (job_id, status,
// and the id it carries), then the newest run of each by primary key. Bounded by the page: the
// job list asks for the jobs it shows, never for the whole table.
import type { Kysely } from 'kysely';
import { FINAL_STATUSES, type RunStatus, type RunSummary } from '../types.js';
import type { Database } from './schema.js';

export async function summarizeRuns(db: Kysely<Database>, jobIds: readonly string[]): Promise<RunSummary[]> {
  if (jobIds.length === 0) return [];
  const counts = await db
    .selectFrom('runs')
    .select((eb) => [
      'job_id',
      eb.fn.max('id').as('last_id'),
      eb.fn.count<number>(eb.case().when('status', '=', 'succeeded').then(1).end()).as('succeeded'),
      eb.fn.count<number>(eb.case().when('status', 'in', FINAL_STATUSES).then(1).end()).as('finished'),
    ])
    .where('job_id', 'in', [...jobIds])
    .groupBy('job_id')
    .execute();
  if (counts.length === 0) return [];
  const last = await db
    .selectFrom('runs')
    .select(['id', 'status', 'finished_at'])
    .where('id', 'in', counts.map((c) => Number(c.last_id)))
    .execute();
  const byId = new Map(last.map((r) => [r.id, r]));
  return counts.map((c) => {
    const newest = byId.get(Number(c.last_id));
    return {
      jobId: c.job_id,
      lastStatus: (newest?.status ?? 'queued') as RunStatus,
      lastFinishedAt: newest?.finished_at ?? null,
      succeeded: Number(c.succeeded),
      finished: Number(c.finished),
    };
  });
}
