// The audit entry of a change made through the job API (the store's `audit` table): who (the
// service's origin: a token's name, `cli`, `library`), what, and the job's view before and after.
import type { AuditAction, AuditEntry, JobRecord, RunRecord } from '../store/types.js';
import { toJobView, toRunView } from './views.js';

export function jobAudit(action: AuditAction, actor: string, at: Date, jobId: string, before: JobRecord | null, after: JobRecord | null): AuditEntry {
  return { at, actor, action, jobId, runId: null, before: before && toJobView(before), after: after && toJobView(after) };
}

/** A run queued by runJob or retryRun: no job write carries it. */
export function runAudit(action: 'run' | 'retry', actor: string, at: Date, run: RunRecord): AuditEntry {
  return { at, actor, action, jobId: run.jobId, runId: run.id, before: null, after: toRunView(run) };
}
