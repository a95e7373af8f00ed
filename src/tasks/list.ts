// The tasks a scheduler offers, by the names a job gives them (`report`, `billing/invoice`): the
// dashboard's task choice. Listing only: whether a module loads and
// exports `run` is the job API's check (TaskCatalog) when a job names it.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TaskSource } from './source.js';

const MODULE = /^(.+)\.(ts|js|mjs)$/;
/** Folders deeper than this are not looked into (a stray node_modules would be walked forever). */
const MAX_DEPTH = 4;

/** The task names a source offers: a directory's modules, or a map's keys. */
export function taskNamesOf(source: TaskSource): string[] {
  return 'dir' in source ? listTaskModules(source.dir) : Object.keys(source.map).sort();
}

export function listTaskModules(dir: string): string[] {
  const names = new Set<string>();
  walk(dir, '', 0, names);
  return [...names].sort();
}

function walk(dir: string, prefix: string, depth: number, names: Set<string>): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return; // no tasks directory: no tasks
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    if (entry.isDirectory()) {
      if (depth < MAX_DEPTH) walk(join(dir, entry.name), `${prefix}${entry.name}/`, depth + 1, names);
      continue;
    }
    const match = MODULE.exec(entry.name);
    if (match && !entry.name.endsWith('.d.ts')) names.add(prefix + match[1]);
  }
}
