// JobStore.summarizeRuns on both SQL stores: how the runs of a page of jobs went. Counts per job
// from index runs_job_status (job_id, status, and the id it carries), then the newest run of each
// by primary key. Bounded by the page: the job list asks for the jobs it shows, never all.
import { sql } from 'kysely';
import { FINAL_STATUSES, type RunStatus, type RunSummary } from '../types.js';
import type { SqlDialect } from './dialect.js';

export async function summarizeRuns<Time>(d: SqlDialect<Time>, jobIds: readonly string[]): Promise<RunSummary[]> {
  if (jobIds.length === 0) return [];
  const { rows: counts } = await sql<{ job_id: string; last_id: number; succeeded: number; finished: number }>`
    SELECT job_id, MAX(id) AS last_id,
      COUNT(CASE WHEN status = 'succeeded' THEN 1 END) AS succeeded,
      COUNT(CASE WHEN status IN (${sql.join(FINAL_STATUSES)}) THEN 1 END) AS finished
    FROM runs WHERE job_id IN (${sql.join([...jobIds])})
    GROUP BY job_id`.execute(d.db);
  if (counts.length === 0) return [];
  const { rows: newest } = await sql<{ id: number; status: string; finished_at: Time | null }>`
    SELECT id, status, finished_at FROM runs WHERE id IN (${sql.join(counts.map((c) => Number(c.last_id)))})`.execute(d.db);
  const byId = new Map(newest.map((r) => [Number(r.id), r]));
  return counts.map((c) => {
    const last = byId.get(Number(c.last_id));
    return {
      jobId: c.job_id,
      lastStatus: (last?.status ?? 'queued') as RunStatus,
      lastFinishedAt: last?.finished_at == null ? null : d.time.read(last.finished_at),
      succeeded: Number(c.succeeded),
      finished: Number(c.finished),
    };
  });
}
