// Temporary project folders for loadConfig: env.yaml and config/<env>.yaml written by the test.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config/index.js';

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

/** The one-line ConfigError that loading these files gives; fails the test when they load. */
export function loadError(files: Record<string, string>, env: Record<string, string> = {}): ConfigError {
  try {
    loadConfig({ root: project(files), env });
  } catch (error) {
    assert.ok(error instanceof ConfigError, `a ConfigError, got ${String(error)}`);
    assert.equal(error.message.includes('\n'), false, 'one line');
    return error;
  }
  assert.fail('loadConfig accepted the value');
}
