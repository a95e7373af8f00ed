// Issue 10 §3: a worker process of the `process` executor does not outlive the service, even with
// a CPU-bound task that never lets its event loop see the parent go (a second signal, a SIGKILL).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { freshDatabase, needsDb } from '../helpers/db.js';
import { makeProject, ServiceProcess } from '../helpers/service.js';
import { waitFor } from '../helpers/wait.js';

const SPIN = `import { writeFileSync } from 'node:fs';
export function run() {
  writeFileSync('worker.pid', String(process.pid)); // in the project folder, the service's cwd
  for (;;) {} // CPU-bound: ignores its signal and the IPC channel
}
`;

/** Whether `pid` is a live process (a zombie waiting to be reaped counts as gone). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = `/proc/${pid}/stat`;
  return !existsSync(stat) || !/^\d+ \(.*\) Z/.test(readFileSync(stat, 'utf8'));
}

async function spinningWorker(db: ReturnType<typeof freshDatabase>): Promise<{ service: ServiceProcess; pid: number }> {
  const root = makeProject({
    env: 'scheduler:\n  poll_interval: 1\n  shutdown_timeout: 60\n',
    config: 'tasks:\n  spin:\n    trigger: interval\n    args: { hours: 1 }\n    executor: process\n',
    tasks: { spin: SPIN },
  });
  const pidFile = join(root, 'worker.pid');
  const service = new ServiceProcess(root, { JOBSTORE_URL: db.url });
  await service.waitForLine(/scheduler started/, 120_000);
  await db.query("UPDATE jobs SET next_run_time = UTC_TIMESTAMP(6) WHERE id = 'spin'");
  const pid = await waitFor('the worker spinning', async () => existsSync(pidFile) && Number(readFileSync(pidFile, 'utf8')));
  return { service, pid };
}

// Polls the pid rather than awaiting `exited`: that waits for the output pipes to close, which a
// surviving worker (it shares the service's stdout) would hold open forever.
async function assertGone(pid: number): Promise<void> {
  try {
    await waitFor(`worker ${pid} gone`, async () => !alive(pid), 15_000);
  } finally {
    if (alive(pid)) process.kill(pid, 'SIGKILL'); // never leave a spinner behind on a failure
  }
}

describe('a CPU-bound worker when the service is SIGKILLed', needsDb, () => {
  const db = freshDatabase('orphan_kill');

  it('dies with the service', async () => {
    const { service, pid } = await spinningWorker(db);
    service.kill('SIGKILL');
    await assertGone(service.pid);
    await assertGone(pid);
    await service.exited;
  });
});

describe('a CPU-bound worker on a second signal', needsDb, () => {
  const db = freshDatabase('orphan_twice');

  it('is killed before the service exits', async () => {
    const { service, pid } = await spinningWorker(db);
    service.kill('SIGTERM');
    await service.waitForLine(/SIGTERM received: shutting down/);
    service.kill('SIGINT');
    await service.waitForLine(/received again: exiting now/);
    await assertGone(service.pid);
    await assertGone(pid);
    assert.equal((await service.exited).code, 1);
  });
});
