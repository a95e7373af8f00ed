// SPEC §6 sync rules, as a pure planner: configured jobs go into the store at start. The sync
// manages the rows the config owns (source 'config'); rows the job API wrote (source 'api')
// survive restarts and config changes untouched.
//  - new job → inserted with its first fire time, as a config row of `file` at version 1;
//  - unchanged trigger → keeps next_run_time (missed runs are caught up) and its pause;
//  - changed trigger → a new next_run_time from now (still paused if it was);
//  - changed settings only (attempts, retry backoff, grace, …) → updated, schedule kept;
//  - every update moves the version on by one and records `file` as the origin;
//  - config row no longer configured → removed;
//  - configured id held by an API row → start-up stops (ConfigError naming both), nothing written.
import { ConfigError } from '../config/errors.js';
import type { TaskDef } from '../config/types.js';
import type { JobRecord, JobSpec, SyncPlan, SyncPlanner } from '../store/types.js';
import { triggerIdentity } from './trigger-identity.js';
import { triggerOf } from './triggers.js';

/** `file`: the config file the tasks come from (Config.files.tasks, e.g. `config/prod.yaml`). */
export function syncPlanner(defs: TaskDef[], now: Date, file: string): SyncPlanner {
  return (stored) => planSync(defs, stored, now, file);
}

export function planSync(specs: JobSpec[], stored: JobRecord[], now: Date, file: string): SyncPlan {
  const existing = new Map(stored.map((job) => [job.id, job]));
  const plan: SyncPlan = { insert: [], update: [], remove: [] };
  for (const spec of specs) {
    const job = existing.get(spec.id);
    if (job === undefined) {
      plan.insert.push({ ...spec, paused: false, definedAt: now, nextRunTime: firstFire(spec, now), source: 'config', origin: file, version: 1 });
      continue;
    }
    if (job.source !== 'config') throw heldByApi(file, job);
    const update = updateOf(spec, job, now);
    if (update) plan.update.push({ ...spec, ...update, source: 'config', origin: file, version: job.version + 1 });
  }
  const configured = new Set(specs.map((s) => s.id));
  plan.remove = stored.filter((job) => job.source === 'config' && !configured.has(job.id)).map((job) => job.id);
  return plan;
}

export type Schedule = Pick<JobRecord, 'paused' | 'definedAt' | 'nextRunTime'>;

/**
 * The schedule a stored job is written with, or null when the spec changes nothing: the sync's
 * rule, which the job API's addJob(…, { onConflict: 'update' }) and modifyJob follow too.
 */
export function updateOf(spec: JobSpec, job: JobRecord, now: Date): Schedule | null {
  const { paused } = job;
  if (!sameTrigger(job, spec)) return { paused, definedAt: now, nextRunTime: paused ? null : firstFire(spec, now) };
  // A broken job is written again, which clears it (its next_run_time is kept; one that could
  // not be read is planned anew).
  if (job.broken !== undefined) return { paused, definedAt: job.definedAt, nextRunTime: job.nextRunTime ?? (paused ? null : firstFire(spec, now)) };
  if (!sameSettings(job, spec)) return { paused, definedAt: job.definedAt, nextRunTime: job.nextRunTime };
  return null;
}

// Overwriting it would lose a job someone added at runtime; deleting it later would too. The
// user decides which one keeps the id.
function heldByApi(file: string, job: JobRecord): ConfigError {
  const held = job.broken === undefined ? `already exists, added at runtime (by ${job.origin || 'an unknown caller'}, version ${job.version})` : `is stored and not the config's (${job.broken})`;
  return new ConfigError(file, `tasks.${job.id}`, `job "${job.id}" ${held}: remove it (scheduler remove ${job.id}) or rename this task`);
}

/** A new job's first fire time: the first at or after `now`, the trigger anchored at `now`. */
export function firstFire(spec: JobSpec, now: Date): Date | null {
  return triggerOf(spec, now).next(null, now);
}

// The same schedule, however it is spelt (trigger-identity.ts): a rewrite of the same instant must
// not reset next_run_time and fire a `date` job again.
export function sameTrigger(a: JobSpec, b: JobSpec): boolean {
  return canonical(triggerIdentity(a)) === canonical(triggerIdentity(b));
}

export function sameSettings(a: JobSpec, b: JobSpec): boolean {
  return (
    a.task === b.task && a.executor === b.executor && a.coalesce === b.coalesce && a.maxInstances === b.maxInstances &&
    a.misfireGraceTime === b.misfireGraceTime && a.maxAttempts === b.maxAttempts && a.retryDelay === b.retryDelay &&
    a.retryBackoff === b.retryBackoff && a.retryDelayMax === b.retryDelayMax && a.retryJitter === b.retryJitter &&
    a.timeout === b.timeout && canonical(a.params) === canonical(b.params)
  );
}

/** JSON with sorted keys, so key order in the YAML does not count as a change. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}
