// Temporary project folders for loadConfig: env.yaml and config/<env>.yaml written by the test.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after } from 'node:test';

const roots: string[] = [];
after(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** A folder holding the given files (path relative to the folder → text); removed after the suite. */
export function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'config-test-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}
