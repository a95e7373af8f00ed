// The deployed tasks a job may name: the job API refuses a job whose task the executors could not
// run. Three kinds: a tasks directory (each module imported once, as at start-up), a `{ name: run }`
// map (an embedding application's functions), or a list of names (a client that administers jobs
// but runs none).
import type { ExecutorName } from '../executors/types.js';
import { checkTasks, TaskLoadError, type TaskModule } from '../tasks/loader.js';

export interface TaskCatalog {
  /** Resolves when `task` can run on `executor`; rejects with a TaskCatalogError otherwise. */
  check(task: string, executor: ExecutorName): Promise<void>;
}

/** Tasks given as functions (or modules) by the embedding application. */
export type TaskMap = Readonly<Record<string, TaskModule['run'] | TaskModule>>;

/** Why a task cannot be used, and which key of the spec says it (the caller names the job). */
export class TaskCatalogError extends Error {
  override readonly name = 'TaskCatalogError';
  constructor(
    readonly key: 'task' | 'executor',
    readonly reason: string,
  ) {
    super(`${key}: ${reason}`);
  }
}

// Names listed in a message, at most; a catalog may hold hundreds.
const LISTED_NAMES = 10;

/** A directory path, a task map, or a list of names. */
export function taskCatalog(source: string | readonly string[] | TaskMap): TaskCatalog {
  if (typeof source === 'string') return directoryCatalog(source);
  if (isNameList(source)) return namedCatalog(new Set(source), 'among the deployed tasks');
  const functions = namedCatalog(new Set(Object.keys(source)), 'in the tasks map');
  return {
    async check(task, executor) {
      await functions.check(task, executor);
      if (executor === 'process') {
        throw new TaskCatalogError('executor', `task "${task}" is a function in the tasks map; the process executor runs a module file, so it needs a tasks directory`);
      }
    },
  };
}

// Every executor runs a module file, so the executor does not matter here. Only successes are
// remembered: a module added to the directory later is found by the next call.
function directoryCatalog(dir: string): TaskCatalog {
  const loaded = new Set<string>();
  return {
    async check(task) {
      if (loaded.has(task)) return;
      try {
        await checkTasks(dir, [task]);
      } catch (error) {
        if (error instanceof TaskLoadError) throw new TaskCatalogError('task', error.message);
        throw error;
      }
      loaded.add(task);
    },
  };
}

function namedCatalog(names: ReadonlySet<string>, where: string): TaskCatalog {
  return {
    async check(task) {
      if (names.has(task)) return;
      const known = [...names].sort();
      const listed = known.length > LISTED_NAMES ? `${known.slice(0, LISTED_NAMES).join(', ')}, …` : known.join(', ');
      throw new TaskCatalogError('task', `no task "${task}" ${where} (${known.length === 0 ? 'it is empty' : `known: ${listed}`})`);
    },
  };
}

function isNameList(source: readonly string[] | TaskMap): source is readonly string[] {
  return Array.isArray(source);
}
