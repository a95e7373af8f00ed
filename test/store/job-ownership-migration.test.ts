// Migration 0005 (job ownership) on a database that already holds jobs: each store's schema is
// put back as it was before 0005 (its columns dropped, its record removed), a job row is written
// the old way, and the next migrate makes it a config row at version 1 that the sync manages as
// before. down() removes the columns again. And a `source` edited by hand into a value no release
// writes marks the job broken, and the sync leaves such a row alone instead of deleting it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Sqlite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { down as downMysql, up as upMysql } from '../../migrations/0005-job-ownership.js';
import { syncPlanner } from '../../src/scheduler/sync.js';
import { openStore } from '../../src/store/index.js';
import { connect } from '../../src/store/mysql/connect.js';
import type { JobRecord } from '../../src/store/types.js';
import { freshDatabase, needsDb } from '../helpers/db.js';
import { rewindMysql, rewindSqlite } from '../helpers/rewind-migration.js';

const COLUMNS = ['version', 'origin', 'source'];
const OLD_ROW = `INSERT INTO jobs (id, task, trigger_type, trigger_args, timezone, params, executor, \`coalesce\`, max_instances,
  misfire_grace_time, max_attempts, retry_delay, timeout, next_run_time, paused, defined_at, created_at, updated_at)
  VALUES (?, 'echo', 'interval', '{"seconds":10}', 'UTC', '{}', 'default', 1, 1, NULL, 1, 0, NULL, ?, 0, ?, ?, ?)`;
const T = new Date('2025-03-01T12:00:00.000Z');

/** The old rows after migrating: config rows at version 1, unchanged otherwise; and a sync of the same config writes nothing. */
async function assertMigrated(url: string): Promise<void> {
  const store = openStore(url);
  try {
    await store.migrate();
    const job = await store.getJob('old');
    assert.ok(job, 'the old row is still there');
    assert.deepEqual([job.source, job.origin, job.version, job.broken, job.nextRunTime], ['config', '', 1, undefined, T]);
    const { nextRunTime: _n, paused: _p, definedAt: _d, source: _s, origin: _o, version: _v, ...spec } = job;
    assert.deepEqual(await store.syncJobs(syncPlanner([spec], T, 'config/test.yaml')), { insert: [], update: [], remove: [] });
    const gone = await store.syncJobs(syncPlanner([], T, 'config/test.yaml'));
    assert.deepEqual(gone.remove, ['old'], 'a config row, which the sync removes once unconfigured');
  } finally {
    await store.close();
  }
}

/** A hand-edited source: broken, named, and neither removed nor taken over by the sync. */
async function assertUnknownSourceKept(url: string, edit: () => Promise<void>): Promise<void> {
  const store = openStore(url);
  try {
    await store.migrate();
    await edit();
    const job = await store.getJob('edited');
    assert.equal(job?.broken, 'unknown source "yaml"');
    assert.deepEqual(await store.syncJobs(syncPlanner([], T, 'config/test.yaml')), { insert: [], update: [], remove: [] });
    assert.deepEqual(await store.getJob('edited'), job as JobRecord);
  } finally {
    await store.close();
  }
}

describe('migration 0005 on MySQL', needsDb, () => {
  const db = freshDatabase('own_mig');

  it('makes an existing job a config row at version 1, which the sync manages as before', async () => {
    await rewindMysql(db, '0005-job-ownership', COLUMNS);
    await db.query(OLD_ROW, ['old', T, T, T, T]);
    await assertMigrated(db.url);
  });

  it('down() drops the columns and up() adds them again, each step skipped when done', async () => {
    const { db: kysely } = connect(db.url);
    const columns = async () =>
      (await db.query<{ c: string }>("SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'jobs' AND COLUMN_NAME IN ('source', 'origin', 'version') ORDER BY ORDINAL_POSITION")).map((r) => r.c);
    try {
      const raw = kysely as unknown as Kysely<unknown>;
      assert.deepEqual(await columns(), ['source', 'origin', 'version']);
      await downMysql(raw);
      await downMysql(raw);
      assert.deepEqual(await columns(), []);
      await upMysql(raw);
      await upMysql(raw);
      assert.deepEqual(await columns(), ['source', 'origin', 'version']);
    } finally {
      await kysely.destroy();
    }
  });

  it('a source edited by hand marks the job broken, and the sync neither removes nor rewrites it', async () => {
    await assertUnknownSourceKept(db.url, async () => {
      await db.query(OLD_ROW, ['edited', T, T, T, T]);
      await db.query("UPDATE jobs SET source = 'yaml' WHERE id = 'edited'");
    });
  });
});

describe('migration 0005 on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sched-own-mig-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const oldRow = OLD_ROW.replace('`coalesce`', '"coalesce"');
  const t = T.toISOString();

  it('makes an existing job a config row at version 1, which the sync manages as before', async () => {
    const file = join(dir, 'store.db');
    const raw = await rewindSqlite(file, '0005-job-ownership', COLUMNS);
    raw.prepare(oldRow).run('old', t, t, t, t);
    raw.close();
    await assertMigrated(`sqlite:${file}`);
  });

  it('a source edited by hand marks the job broken, and the sync neither removes nor rewrites it', async () => {
    const file = join(dir, 'edited.db');
    await assertUnknownSourceKept(`sqlite:${file}`, async () => {
      const raw = new Sqlite(file);
      raw.prepare(oldRow).run('edited', t, t, t, t);
      raw.exec("UPDATE jobs SET source = 'yaml' WHERE id = 'edited'");
      raw.close();
    });
  });
});
