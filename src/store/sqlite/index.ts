// The SQLite JobStore (kysely over better-sqlite3): one file, zero setup, the same tables and
// statuses as MySQL. Every write that reads first runs in a BEGIN IMMEDIATE transaction, so
// several processes on one file (the service, the CLI, a second instance) take turns writing and
// never claim the same run twice. The hot-path SQL lives in claim.ts and finish.ts.
import { sql, type Kysely } from 'kysely';
import type {
  AbandonResult, AuditEntry, Claim, DuePlanner, FinishResult, InstanceInfo, JobRecord, JobStore, JobWriter, Outcome, RunFilter, RunRecord, StartRequest, StartResult, SyncPlan, SyncPlanner,
} from '../types.js';
import { chunks } from '../chunks.js';
import { runNowTimes } from '../run-keys.js';
import { claimDueJobs, insertRuns, startRuns } from './claim.js';
import { connect } from './connect.js';
import { abandonExpired, finishRuns } from './finish.js';
import { migrate } from './migrate.js';
import { retryRun } from './retry-run.js';
import { writeJob } from './write-job.js';
import { insertAudit } from '../sql/audit.js';
import { SqlStoreReads } from '../sql/store-reads.js';
import { fromIso, iso, isIsoTime, jobRow, rows, time, toJob, toRun } from './rows.js';
import type { Database, IsoTime } from './schema.js';
import { immediate } from './transaction.js';

// 25 parameters per job row (the columns of sql-tables.ts's jobs): 25,000 a chunk, under SQLite's 32,766 per statement.
const SYNC_CHUNK = 1_000;

export class SqliteStore extends SqlStoreReads<IsoTime> implements JobStore {
  readonly description: string;
  /** Absolute path of the database file, or ':memory:'. */
  readonly file: string;
  private readonly db: Kysely<Database>;

  /** `path` as in the URL: relative to the working directory, or ':memory:'. */
  constructor(path: string) {
    const { db, file } = connect(path);
    super({
      db, write: (work) => immediate(db, work), time, rows, ignoreKeyword: 'OR IGNORE',
      epochSeconds: (column) => sql<number>`CAST(strftime('%s', ${sql.ref(column)}) AS INTEGER)`,
    });
    this.db = db;
    this.file = file;
    this.description = `sqlite:${file}`;
  }

  async migrate(signal?: AbortSignal): Promise<void> {
    // All pending migrations are one transaction here: stopping means not beginning it.
    signal?.throwIfAborted();
    await migrate(this.db as unknown as Kysely<unknown>);
  }

  syncJobs(planner: SyncPlanner): Promise<SyncPlan> {
    // One write transaction: two instances starting together apply one plan after the other,
    // the second seeing the first's rows as unchanged.
    // The writes are mysql/index.ts's on purpose: kysely types a query by its tables' column
    // types, so one function cannot take both Date and ISO-text tables without casts, and the
    // transaction around them differs (BEGIN IMMEDIATE here, a named lock there).
    return this.write(async (tx) => {
      const stored = (await tx.selectFrom('jobs').selectAll().execute()).map(toJob);
      const plan = planner(stored);
      const now = new Date();
      for (const rows of chunks(plan.insert, SYNC_CHUNK)) await tx.insertInto('jobs').values(rows.map((j) => jobRow(j, now))).execute();
      for (const job of plan.update) {
        const { created_at: _created, id, ...row } = jobRow(job, now);
        await tx.updateTable('jobs').set(row).where('id', '=', id).execute();
      }
      for (const ids of chunks(plan.remove, SYNC_CHUNK)) await tx.deleteFrom('jobs').where('id', 'in', ids).execute();
      return plan;
    });
  }

  claimDueJobs(now: Date, limit: number, planner: DuePlanner): Promise<Claim[]> {
    return claimDueJobs(this.db, now, limit, planner);
  }

  startRuns(request: StartRequest): Promise<StartResult> {
    return startRuns(this.db, request);
  }

  finishRuns(instanceId: string, outcomes: Outcome[]): Promise<FinishResult> {
    return finishRuns(this.db, instanceId, outcomes);
  }

  async renewLeases(instanceId: string, now: Date, leaseUntil: Date): Promise<void> {
    await this.write(async (tx) => {
      await tx.updateTable('runs').set({ lease_until: iso(leaseUntil) }).where('status', '=', 'running').where('instance_id', '=', instanceId).execute();
      await tx.updateTable('instances').set({ heartbeat_at: iso(now) }).where('id', '=', instanceId).execute();
    });
  }

  abandonExpired(now: Date): Promise<AbandonResult> {
    return abandonExpired(this.db, now);
  }

