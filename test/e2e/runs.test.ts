// Acceptance (issue 2): real service, real MariaDB — one run row per interval with the right
// scheduled_at, and retries of a failing task recorded attempt by attempt.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freshDatabase, needsDb } from '../helpers/db.js';
import { makeProject, ServiceProcess } from '../helpers/service.js';
import { waitFor } from '../helpers/wait.js';

interface Row { job_id: string; scheduled_at: Date; attempt: number; status: string; started_at: Date | null; finished_at: Date | null; error: string | null; due_at: Date }

describe('runs recorded in MariaDB', needsDb, () => {
  const db = freshDatabase('runs');
  let service: ServiceProcess;

  before(() => {
    const root = makeProject({
      env: 'scheduler:\n  poll_interval: 1\n',
      config: `tasks:
  tick:
    trigger: interval
    args: { seconds: 1 }
  boom:
    trigger: interval
    args: { hours: 1 }
    max_attempts: 3
    retry_delay: 1
  crash:
    trigger: interval
    args: { hours: 1 }
    executor: process
  hang:
    trigger: interval
    args: { hours: 1 }
    timeout: 1
`,
      tasks: {
        tick: 'export function run() {}\n',
        boom: 'export async function run() { throw new Error("always fails"); }\n',
        crash: 'export function run() { process.exit(3); }\n',
        hang: 'export function run(ctx) { return new Promise((_, reject) => ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason))); }\n',
      },
    });
    service = new ServiceProcess(root, { JOBSTORE_URL: db.url });
  });
  after(async () => {
    await service.stop();
    if (process.env.DEBUG_E2E) console.log(service.lines.join('\n'));
  });

  /** Makes an hourly job due now and returns its run once final (a claimed run is 'queued' first). */
  async function runNow(jobId: string): Promise<Row> {
    await db.query('UPDATE jobs SET next_run_time = UTC_TIMESTAMP(6) WHERE id = ?', [jobId]);
    const [row] = await waitFor(`the ${jobId} run final`, async () => {
      const r = await db.query<Row>("SELECT * FROM runs WHERE job_id = ? AND status NOT IN ('queued', 'running')", [jobId]);
      return r.length === 1 && r;
    });
    return row!;
  }

  it('records one succeeded run per second with the scheduled time on the 1-second grid', async () => {
    const rows = await waitFor('six tick runs', async () => {
      const r = await db.query<Row>("SELECT * FROM runs WHERE job_id = 'tick' AND status = 'succeeded' ORDER BY scheduled_at");
      return r.length >= 6 && r;
    });
    const [job] = await db.query<{ defined_at: Date }>("SELECT defined_at FROM jobs WHERE id = 'tick'");
    const anchor = job!.defined_at.getTime();
    rows.forEach((row, i) => {
      // First run one interval after the job was stored, then every second, none skipped or doubled.
      assert.equal(row.scheduled_at.getTime(), anchor + (i + 1) * 1000, `run ${i + 1} scheduled_at`);
      assert.equal(row.attempt, 1);
      assert.ok(row.started_at! >= row.scheduled_at, 'never starts before its time');
    });
  });

  it('retries a failing task: attempts 1, 2, 3 failed, each retry_delay after the previous', async () => {
    await db.query("UPDATE jobs SET next_run_time = UTC_TIMESTAMP(6) WHERE id = 'boom'");
    const rows = await waitFor('three failed attempts', async () => {
      const r = await db.query<Row>("SELECT * FROM runs WHERE job_id = 'boom' ORDER BY attempt");
      return r.length === 3 && r.every((x) => x.status === 'failed') && r;
    });
    assert.deepEqual(rows.map((r) => r.attempt), [1, 2, 3]);
    assert.equal(new Set(rows.map((r) => r.scheduled_at.getTime())).size, 1, 'all attempts belong to one scheduled run');
    for (const [prev, next] of [[rows[0]!, rows[1]!], [rows[1]!, rows[2]!]] as const) {
      assert.equal(next.due_at.getTime() - prev.finished_at!.getTime(), 1000, 'retry due retry_delay after the failure');
      assert.ok(next.started_at! >= next.due_at, 'retry does not start early');
    }
    for (const row of rows) assert.match(row.error!, /always fails\n\s+at /, 'error holds message and stack');
  });

  it('a task that kills its worker process fails its run, not the scheduler', async () => {
    const row = await runNow('crash');
    assert.equal(row.status, 'failed');
    assert.match(row.error!, /exited with code 3/);
  });

  it('a timeout aborts the run through its signal and counts as a failure', async () => {
    const row = await runNow('hang');
    assert.equal(row.status, 'failed');
    assert.match(row.error!, /timed out after 1s/);
  });

  it('stays healthy after the failures: ticks keep succeeding', async () => {
    const before = (await db.query<{ n: number }>("SELECT COUNT(*) AS n FROM runs WHERE job_id = 'tick' AND status = 'succeeded'"))[0]!.n;
    await waitFor('two more ticks', async () => {
      const [row] = await db.query<{ n: number }>("SELECT COUNT(*) AS n FROM runs WHERE job_id = 'tick' AND status = 'succeeded'");
      return row!.n >= Number(before) + 2;
    });
    assert.equal(service.json().filter((l) => Number(l.level) >= 50).length, 0, 'no error-level log lines');
  });
});
