// Recording outcomes, batched: one transaction per group of finished runs. An outcome is written
// only while the run is still `running` under this instance; a run abandoned by another instance
// (our lease expired) keeps what that instance recorded.
import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import { retriesOf } from '../retries.js';
import { isTime } from '../sql-rows.js';
import { storableError } from '../storable.js';
import type { AbandonResult, FinishResult, Outcome, RunRecord } from '../types.js';
import { runsByKey } from '../sql/runs-by-key.js';
import { insertRuns } from './claim.js';
import { isIsoTime, iso, rows, time, toJob, toRun } from './rows.js';
import type { Database, RunsTable } from './schema.js';
import { immediate } from './transaction.js';

type Db = Kysely<Database>;

const LEASE_ERROR = 'lease expired: the instance running it stopped renewing';

export async function finishRuns(db: Db, instanceId: string, outcomes: Outcome[]): Promise<FinishResult> {
  if (outcomes.length === 0) return { recorded: [], lost: [], retries: [] };
  return immediate(db, async (tx) => {
    // UPDATE … RETURNING: the WHERE is the ownership check, and what comes back is what was written.
    const written = new Map((await writeOutcomes(tx, outcomes, instanceId)).map((row) => [row.id, toRun(row)]));
    const mine = outcomes.filter((o) => written.has(o.runId));
    const ended = new Map(mine.map((o) => [o.runId, o.finishedAt]));
    // In the order of the outcomes, as the retries are reported.
    const failed = mine.filter((o) => o.status !== 'succeeded').map((o) => written.get(o.runId)!);
    const retries = await queueRetries(tx, failed, (r) => ended.get(r.id)!, outcomes[0]!.finishedAt);
    return { recorded: mine.map((o) => o.runId), lost: outcomes.filter((o) => !written.has(o.runId)).map((o) => o.runId), retries };
  });
}

export async function abandonExpired(db: Db, now: Date): Promise<AbandonResult> {
  // As with claims: a plain read first, the write lock only when there is something to do.
  const any = await db.selectFrom('runs').select('id').where('status', '=', 'running').where(leaseOver(now)).limit(1).executeTakeFirst();
  if (!any) return { abandoned: [], retries: [] };
  return immediate(db, async (tx) => {
    const expired = (
      await tx.selectFrom('runs').selectAll().where('status', '=', 'running').where(leaseOver(now)).orderBy('id').limit(500).execute()
    ).map(toRun);
    if (expired.length === 0) return { abandoned: [], retries: [] };
    await tx
      .updateTable('runs')
      .set({ status: 'abandoned', finished_at: iso(now), error: LEASE_ERROR, lease_until: null })
      .where('id', 'in', expired.map((r) => r.id))
      .execute();
    const retries = await queueRetries(tx, expired, () => now, now);
    return { abandoned: expired.map((r) => ({ ...r, status: 'abandoned', finishedAt: now, error: LEASE_ERROR })), retries };
  });
}

/** A lease that ended, or that cannot be read (edited by hand) and so would never end. */
function leaseOver(now: Date): RawBuilder<boolean> {
  return sql<boolean>`(lease_until < ${iso(now)} OR NOT ${isIsoTime(sql.ref('lease_until'))})`;
}

// One UPDATE … RETURNING per outcome (no round trips in SQLite; a CASE per column would cost n²
// comparisons); only rows still running under this instance are written, and returned.
async function writeOutcomes(tx: Db, outcomes: Outcome[], instanceId: string): Promise<Selectable<RunsTable>[]> {
  const written: Selectable<RunsTable>[] = [];
  for (const o of outcomes) {
    const row = await tx
      .updateTable('runs')
      .set({ status: o.status, finished_at: iso(o.finishedAt), duration_ms: Math.round(o.durationMs), error: storableError(o.error), lease_until: null })
      .where('id', '=', o.runId)
      .where('status', '=', 'running')
      .where('instance_id', '=', instanceId)
      .returningAll()
      .executeTakeFirst();
    if (row) written.push(row);
  }
  return written;
}

async function queueRetries(tx: Db, runs: RunRecord[], endedAt: (run: RunRecord) => Date, now: Date): Promise<RunRecord[]> {
  if (runs.length === 0) return [];
  // No retry of a run whose scheduled time cannot be read: its key could not be written.
  const retriable = runs.filter((r) => isTime(r.scheduledAt));
  if (retriable.length === 0) return [];
  const jobIds = [...new Set(retriable.map((r) => r.jobId))];
  const jobs = new Map((await tx.selectFrom('jobs').selectAll().where('id', 'in', jobIds).execute()).map((r) => [r.id, toJob(r)]));
  // A retry whose key is taken is already queued (or ran): it is not reported twice.
  const inserted = await insertRuns(tx, retriesOf(retriable, jobs, endedAt), now);
  return inserted.length === 0 ? [] : runsByKey({ db: tx, time, rows }, inserted);
}
