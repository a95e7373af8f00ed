// Issue 10 §4: delays beyond Node's 2^31 ms timer limit (24.8 days) are honoured, not fired at once.
// (shutdown_timeout is bounded to a day by the config; test/executors/long-delays.test.ts covers a longer grace.)
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { freshDatabase, needsDb } from '../helpers/db.js';
import { makeProject, ServiceProcess } from '../helpers/service.js';
import { waitFor } from '../helpers/wait.js';

const SLEEPER = `import { setTimeout as sleep } from 'node:timers/promises';
export async function run(ctx) { await sleep(Number(ctx.params.ms)); }
`;

function project(job: string): string {
  return makeProject({
    env: 'scheduler:\n  poll_interval: 1\n',
    config: `tasks:\n  slow:\n    task: sleeper\n    trigger: interval\n    args: { hours: 1 }\n    params: { ms: 1500 }\n${job}`,
    tasks: { sleeper: SLEEPER },
  });
}

async function runNow(db: ReturnType<typeof freshDatabase>, service: ServiceProcess): Promise<void> {
  await service.waitForLine(/scheduler started/, 120_000);
  await db.query("UPDATE jobs SET next_run_time = UTC_TIMESTAMP(6) WHERE id = 'slow'");
  await waitFor('the run started', async () => (await db.query("SELECT 1 FROM runs WHERE status = 'running'")).length === 1);
}

for (const executor of ['default', 'process']) {
  describe(`timeout: 3000000 (34 days) on the ${executor} executor`, needsDb, () => {
    const db = freshDatabase(`longtimeout_${executor}`);
    let service: ServiceProcess;
    after(() => service?.stop());

    it('lets a 1.5 s task succeed', async () => {
      service = new ServiceProcess(project(`    timeout: 3000000\n    executor: ${executor}\n`), { JOBSTORE_URL: db.url });
      await runNow(db, service);
      const [row] = await waitFor('the run final', async () => {
        const r = await db.query<{ status: string; error: string | null }>("SELECT status, error FROM runs WHERE status NOT IN ('queued', 'running')");
        return r.length === 1 && r;
      });
      assert.deepEqual(row, { status: 'succeeded', error: null });
    });
  });
}
