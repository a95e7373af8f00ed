// A job write (JobStore.writeJob) as every store applies it: the record to store, checked against
// the id it was asked for and the row it was decided from. A mismatch is a bug in the writer, so
// it throws before anything is written.
import { EARLIEST_TIME, isStorableTime, LATEST_TIME, MAX_ORIGIN_LENGTH, MAX_TEXT_BYTES } from './storable.js';
import type { JobRecord, JobWrite } from './types.js';

/** What to do to the row: insert or replace it with `record`, or delete it. */
export type CheckedWrite = { kind: 'insert' | 'update'; record: JobRecord } | { kind: 'remove' };

export function checkWrite(id: string, stored: JobRecord | null, write: JobWrite): CheckedWrite {
  if ('remove' in write) {
    if (write.remove !== id) throw new Error(`job write for "${id}" removes "${write.remove}"`);
    if (stored === null) throw new Error(`job write for "${id}" removes a job that is not stored`);
    return { kind: 'remove' };
  }
  const [kind, record] = 'insert' in write ? (['insert', write.insert] as const) : (['update', write.update] as const);
  if (record.id !== id) throw new Error(`job write for "${id}" writes "${record.id}"`);
  if (kind === 'insert' && stored !== null) throw new Error(`job write inserts "${id}", which is stored already`);
  if (kind === 'update' && stored === null) throw new Error(`job write updates "${id}", which is not stored`);
  checkStorable(record);
  return { kind, record: withoutBroken(record) };
}

// What MySQL would refuse (strict mode) or cut (lax mode, leaving unreadable JSON), refused here
// with the job's name, before the transaction writes anything.
function checkStorable(job: JobRecord): void {
  const originLength = [...job.origin].length;
  if (originLength > MAX_ORIGIN_LENGTH) throw new RangeError(`job "${job.id}": origin is ${originLength} characters long; at most ${MAX_ORIGIN_LENGTH} are stored`);
  for (const [column, value] of [['params', job.params], ['trigger_args', job.triggerArgs]] as const) {
    const bytes = Buffer.byteLength(JSON.stringify(value));
    if (bytes > MAX_TEXT_BYTES) throw new RangeError(`job "${job.id}": ${column} is ${bytes.toLocaleString('en-US')} bytes of JSON; at most ${MAX_TEXT_BYTES.toLocaleString('en-US')} are stored`);
  }
  for (const [column, value] of [['next_run_time', job.nextRunTime], ['defined_at', job.definedAt]] as const) {
    if (value !== null && !isStorableTime(value)) throw new RangeError(`job "${job.id}": ${column} ${Number.isNaN(value.getTime()) ? '(an invalid date)' : value.toISOString()} cannot be stored: times run from ${EARLIEST_TIME.toISOString()} to ${LATEST_TIME.toISOString()}`);
  }
}

// Writing a definition is what clears a broken job, whatever the writer copied from the stored row.
function withoutBroken(record: JobRecord): JobRecord {
  if (record.broken === undefined) return record;
  const { broken: _broken, ...rest } = record;
  return rest;
}
