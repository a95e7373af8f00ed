// Recording outcomes, batched: one transaction per group of finished runs. An outcome is written
// only while the run is still `running` under this instance; a run abandoned by another instance
// (our lease expired) keeps what that instance recorded.
import { sql, type Kysely, type Transaction } from 'kysely';
import { retriesOf } from '../retries.js';
import type { AbandonResult, FinishResult, Outcome, RunRecord } from '../types.js';
import { storableError } from '../storable.js';
import { runsByKey } from '../sql/runs-by-key.js';
import { insertRuns } from './claim.js';
import { rows, time, toJob, toRun } from './rows.js';
import type { Database } from './schema.js';
import { readCommitted, retryOnDeadlock } from './transaction.js';

type Tx = Transaction<Database>;

export async function finishRuns(db: Kysely<Database>, instanceId: string, outcomes: Outcome[]): Promise<FinishResult> {
  if (outcomes.length === 0) return { recorded: [], lost: [], retries: [] };
  if (outcomes.every((o) => o.status === 'succeeded')) return finishSucceeded(db, instanceId, outcomes);
  return readCommitted(db, async (tx) => {
    const owned = (
      await tx
        .selectFrom('runs')
        .selectAll()
        .where('id', 'in', outcomes.map((o) => o.runId))
        .where('status', '=', 'running')
        .where('instance_id', '=', instanceId)
        .forUpdate()
        .execute()
    ).map(toRun);
    const ownedIds = new Set(owned.map((r) => r.id));
    const mine = outcomes.filter((o) => ownedIds.has(o.runId));
    await writeOutcomes(tx, mine, instanceId);
    const byId = new Map(mine.map((o) => [o.runId, o]));
    const retries = await queueRetries(tx, owned.filter((r) => byId.get(r.id)?.status !== 'succeeded'), (r) => byId.get(r.id)!.finishedAt, outcomes[0]!.finishedAt);
    return { recorded: mine.map((o) => o.runId), lost: outcomes.filter((o) => !ownedIds.has(o.runId)).map((o) => o.runId), retries };
  });
}

export async function abandonExpired(db: Kysely<Database>, now: Date): Promise<AbandonResult> {
  return readCommitted(db, async (tx) => {
    const expired = (
      await tx
        .selectFrom('runs')
        .selectAll()
        .where('status', '=', 'running')
        .where('lease_until', '<', now)
        .limit(500)
        .forUpdate()
        .skipLocked()
        .execute()
    ).map(toRun);
    if (expired.length === 0) return { abandoned: [], retries: [] };
    const error = 'lease expired: the instance running it stopped renewing';
    await tx
      .updateTable('runs')
      .set({ status: 'abandoned', finished_at: now, error, lease_until: null })
      .where('id', 'in', expired.map((r) => r.id))
      .execute();
    const retries = await queueRetries(tx, expired, () => now, now);
    return { abandoned: expired.map((r) => ({ ...r, status: 'abandoned', finishedAt: now, error })), retries };
  });
}

// The common case in one statement (no transaction, no read): successes queue no retries, and
// the UPDATE's WHERE is the ownership check. Only when fewer rows than outcomes were updated (a
// run was abandoned meanwhile) does a read tell which outcomes were lost.
async function finishSucceeded(db: Kysely<Database>, instanceId: string, outcomes: Outcome[]): Promise<FinishResult> {
  const ids = outcomes.map((o) => o.runId);
  const updated = await retryOnDeadlock(() => writeOutcomes(db, outcomes, instanceId));
  if (updated === outcomes.length) return { recorded: ids, lost: [], retries: [] };
  const found = await db.selectFrom('runs').select(['id', 'status', 'instance_id']).where('id', 'in', ids).execute();
  const mine = new Set(found.filter((r) => r.status === 'succeeded' && r.instance_id === instanceId).map((r) => Number(r.id)));
  return { recorded: ids.filter((id) => mine.has(id)), lost: ids.filter((id) => !mine.has(id)), retries: [] };
}

// One UPDATE with CASE per column: the batch costs one round trip, not one per run. Only rows
// still running under this instance are written; returns how many were.
async function writeOutcomes(db: Kysely<Database>, outcomes: Outcome[], instanceId: string): Promise<number> {
  if (outcomes.length === 0) return 0;
  const pick = <T>(value: (o: Outcome) => T) => sql<T>`CASE id ${sql.join(outcomes.map((o) => sql`WHEN ${o.runId} THEN ${value(o)}`), sql` `)} END`;
  const result = await db
    .updateTable('runs')
    .set({
      status: pick((o) => o.status),
      finished_at: pick((o) => o.finishedAt),
      duration_ms: pick((o) => Math.round(o.durationMs)),
      error: pick((o) => storableError(o.error)),
      lease_until: null,
    })
    .where('id', 'in', outcomes.map((o) => o.runId))
    .where('status', '=', 'running')
    .where('instance_id', '=', instanceId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

async function queueRetries(tx: Tx, runs: RunRecord[], endedAt: (run: RunRecord) => Date, now: Date): Promise<RunRecord[]> {
  if (runs.length === 0) return [];
  const jobIds = [...new Set(runs.map((r) => r.jobId))];
  const jobs = new Map((await tx.selectFrom('jobs').selectAll().where('id', 'in', jobIds).execute()).map((r) => [r.id, toJob(r)]));
  // A retry whose key is taken is already queued (or ran): it is not reported twice. Failures
  // are the slow path: reading the inserted retries back (for their ids) costs no hot round trip.
  const inserted = await insertRuns(tx, retriesOf(runs, jobs, endedAt), now);
  return inserted.length === 0 ? [] : runsByKey({ db: tx, time, rows }, inserted);
}
