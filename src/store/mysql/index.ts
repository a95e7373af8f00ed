// The MySQL JobStore (kysely over mysql2). The hot-path SQL lives in claim.ts and finish.ts;
// this class wires it up and holds the simple reads and writes used at start-up and by the CLI.
import { sql, type Kysely } from 'kysely';
import type { Pool } from 'mysql2';
import { redactUrl } from '../../config/url.js';
import type {
  AbandonResult, AuditEntry, Claim, DuePlanner, FinishResult, InstanceInfo, JobRecord, JobStore, JobWriter, Outcome, RunFilter, RunRecord, StartRequest, StartResult, SyncPlan, SyncPlanner,
} from '../types.js';
import { chunks } from '../chunks.js';
import { claimDueJobs, insertRuns, startRuns } from './claim.js';
import { connect } from './connect.js';
import { abandonExpired, finishRuns } from './finish.js';
import { migrate } from './migrate.js';
import { retryRun } from './retry-run.js';
import { writeJob } from './write-job.js';
import { withNamedLock } from './named-lock.js';
import { runNowTimes } from '../run-keys.js';
import { insertAudit } from '../sql/audit.js';
import { SqlStoreReads } from '../sql/store-reads.js';
import { jobRow, rows, time, toJob, toRun } from './rows.js';
import type { Database } from './schema.js';
import { retryOnDeadlock } from './transaction.js';

const SYNC_LOCK = 'scheduler.sync';
const SYNC_LOCK_WAIT_SECONDS = 60;
const SYNC_CHUNK = 1_000;

export class MysqlStore extends SqlStoreReads<Date> implements JobStore {
  readonly description: string;
  private readonly db: Kysely<Database>;
  private readonly pool: Pool;

  constructor(url: string, options: { poolSize?: number } = {}) {
    const { db, pool } = connect(url, options);
    // Each shared statement commits on its own (autocommit): no transaction around them.
    super({
      db, write: (work) => work(db), time, rows, ignoreKeyword: 'IGNORE',
      epochSeconds: (column) => sql<number>`TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', ${sql.ref(column)})`,
    });
    this.description = redactUrl(url);
    this.db = db;
    this.pool = pool;
  }

  async migrate(signal?: AbortSignal): Promise<void> {
    await migrate(this.db as unknown as Kysely<unknown>, signal);
  }

  async syncJobs(planner: SyncPlanner): Promise<SyncPlan> {
    // A named lock (not just a transaction) so two instances starting together apply one plan
    // after the other, the second seeing the first's rows as unchanged.
    return this.db.connection().execute((conn) =>
      withNamedLock(conn, SYNC_LOCK, SYNC_LOCK_WAIT_SECONDS, () =>
        conn.transaction().execute(async (tx) => {
          const stored = (await tx.selectFrom('jobs').selectAll().forUpdate().execute()).map(toJob);
          const plan = planner(stored);
          const now = new Date();
          // In chunks: one INSERT of 100,000 jobs would exceed max_allowed_packet.
          for (const rows of chunks(plan.insert, SYNC_CHUNK)) await tx.insertInto('jobs').values(rows.map((j) => jobRow(j, now))).execute();
          for (const job of plan.update) {
            const { created_at: _created, id, ...row } = jobRow(job, now);
            await tx.updateTable('jobs').set(row).where('id', '=', id).execute();
          }
          for (const ids of chunks(plan.remove, SYNC_CHUNK)) await tx.deleteFrom('jobs').where('id', 'in', ids).execute();
          return plan;
        }),
      ),
    );
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
    // Scans every running row (locking each briefly), so it can deadlock with a peer's finish.
    await retryOnDeadlock(() =>
      this.db
        .updateTable('runs')
        .set({ lease_until: leaseUntil })
        .where('status', '=', 'running')
        .where('instance_id', '=', instanceId)
        .execute(),
    );
    await this.db.updateTable('instances').set({ heartbeat_at: now }).where('id', '=', instanceId).execute();
  }

  abandonExpired(now: Date): Promise<AbandonResult> {
    return abandonExpired(this.db, now);
  }

  async nextWakeTime(): Promise<Date | null> {
    const job = await this.db
      .selectFrom('jobs')
      .select('next_run_time')
      .where('next_run_time', 'is not', null)
      .where('paused', '=', 0)
      .orderBy('next_run_time')
      .limit(1)
      .executeTakeFirst();
    const run = await this.db
      .selectFrom('runs')
      .select('due_at')
      .where('status', '=', 'queued')
      .orderBy('due_at')
      .limit(1)
      .executeTakeFirst();
    const times = [job?.next_run_time, run?.due_at].filter((t): t is Date => t instanceof Date);
    return times.length === 0 ? null : new Date(Math.min(...times.map((t) => t.getTime())));
  }

  async serverTime(): Promise<Date> {
    const { rows } = await sql<{ now: Date }>`SELECT UTC_TIMESTAMP(6) AS now`.execute(this.db);
    return rows[0]!.now;
  }

  async registerInstance(info: InstanceInfo): Promise<void> {
    await this.db
      .insertInto('instances')
      .values({ id: info.id, host: info.host, pid: info.pid, started_at: info.startedAt, heartbeat_at: info.startedAt })
      .execute();
  }

  async recordClockSkew(instanceId: string, skewMs: number): Promise<void> {
    await this.db.updateTable('instances').set({ clock_skew_ms: skewMs }).where('id', '=', instanceId).execute();
  }

  async deregisterInstance(id: string): Promise<void> {
    await this.db.deleteFrom('instances').where('id', '=', id).execute();
  }

  async getJob(id: string): Promise<JobRecord | null> {
    const row = await this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toJob(row) : null;
  }

  async listJobs(): Promise<JobRecord[]> {
    // MySQL sorts NULL first; paused and finished jobs go last, as in APScheduler.
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
    if (scheduledAt !== undefined) query = query.where('scheduled_at', '=', scheduledAt);
    return (await query.execute()).map(toRun);
  }

  async runNow(id: string, now: Date): Promise<RunRecord | null> {
    return this.db.transaction().execute(async (tx) => {
      const job = await tx.selectFrom('jobs').select('id').where('id', '=', id).executeTakeFirst();
      if (!job) return null;
      for (const at of runNowTimes(now)) {
        if ((await insertRuns(tx, [{ jobId: id, scheduledAt: at, attempt: 1, status: 'queued', dueAt: at }], now)).length === 0) continue;
        const row = await tx.selectFrom('runs').selectAll().where('job_id', '=', id).where('scheduled_at', '=', at).where('attempt', '=', 1).executeTakeFirstOrThrow();
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
    return insertAudit(this.db, time, entry);
  }

  async deleteRunsBefore(before: Date, limit: number): Promise<number> {
    const result = await this.db
      .deleteFrom('runs')
      .where('finished_at', '<', before)
      .where('status', 'not in', ['queued', 'running'])
      .orderBy('finished_at')
      .limit(limit)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  /** The underlying pool, for tests and the health check. */
  get rawPool(): Pool {
    return this.pool;
  }
}
