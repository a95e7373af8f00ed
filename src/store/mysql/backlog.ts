// What waits, for the dashboard's overview: three counts, each one range of an index
// (runs_status_due, the same for running, jobs_next_run_time).
import type { Kysely } from 'kysely';
import type { Backlog } from '../types.js';
import type { Database } from './schema.js';

export async function backlog(db: Kysely<Database>, now: Date, overdueBefore: Date): Promise<Backlog> {
  const [due, running, overdue] = await Promise.all([
    db.selectFrom('runs').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'queued').where('due_at', '<=', now).executeTakeFirstOrThrow(),
    db.selectFrom('runs').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'running').executeTakeFirstOrThrow(),
    db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).where('next_run_time', '<', overdueBefore).where('paused', '=', 0).where('broken', 'is', null).executeTakeFirstOrThrow(),
  ]);
  return { dueRuns: Number(due.n), running: Number(running.n), overdueJobs: Number(overdue.n) };
}
