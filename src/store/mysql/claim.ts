// The hot path, SQL-first: claim due jobs and start due runs. Each is one short READ COMMITTED
// transaction whose first statement is `SELECT … FOR UPDATE SKIP LOCKED`: rows another instance
// is working on are passed over instead of waited for, so instances never fire the same
// (job, scheduled time) twice and never block each other.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Claim, DuePlanner, NewRun, RunRecord, StartRequest, StartResult } from '../types.js';
import { keepInserted, newRunsOnly, runKey } from '../run-keys.js';
import { planStarts } from '../start-plan.js';
import { runRow, toJob, toRun } from './rows.js';
import type { Database } from './schema.js';
import { readCommitted } from './transaction.js';

type Tx = Transaction<Database>;

export async function claimDueJobs(db: Kysely<Database>, now: Date, limit: number, planner: DuePlanner): Promise<Claim[]> {
  // Most cycles find nothing due (woken by a finished run): one plain indexed read answers that,
  // instead of a transaction's four round trips (isolation, begin, locking select, commit).
  if (!(await anyJobDue(db, now))) return [];
  return readCommitted(db, async (tx) => {
    // Due, unpaused jobs in fire order; jobs locked by another instance's claim are skipped.
    const rows = await tx
      .selectFrom('jobs')
      .selectAll('jobs')
      .select(runningCount)
      .where('next_run_time', '<=', now)
      .where('paused', '=', 0)
      .where('broken', 'is', null)
      .orderBy('next_run_time')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (rows.length === 0) return [];
    const plans = rows.map((row) => {
      const job = toJob(row);
      return { job, plan: planner(job, Number(row.running_count)) };
    });
    const inserted = new Set(await insertRuns(tx, plans.flatMap((p) => p.plan.runs), now));
    await setNextRunTimes(tx, plans.map((p) => ({ id: p.job.id, next: p.plan.nextRunTime })), now);
    await setBroken(tx, plans.flatMap((p) => (p.plan.broken === undefined ? [] : [{ id: p.job.id, reason: p.plan.broken }])));
    return plans.map(({ job, plan }) => ({ job, plan: keepInserted(plan, inserted) }));
  });
}

export async function startRuns(db: Kysely<Database>, request: StartRequest): Promise<StartResult> {
  const free = Object.values(request.capacity).reduce((a, b) => a + b, 0);
  if (free <= 0) return { started: [], missed: [] };
  return readCommitted(db, async (tx) => {
    const candidates = await startCandidates(tx, request);
    if (candidates.length === 0) return { started: [], missed: [] };
    const queued = (
      await tx
        .selectFrom('runs')
        .selectAll()
        .where('id', 'in', candidates)
        // Started or missed by another instance since the candidates were read.
        .where('status', '=', 'queued')
        .orderBy('due_at')
        .orderBy('id')
        .forUpdate()
        .skipLocked()
        .execute()
    ).map(toRun);
    if (queued.length === 0) return { started: [], missed: [] };
    const jobIds = [...new Set(queued.map((r) => r.jobId))];
    // Locking the job rows serialises max_instances checks across instances; a job locked
    // elsewhere (being claimed or started) is simply tried again next cycle.
    const jobRows = await tx.selectFrom('jobs').selectAll('jobs').select(runningCount).where('id', 'in', jobIds).forUpdate().skipLocked().execute();
    const jobs = new Map(jobRows.map((r) => [r.id, toJob(r)]));
    const running = new Map(jobRows.map((r) => [r.id, Number(r.running_count)]));
    const result = planStarts(queued, (id) => jobs.get(id), (id) => running.get(id) ?? 0, request);
    // A job not read was either locked elsewhere (try later) or deleted (nothing will ever run it).
    const orphans: RunRecord[] = [];
    for (const run of result.orphans) if (!(await jobExists(tx, run.jobId))) orphans.push(run);
    await markStarted(tx, result.started.map((s) => s.run.id), request);
    await markMissed(tx, result.missed.map((r) => ({ id: r.id, error: r.error ?? '' })), request.now);
    const skipped = await skipOrphans(tx, orphans, request.now);
    return { started: result.started, missed: [...result.missed, ...skipped] };
  });
}

