// The in-memory JobStore: used when no jobstore URL is set, and the executable specification of
// the contract (the MySQL store must behave the same, see test/store/contract.ts). Nothing
// survives the process; there is one instance, so "locking" is just JavaScript's single thread.
import { retryOf } from '../scheduler/policy.js';
import { storableError } from './storable.js';
import type {
  AbandonResult, AuditEntry, AuditQuery, AuditRecord, Backlog, Claim, DuePlanner, FinishResult, IdempotencyHold, IdempotencyKey,
  InstanceInfo, InstanceRecord, JobQuery, JobRecord, JobStore, JobWriter, NewRun, Outcome, RunCountBucket, RunFilter, RunKey, RunQuery,
  RunRecord, RunSummary, StartRequest, StartResult, SyncPlan, SyncPlanner,
} from './types.js';
import { isFinal } from './types.js';
import { checkWrite } from './job-write.js';
import { retryOfRun } from './retry-run.js';
import { keepInserted, newRunsOnly, runKey, runNowTimes } from './run-keys.js';
import { planStarts } from './start-plan.js';
import { MemoryAudit, MemoryIdempotencyKeys, pageOfJobs, pageOfRuns } from './memory-queries.js';

export class MemoryStore implements JobStore {
  readonly description = 'memory';
  private readonly jobs = new Map<string, JobRecord>();
  private readonly runs = new Map<number, RunRecord>();
  private readonly createdAt = new Map<number, Date>();
  /** Run ids by (job_id, scheduled_at, attempt): the MySQL store's unique key, mirrored. */
  private readonly runKeys = new Map<string, number>();
  private lastRunId = 0;
  private readonly instances = new Map<string, InstanceRecord>();
  private readonly audit = new MemoryAudit();
  private readonly idempotencyKeys = new MemoryIdempotencyKeys();

  async migrate(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
  }

  async syncJobs(planner: SyncPlanner): Promise<SyncPlan> {
    const plan = planner([...this.jobs.values()].map(copyJob));
    for (const job of [...plan.insert, ...plan.update]) this.jobs.set(job.id, copyJob(job));
    for (const id of plan.remove) this.jobs.delete(id);
    return plan;
  }

  async claimDueJobs(now: Date, limit: number, planner: DuePlanner): Promise<Claim[]> {
    const due = [...this.jobs.values()]
      .filter((job) => !job.paused && job.broken === undefined && job.nextRunTime !== null && job.nextRunTime <= now)
      .sort(byNextRunTime)
      .slice(0, limit);
    // Plan every job first, then apply: like the MySQL transaction, a planner error leaves
    // nothing half-claimed. A run whose key is taken keeps the stored row and is left out.
    const planned = due.map((stored) => {
      const job = copyJob(stored);
      return { job, plan: planner(job, this.runningCount(job.id)) };
    });
    const inserted = new Set(newRunsOnly(planned.flatMap((c) => c.plan.runs), this.runKeys.keys()));
    for (const { job, plan } of planned) {
      plan.runs.filter((run) => inserted.has(run)).forEach((run) => this.insertRun(run, now));
      Object.assign(this.jobs.get(job.id)!, { nextRunTime: plan.nextRunTime }, plan.broken === undefined ? {} : { broken: plan.broken });
    }
    return planned.map(({ job, plan }) => ({ job, plan: keepInserted(plan, inserted) }));
  }

  async startRuns(request: StartRequest): Promise<StartResult> {
    const { now, until = now, capacity } = request;
    // As in the MySQL store: no free slot, nothing touched.
    if (Object.values(capacity).reduce((a, b) => a + b, 0) <= 0) return { started: [], missed: [] };
    const queued = [...this.runs.values()].filter((r) => r.status === 'queued' && r.dueAt <= until).sort(byDueAt);
    const plan = planStarts(queued, (id) => this.jobs.get(id), (id) => this.runningCount(id), request);
    const orphans = plan.orphans.map((run): RunRecord => ({ ...run, status: 'skipped', finishedAt: now, error: 'job no longer exists' }));
    for (const run of [...orphans, ...plan.missed]) Object.assign(this.runs.get(run.id)!, run);
    for (const { run } of plan.started) Object.assign(this.runs.get(run.id)!, run);
    return { started: plan.started.map(({ run, job }) => ({ run, job: copyJob(job) })), missed: [...plan.missed, ...orphans] };
  }

