// What changed in `runs` since a poller's last look, as on MySQL (../mysql/changed-runs.ts):
// SQLite answers the OR with a multi-index OR over the primary key, runs_started and runs_finished.
import type { Kysely } from 'kysely';
import type { RunRecord } from '../types.js';
import { iso, toRun } from './rows.js';
import type { Database } from './schema.js';

export async function changedRuns(db: Kysely<Database>, afterId: number, since: Date, limit: number): Promise<RunRecord[]> {
  const at = iso(since);
  const rows = await db
    .selectFrom('runs')
    .selectAll()
    .where((eb) => eb.or([eb('id', '>', afterId), eb('started_at', '>=', at), eb('finished_at', '>=', at)]))
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toRun);
}
