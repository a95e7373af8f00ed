// Acceptance (issue 3, CLI): every store command run as a separate process against MariaDB while
// the service runs in another one. Pause stops new runs, resume restarts them, run-now produces a
// run the service executes; unknown jobs and an unreachable store are one-line errors, exit 1.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../src/cli/index.js';
import { freshDatabase, needsDb } from '../helpers/db.js';
import { freePort } from '../helpers/private-mariadb.js';
import { makeProject, runCommand, ServiceProcess } from '../helpers/service.js';
import { waitFor } from '../helpers/wait.js';

interface RunRow { id: number; job_id: string; status: string; attempt: number; instance_id: string | null; scheduled_at: Date }

const CONFIG = `tasks:
  tick:
    trigger: interval
    args: { seconds: 1 }
  witness:
    trigger: interval
    args: { seconds: 1 }
  report:
    # Not due for years: it only runs when asked to.
    trigger: cron
    args: { year: 2099, month: 1, day: 1, hour: 0 }
    task: tick
`;

describe('scheduler CLI against a running service', needsDb, () => {
  const db = freshDatabase('cli');
  let root: string;
  let env: NodeJS.ProcessEnv;
  let service: ServiceProcess;
  const cli = (...args: string[]) => runCommand(root, env, args);
  const count = async (job: string) =>
    Number((await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM runs WHERE job_id = ?', [job]))[0]!.n);

  before(() => {
    root = makeProject({
      env: 'scheduler:\n  poll_interval: 0.5\n',
      config: CONFIG,
      tasks: { tick: 'export function run() {}\n', witness: 'export function run() {}\n' },
    });
    env = { JOBSTORE_URL: db.url };
  });
  after(async () => {
    await service?.stop();
    if (process.env.DEBUG_E2E) console.log(service?.lines.join('\n'));
  });

  it('migrate creates the schema and is idempotent', async () => {
    const first = await cli('migrate');
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /schema is up to date/);
    const tables = await db.query<{ name: string }>('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()');
    assert.deepEqual(tables.map((t) => t.name).sort(), ['audit', 'idempotency_keys', 'instances', 'jobs', 'run_stats', 'runs', 'schema_migrations']);
    const again = await cli('migrate');
    assert.equal(again.code, 0, again.stderr);
  });

  it('jobs lists the synced jobs as an aligned table and as JSON', async () => {
    service = new ServiceProcess(root, env);
    await service.waitForLine(/scheduler started/);
    const { code, stdout } = await cli('jobs');
    assert.equal(code, 0);
    const lines = stdout.split('\n');
    assert.match(lines[0]!, /^ID\s+TASK\s+TRIGGER\s+NEXT RUN \(UTC\)\s+SOURCE\s+STATE$/);
    assert.equal(lines.length, 4);
    // Aligned: every column starts at the same offset on every line.
    const stateAt = lines[0]!.indexOf('STATE');
    for (const line of lines.slice(1)) assert.match(line.slice(stateAt), /^(scheduled|paused|finished)$/, line);
    assert.ok(lines.some((l) => /^report\s+tick\s+cron\b.*2099-01-01 00:00:00\.000Z\s+config\s+scheduled$/.test(l)), stdout);

    const json = await cli('jobs', '--json');
    assert.equal(json.code, 0);
    const jobs = JSON.parse(json.stdout) as Array<{ id: string; task: string; trigger: string; next_run_time: string | null; paused: boolean }>;
    assert.deepEqual(jobs.map((j) => j.id).sort(), ['report', 'tick', 'witness']);
    // The job API's Job view, with the YAML's names.
    assert.deepEqual(jobs.find((j) => j.id === 'report'), {
      id: 'report', task: 'tick', trigger: 'cron', args: { year: 2099, month: 1, day: 1, hour: 0 }, params: {}, timezone: 'UTC',
      executor: 'default', coalesce: true, max_instances: 1, misfire_grace_time: 1, max_attempts: 1, retry_delay: 0,
      retry_backoff: 'fixed', retry_delay_max: null, retry_jitter: 0, timeout: null, paused: false,
      next_run_time: '2099-01-01T00:00:00.000Z', finished: false, broken: null, source: 'config', origin: 'config/test.yaml', version: 1,
    });
  });

  it('runs shows the latest attempts, filtered by job, status and limit', async () => {
    await waitFor('three tick runs', async () => (await db.query("SELECT id FROM runs WHERE job_id = 'tick' AND status = 'succeeded'")).length >= 3);
    const table = await cli('runs', '--job', 'tick', '--status', 'succeeded', '--limit', '2');
    assert.equal(table.code, 0);
    const lines = table.stdout.split('\n');
    assert.match(lines[0]!, /^ID\s+JOB\s+SCHEDULED \(UTC\)\s+ATTEMPT\s+STATUS\s+STARTED \(UTC\)\s+DURATION\s+ERROR$/);
    assert.equal(lines.length, 3);
    for (const line of lines.slice(1)) assert.match(line, /^\d+\s+tick\s+\S+ \S+Z\s+1\s+succeeded\s+\S+ \S+Z\s+\d+ms$/);
    assert.doesNotMatch(table.stdout, /\x1b\[/, 'no colour codes when stdout is not a terminal');

    const json = await cli('runs', '--json', '--limit', '5');
    const runs = JSON.parse(json.stdout) as Array<{ id: number; jobId: string; status: string }>;
    assert.equal(runs.length, 5);
    assert.deepEqual(runs.map((r) => r.id), [...runs.map((r) => r.id)].sort((a, b) => b - a), 'newest first');
  });

  it('colours the status column on a terminal and keeps the columns aligned', async () => {
    const out: string[] = [];
    const code = await runCli(['runs', '--status', 'succeeded', '--limit', '4'], { env: { ...process.env, ...env, APP_ENV: 'test' }, root, out: (t) => void out.push(t), tty: true });
    assert.equal(code, 0);
    const lines = out.join('\n').split('\n');
    assert.match(lines[1]!, /\x1b\[32msucceeded\x1b\[0m/, 'succeeded in green');
    const plain = lines.map((l) => l.replace(/\x1b\[[0-9;]*m/g, ''));
    const startedAt = plain[0]!.indexOf('STARTED');
    for (const line of plain.slice(1)) assert.match(line.slice(startedAt), /^\d{4}-/, 'STARTED column aligned after the coloured STATUS');
  });

  it('pause stops new runs of the job while the others go on', async () => {
    const paused = await cli('pause', 'tick');
    assert.equal(paused.code, 0, paused.stderr);
    assert.equal(paused.stdout, 'paused tick');
    // Runs started before the pause committed may still finish; queued ones stay queued (a paused
    // job starts nothing, see README "Pause"); then nothing new may appear.
    await waitFor('no running tick runs', async () => (await db.query("SELECT id FROM runs WHERE job_id = 'tick' AND status = 'running'")).length === 0);
    const ticks = await count('tick');
    const witnesses = await count('witness');
    // Four more runs of a job on the same one-second interval: the loop has cycled past several
    // of tick's fire times.
    await waitFor('four more witness runs', async () => (await count('witness')) >= witnesses + 4);
    assert.equal(await count('tick'), ticks, 'no tick run after the pause');
    const jobs = JSON.parse((await cli('jobs', '--json')).stdout) as Array<{ id: string; paused: boolean; next_run_time: string | null }>;
    assert.deepEqual(jobs.find((j) => j.id === 'tick'), { ...jobs.find((j) => j.id === 'tick'), paused: true, next_run_time: null });
    assert.match((await cli('jobs')).stdout, /^tick\s+tick\s+.*-\s+config\s+paused$/m);
  });

  it('resume makes the running service run the job again', async () => {
    const [{ last }] = (await db.query<{ last: number | null }>("SELECT MAX(id) AS last FROM runs WHERE job_id = 'tick'")) as [{ last: number | null }];
    const resumed = await cli('resume', 'tick');
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stdout, /^resumed tick; next run \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z$/);
    await waitFor('a new tick run after resume', async () =>
      (await db.query("SELECT id FROM runs WHERE job_id = 'tick' AND status = 'succeeded' AND id > ?", [last ?? 0])).length > 0);
  });

  it('run queues an immediate run that the running service executes', async () => {
    const queued = await cli('run', 'report');
    assert.equal(queued.code, 0, queued.stderr);
    const m = /^queued run (\d+) of report \(scheduled_at (\S+ \S+Z)\)$/.exec(queued.stdout);
    assert.ok(m, queued.stdout);
    const id = Number(m[1]);
    const run = await waitFor('the run-now run to succeed', async () => {
      const [row] = await db.query<RunRow>('SELECT * FROM runs WHERE id = ?', [id]);
      return row?.status === 'succeeded' && row;
    });
    assert.equal(run.job_id, 'report');
    assert.equal(run.attempt, 1);
    const [instance] = await db.query<{ id: string }>('SELECT id FROM instances');
    assert.equal(run.instance_id, instance!.id, 'executed by the running service');
    const [job] = await db.query<{ next_run_time: Date }>("SELECT next_run_time FROM jobs WHERE id = 'report'");
    assert.equal(job!.next_run_time.toISOString(), '2099-01-01T00:00:00.000Z', 'run-now leaves the schedule alone');
  });

  it('names an unknown job in one line and exits 1', async () => {
    for (const action of ['run', 'pause', 'resume']) {
      const result = await cli(action, 'nope');
      assert.equal(result.code, 1, action);
      assert.equal(result.stdout, '');
      assert.equal(result.stderr, `error: ${action}: no job "nope" in the store (see: scheduler jobs)`);
    }
  });

  it('rejects bad arguments with a usage line and exits 1', async () => {
    const status = await cli('runs', '--status', 'bogus');
    assert.equal(status.code, 1);
    assert.match(status.stderr, /^error: runs: --status must be one of queued, running, succeeded, failed, missed, skipped, abandoned, interrupted, got "bogus"$/);
    const missing = await cli('pause');
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr, 'error: usage: scheduler pause JOB [--json]');
  });

  it('reports an unreachable store in one line and exits 1', async () => {
    const port = await freePort();
    for (const args of [['jobs'], ['runs'], ['pause', 'tick'], ['migrate']]) {
      const result = await runCommand(root, { JOBSTORE_URL: `mysql://root:secret@127.0.0.1:${port}/nowhere` }, args);
      assert.equal(result.code, 1, args.join(' '));
      assert.match(result.stderr, /^error: database unreachable \(.*ECONNREFUSED.*\)$/, args.join(' '));
      assert.doesNotMatch(result.stderr, /secret/, 'no password in the message');
    }
  });

  it('says that the CLI cannot reach the in-memory store of a service', async () => {
    const result = await runCommand(root, { JOBSTORE_URL: 'memory:' }, ['jobs']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^error: jobs: the jobstore URL is memory: \(JOBSTORE_URL or scheduler\.jobstore\.url\); the in-memory store lives only inside a running service$/);
  });
});

describe('scheduler CLI on a database without the schema', needsDb, () => {
  const db = freshDatabase('cliempty');

  it('says to run migrate', async () => {
    const root = makeProject({ config: CONFIG });
    const result = await runCommand(root, { JOBSTORE_URL: db.url }, ['jobs']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^error: job store: Table '.*\.jobs' doesn't exist \(ER_NO_SUCH_TABLE\); the schema is missing: run `scheduler migrate` or start the service once$/);
  });
});
