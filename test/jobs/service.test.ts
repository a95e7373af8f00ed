// The job API's contract (contract.ts) on the three stores: memory, MariaDB (a fresh database per
// suite) and SQLite (a fresh file per suite).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import Sqlite from 'better-sqlite3';
import { openStore } from '../../src/store/index.js';
import { MemoryStore } from '../../src/store/memory.js';
import type { JobStore } from '../../src/store/types.js';
import { freshDatabase, needsDb } from '../helpers/db.js';
import { jobsServiceContract } from './contract.js';

const TABLES = ['runs', 'jobs', 'instances', 'audit', 'idempotency_keys'];

jobsServiceContract('memory', async () => new MemoryStore(), async (store, id) => {
  const job = await store.getJob(id);
  await store.syncJobs(() => ({ insert: [], update: [{ ...job!, broken: 'trigger_args is not valid JSON' }], remove: [] }));
});

describe('MySQL store', needsDb, () => {
  const db = freshDatabase('jobs');
  let migrated = false;
  jobsServiceContract(
    'mysql',
    async () => {
      const store = openStore(db.url, { poolSize: 4 });
      if (!migrated) {
        await store.migrate();
        migrated = true;
      }
      for (const table of TABLES) await db.query(`TRUNCATE TABLE \`${table}\``);
      return store;
    },
    async (_store, id) => void (await db.query("UPDATE jobs SET trigger_args = '{' WHERE id = ?", [id])),
  );
});

describe('SQLite store', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sched-jobs-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = () => join(dir, 'store.db');
  const raw = (use: (db: Sqlite.Database) => void): void => {
    const db = new Sqlite(file());
    try {
      use(db);
    } finally {
      db.close();
    }
  };
  let migrated = false;
  jobsServiceContract(
    'sqlite',
    async (): Promise<JobStore> => {
      const store = openStore(`sqlite:${file()}`);
      if (!migrated) {
        await store.migrate();
        migrated = true;
      }
      raw((db) => TABLES.forEach((table) => db.exec(`DELETE FROM ${table}`)));
      return store;
    },
    async (_store, id) => raw((db) => db.prepare("UPDATE jobs SET trigger_args = '{' WHERE id = ?").run(id)),
  );
});
