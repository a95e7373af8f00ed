// Acceptance (issue 10 §6): `scheduler start` exits 1 when, at shutdown, run outcomes could not be
// recorded because the database was unreachable (a supervisor or an operator must notice), and
// 0 after a clean shutdown (test/e2e/signals.test.ts). The service reaches MariaDB through a TCP
// proxy that the test closes: the outage hits this service alone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freshDatabase, needsDb } from '../helpers/db.js';
import { makeProject, ServiceProcess } from '../helpers/service.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';
import { waitFor } from '../helpers/wait.js';

describe('SIGTERM while the database is unreachable and a task runs', needsDb, () => {
  const db = freshDatabase('unrecorded');

  it('exits 1 and says how many outcomes were not recorded', async () => {
    const root = makeProject({
      // shutdown_timeout 1: the run is interrupted at shutdown, an outcome that must be written.
      env: 'scheduler:\n  poll_interval: 0.5\n  shutdown_timeout: 1\n',
      config: 'tasks:\n  slow:\n    task: sleeper\n    trigger: interval\n    args: { hours: 1 }\n',
      tasks: { sleeper: "import { setTimeout as sleep } from 'node:timers/promises';\nexport async function run() { await sleep(600_000); }\n" },
    });
    const proxy = await TcpProxy.start(db.url);
    const service = new ServiceProcess(root, { JOBSTORE_URL: proxy.url(db.url) });
    try {
      await waitFor('the job stored', async () => (await db.query("SELECT 1 FROM jobs WHERE id = 'slow'")).length === 1, 90_000);
      await db.query("UPDATE jobs SET next_run_time = UTC_TIMESTAMP(6) WHERE id = 'slow'");
      await waitFor('the run started', async () => (await db.query("SELECT 1 FROM runs WHERE status = 'running'")).length === 1);
      await proxy.close();
      service.kill('SIGTERM');
      const exit = await service.exited;
      assert.equal(exit.code, 1, service.lines.slice(-10).join('\n'));
      assert.ok(service.lines.some((l) => l.includes('1 run outcome(s) were not recorded: exiting with code 1')), 'says why it exits 1');
      assert.deepEqual(await db.query("SELECT status FROM runs WHERE job_id = 'slow'"), [{ status: 'running' }], 'the outcome was indeed not recorded');
    } finally {
      await service.stop();
      await proxy.close().catch(() => undefined);
    }
  });
});