// Runs past their grace, and runs whose job is gone, handled (missed, skipped) per start.
const LATE_PER_START = 500;

/**
 * Ids of the queued runs worth locking, read without locks. Per job only its oldest due runs, as
 * many as max_instances still allows, and per executor only as many as it has free slots: one
 * job's catch-up backlog (hundreds of queued runs) cannot crowd the others out of the window.
 * Paused jobs start nothing (their runs stay queued). Runs past their grace and orphans come in a
 * second, bounded part, to be recorded `missed` / `skipped`. The window functions run on MySQL 8
 * and MariaDB 10.2+; the locking read that follows re-checks everything.
 */
async function startCandidates(tx: Tx, { now, until = now, capacity }: StartRequest): Promise<number[]> {
  const late = sql`(r.attempt = 1 AND j.misfire_grace_time IS NOT NULL AND TIMESTAMPDIFF(MICROSECOND, r.due_at, ${now}) > j.misfire_grace_time * 1000000)`;
  const slots = Object.entries(capacity).filter(([, n]) => n > 0).map(([executor, n]) => sql`(s.executor = ${executor} AND s.nth <= ${n})`);
  const startable = sql`
    SELECT s.id FROM (
      SELECT c.id, c.executor, ROW_NUMBER() OVER (PARTITION BY c.executor ORDER BY c.due_at, c.id) AS nth
      FROM (
        SELECT r.id, r.due_at, j.executor,
               ROW_NUMBER() OVER (PARTITION BY r.job_id ORDER BY r.due_at, r.id) AS rn,
               j.max_instances - COALESCE(k.n, 0) AS room
        FROM runs r
        JOIN jobs j ON j.id = r.job_id
        LEFT JOIN (SELECT job_id, COUNT(*) AS n FROM runs WHERE status = 'running' GROUP BY job_id) k ON k.job_id = r.job_id
        WHERE r.status = 'queued' AND r.due_at <= ${until} AND j.paused = 0 AND j.broken IS NULL AND NOT ${late}
      ) c
      WHERE c.rn <= c.room
    ) s
    WHERE ${sql.join(slots, sql` OR `)}`;
  const settle = sql`
    SELECT r.id FROM runs r
    LEFT JOIN jobs j ON j.id = r.job_id
    WHERE r.status = 'queued' AND r.due_at <= ${until} AND (j.id IS NULL OR (j.paused = 0 AND j.broken IS NULL AND ${late}))
    ORDER BY r.due_at, r.id
    LIMIT ${LATE_PER_START}`;
  const { rows } = await sql<{ id: number }>`(${startable}) UNION ALL (${settle})`.execute(tx);
  return rows.map((r) => Number(r.id));
}

