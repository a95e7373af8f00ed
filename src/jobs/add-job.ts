// addJob's decision on the locked row, as a pure JobWriter: insert a new job, or apply the
// onConflict policy to a taken id (update follows the start-up sync's rule, scheduler/sync.ts).
import { updateOf } from '../scheduler/sync.js';
import type { JobRecord, JobWriter } from '../store/types.js';
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

export function addWriter({ spec, paused = false }: ReadSpec, onConflict: OnConflict, origin: string, now: Date): JobWriter<Added> {
  return (stored) => {
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
  };
}
