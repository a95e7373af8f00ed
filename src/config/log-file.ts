// logging.file: checked at load, so a directory or an unwritable path is a configuration error
// naming the key instead of a stack trace from the logger at start. Writability is tried, not
// read from permission bits (root passes every access() check, yet cannot create files in /proc).
import { closeSync, openSync, statSync, unlinkSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ConfigNode } from './reader.js';

export function checkLogFile(n: ConfigNode, root: string): string | null {
  const file = n.string();
  if (file === '') return null;
  const path = resolve(root, file);
  const existing = stat(path);
  if (existing?.isDirectory()) n.fail(`"${file}" is a directory (expected a file path)`);
  if (existing) return opens(path, 'a') ? file : n.fail(`"${file}" is not writable`);
  // The logger creates missing directories: the nearest existing ancestor must be a writable directory.
  let dir = dirname(path);
  while (!stat(dir)) dir = dirname(dir);
  if (!stat(dir)!.isDirectory()) n.fail(`"${file}" cannot be created: ${dir} is not a directory`);
  const probe = join(dir, `.scheduler-log-probe-${process.pid}`);
  if (!opens(probe, 'wx')) n.fail(`"${file}" cannot be created: ${dir} is not writable`);
  unlinkSync(probe);
  return file;
}

/** undefined when nothing is there (or a parent is a file: the walk up then finds that file). */
function stat(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

function opens(path: string, flags: 'a' | 'wx'): boolean {
  try {
    closeSync(openSync(path, flags));
    return true;
  } catch {
    return false;
  }
}
