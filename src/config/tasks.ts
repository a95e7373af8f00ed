// config/<env>.yaml → TaskDef[]. Trigger args are validated by building the trigger once, so a
// bad cron expression stops start-up with the key path of the offending argument. The job API
// (src/jobs/spec.ts) reads its specs through readTask too, so both give the same one-line errors.
import { createTrigger, TriggerArgError, type Trigger, type TriggerType } from '../triggers/index.js';
import type { ConfigNode } from './reader.js';
import { storableJson } from './json.js';
import { MAX_INT, MAX_NAME_LENGTH, MAX_RUN_SECONDS } from './limits.js';
import { opt, readJobDefaults } from './settings.js';
import { RETRY_BACKOFFS } from '../store/types.js';
import type { ConfigWarning, Settings, TaskDef } from './types.js';

/** What defines a job, in YAML and in the job API alike (each adds its own: `enabled`, `paused`). */
export const TASK_KEYS = [
  'trigger', 'args', 'task', 'params', 'executor', 'timezone', 'coalesce', 'max_instances',
  'misfire_grace_time', 'max_attempts', 'retry_delay', 'retry_backoff', 'retry_delay_max', 'retry_jitter', 'timeout',
] as const;
const TRIGGERS: readonly TriggerType[] = ['interval', 'cron', 'date'];
// A job id is a VARCHAR(191) key and appears in CLI commands: keep it to a safe alphabet.
const ID_PATTERN = /^[A-Za-z0-9_.:-]{1,191}$/;
const MODULE_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/;

/** What a job definition falls back to: env.yaml's zone and job_defaults. */
export type TaskSettings = Pick<Settings, 'timezone' | 'jobDefaults'>;

export function readTasks(doc: ConfigNode, settings: TaskSettings, now: Date): { tasks: TaskDef[]; warnings: ConfigWarning[] } {
  const tasksNode = doc.object(['tasks']).get('tasks') ?? doc.child('tasks', undefined);
  const tasks: TaskDef[] = [];
  const warnings: ConfigWarning[] = [];
  for (const [id, node] of tasksNode.entries()) {
    checkJobId(id, node);
    const keys = node.object([...TASK_KEYS, 'enabled']);
    if (opt(keys.get('enabled'), (n) => n.boolean(), true)) tasks.push(readTask(id, node, keys, settings, now, warnings));
  }
  return { tasks, warnings };
}

// "." and "..": a URL path takes them for "here" and "up" (/api/v1/jobs/.. is /api/v1/), so no
// route of the HTTP API or the dashboard could name such a job.
const DOT_SEGMENT = /^\.\.?$/;

export function isJobId(id: string): boolean {
  return ID_PATTERN.test(id) && !DOT_SEGMENT.test(id);
}

/** The id rule: `node` is where a bad id is reported (the task's key in YAML, `id` in the API). */
export function checkJobId(id: string, node: ConfigNode): void {
  if (DOT_SEGMENT.test(id)) node.fail(`a job id cannot be "${id}": a URL reads it as a path step, so /api/v1/jobs/${id} would name no job`);
  if (!isJobId(id)) node.fail('a job id may only contain letters, digits and _ . : - (at most 191 characters)');
}

/**
 * One job definition from its keys (`node.object(…)` of TASK_KEYS and the caller's own keys, which
 * this ignores). Absent settings fall back to `settings`.
 */
export function readTask(id: string, node: ConfigNode, keys: Map<string, ConfigNode>, settings: TaskSettings, now: Date, warnings: ConfigWarning[]): TaskDef {
  const triggerNode = keys.get('trigger') ?? node.fail('missing key "trigger" (interval, cron or date)');
  const trigger = triggerNode.oneOf(TRIGGERS);
  const argsNode = keys.get('args') ?? node.child('args', undefined);
  const args = storableJson(argsNode);
  const timezone = opt(keys.get('timezone'), (n) => n.string(), settings.timezone);
  const taskNode = keys.get('task');
  const task = taskNode ? taskNode.string() : id;
  if (!MODULE_PATTERN.test(task)) (taskNode ?? node).fail(`"${task}" is not a module name under tasks/`);
  if (task.length > MAX_NAME_LENGTH) (taskNode ?? node).fail(`a module name may be at most ${MAX_NAME_LENGTH} characters, got ${task.length}`);
  // A valid cron with no fire time ahead (30 February, a past year or end_date) is finished from the
  // start: say so. (An interval without start_date depends on when it was stored, unknown here.)
  const built = checkTrigger(trigger, args, timezone, argsNode, keys.get('timezone'), now);
  if (trigger === 'cron' && built.next(null, now) === null) {
    warnings.push({ jobId: id, message: `${argsNode.file}: ${argsNode.path}: this cron never fires from now on (no date matches it, or its end_date is past): job ${id} is finished` });
  }
  const defaults = readJobDefaults(keys, settings.jobDefaults);
  return {
    id,
    task,
    triggerType: trigger,
    triggerArgs: args,
    timezone,
    params: storableJson(keys.get('params') ?? node.child('params', undefined)),
    executor: opt(keys.get('executor'), (n) => n.oneOf(['default', 'process'] as const), 'default'),
    ...defaults,
    maxAttempts: opt(keys.get('max_attempts'), (n) => n.number({ min: 1, max: MAX_INT, integer: true }), 1),
    ...readRetry(keys),
    timeout: opt(keys.get('timeout'), (n) => positive(n), null),
  };
}

/** retry_delay and its backoff (scheduler/retry-delay.ts); a cap below the first delay is a mistake. */
function readRetry(keys: Map<string, ConfigNode>): Pick<TaskDef, 'retryDelay' | 'retryBackoff' | 'retryDelayMax' | 'retryJitter'> {
  const retryDelay = opt(keys.get('retry_delay'), (n) => n.number({ min: 0, max: MAX_RUN_SECONDS }), 0);
  const retryDelayMax = opt(keys.get('retry_delay_max'), (n) => atLeast(n.number({ min: 0, max: MAX_RUN_SECONDS }), retryDelay, 'retry_delay', n), null);
  return {
    retryDelay,
    retryBackoff: opt(keys.get('retry_backoff'), (n) => n.oneOf(RETRY_BACKOFFS), 'fixed'),
    retryDelayMax,
    retryJitter: opt(keys.get('retry_jitter'), (n) => n.number({ min: 0, max: 1 }), 0),
  };
}

function atLeast(value: number, floor: number, floorKey: string, n: ConfigNode): number {
  if (value < floor) n.fail(`must be at least ${floorKey} (${floor}), got ${value}`);
  return value;
}

function positive(n: ConfigNode): number {
  const value = n.number({ min: 0, max: MAX_RUN_SECONDS });
  if (value === 0) n.fail('must be greater than 0');
  return value;
}

/** The trigger built once from the args (a bad argument fails at its key path). */
function checkTrigger(type: TriggerType, args: Readonly<Record<string, unknown>>, timezone: string, argsNode: ConfigNode, tzNode: ConfigNode | undefined, now: Date): Trigger {
  try {
    return createTrigger(type, args, { defaultTimezone: timezone, anchor: now });
  } catch (error) {
    if (!(error instanceof TriggerArgError)) throw error;
    // A bad task-level timezone is reported at the task's key, not under args.
    if (error.key === 'timezone' && !('timezone' in args) && tzNode) tzNode.fail(error.message);
    return (error.key ? argsNode.child(error.key, args[error.key]) : argsNode).fail(error.message);
  }
}
