// What waits (the dashboard's overview), as on MySQL (../mysql/backlog.ts).
import type { Kysely } from 'kysely';
import type { Backlog } from '../types.js';
import { iso } from './rows.js';
import type { Database } from './schema.js';

export async function backlog(db: Kysely<Database>, now: Date, overdueBefore: Date): Promise<Backlog> {
  const due = await db.selectFrom('runs').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'queued').where('due_at', '<=', iso(now)).executeTakeFirstOrThrow();
  const running = await db.selectFrom('runs').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'running').executeTakeFirstOrThrow();
  const overdue = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('next_run_time', '<', iso(overdueBefore))
    .where('paused', '=', 0)
    .where('broken', 'is', null)
    .executeTakeFirstOrThrow();
  return { dueRuns: Number(due.n), running: Number(running.n), overdueJobs: Number(overdue.n) };
}
