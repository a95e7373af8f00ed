// The hot path on SQLite: claim due jobs and start due runs, each in one BEGIN IMMEDIATE
// transaction (see transaction.ts). SQLite has no SKIP LOCKED and needs none: holding the
// file's write lock, a transaction sees every claim committed before it and no other process
// can claim meanwhile, so no (job, scheduled time) is planned twice.
import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import { chunks } from '../chunks.js';
import { keepInserted, newRunsOnly, runKey } from '../run-keys.js';
import { planStarts } from '../start-plan.js';
import type { Claim, DuePlanner, NewRun, RunRecord, StartRequest, StartResult } from '../types.js';
import { fromIso, iso, isIsoTime, isoOrNull, runProblem, runRow, toJob, toRun } from './rows.js';
import type { Database, RunsTable } from './schema.js';
import { immediate } from './transaction.js';

type Db = Kysely<Database>;

// SQLite binds at most 32,766 parameters per statement; a run row has 8.
const ROWS_PER_INSERT = 1_000;

export async function claimDueJobs(db: Db, now: Date, limit: number, planner: DuePlanner): Promise<Claim[]> {
  // Most cycles find nothing due: a plain read (WAL: no lock) answers that without taking the
  // write lock every other process would have to wait for.
  if (!(await anyJobDue(db, now))) return [];
  return immediate(db, async (tx) => {
    const rows = await tx
      .selectFrom('jobs')
      .selectAll('jobs')
      .select(runningCount)
      .where(due(now))
      .where('paused', '=', 0)
      .where('broken', 'is', null)
      .orderBy('next_run_time')
      .orderBy('id')
      .limit(limit)
      .execute();
    const claims = rows.map((row) => {
      const job = toJob(row);
      return { job, plan: planner(job, row.running_count) };
    });
    const inserted = new Set(await insertRuns(tx, claims.flatMap((c) => c.plan.runs), now));
    await setNextRunTimes(tx, claims.map((c) => ({ id: c.job.id, next: c.plan.nextRunTime })), now);
    await setBroken(tx, claims.flatMap((c) => (c.plan.broken === undefined ? [] : [{ id: c.job.id, reason: c.plan.broken }])));
    return claims.map(({ job, plan }) => ({ job, plan: keepInserted(plan, inserted) }));
  });
}

export async function startRuns(db: Db, request: StartRequest): Promise<StartResult> {
  const free = Object.values(request.capacity).reduce((a, b) => a + b, 0);
  if (free <= 0) return { started: [], missed: [] };
  return immediate(db, async (tx) => {
    const candidates = await startCandidates(tx, request);
    if (candidates.length === 0) return { started: [], missed: [] };
    const rows = await tx.selectFrom('runs').selectAll().where('id', 'in', candidates).orderBy('due_at').orderBy('id').execute();
    const skipped = await skipUnreadable(tx, rows, request.now);
    const queued = rows.filter((r) => runProblem(r) === null).map(toRun);
    if (queued.length === 0) return { started: [], missed: skipped };
    const jobIds = [...new Set(queued.map((r) => r.jobId))];
    const jobRows = await tx.selectFrom('jobs').selectAll('jobs').select(runningCount).where('id', 'in', jobIds).execute();
    const jobs = new Map(jobRows.map((r) => [r.id, toJob(r)]));
    const running = new Map(jobRows.map((r) => [r.id, r.running_count]));
    const result = planStarts(queued, (id) => jobs.get(id), (id) => running.get(id) ?? 0, request);
    await markStarted(tx, result.started.map((s) => s.run.id), request);
    await markMissed(tx, result.missed.map((r) => ({ id: r.id, error: r.error ?? '' })), request.now);
    // Nothing locks a job row here: a job not found was deleted, and nothing will run it.
    const orphans = await skipOrphans(tx, result.orphans, request.now);
    return { started: result.started, missed: [...skipped, ...result.missed, ...orphans] };
  });
}

