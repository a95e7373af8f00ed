// The store-wide locks of start-up (issue 10 §2): the job sync and the migrations each take a
// MySQL named lock (named after the database: locks are server-wide), and one that cannot be had ends in one error naming the lock and the
// connection holding it, with nothing written. Another connection holds the lock; the waiting
// GET_LOCK is then ended with KILL QUERY (GET_LOCK returns NULL), as its timeout would end it
// (60 s and 120 s are too long for a test).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { describeError } from '../../src/cli/index.js';
import { openStore, StoreLockError, type JobStore } from '../../src/store/index.js';
import { freshDatabase, needsDb } from '../helpers/db.js';
import { waitFor } from '../helpers/wait.js';
import { jobRecord } from './contract.js';

describe('start-up locks held by another connection', needsDb, () => {
  const db = freshDatabase('locks');
  let store: JobStore;
  let holder: Connection;
  let holderId = 0;

  before(async () => {
    store = openStore(db.url, { poolSize: 2 });
    await store.migrate();
    holder = await createConnection({ uri: db.url });
    const [rows] = await holder.query<RowDataPacket[]>('SELECT CONNECTION_ID() AS id');
    holderId = Number(rows[0]!.id);
  });
  after(async () => {
    await holder?.end();
    await store?.close();
  });

  /** Holds `lock` on the other connection while `attempt` waits for it, then ends that wait. */
  async function whileHeld(lock: string, attempt: () => Promise<unknown>): Promise<unknown> {
    await holder.query('SELECT GET_LOCK(?, 0)', [lock]);
    try {
      let settled: { error: unknown } | null = null;
      void attempt().then(() => (settled = { error: null }), (error: unknown) => (settled = { error }));
      // Again while it waits on: a KILL landing just before the wait begins can be lost.
      return (await waitFor(`the wait for '${lock}' to end`, async () => {
        if (settled) return settled;
        // Only this suite's database: other suites on the server take the same locks.
        const waiting = await db.query<{ ID: number }>(
          "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND STATE = 'User lock' AND INFO LIKE ?", [`SELECT GET_LOCK('${lock}'%`]);
        for (const { ID } of waiting) await db.query(`KILL QUERY ${ID}`);
        return null;
      })).error;
    } finally {
      await holder.query('SELECT RELEASE_LOCK(?)', [lock]);
    }
  }

  function assertLockError(error: unknown, lock: string): void {
    assert.ok(error instanceof StoreLockError, `a StoreLockError, got ${String(error)}`);
    assert.ok(error.message.startsWith(`could not take the MySQL lock '${lock}' `), error.message);
    assert.match(error.message, new RegExp(`; held by MySQL connection ${holderId} \\(root@`));
    assert.equal(describeError(error), error.message, 'the CLI prints the message alone, no stack');
  }

  it('the job sync fails, naming the lock and its holder, and writes nothing', async () => {
    let planned = false;
    const error = await whileHeld(`scheduler.sync.${db.name}`, () =>
      store.syncJobs(() => {
        planned = true;
        return { insert: [jobRecord('late')], update: [], remove: [] };
      }));
    assertLockError(error, `scheduler.sync.${db.name}`);
    assert.equal(planned, false, 'the sync did not go ahead without the lock');
    assert.deepEqual(await db.query('SELECT id FROM jobs'), []);
  });

  it('the migrations fail the same way', async () => {
    assertLockError(await whileHeld(`scheduler.migrations.${db.name}`, () => store.migrate()), `scheduler.migrations.${db.name}`);
  });

  it('the job sync goes ahead once the lock is free', async () => {
    await store.syncJobs(() => ({ insert: [jobRecord('free')], update: [], remove: [] }));
    assert.deepEqual(await db.query('SELECT id FROM jobs'), [{ id: 'free' }]);
  });
});
