// Acceptance (issue 10 §2): start-up survives interruption. kill -9 at any point of the first
// migration leaves a database the next start completes; SIGINT/SIGTERM during start-up (inside a
// migration, the job sync, the wait for an unreachable database) stops at the next safe point
// with no half-applied migration and exits 0; a second signal exits at once. Signals are real,
// sent at exact statements by a preloaded hook (test/helpers/signal-at-sql.ts).
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { describe, it } from 'node:test';
import { freshDatabase, needsDb, type TestDatabase } from '../helpers/db.js';
import { freePort } from '../helpers/private-mariadb.js';
import { makeProject, REPO, ServiceProcess, type Exit } from '../helpers/service.js';
import { HOOK_FIRED, signalAfterSql } from '../helpers/signal-at-sql.js';
import { waitFor } from '../helpers/wait.js';

const ALL_MIGRATIONS = readdirSync(join(REPO, 'migrations')).filter((f) => /^\d{4}-.*\.(ts|js)$/.test(f)).map((f) => f.replace(/\.(ts|js)$/, '')).sort();
const STOPPED = /^SIGTERM received during start-up: stopped before the scheduler began$/;

function project(tasks: Record<string, string> = { noop: 'export function run() {}\n' }): string {
  return makeProject({
    env: 'scheduler:\n  poll_interval: 0.5\n',
    config: 'tasks:\n  tick:\n    task: noop\n    trigger: interval\n    args: { hours: 1 }\n',
    tasks,
  });
}

// Generous: a loaded machine takes many seconds to start a tsx process.
const LINE_WAIT_MS = 90_000;

/** For a failed wait: stop the service (so it cannot outlive the test), then fail. */
const stopAndThrow = (service: ServiceProcess) => async (error: unknown): Promise<never> => {
  await service.stop();
  throw error;
};

/** The service's exit, guarded by a generous deadline so that a hang fails instead of stalling. */
async function exitOf(service: ServiceProcess): Promise<Exit> {
  let exit: Exit | null = null;
  void service.exited.then((e) => (exit = e));
  return waitFor('the service to exit', async () => exit, LINE_WAIT_MS).catch(async (error: Error) => {
    await service.stop();
    throw new Error(`${error.message}\n${service.lines.slice(-10).join('\n')}`);
  });
}

/** The message of each JSON log line. */
const messages = (service: ServiceProcess): string[] => service.json().map((l) => String(l.msg));

async function schema(db: TestDatabase): Promise<{ migrations: string[]; objects: string[]; jobs: number; instances: number }> {
  const names = async (q: string) => (await db.query<{ n: string }>(q)).map((r) => r.n);
  const objects = [
    ...await names("SELECT TABLE_NAME AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"),
    ...await names("SELECT DISTINCT INDEX_NAME AS n FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME IN ('runs_status_finished', 'runs_started')"),
  ].sort();
  const migrations = objects.includes('schema_migrations') ? await names('SELECT name AS n FROM schema_migrations ORDER BY name') : [];
  const count = async (table: string) => (objects.includes(table) ? (await db.query(`SELECT 1 FROM ${table}`)).length : 0);
  return { migrations, objects, jobs: await count('jobs'), instances: await count('instances') };
}

const AFTER_0001 = ['instances', 'jobs', 'runs', 'schema_migrations'];
// 0006 adds the audit log and the API's idempotency keys.
const COMPLETE = [...AFTER_0001, 'audit', 'idempotency_keys', 'run_stats', 'runs_started', 'runs_status_finished'].sort();

