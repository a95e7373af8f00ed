// What the two SQL stores do alike through their dialect (store/sql/): the paged reads of the CLI,
// HTTP API and dashboard, and the idempotency keys. MysqlStore and SqliteStore extend this class,
// so each of these statements is wired up once.
import { deleteIdempotencyKeysBefore, settleIdempotencyKey, takeIdempotencyKey } from './idempotency.js';
import { listAudit } from './audit.js';
import { backlog } from './backlog.js';
import { changedRuns } from './changed-runs.js';
import { countRuns } from './count-runs.js';
import type { SqlDialect } from './dialect.js';
import { findJobs } from './find-jobs.js';
import { findRuns } from './find-runs.js';
import { getRun } from './get-run.js';
import { listInstances } from './list-instances.js';
import { runCreatedAt } from './run-created-at.js';
import { runsByKey } from './runs-by-key.js';
import { summarizeRuns } from './summarize-runs.js';
import type {
  AuditQuery, AuditRecord, Backlog, IdempotencyHold, IdempotencyKey, InstanceRecord, JobQuery, JobRecord, RunCountBucket, RunKey, RunQuery,
  RunRecord, RunSummary,
} from '../types.js';

export abstract class SqlStoreReads<Time> {
  protected constructor(protected readonly dialect: SqlDialect<Time>) {}

  runsByKey(keys: readonly RunKey[]): Promise<RunRecord[]> {
    return runsByKey(this.dialect, keys);
  }

  getRun(id: number): Promise<RunRecord | null> {
    return getRun(this.dialect, id);
  }

  runCreatedAt(id: number): Promise<Date | null> {
    return runCreatedAt(this.dialect, id);
  }

  countRuns(since: Date, bucketMs: number): Promise<RunCountBucket[]> {
    return countRuns(this.dialect, since, bucketMs);
  }

  summarizeRuns(jobIds: readonly string[]): Promise<RunSummary[]> {
    return summarizeRuns(this.dialect, jobIds);
  }

  backlog(now: Date, overdueBefore: Date): Promise<Backlog> {
    return backlog(this.dialect, now, overdueBefore);
  }

  changedRuns(afterId: number, since: Date, limit: number): Promise<RunRecord[]> {
    return changedRuns(this.dialect, afterId, since, limit);
  }

  findJobs(query: JobQuery): Promise<JobRecord[]> {
    return findJobs(this.dialect, query);
  }

  findRuns(query: RunQuery): Promise<RunRecord[]> {
    return findRuns(this.dialect, query);
  }

  listInstances(): Promise<InstanceRecord[]> {
    return listInstances(this.dialect);
  }

  listAudit(query: AuditQuery): Promise<AuditRecord[]> {
    return listAudit(this.dialect, query);
  }

  takeIdempotencyKey(key: IdempotencyKey, jobId: string, now: Date, expiredBefore: Date): Promise<IdempotencyHold | null> {
    return takeIdempotencyKey(this.dialect, key, jobId, now, expiredBefore);
  }

  settleIdempotencyKey(key: IdempotencyKey, runId: number | null): Promise<void> {
    return settleIdempotencyKey(this.dialect, key, runId);
  }

  deleteIdempotencyKeysBefore(before: Date): Promise<number> {
    return deleteIdempotencyKeysBefore(this.dialect, before);
  }
}
