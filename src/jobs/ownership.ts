// Who may change what. A config row belongs to its file: the next start would undo a definition
// changed here, so the API refuses and says where to change it; pause, resume and run-now are
// operational and allowed on every job. A broken row cannot be written back as read.
import type { JobRecord } from '../store/types.js';
import { JobConflictError } from './errors.js';

/** Refuses a definition change (modify, reschedule, remove, addJob's update or replace) of a config row. */
export function checkApiOwned(job: JobRecord, action: 'change' | 'remove'): void {
  if (job.source === 'config') throw new JobConflictError(`${definedAt(job)}; ${action} it there (the next start would undo a ${action === 'change' ? 'change' : 'removal'} made here)`);
}

/** addJob with onConflict 'error' on a taken id. */
export function alreadyExists(job: JobRecord): JobConflictError {
  if (job.source === 'config') return new JobConflictError(`job "${job.id}" already exists: it is defined in ${configFile(job)} (tasks.${job.id})`);
  return new JobConflictError(`job "${job.id}" already exists (added by ${job.origin || 'an unknown caller'}, version ${job.version}); onConflict 'update' or 'replace' changes it`);
}

// Writing a broken row back would store what could not be read (empty args, say) as if it were
// the definition, and clear `broken`: only a new definition may do that.
export function checkReadable(job: JobRecord, action: 'pause' | 'resume'): void {
  if (job.broken === undefined) return;
  const fix = job.source === 'config' ? `its definition in ${configFile(job)} (the next start writes it again)` : 'its definition first (modifyJob, or addJob with onConflict \'update\')';
  throw new JobConflictError(`cannot ${action} job "${job.id}": it is broken (${job.broken}); fix ${fix}`);
}

function definedAt(job: JobRecord): string {
  return `job "${job.id}" is defined in ${configFile(job)} (tasks.${job.id})`;
}

function configFile(job: JobRecord): string {
  return job.origin || 'the config';
}
