// How the CLI words a job (the job API's Job view): its trigger, state, source and schedule, for
// `jobs`, `job ID` and the lines the write verbs print.
import type { Job } from '../jobs/types.js';
import { jobStateOf } from '../jobs/views.js';
import { createTrigger, type Trigger } from '../triggers/index.js';
import { utc } from './table.js';

/** The trigger built from the view; null for a stored definition that cannot be built (broken). */
function triggerOf(job: Job): Trigger | null {
  try {
    // Neither the zone nor the description depends on the anchor, but for a `date` without
    // run_date (it fires when stored, a moment the view does not carry): its pending run is that.
    return createTrigger(job.trigger, job.args, { defaultTimezone: job.timezone, anchor: job.next_run_time ?? new Date() });
  } catch {
    return null;
  }
}

/** `cron[hour='9']`, or the raw type and arguments when they cannot be built. */
export function describeTrigger(job: Job): string {
  return triggerOf(job)?.describe() ?? `${job.trigger} ${JSON.stringify(job.args)}`;
}

/** The zone the trigger reads its fields in: `args.timezone`, else the job's. */
export function triggerZone(job: Job): string {
  return triggerOf(job)?.timezone ?? job.timezone;
}

/** `scheduled`, `paused`, `finished` or `broken: <reason>`. */
export function jobState(job: Job): string {
  const state = jobStateOf(job);
  return state === 'broken' ? `broken: ${job.broken}` : state;
}

/** Where the definition lives: `config/prod.yaml (tasks.report)` or `api (by cli)`. */
export function jobSource(job: Job): string {
  return job.source === 'config' ? `${job.origin} (tasks.${job.id})` : `api (by ${job.origin || 'unknown'})`;
}

/** `config` or `api (cli)`: the short form for a table column. */
export function shortSource(job: Job): string {
  return job.source === 'config' ? 'config' : `api (${job.origin || 'unknown'})`;
}

/** What happens next: `next run 2030-01-01 09:00:00.000Z`, or why nothing will. */
export function schedule(job: Job): string {
  if (job.broken !== null) return `broken (${job.broken}): it runs again once its definition is written again`;
  if (job.paused) return `paused: it runs again once resumed (scheduler resume ${job.id})`;
  if (job.finished) return 'finished: its trigger has no further fire time';
  return `next run ${utc(job.next_run_time)}`;
}

/** Pretty JSON of a view; Dates as ISO 8601 UTC (null for what no Date holds). */
export function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
