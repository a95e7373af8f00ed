// What modifyJob, rescheduleJob, pauseJob and resumeJob do to a stored job, decided on the locked
// row: pure, so a store may call them again when it retries its transaction.
import { updateOf } from '../scheduler/sync.js';
import type { AuditAction, JobRecord, JobSpec, JobWriter } from '../store/types.js';
import { jobAudit } from './audit.js';
import { JobNotFoundError } from './errors.js';
import { apiRecord, freshSchedule } from './records.js';

export type Edit = { kind: 'unchanged' } | { kind: 'update'; record: JobRecord } | { kind: 'remove' };

const UNCHANGED: Edit = { kind: 'unchanged' };

/** The sync's rule: a changed trigger restarts from now (a pause kept), settings keep the schedule. */
export function modifyEdit(spec: JobSpec, stored: JobRecord, origin: string, now: Date): Edit {
  const schedule = updateOf(spec, stored, now);
  return schedule === null ? UNCHANGED : { kind: 'update', record: apiRecord(spec, schedule, origin, stored.version + 1) };
}

/** APScheduler's reschedule_job: the first fire time from now, even for the same trigger; a pause is kept. */
export function rescheduleEdit(spec: JobSpec, stored: JobRecord, origin: string, now: Date): Edit {
  return { kind: 'update', record: apiRecord(spec, freshSchedule(spec, stored.paused, now), origin, stored.version + 1) };
}

// The row keeps its next_run_time while paused (never claimed: every store's claim skips paused
// rows), so resumeJob's `last` can go back to it. Ownership stays: pausing is not defining.
export function pauseEdit(stored: JobRecord): Edit {
  return stored.paused ? UNCHANGED : { kind: 'update', record: { ...stored, paused: true, version: stored.version + 1 } };
}

export function resumeEdit(stored: JobRecord, nextRunTime: Date | null): Edit {
  return stored.paused ? { kind: 'update', record: { ...stored, paused: false, nextRunTime, version: stored.version + 1 } } : UNCHANGED;
}

/** What an edit did: the row as stored after it (the removed row for a remove). */
export interface Edited {
  kind: Edit['kind'];
  record: JobRecord;
}

/**
 * The writer of one edit, audited as `action`. With `read` (the row an edit prepared from), a row
 * whose version moved since gives null, writing nothing: the caller starts again.
 */
export function editWriter(id: string, audit: { action: AuditAction; actor: string; at: Date }, read: JobRecord | null, decide: (stored: JobRecord) => Edit): JobWriter<Edited | null> {
  return (stored) => {
    if (stored === null) throw new JobNotFoundError(id);
    if (read !== null && stored.version !== read.version) return { write: null, result: null };
    const edit = decide(stored);
    if (edit.kind === 'unchanged') return { write: null, result: { kind: edit.kind, record: stored } };
    const after = edit.kind === 'update' ? edit.record : null;
    return {
      write: edit.kind === 'remove' ? { remove: id } : { update: edit.record },
      result: { kind: edit.kind, record: after ?? stored },
      audit: jobAudit(audit.action, audit.actor, audit.at, id, stored, after),
    };
  };
}
