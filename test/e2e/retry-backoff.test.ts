// Acceptance (issue 11 §4): the real service on MariaDB retries a failing task with an exponential
// backoff: with retry_delay 1 the second attempt is due 1 s after the first failed, the third 2 s
// after the second failed. Gaps are read from the stored rows (due_at − the previous finished_at).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freshDatabase, needsDb } from '../helpers/db.js';
import { makeProject, ServiceProcess } from '../helpers/service.js';
import { waitFor } from '../helpers/wait.js';

interface Row { attempt: number; status: string; due_at: Date; finished_at: Date | null }

/** DATETIME(6) keeps the millisecond the service computed from: allow rounding, nothing more. */
const TOLERANCE_MS = 2;

describe('retry backoff in the real service', needsDb, () => {
  const db = freshDatabase('retry_backoff');
  let service: ServiceProcess;

  before(() => {
    const root = makeProject({
      env: 'scheduler:\n  poll_interval: 1\n',
      config: `tasks:
  flaky:
    trigger: interval
    args: { hours: 1 }
    max_attempts: 3
    retry_delay: 1
    retry_backoff: exponential
`,
      tasks: { flaky: 'export async function run() { throw new Error("always fails"); }\n' },
    });
    service = new ServiceProcess(root, { JOBSTORE_URL: db.url });
  });
  after(async () => {
    await service.stop();
    if (process.env.DEBUG_E2E) console.log(service.lines.join('\n'));
  });

  it('stores the backoff settings and dues attempts 2 and 3 at 1 s, then 2 s, after the previous failure', async () => {
    const [job] = await waitFor('the job synced', () => db.query<{ retry_backoff: string; retry_delay_max: number | null; retry_jitter: number }>(
      "SELECT retry_backoff, retry_delay_max, retry_jitter FROM jobs WHERE id = 'flaky'").then((rows) => rows.length === 1 && rows));
    assert.deepEqual({ ...job }, { retry_backoff: 'exponential', retry_delay_max: null, retry_jitter: 0 });
    await db.query("UPDATE jobs SET next_run_time = UTC_TIMESTAMP(6) WHERE id = 'flaky'");
    const runs = await waitFor('three failed attempts', async () => {
      const rows = await db.query<Row>("SELECT attempt, status, due_at, finished_at FROM runs WHERE job_id = 'flaky' ORDER BY attempt");
      return rows.length === 3 && rows.every((r) => r.status === 'failed') && rows;
    }, 15_000);
    const gaps = [1, 2].map((i) => runs[i]!.due_at.getTime() - runs[i - 1]!.finished_at!.getTime());
    for (const [gap, expected] of gaps.map((g, i) => [g, [1000, 2000][i]!] as const)) {
      assert.ok(Math.abs(gap - expected) <= TOLERANCE_MS, `gaps ${gaps.join(', ')} ms, expected 1000, 2000`);
    }
    // A fourth attempt would have been queued in the transaction that recorded the third failure.
    const [count] = await db.query<{ n: number }>("SELECT COUNT(*) AS n FROM runs WHERE job_id = 'flaky'");
    assert.equal(Number(count!.n), 3, 'no fourth attempt after max_attempts');
  });
});