  async finishRuns(instanceId: string, outcomes: Outcome[]): Promise<FinishResult> {
    const result: FinishResult = { recorded: [], lost: [], retries: [] };
    for (const outcome of outcomes) {
      const run = this.runs.get(outcome.runId);
      if (!run || run.status !== 'running' || run.instanceId !== instanceId) {
        result.lost.push(outcome.runId);
        continue;
      }
      const { status, finishedAt, durationMs, error } = outcome;
      Object.assign(run, { status, finishedAt, durationMs: Math.round(durationMs), error: storableError(error), leaseUntil: null });
      result.recorded.push(run.id);
      const job = this.jobs.get(run.jobId);
      const retry = status !== 'succeeded' && job ? retryOf(run, job, finishedAt) : null;
      const inserted = retry && this.insertIfFree(retry, finishedAt);
      if (inserted) result.retries.push({ ...inserted });
    }
    return result;
  }

  async renewLeases(instanceId: string, now: Date, leaseUntil: Date): Promise<void> {
    for (const run of this.runs.values()) {
      if (run.status === 'running' && run.instanceId === instanceId) run.leaseUntil = leaseUntil;
    }
    const instance = this.instances.get(instanceId);
    if (instance) instance.heartbeatAt = now;
  }

  async abandonExpired(now: Date): Promise<AbandonResult> {
    const expired = [...this.runs.values()].filter((r) => r.status === 'running' && r.leaseUntil !== null && r.leaseUntil < now);
    const result: AbandonResult = { abandoned: [], retries: [] };
    for (const run of expired) {
      Object.assign(run, { status: 'abandoned', finishedAt: now, error: 'lease expired: the instance running it stopped renewing' });
      // The returned record shows the lease that expired; the stored row no longer has one.
      result.abandoned.push({ ...run });
      run.leaseUntil = null;
      const job = this.jobs.get(run.jobId);
      const retry = job ? retryOf(run, job, now) : null;
      const inserted = retry && this.insertIfFree(retry, now);
      if (inserted) result.retries.push({ ...inserted });
    }
    return result;
  }

  async nextWakeTime(): Promise<Date | null> {
    let earliest: number | null = null;
    for (const job of this.jobs.values()) {
      if (!job.paused && job.nextRunTime) earliest = Math.min(earliest ?? Infinity, job.nextRunTime.getTime());
    }
    for (const run of this.runs.values()) {
      if (run.status === 'queued') earliest = Math.min(earliest ?? Infinity, run.dueAt.getTime());
    }
    return earliest === null ? null : new Date(earliest);
  }

  async serverTime(): Promise<Date> {
    return new Date();
  }

  async registerInstance(info: InstanceInfo): Promise<void> {
    this.instances.set(info.id, { ...info, heartbeatAt: info.startedAt, clockSkewMs: null });
  }

  async recordClockSkew(instanceId: string, skewMs: number): Promise<void> {
    const instance = this.instances.get(instanceId);
    if (instance) instance.clockSkewMs = skewMs;
  }

  async deregisterInstance(id: string): Promise<void> {
    this.instances.delete(id);
  }