/**
 * A queued run whose times cannot be read (edited by hand) cannot be planned: it is recorded
 * `skipped`, the error naming each column and value, and reported with the missed runs (its
 * unreadable times as invalid Dates).
 */
async function skipUnreadable(tx: Db, rows: Array<Selectable<RunsTable>>, now: Date): Promise<RunRecord[]> {
  const skipped: RunRecord[] = [];
  for (const row of rows) {
    const error = runProblem(row);
    if (error === null) continue;
    await tx.updateTable('runs').set({ status: 'skipped', finished_at: iso(now), error }).where('id', '=', row.id).execute();
    skipped.push({ ...toRun(row), status: 'skipped', finishedAt: now, error });
  }
  return skipped;
}

/** Queued runs whose job was removed: nothing will ever run them. */
async function skipOrphans(tx: Db, runs: RunRecord[], now: Date): Promise<RunRecord[]> {
  if (runs.length === 0) return [];
  const error = 'job no longer exists';
  await tx.updateTable('runs').set({ status: 'skipped', finished_at: iso(now), error }).where('id', 'in', runs.map((r) => r.id)).execute();
  return runs.map((r) => ({ ...r, status: 'skipped', finishedAt: now, error }));
}

// Runs past their grace, and runs whose job is gone, handled (missed, skipped) per start.
const LATE_PER_START = 500;

/**
 * Ids of the queued runs to consider, as the MySQL store chooses them (mysql/claim.ts): per job
 * only its oldest due runs, as many as max_instances still allows, and per executor only as many
 * as it has free slots, so one job's catch-up backlog cannot crowd the others out; paused jobs
 * start nothing. Runs past their grace and orphans come in a second, bounded part, to be recorded
 * `missed` / `skipped`. The write lock is held: what this reads stays true until the commit.
 */
async function startCandidates(tx: Db, { now, until = now, capacity }: StartRequest): Promise<number[]> {
  const late = sql`(r.attempt = 1 AND j.misfire_grace_time IS NOT NULL AND (julianday(${iso(now)}) - julianday(r.due_at)) * 86400.0 > j.misfire_grace_time)`;
  const slots = Object.entries(capacity).filter(([, n]) => n > 0).map(([executor, n]) => sql`(s.executor = ${executor} AND s.nth <= ${n})`);
  if (slots.length === 0) return [];
  // SQLite takes no parenthesised SELECT in a UNION, nor ORDER BY/LIMIT in its members: each
  // part is a subquery of its own.
  const { rows } = await sql<{ id: number }>`
    SELECT id FROM (
      SELECT s.id FROM (
        SELECT c.id, c.executor, ROW_NUMBER() OVER (PARTITION BY c.executor ORDER BY c.due_at, c.id) AS nth
        FROM (
          SELECT r.id, r.due_at, j.executor,
                 ROW_NUMBER() OVER (PARTITION BY r.job_id ORDER BY r.due_at, r.id) AS rn,
                 j.max_instances - (SELECT COUNT(*) FROM runs x WHERE x.job_id = r.job_id AND x.status = 'running') AS room
          FROM runs r
          JOIN jobs j ON j.id = r.job_id
          WHERE r.status = 'queued' AND r.due_at <= ${iso(until)} AND j.paused = 0 AND j.broken IS NULL AND NOT ${late}
        ) c
        WHERE c.rn <= c.room
      ) s
      WHERE ${sql.join(slots, sql` OR `)}
    )
    UNION ALL
    SELECT id FROM (
      SELECT r.id FROM runs r
      LEFT JOIN jobs j ON j.id = r.job_id
      WHERE r.status = 'queued' AND r.due_at <= ${iso(until)} AND (j.id IS NULL OR (j.paused = 0 AND j.broken IS NULL AND ${late}))
      ORDER BY r.due_at, r.id
      LIMIT ${LATE_PER_START}
    )
    UNION ALL
    SELECT id FROM (
      SELECT r.id FROM runs r
      WHERE r.status = 'queued' AND NOT (${isIsoTime(sql.ref('r.due_at'))} AND ${isIsoTime(sql.ref('r.scheduled_at'))})
      LIMIT ${LATE_PER_START}
    )`.execute(tx);
  return rows.map((r) => r.id);
}

