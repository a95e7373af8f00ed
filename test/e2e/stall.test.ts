// Acceptance (issue 10 §1): one job, or one stored row, never stalls the others. The real service
// on MariaDB keeps running its healthy jobs while another job's state is the one a hostile user
// (or an old release) leaves behind.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freshDatabase, needsDb } from '../helpers/db.js';
import { makeProject, runCommand, ServiceProcess } from '../helpers/service.js';
import { waitFor } from '../helpers/wait.js';

const CONFIG = `tasks:
  once:
    task: noop
    trigger: date
    args: { run_date: '2020-01-01T00:00:00Z' }
    misfire_grace_time: null
  tick:
    task: noop
    trigger: interval
    args: { seconds: 1 }
  backlog:
    task: slow
    trigger: interval
    args: { seconds: 1 }
    coalesce: false
    max_instances: 1
    misfire_grace_time: null
${['json', 'params', 'executor', 'type', 'args', 'limits'].map((n) => `  bad_${n}:\n    task: noop\n    trigger: cron\n    args: { year: 2099 }\n`).join('')}`;

// 100 ms a run: a backlog of hundreds drains for many seconds.
const SLOW = "import { setTimeout } from 'node:timers/promises';\nexport async function run() { await setTimeout(100); }\n";

describe('one job never stalls the others (real service)', needsDb, () => {
  const db = freshDatabase('stall');
  let root: string;
  let env: NodeJS.ProcessEnv;
  let service: ServiceProcess;
  const cli = (...args: string[]) => runCommand(root, env, args);
  const succeeded = async (job: string) =>
    Number((await db.query<{ n: number }>("SELECT COUNT(*) AS n FROM runs WHERE job_id = ? AND status = 'succeeded'", [job]))[0]!.n);
  /** Waits for `more` further successes of the healthy job. */
  const tickGoesOn = async (more: number) => {
    const from = await succeeded('tick');
    await waitFor(`${more} more tick runs`, async () => (await succeeded('tick')) >= from + more);
  };

  before(async () => {
    root = makeProject({ env: 'scheduler:\n  poll_interval: 0.5\n', config: CONFIG, tasks: { noop: 'export function run() {}\n', slow: SLOW } });
    env = { JOBSTORE_URL: db.url };
    service = new ServiceProcess(root, env);
    await waitFor('the date job ran once', async () => (await succeeded('once')) === 1);
  });
  after(async () => {
    await service?.stop();
    if (process.env.DEBUG_E2E) console.log(service?.lines.join('\n'));
  });

  it('resume of a finished date job says it is finished and schedules nothing', async () => {
    const resumed = await cli('resume', 'once');
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal(resumed.stdout, 'once is finished: its trigger has no further fire time');
    await cli('pause', 'once');
    const again = await cli('resume', 'once');
    assert.equal(again.stdout, 'resumed once; it is finished: its trigger has no further fire time');
    const [job] = await db.query<{ next_run_time: Date | null; paused: number }>("SELECT next_run_time, paused FROM jobs WHERE id = 'once'");
    assert.deepEqual(job, { next_run_time: null, paused: 0 });
    await tickGoesOn(2);
  });

  it('a next_run_time whose run row exists fails no claim: the other jobs keep running', async () => {
    // What `resume` wrote before the fix: the finished job due again at its recorded fire time.
    await db.query("UPDATE jobs SET next_run_time = '2020-01-01 00:00:00' WHERE id = 'once'");
    await waitFor('the date job finished again', async () =>
      (await db.query("SELECT 1 FROM jobs WHERE id = 'once' AND next_run_time IS NULL")).length === 1);
    await tickGoesOn(3);
    assert.equal(await succeeded('once'), 1, 'the date job did not run twice');
    assert.deepEqual(service.lines.filter((l) => /cycle failed|ER_DUP_ENTRY/.test(l)), []);
  });

  it('a catch-up backlog of one job does not keep the other jobs from starting', async () => {
    // The backlog job stored 300 s behind (its interval grid too), while none of its runs runs (so none is planned
    // `skipped`): 300 queued runs, started one at a time (max_instances 1).
    await cli('pause', 'backlog');
    await waitFor('no backlog run running', async () => (await db.query("SELECT 1 FROM runs WHERE job_id = 'backlog' AND status IN ('queued', 'running')")).length === 0);
    await db.query("UPDATE jobs SET paused = 0, defined_at = UTC_TIMESTAMP(6) - INTERVAL 301 SECOND, next_run_time = UTC_TIMESTAMP(6) - INTERVAL 300 SECOND WHERE id = 'backlog'");
    const queued = async () => Number((await db.query<{ n: number }>("SELECT COUNT(*) AS n FROM runs WHERE job_id = 'backlog' AND status = 'queued'"))[0]!.n);
    await waitFor('the backlog queued', async () => (await queued()) >= 200);
    await tickGoesOn(3);
    assert.ok((await queued()) > 100, 'the other job ran while the backlog was still draining');
  });

  it('a row corrupted by SQL is recorded as broken, shown by the CLI, and the others go on; the next sync clears it', async () => {
    const corrupt: Record<string, string> = {
      bad_json: "trigger_args = '{not json'",
      bad_params: "params = '[1, 2'",
      bad_executor: "executor = 'gpu'",
      bad_type: "trigger_type = 'weekly'",
      bad_args: `trigger_args = '{"seconds": -5}', trigger_type = 'interval'`,
      bad_limits: 'max_instances = 0, misfire_grace_time = -1',
    };
    for (const [id, set] of Object.entries(corrupt)) {
      await db.query(`UPDATE jobs SET ${set}, next_run_time = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND WHERE id = ?`, [id]);
    }
    const broken = () => db.query<{ id: string; broken: string | null }>("SELECT id, broken FROM jobs WHERE id LIKE 'bad%' ORDER BY id");
    await waitFor('every corrupted job recorded as broken', async () => (await broken()).every((j) => j.broken !== null));
    await tickGoesOn(3);
    for (const id of Object.keys(corrupt)) await service.waitForLine(new RegExp(`job ${id} is broken \\(`));
    const listed = await cli('jobs');
    assert.equal(listed.code, 0, listed.stderr);
    for (const id of Object.keys(corrupt)) assert.match(listed.stdout, new RegExp(`^${id}\\s.*broken: `, 'm'));
    assert.match(listed.stdout, /^bad_executor\s.*broken: unknown executor "gpu"$/m);
    assert.match(listed.stdout, /^bad_limits\s.*broken: max_instances 0 is out of bounds; misfire_grace_time -1 is out of bounds$/m);
    assert.equal(Number((await db.query<{ n: number }>("SELECT COUNT(*) AS n FROM runs WHERE job_id LIKE 'bad%'"))[0]!.n), 0);
    // The next start writes the configured definitions again: nothing broken any more.
    assert.equal((await service.stop()).code, 0);
    service = new ServiceProcess(root, env);
    await waitFor('the sync cleared every broken job', async () => (await broken()).every((j) => j.broken === null));
    await tickGoesOn(2);
  });
});
