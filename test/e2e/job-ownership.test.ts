// Issue 11 §1 at start-up: the sync manages the config's jobs only. A job added at runtime
// (source 'api', written here through the store as the job API writes it) survives restarts with
// a changed YAML, keeping its next run time, grid anchor and pause; a YAML task whose id such a
// job holds stops start-up with one line naming both, and nothing is written.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openStore } from '../../src/store/index.js';
import type { JobRecord } from '../../src/store/types.js';
import { freshDatabase, needsDb } from '../helpers/db.js';
import { makeProject, runCommand, ServiceProcess } from '../helpers/service.js';

const NOOP = 'export function run() {}\n';
const task = (id: string, seconds: number) => `  ${id}:\n    task: noop\n    trigger: interval\n    args: { seconds: ${seconds} }\n`;

/** An API job far from due, so no run moves it while the service is up. */
function apiJob(id: string, overrides: Partial<JobRecord> = {}): JobRecord {
  const now = Date.now();
  return {
    id, task: 'noop', triggerType: 'interval', triggerArgs: { hours: 24 }, timezone: 'UTC', params: { user: 7 }, executor: 'default',
    coalesce: true, maxInstances: 1, misfireGraceTime: null, maxAttempts: 1, retryDelay: 0, retryBackoff: 'fixed', retryDelayMax: null,
    retryJitter: 0, timeout: null, nextRunTime: new Date(now + 3_600_000), paused: false, definedAt: new Date(now - 20 * 3_600_000),
    source: 'api', origin: 'cli', version: 3, ...overrides,
  };
}

describe('start-up sync and jobs added at runtime', needsDb, () => {
  const db = freshDatabase('owner');
  const env = { JOBSTORE_URL: db.url };

  async function withStore<T>(fn: (store: ReturnType<typeof openStore>) => Promise<T>): Promise<T> {
    const store = openStore(db.url);
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  }

  async function startAndStop(root: string): Promise<void> {
    const service = new ServiceProcess(root, env);
    try {
      await service.waitForLine(/scheduler started/, 60_000);
    } finally {
      assert.equal((await service.stop()).code, 0);
    }
  }

  it('keeps runtime jobs across restarts with a changed config: schedule, anchor, pause and version', async () => {
    const kept = [apiJob('nightly'), apiJob('on-hold', { paused: true, nextRunTime: null, version: 5 })];
    await withStore(async (store) => {
      await store.migrate();
      for (const job of kept) await store.writeJob(job.id, () => ({ write: { insert: job }, result: null }));
    });
    const root = makeProject({ config: `tasks:\n${task('tick', 3600)}`, tasks: { noop: NOOP } });
    await startAndStop(root);
    writeFileSync(join(root, 'config', 'test.yaml'), `tasks:\n${task('tock', 3600)}`);
    await startAndStop(root);
    const jobs = await withStore((store) => store.listJobs());
    assert.deepEqual(jobs.filter((j) => j.source === 'api'), kept);
    assert.deepEqual(jobs.filter((j) => j.source === 'config').map((j) => [j.id, j.origin, j.version]), [['tock', 'config/test.yaml', 1]]);
  });

  it('stops start-up with one line when a configured id is held by a runtime job, writing nothing', async () => {
    const before = await withStore((store) => store.listJobs());
    const root = makeProject({ config: `tasks:\n${task('fresh', 60)}${task('nightly', 60)}`, tasks: { noop: NOOP } });
    const result = await runCommand(root, env, ['start']);
    assert.equal(result.code, 1);
    assert.deepEqual(result.stderr.split('\n').filter(Boolean), [
      'error: config/test.yaml: tasks.nightly: job "nightly" already exists, added at runtime (by cli, version 3): remove it (scheduler remove nightly) or rename this task',
    ]);
    assert.deepEqual(await withStore((store) => store.listJobs()), before, 'no job added, none removed');
  });
});