async function anyJobDue(db: Db, now: Date): Promise<boolean> {
  const row = await db.selectFrom('jobs').select('id').where(due(now)).where('paused', '=', 0).where('broken', 'is', null).limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * A job is due at its next_run_time, or at once when that cannot be read (edited by hand), so the
 * claim sets it aside as broken (toJob says why) instead of leaving it unnoticed.
 */
function due(now: Date): RawBuilder<boolean> {
  return sql<boolean>`(next_run_time <= ${iso(now)} OR (next_run_time IS NOT NULL AND NOT ${isIsoTime(sql.ref('next_run_time'))}))`;
}

/** A job row's running runs (across all instances), read with the row. */
const runningCount = sql<number>`(SELECT COUNT(*) FROM runs r WHERE r.job_id = jobs.id AND r.status = 'running')`.as('running_count');

/**
 * Inserts the runs whose (job_id, scheduled_at, attempt) is free and returns them; a key already
 * taken keeps its row and is left out (see run-keys.ts): ON CONFLICT DO NOTHING, and RETURNING
 * tells which rows went in.
 */
export async function insertRuns(tx: Db, runs: NewRun[], now: Date): Promise<NewRun[]> {
  const inserted: NewRun[] = [];
  for (const part of chunks(newRunsOnly(runs, new Set()), ROWS_PER_INSERT)) {
    const rows = await tx
      .insertInto('runs')
      .values(part.map((r) => runRow(r, now)))
      .onConflict((oc) => oc.columns(['job_id', 'scheduled_at', 'attempt']).doNothing())
      .returning(['job_id', 'scheduled_at', 'attempt'])
      .execute();
    const keys = new Set(rows.map((row) => runKey({ jobId: row.job_id, scheduledAt: fromIso(row.scheduled_at), attempt: row.attempt })));
    // In the order planned, which is the order reported.
    inserted.push(...part.filter((r) => keys.has(runKey(r))));
  }
  return inserted;
}

// One UPDATE per job: in SQLite a statement costs no round trip, and a CASE over n ids in an
// UPDATE of n rows costs n² comparisons.
async function setNextRunTimes(tx: Db, updates: Array<{ id: string; next: Date | null }>, now: Date): Promise<void> {
  for (const u of updates) await tx.updateTable('jobs').set({ next_run_time: isoOrNull(u.next), updated_at: iso(now) }).where('id', '=', u.id).execute();
}

/** Sets broken jobs aside: neither claimed nor started until the sync writes their definition again. */
async function setBroken(tx: Db, jobs: Array<{ id: string; reason: string }>): Promise<void> {
  for (const { id, reason } of jobs) await tx.updateTable('jobs').set({ broken: reason }).where('id', '=', id).execute();
}

async function markStarted(tx: Db, ids: number[], { now, instanceId, leaseUntil }: StartRequest): Promise<void> {
  if (ids.length === 0) return;
  await tx
    .updateTable('runs')
    // A run started ahead starts at its due time (two-argument MAX is SQLite's GREATEST).
    .set({ status: 'running', started_at: sql<string>`MAX(due_at, ${iso(now)})`, instance_id: instanceId, lease_until: iso(leaseUntil) })
    .where('id', 'in', ids)
    .execute();
}

async function markMissed(tx: Db, runs: Array<{ id: number; error: string }>, now: Date): Promise<void> {
  for (const r of runs) await tx.updateTable('runs').set({ status: 'missed', finished_at: iso(now), error: r.error }).where('id', '=', r.id).execute();
}
