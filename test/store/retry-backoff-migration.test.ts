// Migration 0004 (retry backoff) on a database that already holds jobs: each store's schema is put
// back as it was before 0004 (its columns dropped, its record removed), a job row is written the
// old way, and the next migrate adds the columns with today's behaviour for that row: a fixed
// retry_delay, no cap, no jitter. And a backoff edited by hand into a value the config refuses
// marks the job broken rather than running it with a guess.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Sqlite from 'better-sqlite3';
import { openStore } from '../../src/store/index.js';
import { freshDatabase, needsDb } from '../helpers/db.js';
import { rewindMysql, rewindSqlite } from '../helpers/rewind-migration.js';

const COLUMNS = ['retry_jitter', 'retry_delay_max', 'retry_backoff'];
const OLD_ROW = `INSERT INTO jobs (id, task, trigger_type, trigger_args, timezone, params, executor, \`coalesce\`, max_instances,
  misfire_grace_time, max_attempts, retry_delay, timeout, next_run_time, paused, defined_at, created_at, updated_at)
  VALUES ('old', 'echo', 'interval', '{"seconds":10}', 'UTC', '{}', 'default', 1, 1, NULL, 3, 2, NULL, NULL, 0, ?, ?, ?)`;
const DEFAULTS = { maxAttempts: 3, retryDelay: 2, retryBackoff: 'fixed', retryDelayMax: null, retryJitter: 0 };

async function retrySettingsOf(url: string) {
  const store = openStore(url);
  try {
    await store.migrate();
    const job = await store.getJob('old');
    assert.ok(job, 'the old row is still there');
    return { maxAttempts: job.maxAttempts, retryDelay: job.retryDelay, retryBackoff: job.retryBackoff, retryDelayMax: job.retryDelayMax, retryJitter: job.retryJitter };
  } finally {
    await store.close();
  }
}

describe('migration 0004 on MySQL', needsDb, () => {
  const db = freshDatabase('retry_mig');

  it('gives an existing job a fixed delay, no cap and no jitter', async () => {
    await rewindMysql(db, '0004-retry-backoff', COLUMNS);
    const now = new Date('2025-03-01T12:00:00Z');
    await db.query(OLD_ROW, [now, now, now]);
    assert.deepEqual(await retrySettingsOf(db.url), DEFAULTS);
  });
});

describe('retry settings edited by hand in MySQL', needsDb, () => {
  const db = freshDatabase('retry_edit');

  it('mark the job broken, naming the bad value, instead of guessing a backoff', async () => {
    const store = openStore(db.url);
    try {
      await store.migrate();
      const now = new Date('2025-03-01T12:00:00Z');
      await db.query(OLD_ROW, [now, now, now]);
      await db.query(OLD_ROW.replace("'old'", "'jittery'"), [now, now, now]);
      await db.query("UPDATE jobs SET retry_backoff = 'linear' WHERE id = 'old'");
      await db.query("UPDATE jobs SET retry_jitter = 1.5 WHERE id = 'jittery'");
      assert.equal((await store.getJob('old'))?.broken, 'unknown retry_backoff "linear"');
      assert.equal((await store.getJob('jittery'))?.broken, 'retry_jitter 1.5 is not a fraction from 0 to 1');
    } finally {
      await store.close();
    }
  });
});

describe('migration 0004 on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sched-retry-mig-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('gives an existing job a fixed delay, no cap and no jitter', async () => {
    const file = join(dir, 'store.db');
    const raw = await rewindSqlite(file, '0004-retry-backoff', COLUMNS);
    const now = '2025-03-01T12:00:00.000Z';
    raw.prepare(OLD_ROW.replace('`coalesce`', '"coalesce"')).run(now, now, now);
    raw.close();
    assert.deepEqual(await retrySettingsOf(`sqlite:${file}`), DEFAULTS);
  });

  it('a hand-edited retry_backoff marks the job broken', async () => {
    const file = join(dir, 'edited.db');
    const store = openStore(`sqlite:${file}`);
    try {
      await store.migrate();
      const raw = new Sqlite(file);
      const now = '2025-03-01T12:00:00.000Z';
      raw.prepare(OLD_ROW.replace('`coalesce`', '"coalesce"')).run(now, now, now);
      raw.exec("UPDATE jobs SET retry_backoff = 'linear'");
      raw.close();
      assert.equal((await store.getJob('old'))?.broken, 'unknown retry_backoff "linear"');
    } finally {
      await store.close();
    }
  });
});
