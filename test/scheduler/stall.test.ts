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

  /** A Scheduler on the test database with one job due every second, logging to `lines`. */
  async function scheduler(lines: string[]): Promise<Scheduler> {
    await db.query('TRUNCATE TABLE runs');
    await db.query('TRUNCATE TABLE jobs');
    await addJobs(store, jobRecord('tick', { triggerArgs: { seconds: 1 }, nextRunTime: new Date() }));
    return new Scheduler({
      store,
      executors: { default: instantExecutor('default'), process: instantExecutor('process') },
      clock: systemClock,
      settings: { ...loadConfig({ root, env: {} }).settings, pollInterval: 1, heartbeatInterval: 1 },
      logger: pino({ level: 'info' }, { write: (line: string) => void lines.push(line) }),
      instanceId: 'me',
      stallWarningMs: 300,
    });
  }

  const messagesOf = (lines: string[]) => lines.map((l) => (JSON.parse(l) as { msg: string }).msg);
  const ticks = async () => (await store.listRuns({ jobId: 'tick', status: 'succeeded', limit: 1000 })).length;

  it('logs one line when a cycle waits on a locked jobs table past the threshold, and one when it goes on', async () => {
    const lines: string[] = [];
    const messages = () => messagesOf(lines);
    const loop = await scheduler(lines);
    const blocker = await createConnection({ uri: db.url });
    try {
      await blocker.query('LOCK TABLES jobs WRITE');
      loop.start();
      const stalled = await waitFor('the stall line', async () => messages().find((m) => m.startsWith('scheduler cycle stalled')));
      assert.match(stalled, /^scheduler cycle stalled for 0\.3s \(waiting for the database: (claiming due jobs|starting queued runs)\); a lock or a slow query\?$/);
      await blocker.query('UNLOCK TABLES');
    } finally {
      await blocker.end();
    }
    const recovered = await waitFor('the recovery line', async () => messages().find((m) => m.startsWith('scheduler cycle no longer stalled')));
    assert.match(recovered, /^scheduler cycle no longer stalled: (claiming due jobs|starting queued runs) ended after \d+(\.\d)?s$/);
    await waitFor('a run of tick recorded', async () => (await ticks()) > 0);
    await loop.stop();
    assert.equal(messages().filter((m) => m.startsWith('scheduler cycle stalled')).length, 1, 'one warning for the one stall');
  });

  it('logs a heartbeat held up by a lock on the instances table, while the cycle goes on running jobs', async () => {
    const lines: string[] = [];
    const messages = () => messagesOf(lines);
    const loop = await scheduler(lines);
    const blocker = await createConnection({ uri: db.url });
    try {
      await blocker.query('LOCK TABLES instances WRITE');
      loop.start();
      const stalled = await waitFor('the stall line', async () => messages().find((m) => m.startsWith('heartbeat stalled')));
      assert.equal(stalled, 'heartbeat stalled for 0.3s (waiting for the database: renewing leases); a lock or a slow query?');
      await waitFor('two runs of tick recorded meanwhile', async () => (await ticks()) >= 2);
      await blocker.query('UNLOCK TABLES');
    } finally {
      await blocker.end();
    }
    const recovered = await waitFor('the recovery line', async () => messages().find((m) => m.startsWith('heartbeat no longer stalled')));
    assert.match(recovered, /^heartbeat no longer stalled: renewing leases ended after \d+(\.\d)?s$/);
    await loop.stop();
  });
});