  async nextWakeTime(): Promise<Date | null> {
    const job = await this.db
      .selectFrom('jobs')
      .select('next_run_time')
      .where('paused', '=', 0)
      .where('broken', 'is', null)
      // An unreadable time is no wake-up time: startRuns skips such a run whenever it starts.
      .where(isIsoTime(sql.ref('next_run_time')))
      .orderBy('next_run_time')
      .limit(1)
      .executeTakeFirst();
    const run = await this.db.selectFrom('runs').select('due_at').where('status', '=', 'queued').where(isIsoTime(sql.ref('due_at'))).orderBy('due_at').limit(1).executeTakeFirst();
    // Fixed-width ISO text: the smaller string is the earlier instant.
    const times = [job?.next_run_time, run?.due_at].filter((t): t is string => typeof t === 'string').sort();
    return times.length === 0 ? null : fromIso(times[0]!);
  }

  async serverTime(): Promise<Date> {
    // The file is on this machine: its clock is ours.
    return new Date();
  }

  async registerInstance(info: InstanceInfo): Promise<void> {
    await this.write((tx) =>
      tx.insertInto('instances').values({ id: info.id, host: info.host, pid: info.pid, started_at: iso(info.startedAt), heartbeat_at: iso(info.startedAt) }).execute(),
    );
  }

  async recordClockSkew(instanceId: string, skewMs: number): Promise<void> {
    await this.write((tx) => tx.updateTable('instances').set({ clock_skew_ms: skewMs }).where('id', '=', instanceId).execute());
  }

  async deregisterInstance(id: string): Promise<void> {
    await this.write((tx) => tx.deleteFrom('instances').where('id', '=', id).execute());
  }

  // The reads below mirror mysql/index.ts (same SQL, see syncJobs for why not shared); times in
  // their WHERE clauses go through iso().
  async getJob(id: string): Promise<JobRecord | null> {
    const row = await this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toJob(row) : null;
  }

  async listJobs(): Promise<JobRecord[]> {
    // SQLite sorts NULL first; paused and finished jobs go last, as in APScheduler.
    const rows = await this.db
      .selectFrom('jobs')
      .selectAll()
      .orderBy(sql`next_run_time IS NULL`)
      .orderBy('next_run_time')
      .orderBy('id')
      .execute();
    return rows.map(toJob);
  }

  async listRuns({ jobId, status, scheduledAt, limit }: RunFilter): Promise<RunRecord[]> {
    let query = this.db.selectFrom('runs').selectAll().orderBy('id', 'desc').limit(limit);
    if (jobId !== undefined) query = query.where('job_id', '=', jobId);
    if (status !== undefined) query = query.where('status', '=', status);
    if (scheduledAt !== undefined) query = query.where('scheduled_at', '=', iso(scheduledAt));
    return (await query.execute()).map(toRun);
  }

  runNow(id: string, now: Date): Promise<RunRecord | null> {
    return this.write(async (tx) => {
      const job = await tx.selectFrom('jobs').select('id').where('id', '=', id).executeTakeFirst();
      if (!job) return null;
      for (const at of runNowTimes(now)) {
        if ((await insertRuns(tx, [{ jobId: id, scheduledAt: at, attempt: 1, status: 'queued', dueAt: at }], now)).length === 0) continue;
        const row = await tx.selectFrom('runs').selectAll().where('job_id', '=', id).where('scheduled_at', '=', iso(at)).where('attempt', '=', 1).executeTakeFirstOrThrow();
        return toRun(row);
      }
      throw new Error(`run ${id}: every instant from ${now.toISOString()} on already has a run; try again`);
    });
  }

  writeJob<T>(id: string, writer: JobWriter<T>): Promise<T> {
    return writeJob(this.db, id, writer);
  }

  retryRun(runId: number, now: Date): Promise<RunRecord> {
    return retryRun(this.db, runId, now);
  }

  appendAudit(entry: AuditEntry): Promise<void> {
    return this.write((tx) => insertAudit(tx, time, entry));
  }

  async deleteRunsBefore(before: Date, limit: number): Promise<number> {
    // SQLite's DELETE takes no ORDER BY/LIMIT (unless compiled in): pick the ids in a subquery.
    const result = await this.write((tx) => {
      const oldest = tx
        .selectFrom('runs')
        .select('id')
        .where('finished_at', '<', iso(before))
        .where('status', 'not in', ['queued', 'running'])
        .orderBy('finished_at')
        .orderBy('id')
        .limit(limit);
      return tx.deleteFrom('runs').where('id', 'in', oldest).executeTakeFirst();
    });
    return Number(result.numDeletedRows);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  /** Every write takes the lock through immediate(), which waits for it without freezing the event loop. */
  private write<T>(fn: (tx: Kysely<Database>) => Promise<T>): Promise<T> {
    return immediate(this.db, fn);
  }
}
