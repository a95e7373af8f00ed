// config/<env>.yaml → TaskDef[]. Trigger args are validated by building the trigger once, so a
// bad cron expression stops start-up with the key path of the offending argument.
import { createTrigger, TriggerArgError, type TriggerType } from '../triggers/index.js';
import type { ConfigNode } from './reader.js';
import { opt, readJobDefaults } from './settings.js';
import type { Settings, TaskDef } from './types.js';

const TASK_KEYS = [
  'trigger', 'args', 'task', 'params', 'executor', 'timezone', 'coalesce', 'max_instances',
  'misfire_grace_time', 'max_attempts', 'retry_delay', 'timeout', 'enabled',
] as const;
const TRIGGERS: readonly TriggerType[] = ['interval', 'cron', 'date'];
// A job id is a VARCHAR(191) key and appears in CLI commands: keep it to a safe alphabet.
const ID_PATTERN = /^[A-Za-z0-9_.:-]{1,191}$/;
const MODULE_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/;

export function readTasks(doc: ConfigNode, settings: Settings): TaskDef[] {
  const tasksNode = doc.object(['tasks']).get('tasks') ?? doc.child('tasks', undefined);
  const tasks: TaskDef[] = [];
  for (const [id, node] of tasksNode.entries()) {
    if (!ID_PATTERN.test(id)) node.fail('a task name may only contain letters, digits and _ . : - (at most 191)');
    const def = readTask(id, node, settings);
    if (def) tasks.push(def);
  }
  return tasks;
}

function readTask(id: string, node: ConfigNode, settings: Settings): TaskDef | null {
  const keys = node.object(TASK_KEYS);
  if (!opt(keys.get('enabled'), (n) => n.boolean(), true)) return null;
  const triggerNode = keys.get('trigger') ?? node.fail('missing key "trigger" (interval, cron or date)');
  const trigger = triggerNode.oneOf(TRIGGERS);
  const argsNode = keys.get('args') ?? node.child('args', undefined);
  const args = argsNode.record();
  const timezone = opt(keys.get('timezone'), (n) => n.string(), settings.timezone);
  const taskNode = keys.get('task');
  const task = taskNode ? taskNode.string() : id;
  if (!MODULE_PATTERN.test(task)) (taskNode ?? node).fail(`"${task}" is not a module name under tasks/`);
  checkTrigger(trigger, args, timezone, argsNode, keys.get('timezone'));
  const defaults = readJobDefaults(keys, settings.jobDefaults);
  return {
    id,
    task,
    triggerType: trigger,
    triggerArgs: args,
    timezone,
    params: (keys.get('params') ?? node.child('params', undefined)).record(),
    executor: opt(keys.get('executor'), (n) => n.oneOf(['default', 'process'] as const), 'default'),
    ...defaults,
    maxAttempts: opt(keys.get('max_attempts'), (n) => n.number({ min: 1, integer: true }), 1),
    retryDelay: opt(keys.get('retry_delay'), (n) => n.number({ min: 0 }), 0),
    timeout: opt(keys.get('timeout'), (n) => positive(n), null),
  };
}

function positive(n: ConfigNode): number {
  const value = n.number({ min: 0 });
  if (value === 0) n.fail('must be greater than 0');
  return value;
}

function checkTrigger(type: TriggerType, args: Readonly<Record<string, unknown>>, timezone: string, argsNode: ConfigNode, tzNode: ConfigNode | undefined): void {
  try {
    createTrigger(type, args, { defaultTimezone: timezone, anchor: new Date() });
  } catch (error) {
    if (!(error instanceof TriggerArgError)) throw error;
    // A bad task-level timezone is reported at the task's key, not under args.
    if (error.key === 'timezone' && !('timezone' in args) && tzNode) tzNode.fail(error.message);
    (error.key ? argsNode.child(error.key, args[error.key]) : argsNode).fail(error.message);
  }
}