describe('kill -9 during the first migration, twice', needsDb, () => {
  const db = freshDatabase('killmig');
  const root = project();

  it('leaves a database the next start completes and runs on', async () => {
    // Inside 0001 (jobs created, runs not yet), then inside 0002 on the re-run.
    for (const point of [/CREATE TABLE (IF NOT EXISTS )?jobs/, /CREATE INDEX `?runs_status_finished/]) {
      const killed = new ServiceProcess(root, { JOBSTORE_URL: db.url, ...signalAfterSql(root, point, 'SIGKILL') });
      const exit = await exitOf(killed);
      assert.equal(exit.signal, 'SIGKILL', `killed after ${point}:\n${killed.lines.join('\n')}`);
    }
    assert.notDeepEqual((await schema(db)).objects, COMPLETE, 'the kills left the schema incomplete');
    const service = new ServiceProcess(root, { JOBSTORE_URL: db.url });
    try {
      await service.waitForLine(/scheduler started/, LINE_WAIT_MS);
      assert.deepEqual(await schema(db), { migrations: ALL_MIGRATIONS, objects: COMPLETE, jobs: 1, instances: 1 });
    } finally {
      assert.equal((await service.stop()).code, 0);
    }
  });
});

describe('SIGTERM during start-up', needsDb, () => {
  const cases = [
    { where: 'inside the first migration', after: /CREATE TABLE (IF NOT EXISTS )?jobs/, expect: { migrations: ALL_MIGRATIONS.slice(0, 1), objects: AFTER_0001, jobs: 0 } },
    { where: 'inside the job sync', after: /from `jobs` for update/, expect: { migrations: ALL_MIGRATIONS, objects: COMPLETE, jobs: 1 } },
  ];
  for (const { where, after, expect } of cases) {
    describe(where, () => {
      const db = freshDatabase('termstart');
      const root = project();

      it('finishes the step it is in, stops before the scheduler begins and exits 0', async () => {
        const service = new ServiceProcess(root, { JOBSTORE_URL: db.url, ...signalAfterSql(root, after, 'SIGTERM') });
        const exit = await exitOf(service);
        assert.ok(service.lines.some((l) => HOOK_FIRED.test(l)), 'the signal was sent at that point');
        assert.equal(exit.code, 0, service.lines.join('\n'));
        assert.ok(messages(service).some((m) => STOPPED.test(m)), 'one line says start-up was stopped');
        assert.ok(!messages(service).some((m) => /scheduler started/.test(m)), 'the scheduler never began');
        assert.deepEqual(await schema(db), { ...expect, instances: 0 }, 'whole migrations only, nothing registered');
      });
    });
  }

  describe('while waiting for an unreachable database', () => {
    it('ends the wait at once and exits 0', async () => {
      const url = `mysql://root@127.0.0.1:${await freePort()}/nowhere`;
      const service = new ServiceProcess(project(), { JOBSTORE_URL: url });
      await service.waitForLine(/database unreachable.*retrying in/, LINE_WAIT_MS).catch(stopAndThrow(service));
      service.kill('SIGTERM');
      const exit = await exitOf(service);
      assert.equal(exit.code, 0, service.lines.join('\n'));
      assert.ok(messages(service).some((m) => STOPPED.test(m)));
    });
  });

  describe('while waiting for the migration lock another connection holds', () => {
    const db = freshDatabase('termlock');

    it('ends the wait, migrates nothing and exits 0', async () => {
      const holder = await createConnection({ uri: db.url });
      try {
        await holder.query('SELECT GET_LOCK(?, 0)', [`scheduler.migrations.${db.name}`]);
        const service = new ServiceProcess(project(), { JOBSTORE_URL: db.url });
        await waitFor('the service waiting for the lock', async () =>
          (await db.query("SELECT 1 FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND INFO LIKE 'SELECT GET_LOCK(''scheduler.migrations.%'")).length > 0,
        LINE_WAIT_MS).catch(stopAndThrow(service));
        service.kill('SIGTERM');
        const exit = await exitOf(service);
        assert.equal(exit.code, 0, service.lines.join('\n'));
        assert.ok(messages(service).some((m) => STOPPED.test(m)));
        assert.deepEqual((await schema(db)).objects, [], 'nothing migrated');
      } finally {
        await holder.end();
      }
    });
  });

  describe('a second signal', () => {
    const db = freshDatabase('termtwice');

    it('exits at once with code 1 while start-up is still busy', async () => {
      // A task module whose import takes a minute: start-up checks every module before the store.
      const slow = "process.stderr.write('slow import\\n');\nawait new Promise((resolve) => setTimeout(resolve, 60_000));\nexport function run() {}\n";
      const root = project({ noop: slow });
      writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n'); // top-level await in the task
      const service = new ServiceProcess(root, { JOBSTORE_URL: db.url });
      await service.waitForLine(/^slow import$/, LINE_WAIT_MS).catch(stopAndThrow(service));
      service.kill('SIGTERM');
      await service.waitForLine(/SIGTERM received during start-up: stopping at the next safe point/, LINE_WAIT_MS).catch(stopAndThrow(service));
      service.kill('SIGINT');
      const exit = await exitOf(service);
      assert.equal(exit.code, 1);
      assert.ok(messages(service).some((m) => /^SIGINT received again during start-up: exiting now$/.test(m)));
    });
  });
});
