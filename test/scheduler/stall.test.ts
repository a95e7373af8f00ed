// A lock that holds the loop up is logged: the real Scheduler on a real MariaDB, a second
// connection holding `LOCK TABLES jobs WRITE`, and a stall threshold shortened from 30 s.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createConnection } from 'mysql2/promise';
import pino from 'pino';
import { systemClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config/index.js';
import type { Executor, ExecutorName, RunOutcome } from '../../src/executors/types.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { openStore } from '../../src/store/index.js';
import type { JobStore } from '../../src/store/types.js';
import { freshDatabase, needsDb } from '../helpers/db.js';
import { waitFor } from '../helpers/wait.js';
import { addJobs, jobRecord } from '../store/contract.js';

/** Runs every attempt at once, successfully. */
function instantExecutor(name: ExecutorName): Executor {
  return { name, freeSlots: () => 5, execute: async (): Promise<RunOutcome> => ({ status: 'succeeded' }), shutdown: async () => {} };
}

describe('stall watchdog on MariaDB', needsDb, () => {
  const db = freshDatabase('stall');
  const root = mkdtempSync(join(tmpdir(), 'stall-test-'));
  let store: JobStore;

  before(async () => {
    mkdirSync(join(root, 'config'));
    writeFileSync(join(root, 'env.yaml'), '');
    writeFileSync(join(root, 'config', 'dev.yaml'), 'tasks: {}\n');
    store = openStore(db.url, { poolSize: 4 });
    await store.migrate();
  });
  after(async () => {
    await store?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('logs one line when a cycle waits on a locked jobs table past the threshold, and one when it goes on', async () => {
    await addJobs(store, jobRecord('tick', { triggerArgs: { seconds: 1 }, nextRunTime: new Date() }));
    const lines: string[] = [];
    const messages = () => lines.map((l) => (JSON.parse(l) as { msg: string }).msg);
    const settings = { ...loadConfig({ root, env: {} }).settings, pollInterval: 1, heartbeatInterval: 1 };
    const scheduler = new Scheduler({
      store,
      executors: { default: instantExecutor('default'), process: instantExecutor('process') },
      clock: systemClock,
      settings,
      logger: pino({ level: 'info' }, { write: (line: string) => void lines.push(line) }),
      instanceId: 'me',
      stallWarningMs: 300,
    });
    const blocker = await createConnection({ uri: db.url });
    try {
      await blocker.query('LOCK TABLES jobs WRITE');
      scheduler.start();
      const stalled = await waitFor('the stall line', async () => messages().find((m) => m.startsWith('scheduler cycle stalled')));
      assert.match(stalled, /^scheduler cycle stalled for 0\.3s \(waiting for the database: (claiming due jobs|starting queued runs)\); a lock or a slow query\?$/);
      await blocker.query('UNLOCK TABLES');
    } finally {
      await blocker.end();
    }
    const recovered = await waitFor('the recovery line', async () => messages().find((m) => m.startsWith('scheduler cycle no longer stalled')));
    assert.match(recovered, /^scheduler cycle no longer stalled: (claiming due jobs|starting queued runs) ended after \d+(\.\d)?s$/);
    await waitFor('a run of tick recorded', async () => (await store.listRuns({ jobId: 'tick', status: 'succeeded', limit: 1 })).length > 0);
    await scheduler.stop();
    assert.equal(messages().filter((m) => m.startsWith('scheduler cycle stalled')).length, 1, 'one warning for the one stall');
  });
});
