// addJob's decision on the locked row, as a pure JobWriter: insert a new job, or apply the
// onConflict policy to a taken id (update follows the start-up sync's rule, scheduler/sync.ts).
import { updateOf } from '../scheduler/sync.js';
import type { JobRecord, JobWrite, JobWriter } from '../store/types.js';
import { jobAudit } from './audit.js';
import { alreadyExists, checkApiOwned } from './ownership.js';
import { apiRecord, freshSchedule } from './records.js';
import type { ReadSpec } from './spec.js';
import type { AddJobResult, OnConflict } from './types.js';

export const ON_CONFLICT: readonly OnConflict[] = ['error', 'update', 'keep', 'replace'];

export interface Added {
  /** The row as stored after the call. */
  record: JobRecord;
  change: AddJobResult['change'];
}

const ACTIONS = { added: 'add', updated: 'update', replaced: 'replace' } as const;

export function addWriter(read: ReadSpec, onConflict: OnConflict, origin: string, now: Date): JobWriter<Added> {
  return (stored) => {
    const { write, result } = decide(stored, read, onConflict, origin, now);
    if (write === null || result.change === 'unchanged') return { write, result };
    return { write, result, audit: jobAudit(ACTIONS[result.change], origin, now, read.spec.id, stored, result.record) };
  };
}

function decide(stored: JobRecord | null, { spec, paused = false }: ReadSpec, onConflict: OnConflict, origin: string, now: Date): { write: JobWrite | null; result: Added } {
  if (stored === null) {
    const record = apiRecord(spec, freshSchedule(spec, paused, now), origin, 1);
    return { write: { insert: record }, result: { record, change: 'added' } };
  }
  if (onConflict === 'keep') return { write: null, result: { record: stored, change: 'unchanged' } };
  if (onConflict === 'error') throw alreadyExists(stored);
  checkApiOwned(stored, 'change');
  if (onConflict === 'replace') {
    const record = apiRecord(spec, freshSchedule(spec, paused, now), origin, stored.version + 1);
    return { write: { update: record }, result: { record, change: 'replaced' } };
  }
  const schedule = updateOf(spec, stored, now);
  if (schedule === null) return { write: null, result: { record: stored, change: 'unchanged' } };
  const record = apiRecord(spec, schedule, origin, stored.version + 1);
  return { write: { update: record }, result: { record, change: 'updated' } };
}
