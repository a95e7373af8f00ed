// SPEC §6 sync rules, as a pure planner: configured jobs go into the store at start.
//  - new job → inserted with its first fire time;
//  - unchanged trigger → keeps next_run_time (missed runs are caught up) and its pause;
//  - changed trigger → a new next_run_time from now (still paused if it was);
//  - changed settings only (attempts, retry backoff, grace, …) → updated, schedule kept;
//  - stored job no longer configured → removed.
import type { TaskDef } from '../config/types.js';
import type { JobRecord, JobSpec, SyncPlan, SyncPlanner } from '../store/types.js';
import { triggerIdentity } from './trigger-identity.js';
import { triggerOf } from './triggers.js';

export function syncPlanner(defs: TaskDef[], now: Date): SyncPlanner {
  return (stored) => planSync(defs, stored, now);
}

export function planSync(specs: JobSpec[], stored: JobRecord[], now: Date): SyncPlan {
  const existing = new Map(stored.map((job) => [job.id, job]));
  const plan: SyncPlan = { insert: [], update: [], remove: [] };
  for (const spec of specs) {
    const job = existing.get(spec.id);
    if (!job) plan.insert.push({ ...spec, paused: false, definedAt: now, nextRunTime: firstFire(spec, now) });
    else if (!sameTrigger(job, spec)) plan.update.push({ ...spec, paused: job.paused, definedAt: now, nextRunTime: job.paused ? null : firstFire(spec, now) });
    // A broken job is written again, which clears it (its next_run_time is kept; one that could
    // not be read is planned anew).
    else if (job.broken !== undefined) plan.update.push({ ...spec, paused: job.paused, definedAt: job.definedAt, nextRunTime: job.nextRunTime ?? (job.paused ? null : firstFire(spec, now)) });
    else if (!sameSettings(job, spec)) plan.update.push({ ...spec, paused: job.paused, definedAt: job.definedAt, nextRunTime: job.nextRunTime });
  }
  const configured = new Set(specs.map((s) => s.id));
  plan.remove = stored.filter((job) => !configured.has(job.id)).map((job) => job.id);
  return plan;
}

function firstFire(spec: JobSpec, now: Date): Date | null {
  return triggerOf(spec, now).next(null, now);
}

// The same schedule, however it is spelt (trigger-identity.ts): a rewrite of the same instant must
// not reset next_run_time and fire a `date` job again.
function sameTrigger(a: JobSpec, b: JobSpec): boolean {
  return canonical(triggerIdentity(a)) === canonical(triggerIdentity(b));
}

function sameSettings(a: JobSpec, b: JobSpec): boolean {
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