async function anyJobDue(db: Kysely<Database>, now: Date): Promise<boolean> {
  const row = await db.selectFrom('jobs').select('id').where('next_run_time', '<=', now).where('paused', '=', 0).where('broken', 'is', null).limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * A job row's running runs (across all instances), read in the statement that locks the row:
 * one round trip, not two. The subquery is a plain consistent read, not a locking one (MySQL 8
 * and MariaDB alike), exactly what a separate SELECT after the lock would see.
 */
const runningCount = sql<number>`(SELECT COUNT(*) FROM runs r WHERE r.job_id = jobs.id AND r.status = 'running')`.as('running_count');

/**
 * Inserts the runs whose (job_id, scheduled_at, attempt) is free and returns them; a key already
 * taken keeps its row and is left out (see run-keys.ts). The common case is one multi-row INSERT.
 * When it meets a taken key, InnoDB rolls back that statement alone (the transaction and its
 * locks stay), and the free keys are inserted after a read of the taken ones.
 */
export async function insertRuns(tx: Tx, runs: NewRun[], now: Date): Promise<NewRun[]> {
  const unique = newRunsOnly(runs, new Set());
  if (unique.length === 0) return [];
  try {
    await tx.insertInto('runs').values(unique.map((r) => runRow(r, now))).execute();
    return unique;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ER_DUP_ENTRY') throw error;
  }
  const free = newRunsOnly(unique, await takenKeys(tx, unique));
  if (free.length === 0) return [];
  // A key taken between that read and this INSERT (a concurrent `scheduler run`) is kept, not an
  // error: ON DUPLICATE KEY UPDATE id = id writes nothing. (Not INSERT IGNORE, which would also
  // turn data errors into warnings.)
  await tx
    .insertInto('runs')
    .values(free.map((r) => runRow(r, now)))
    .onDuplicateKeyUpdate({ id: sql<number>`id` })
    .execute();
  return free;
}

/** Keys of `runs` already stored: one range read per job on the unique index. */
async function takenKeys(tx: Tx, runs: NewRun[]): Promise<Set<string>> {
  const byJob = new Map<string, NewRun[]>();
  for (const run of runs) {
    const list = byJob.get(run.jobId);
    if (list) list.push(run);
    else byJob.set(run.jobId, [run]);
  }
  const taken = new Set<string>();
  for (const [jobId, jobRuns] of byJob) {
    const times = jobRuns.map((r) => r.scheduledAt.getTime()).sort((a, b) => a - b);
    const rows = await tx
      .selectFrom('runs')
      .select(['job_id', 'scheduled_at', 'attempt'])
      .where('job_id', '=', jobId)
      .where('scheduled_at', '>=', new Date(times[0]!))
      .where('scheduled_at', '<=', new Date(times[times.length - 1]!))
      .execute();
    for (const row of rows) taken.add(runKey({ jobId: row.job_id, scheduledAt: row.scheduled_at, attempt: row.attempt }));
  }
  return taken;
}

// One UPDATE for the whole batch: next_run_time = CASE id WHEN … THEN … END.
async function setNextRunTimes(tx: Tx, updates: Array<{ id: string; next: Date | null }>, now: Date): Promise<void> {
  const cases = sql.join(updates.map((u) => sql`WHEN ${u.id} THEN ${u.next}`), sql` `);
  await tx
    .updateTable('jobs')
    .set({ next_run_time: sql<Date | null>`CASE id ${cases} END`, updated_at: now })
    .where('id', 'in', updates.map((u) => u.id))
    .execute();
}

/** Sets broken jobs aside: neither claimed nor started until the sync writes their definition again. */
async function setBroken(tx: Tx, jobs: Array<{ id: string; reason: string }>): Promise<void> {
  for (const { id, reason } of jobs) await tx.updateTable('jobs').set({ broken: reason }).where('id', '=', id).execute();
}

async function markStarted(tx: Tx, ids: number[], { now, instanceId, leaseUntil }: StartRequest): Promise<void> {
  if (ids.length === 0) return;
  await tx
    .updateTable('runs')
    // A run started ahead starts at its due time.
    .set({ status: 'running', started_at: sql<Date>`GREATEST(due_at, ${now})`, instance_id: instanceId, lease_until: leaseUntil })
    .where('id', 'in', ids)
    .execute();
}

// One UPDATE for the batch (a catch-up can find hundreds of runs past their grace at once).
async function markMissed(tx: Tx, runs: Array<{ id: number; error: string }>, now: Date): Promise<void> {
  if (runs.length === 0) return;
  const errors = sql.join(runs.map((r) => sql`WHEN ${r.id} THEN ${r.error}`), sql` `);
  await tx
    .updateTable('runs')
    .set({ status: 'missed', finished_at: now, error: sql<string>`CASE id ${errors} END` })
    .where('id', 'in', runs.map((r) => r.id))
    .execute();
}

/** Queued runs whose job was removed: nothing will ever run them. */
async function skipOrphans(tx: Tx, runs: RunRecord[], now: Date): Promise<RunRecord[]> {
  if (runs.length === 0) return [];
  const error = 'job no longer exists';
  await tx.updateTable('runs').set({ status: 'skipped', finished_at: now, error }).where('id', 'in', runs.map((r) => r.id)).execute();
  return runs.map((r) => ({ ...r, status: 'skipped', finishedAt: now, error }));
}

async function jobExists(tx: Tx, id: string): Promise<boolean> {
  return (await tx.selectFrom('jobs').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

