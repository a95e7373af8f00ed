// Where a scheduler's tasks come from: a directory of modules (tasks/<name>.ts|.js|.mjs, the
// service's and the CLI's way) or a map of functions given in code (an embedding application's).
// Each resolves a task name to what runs it (the in-process executor's TaskResolver).
import { join } from 'node:path';
import { ConfigError } from '../config/errors.js';
import type { TaskMap, TaskModule } from '../task.js';
import { loadTask, TaskLoadError } from './loader.js';

export type TaskSource = { readonly dir: string } | { readonly map: TaskMap };

/** The tasks folder of a project: `<root>/tasks`, next to env.yaml and config/. */
export function tasksDirIn(root: string): string {
  return join(root, 'tasks');
}

/** Finds a task's module by name; throws TaskLoadError (one line) when there is none. */
export interface TaskResolver {
  load(name: string): Promise<TaskModule>;
}

/** Module files by name, imported once. A failed import is not kept, so the next attempt retries it. */
export class TaskCache implements TaskResolver {
  private readonly modules = new Map<string, Promise<TaskModule>>();

  constructor(private readonly tasksDir: string) {}

  load(name: string): Promise<TaskModule> {
    let module = this.modules.get(name);
    if (!module) {
      module = loadTask(this.tasksDir, name);
      this.modules.set(name, module);
      module.catch(() => this.modules.delete(name));
    }
    return module;
  }
}

/** The tasks of a map, each as a TaskModule. */
export class TaskMapResolver implements TaskResolver {
  constructor(private readonly map: TaskMap) {}

  async load(name: string): Promise<TaskModule> {
    const task = Object.hasOwn(this.map, name) ? this.map[name] : undefined;
    if (task === undefined) throw new TaskLoadError(name, name, `no task "${name}" in the tasks map`);
    return typeof task === 'function' ? { run: task } : task;
  }
}

export function taskResolver(source: TaskSource): TaskResolver {
  return 'dir' in source ? new TaskCache(source.dir) : new TaskMapResolver(source.map);
}

/**
 * Checks a `tasks` map given by code (the caller's object, unchecked by TypeScript at run time):
 * each value is a function or has a function `run`. `file` names the option in the error.
 */
export function checkTaskMap(map: unknown, file: string): TaskMap {
  if (typeof map !== 'object' || map === null || Array.isArray(map)) throw new ConfigError(file, 'tasks', 'expected a directory path or a map of task names to functions');
  for (const [name, task] of Object.entries(map)) {
    const run: unknown = typeof task === 'function' ? task : (task as { run?: unknown } | null)?.run;
    if (typeof run !== 'function') throw new ConfigError(file, `tasks.${name}`, 'expected a function, or an object with a function "run"');
  }
  return map as TaskMap;
}