  async listInstances(): Promise<InstanceRecord[]> {
    return [...this.instances.values()].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || (a.id < b.id ? -1 : 1)).map((i) => ({ ...i }));
  }

  async getJob(id: string): Promise<JobRecord | null> {
    const job = this.jobs.get(id);
    return job ? copyJob(job) : null;
  }

  async listJobs(): Promise<JobRecord[]> {
    return [...this.jobs.values()].sort(byNextRunTime).map(copyJob);
  }

  async listRuns({ jobId, status, scheduledAt, limit }: RunFilter): Promise<RunRecord[]> {
    return [...this.runs.values()]
      .filter((r) => (jobId === undefined || r.jobId === jobId) && (status === undefined || r.status === status))
      .filter((r) => scheduledAt === undefined || r.scheduledAt.getTime() === scheduledAt.getTime())
      .sort((a, b) => b.id - a.id)
      .slice(0, limit)
      .map((r) => ({ ...r }));
  }

  async runsByKey(keys: readonly RunKey[]): Promise<RunRecord[]> {
    return keys.flatMap((key) => {
      const run = this.runs.get(this.runKeys.get(runKey(key)) ?? 0);
      return run ? [{ ...run }] : [];
    });
  }

  async runNow(id: string, now: Date): Promise<RunRecord | null> {
    if (!this.jobs.has(id)) return null;
    for (const at of runNowTimes(now)) {
      const run = this.insertIfFree({ jobId: id, scheduledAt: at, attempt: 1, status: 'queued', dueAt: at }, now);
      if (run) return { ...run };
    }
    throw new Error(`run ${id}: every instant from ${now.toISOString()} on already has a run; try again`);
  }

  async writeJob<T>(id: string, writer: JobWriter<T>): Promise<T> {
    const stored = this.jobs.get(id);
    const { write, result, audit } = writer(stored ? copyJob(stored) : null);
    if (write === null) return result;
    const checked = checkWrite(id, stored ?? null, write);
    if (checked.kind === 'remove') this.jobs.delete(id);
    else this.jobs.set(id, copyJob(checked.record));
    if (audit) this.audit.append(audit);
    return result;
  }

  async findJobs(query: JobQuery): Promise<JobRecord[]> {
    return pageOfJobs(this.jobs.values(), query).map(copyJob);
  }

  async findRuns(query: RunQuery): Promise<RunRecord[]> {
    return pageOfRuns(this.runs.values(), query).map((r) => ({ ...r }));
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    this.audit.append(entry);
  }

  async listAudit(query: AuditQuery): Promise<AuditRecord[]> {
    return this.audit.list(query);
  }

  async takeIdempotencyKey(key: IdempotencyKey, jobId: string, now: Date, expiredBefore: Date): Promise<IdempotencyHold | null> {
    return this.idempotencyKeys.take(key, jobId, now, expiredBefore);
  }

  async deleteIdempotencyKeysBefore(before: Date): Promise<number> {
    return this.idempotencyKeys.deleteBefore(before);
  }

  async settleIdempotencyKey(key: IdempotencyKey, runId: number | null): Promise<void> {
    this.idempotencyKeys.settle(key, runId);
  }

  async retryRun(runId: number, now: Date): Promise<RunRecord> {
    const run = this.runs.get(runId) ?? null;
    const attempts = run === null ? [] : [...this.runs.values()].filter((r) => r.jobId === run.jobId && r.scheduledAt.getTime() === run.scheduledAt.getTime());
    const latest = attempts.reduce<RunRecord | null>((a, r) => (a === null || r.attempt > a.attempt ? r : a), null);
    const retry = retryOfRun(runId, { run, latest, jobExists: run !== null && this.jobs.has(run.jobId) }, now);
    return { ...this.insertRun(retry, now) };
  }

  async runCreatedAt(id: number): Promise<Date | null> {
    return this.runs.has(id) ? (this.createdAt.get(id) ?? null) : null;
  }

  async getRun(id: number): Promise<RunRecord | null> {
    const run = this.runs.get(id);
    return run ? { ...run } : null;
  }

  async countRuns(since: Date, bucketMs: number): Promise<RunCountBucket[]> {
    const seconds = Math.max(1, Math.round(bucketMs / 1000));
    const counts = new Map<string, RunCountBucket>();
    for (const run of this.runs.values()) {
      if (!isFinal(run.status) || run.finishedAt === null || run.finishedAt < since) continue;
      const start = new Date(Math.floor(run.finishedAt.getTime() / 1000 / seconds) * seconds * 1000);
      const key = `${run.status} ${start.getTime()}`;
      const bucket = counts.get(key) ?? { status: run.status, start, count: 0 };
      bucket.count += 1;
      counts.set(key, bucket);
    }
    return [...counts.values()];
  }

  async summarizeRuns(jobIds: readonly string[]): Promise<RunSummary[]> {
    const wanted = new Set(jobIds);
    const byJob = new Map<string, { last: RunRecord; succeeded: number; finished: number }>();
    for (const run of this.runs.values()) {
      if (!wanted.has(run.jobId)) continue;
      const s = byJob.get(run.jobId) ?? { last: run, succeeded: 0, finished: 0 };
      if (run.id > s.last.id) s.last = run;
      if (run.status === 'succeeded') s.succeeded += 1;
      if (isFinal(run.status)) s.finished += 1;
      byJob.set(run.jobId, s);
    }
    return [...byJob].map(([jobId, s]) => ({ jobId, lastStatus: s.last.status, lastFinishedAt: s.last.finishedAt, succeeded: s.succeeded, finished: s.finished }));
  }

  async backlog(now: Date, overdueBefore: Date): Promise<Backlog> {
    const runs = [...this.runs.values()];
    return {
      dueRuns: runs.filter((r) => r.status === 'queued' && r.dueAt <= now).length,
      running: runs.filter((r) => r.status === 'running').length,
      overdueJobs: [...this.jobs.values()].filter((j) => !j.paused && j.broken === undefined && j.nextRunTime !== null && j.nextRunTime < overdueBefore).length,
    };
  }

  async changedRuns(afterId: number, since: Date, limit: number): Promise<RunRecord[]> {
    return [...this.runs.values()]
      .filter((r) => r.id > afterId || (r.startedAt !== null && r.startedAt >= since) || (r.finishedAt !== null && r.finishedAt >= since))
      .sort((a, b) => a.id - b.id)
      .slice(0, limit)
      .map((r) => ({ ...r }));
  }

  async deleteRunsBefore(before: Date, limit: number): Promise<number> {
    const old = [...this.runs.values()]
      .filter((r) => r.finishedAt !== null && r.finishedAt < before)
      .sort((a, b) => a.finishedAt!.getTime() - b.finishedAt!.getTime() || a.id - b.id)
      .slice(0, limit);
    for (const r of old) {
      this.runs.delete(r.id);
      this.runKeys.delete(runKey(r));
    }
    return old.length;
  }

  async close(): Promise<void> {}

  private runningCount(jobId: string): number {
    let count = 0;
    for (const run of this.runs.values()) if (run.jobId === jobId && run.status === 'running') count += 1;
    return count;
  }

  /** Inserts `run` unless its key is taken (then the stored row stays as it is and null is returned). */
  private insertIfFree(run: NewRun, now: Date): RunRecord | null {
    return this.runKeys.has(runKey(run)) ? null : this.insertRun(run, now);
  }

  private insertRun(run: NewRun, now: Date): RunRecord {
    const key = runKey(run);
    if (this.runKeys.has(key)) throw new Error(`duplicate run (${run.jobId}, ${run.scheduledAt.toISOString()}, ${run.attempt})`);
    const record: RunRecord = {
      id: ++this.lastRunId,
      jobId: run.jobId,
      scheduledAt: run.scheduledAt,
      attempt: run.attempt,
      status: run.status,
      dueAt: run.dueAt,
      startedAt: null,
      finishedAt: run.status === 'queued' ? null : now,
      durationMs: null,
      error: run.error ?? null,
      instanceId: null,
      leaseUntil: null,
    };
    this.runs.set(record.id, record);
    this.runKeys.set(key, record.id);
    this.createdAt.set(record.id, now);
    return record;
  }
}

function copyJob(job: JobRecord): JobRecord {
  return { ...job };
}

// Paused and finished jobs (null next_run_time) sort last, as in APScheduler's get_all_jobs.
function byNextRunTime(a: JobRecord, b: JobRecord): number {
  const x = a.nextRunTime?.getTime() ?? Infinity;
  const y = b.nextRunTime?.getTime() ?? Infinity;
  // Ids compare exactly, as the utf8mb4_bin column does in MySQL (not localeCompare: 'Z' < 'a').
  return x - y || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function byDueAt(a: RunRecord, b: RunRecord): number {
  return a.dueAt.getTime() - b.dueAt.getTime() || a.id - b.id;
}
