// Finds and imports task modules (tasks/<name>.ts|.js|.mjs) and checks they export `run`.
// Every failure is a TaskLoadError whose message is one line naming the file, because it ends up
// in a start-up error or in a run's `error` column, where a stack trace would only be noise.
import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TaskModule } from '../task.js';

// The task author's types live in the package's `mysql-scheduler/task` entry (src/task.ts).
export type { TaskContext, TaskModule } from '../task.js';

export class TaskLoadError extends Error {
  override readonly name = 'TaskLoadError';
  constructor(
    /** The task name as configured. */
    readonly task: string,
    /** The file looked at (or the extensionless base when none exists). */
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

// .ts for development through tsx; a compiled deployment only has .js (or hand-written .mjs).
const EXTENSIONS = ['.ts', '.js', '.mjs'] as const;

/** The path of the module for task `name`; throws TaskLoadError when there is none. */
export function resolveTaskFile(tasksDir: string, name: string): string {
  const base = resolve(tasksDir, name);
  if (!isValidName(name)) {
    throw new TaskLoadError(name, base, `${displayPath(base)}: invalid task name "${name}"`);
  }
  const found = EXTENSIONS.map((ext) => base + ext).find((file) => existsSync(file));
  if (found) return found;
  const shown = displayPath(base);
  throw new TaskLoadError(
    name,
    base,
    `${shown}: no such task module (looked for ${shown}${EXTENSIONS[0]}, ${EXTENSIONS.slice(1).join(', ')})`,
  );
}

/** Imports task `name` and checks it exports a function `run`. */
export async function loadTask(tasksDir: string, name: string): Promise<TaskModule> {
  const file = resolveTaskFile(tasksDir, name);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (err) {
    throw new TaskLoadError(name, file, importFailure(file, err));
  }
  if (typeof mod.run !== 'function') {
    throw new TaskLoadError(name, file, `${displayPath(file)}: module does not export a function "run"`);
  }
  return mod as unknown as TaskModule;
}

/** Loads every named task (at start, before anything is scheduled); throws the first failure. */
export async function checkTasks(tasksDir: string, names: readonly string[]): Promise<void> {
  for (const name of new Set(names)) await loadTask(tasksDir, name);
}

// Names come from configuration: sub-folders are fine, escaping the tasks folder is not.
function isValidName(name: string): boolean {
  if (name === '' || isAbsolute(name) || name.includes('\\')) return false;
  return name.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/** Relative to the working directory when inside it (what a user typed), absolute otherwise. */
function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}

// One line out of an import failure. tsx reports syntax errors as
// "Transform failed with 1 error:\n/abs/file.ts:2:9: ERROR: Expected …": the second line is the
// useful one, and its absolute path is shortened like every other path we print.
function importFailure(file: string, err: unknown): string {
  const shown = displayPath(file);
  if (!(err instanceof Error)) return `${shown}: ${String(err)}`;
  const lines = err.message.split('\n').filter((line) => line.trim() !== '');
  const line = lines.find((l) => !/^Transform failed with \d+ errors?:?$/.test(l)) ?? err.name;
  if (line.startsWith(file)) return shown + line.slice(file.length).replace(': ERROR: ', ': syntax error: ');
  const prefix = err.name && err.name !== 'Error' ? `${err.name}: ` : '';
  return `${shown}: ${prefix}${line}`;
}

