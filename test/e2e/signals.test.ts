// Acceptance (issue 2): graceful shutdown on SIGTERM, and durability across SIGKILL.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freshDatabase, needsDb } from '../helpers/db.js';
import { makeProject, ServiceProcess } from '../helpers/service.js';
import { waitFor } from '../helpers/wait.js';

interface Row { attempt: number; status: string; error: string | null; started_at: Date | null; finished_at: Date | null }

const SLEEPER = `import { setTimeout as sleep } from 'node:timers/promises';
export async function run(ctx) { await sleep(Number(ctx.params.ms)); }
`;

function project(shutdownTimeout: number, ms: number): string {
  return makeProject({
    env: `scheduler:\n  poll_interval: 1\n  shutdown_timeout: ${shutdownTimeout}\n`,
    config: `tasks:\n  slow:\n    task: sleeper\n    trigger: interval\n    args: { hours: 1 }\n    params: { ms: ${ms} }\n`,
    tasks: { sleeper: SLEEPER },
  });
}

async function startSlowRun(db: ReturnType<typeof freshDatabase>, root: string): Promise<ServiceProcess> {
  const service = new ServiceProcess(root, { JOBSTORE_URL: db.url });
  await waitFor('the job stored', async () => (await db.query("SELECT 1 FROM jobs WHERE id = 'slow'")).length === 1);
  await db.query("UPDATE jobs SET next_run_time = UTC_TIMESTAMP(6) WHERE id = 'slow'");
  await waitFor('the run started', async () => (await db.query("SELECT 1 FROM runs WHERE status = 'running'")).length === 1);
  return service;
}

describe('SIGTERM while a 3-second task runs', needsDb, () => {
  const db = freshDatabase('sigterm');

  it('lets the run finish succeeded and exits 0', async () => {
    const service = await startSlowRun(db, project(10, 3000));
    service.kill('SIGTERM');
    const exit = await service.exited;
    assert.equal(exit.code, 0);
    const [row] = await db.query<Row>("SELECT * FROM runs WHERE job_id = 'slow'");
    assert.equal(row!.status, 'succeeded');
    assert.ok(service.lines.some((l) => l.includes('SIGTERM received')), 'logs the signal');
    assert.equal((await db.query('SELECT * FROM instances')).length, 0, 'instance deregistered');
  });
});

describe('SIGTERM with a task longer than shutdown_timeout', needsDb, () => {
  const db = freshDatabase('interrupt');

  it('marks the run interrupted and exits 0', async () => {
    const service = await startSlowRun(db, project(1, 60_000));
    service.kill('SIGTERM');
    const exit = await service.exited;
    assert.equal(exit.code, 0);
    const [row] = await db.query<Row>("SELECT * FROM runs WHERE job_id = 'slow'");
    assert.equal(row!.status, 'interrupted');
    assert.ok(row!.finished_at, 'finished_at recorded');
  });
});

describe('a second signal', needsDb, () => {
  const db = freshDatabase('twice');

  it('exits at once without waiting for the running task', async () => {
    const service = await startSlowRun(db, project(60, 60_000));
    service.kill('SIGTERM');
    await service.waitForLine(/SIGTERM received: shutting down/);
    service.kill('SIGINT');
    const exit = await service.exited;
    assert.equal(exit.code, 1);
    assert.ok(service.lines.some((l) => l.includes('received again: exiting now')));
  });
});

describe('SIGKILL while a retry is pending', needsDb, () => {
  const db = freshDatabase('sigkill');
  const root = makeProject({
    env: 'scheduler:\n  poll_interval: 1\n',
    config: `tasks:
  fragile:
    trigger: interval
    args: { hours: 1 }
    max_attempts: 2
    retry_delay: 4
`,
    tasks: { fragile: 'export function run(ctx) { throw new Error(`attempt ${ctx.attempt} failed`); }\n' },
  });

  it('performs the retry after a restart', async () => {
    const first = new ServiceProcess(root, { JOBSTORE_URL: db.url });
    await waitFor('the job stored', async () => (await db.query("SELECT 1 FROM jobs WHERE id = 'fragile'")).length === 1);
    await db.query("UPDATE jobs SET next_run_time = UTC_TIMESTAMP(6) WHERE id = 'fragile'");
    await waitFor('attempt 2 queued', async () => (await db.query("SELECT 1 FROM runs WHERE attempt = 2 AND status = 'queued'")).length === 1);
    first.kill('SIGKILL');
    assert.equal((await first.exited).signal, 'SIGKILL');
    const second = new ServiceProcess(root, { JOBSTORE_URL: db.url });
    try {
      const rows = await waitFor('attempt 2 final', async () => {
        const r = await db.query<Row>("SELECT * FROM runs WHERE job_id = 'fragile' ORDER BY attempt");
        return r.length === 2 && r[1]!.status === 'failed' && r;
      });
      assert.deepEqual(rows.map((r) => [r.attempt, r.status]), [[1, 'failed'], [2, 'failed']]);
      assert.match(rows[1]!.error!, /attempt 2 failed/);
    } finally {
      await second.stop();
    }
  });
});
