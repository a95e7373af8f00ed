// Reading a stored job definition without throwing, shared by the MySQL and SQLite stores: a row
// that cannot be read (edited by hand, written by another release) comes back with `broken` saying
// why, so one bad row cannot fail a claim or a listing of all the others.
import type { ExecutorName } from '../executors/types.js';
import type { TriggerType } from '../triggers/types.js';
import { JOB_SOURCES, RETRY_BACKOFFS, type JobSource } from './types.js';

/** The columns of `jobs` that can hold what a definition cannot be built from. */
export interface DefinitionColumns {
  trigger_type: string;
  trigger_args: string;
  params: string;
  executor: string;
  retry_backoff: string;
  retry_jitter: number;
  max_instances: number;
  max_attempts: number;
  misfire_grace_time: number | null;
  retry_delay: number;
  timeout: number | null;
  source: string;
  /** Set aside earlier (jobs.broken); NULL = fine. */
  broken: string | null;
}

export interface Definition {
  triggerArgs: Record<string, unknown>;
  params: Record<string, unknown>;
  /** Why the definition cannot be used; null when it can. */
  broken: string | null;
}

const TRIGGER_TYPES: readonly string[] = ['interval', 'cron', 'date'] satisfies TriggerType[];
const EXECUTORS: readonly string[] = ['default', 'process'] satisfies ExecutorName[];

export function readDefinition(row: DefinitionColumns): Definition {
  const problems: string[] = [];
  const json = (column: 'trigger_args' | 'params'): Record<string, unknown> => {
    try {
      const value: unknown = JSON.parse(row[column]);
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
      problems.push(`${column} is not a JSON object`);
    } catch {
      problems.push(`${column} is not valid JSON`);
    }
    return {};
  };
  const triggerArgs = json('trigger_args');
  const params = json('params');
  if (!TRIGGER_TYPES.includes(row.trigger_type)) problems.push(`unknown trigger_type ${JSON.stringify(row.trigger_type)}`);
  if (!EXECUTORS.includes(row.executor)) problems.push(`unknown executor ${JSON.stringify(row.executor)}`);
  if (!isJobSource(row.source)) problems.push(`unknown source ${JSON.stringify(row.source)}`);
  if (!(RETRY_BACKOFFS as readonly string[]).includes(row.retry_backoff)) problems.push(`unknown retry_backoff ${JSON.stringify(row.retry_backoff)}`);
  if (!(row.retry_jitter >= 0 && row.retry_jitter <= 1)) problems.push(`retry_jitter ${row.retry_jitter} is not a fraction from 0 to 1`);
  problems.push(...outOfBounds(row));
  return { triggerArgs, params, broken: row.broken ?? (problems.length > 0 ? problems.join('; ') : null) };
}

export function isJobSource(value: string): value is JobSource {
  return (JOB_SOURCES as readonly string[]).includes(value);
}

// What the config loader refuses, found in a row edited by hand: `max_instances = 0` would record
// every fire time skipped, a negative grace every run missed.
function outOfBounds(row: DefinitionColumns): string[] {
  const checks: Array<[string, unknown, boolean]> = [
    ['max_instances', row.max_instances, Number.isInteger(row.max_instances) && row.max_instances >= 1],
    ['max_attempts', row.max_attempts, Number.isInteger(row.max_attempts) && row.max_attempts >= 1],
    ['misfire_grace_time', row.misfire_grace_time, row.misfire_grace_time === null || row.misfire_grace_time >= 0],
    ['retry_delay', row.retry_delay, row.retry_delay >= 0],
    ['timeout', row.timeout, row.timeout === null || row.timeout > 0],
  ];
  return checks.filter(([, , ok]) => !ok).map(([column, value]) => `${column} ${String(value)} is out of bounds`);
}
