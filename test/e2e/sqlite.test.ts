// Acceptance (issue 13): the real service on the SQLite default. A fresh project with no
// environment variables persists to sqlite:data/scheduler.db: a restart after a 5 s stop catches
// up missed times under each job's policy and the history is there to query; SIGKILL during a
// run leaves it `abandoned` and retried; the CLI works on the file while the service runs; two
// services share one file without running anything twice; a bad sqlite: URL stops start-up in
// one line naming the key.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import Sqlite from 'better-sqlite3';
import { makeProject, REPO, runCommand, ServiceProcess } from '../helpers/service.js';
import { waitFor } from '../helpers/wait.js';

// No JOBSTORE_URL at all: the shipped env.yaml's default applies.
const NO_URL = { JOBSTORE_URL: undefined };
const SHIPPED_ENV = readFileSync(join(REPO, 'env.yaml'), 'utf8');
// A generous deadline for waits that span a start-up and several fire times on a loaded machine.
const LOADED = 120_000;

/** Runs a query on the project's database file (a separate connection, as the sqlite3 shell is). */
function query<T>(root: string, text: string, ...params: unknown[]): T[] {
  const db = new Sqlite(join(root, 'data', 'scheduler.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(text).all(...params) as T[];
  } finally {
    db.close();
  }
}

interface Run { job_id: string; scheduled_at: string; attempt: number; status: string; instance_id: string | null }

describe('a fresh project without a jobstore URL', () => {
  const root = makeProject({
    env: SHIPPED_ENV,
    config: `tasks:
  every_time:            # each missed time runs once (room for the whole catch-up at once)
    task: noop
    trigger: interval
    args: { seconds: 1 }
    coalesce: false
    misfire_grace_time: null
    max_instances: 50
  coalesced:             # one run covers all missed times
    task: noop
    trigger: interval
    args: { seconds: 1 }
    coalesce: true
`,
    tasks: { noop: 'export function run() {}\n' },
  });
  const runs = (job: string) => query<Run>(root, 'SELECT * FROM runs WHERE job_id = ? ORDER BY scheduled_at, attempt', job);

  it('starts on sqlite:data/scheduler.db, says where, and catches up after a 5 s stop from the file', async () => {
    const first = new ServiceProcess(root, NO_URL);
    const line = await first.waitForLine(/job store: /, LOADED);
    assert.equal(JSON.parse(line).msg, `job store: sqlite:${join(root, 'data', 'scheduler.db')}`);
    await waitFor('three runs of each job', async () => runs('every_time').length >= 3 && runs('coalesced').length >= 3, LOADED);
    assert.equal((await first.stop()).code, 0);
    const stoppedAt = Date.now();
    await sleep(5000); // the outage being simulated, not a wait for a result
    const restartedAt = Date.now();
    const second = new ServiceProcess(root, NO_URL);
    try {
      // Caught up once both jobs ran a time after the restart and nothing before it is left open.
      const started = new Date(JSON.parse(await second.waitForLine(/scheduler started/, LOADED)).time as number).toISOString();
      await waitFor('runs after the restart', async () => {
        const after = query<{ n: number }>(root, 'SELECT COUNT(DISTINCT job_id) AS n FROM runs WHERE scheduled_at > ?', started);
        const open = query<{ n: number }>(root, "SELECT COUNT(*) AS n FROM runs WHERE status IN ('queued', 'running') AND scheduled_at <= ?", started);
        return after[0]!.n === 2 && open[0]!.n === 0;
      }, LOADED);
    } finally {
      assert.equal((await second.stop()).code, 0);
    }
    assert.ok(second.lines.some((l) => l.includes('job store: sqlite:')), 'the restart uses the same file');
    assert.ok(!second.lines.some((l) => l.includes('job added')), 'the jobs were kept, not added again');

    const inGap = (rows: Run[]) => rows.filter((r) => Date.parse(r.scheduled_at) > stoppedAt && Date.parse(r.scheduled_at) < restartedAt);
    // coalesce false: one run for each missed second, none doubled, all succeeded.
    const every = runs('every_time');
    const times = every.map((r) => Date.parse(r.scheduled_at));
    times.slice(1).forEach((t, i) => assert.equal(t - times[i]!, 1000, `every_time: run ${i + 2} one second after the previous`));
    assert.ok(inGap(every).length >= 4, `every_time: runs for the missed seconds (${inGap(every).length})`);
    assert.deepEqual(every.filter((r) => r.status !== 'succeeded' || r.attempt !== 1), [], 'every_time: each time ran once and succeeded');
    // coalesce true: at most the latest missed time ran.
    assert.ok(inGap(runs('coalesced')).length <= 1, 'coalesced: the missed seconds ran once at most');

    // The history, as `sqlite3 data/scheduler.db "select status, count(*) from runs group by status"` shows it.
    const byStatus = query<{ status: string; n: number }>(root, 'SELECT status, COUNT(*) AS n FROM runs GROUP BY status');
    assert.deepEqual(byStatus.map((r) => r.status), ['succeeded']);
    assert.equal(byStatus[0]!.n, every.length + runs('coalesced').length);
  });
});

describe('SIGKILL during a run on SQLite', () => {
  const root = makeProject({
    env: 'scheduler:\n  poll_interval: 0.5\n  heartbeat_interval: 0.5\n  lease_timeout: 2\n',
    // Attempt 1 marks that it started and hangs; attempt 2 succeeds.
    config: 'tasks:\n  fragile:\n    trigger: interval\n    args: { hours: 1 }\n    max_attempts: 2\n    retry_delay: 0\n',
    tasks: {
      fragile: `import { writeFileSync } from 'node:fs';
export async function run(ctx) {
  if (ctx.attempt > 1) return;
  writeFileSync('attempt-1-started', '');
  await new Promise(() => {});
}
`,
    },
  });

  it('leaves the run abandoned after a restart, and retries it; the CLI queued it while the service ran', async () => {
    const first = new ServiceProcess(root, NO_URL);
    await first.waitForLine(/scheduler started/);
    const queued = await runCommand(root, NO_URL, ['run', 'fragile']);
    assert.equal(queued.code, 0, queued.stderr);
    await waitFor('attempt 1 running', async () => existsSync(join(root, 'attempt-1-started')));
    first.kill('SIGKILL');
    assert.equal((await first.exited).signal, 'SIGKILL');
    assert.deepEqual(query<Run>(root, "SELECT status FROM runs WHERE job_id = 'fragile'").map((r) => r.status), ['running']);
    const second = new ServiceProcess(root, NO_URL);
    try {
      const rows = await waitFor('attempt 2 final', async () => {
        const r = query<Run>(root, "SELECT * FROM runs WHERE job_id = 'fragile' ORDER BY attempt");
        return r.length === 2 && r[1]!.status === 'succeeded' && r;
      }, LOADED);
      assert.deepEqual(rows.map((r) => [r.attempt, r.status]), [[1, 'abandoned'], [2, 'succeeded']]);
    } finally {
      await second.stop();
    }
  });
});

describe('the CLI on the file while the service runs', () => {
  const root = makeProject({
    env: 'scheduler:\n  poll_interval: 0.2\n',
    config: 'tasks:\n  tick:\n    trigger: interval\n    args: { seconds: 1 }\n',
    tasks: { tick: 'export function run() {}\n' },
  });

  it('lists jobs and runs, and pauses a job the service then stops running', async () => {
    const service = new ServiceProcess(root, NO_URL);
    try {
      await waitFor('two runs', async () => existsSync(join(root, 'data', 'scheduler.db')) && query(root, "SELECT 1 FROM runs WHERE status = 'succeeded'").length >= 2);
      const runs = await runCommand(root, NO_URL, ['runs', '--json']);
      assert.equal(runs.code, 0, runs.stderr);
      assert.ok((JSON.parse(runs.stdout) as Array<{ status: string }>).some((r) => r.status === 'succeeded'));
      const paused = await runCommand(root, NO_URL, ['pause', 'tick']);
      assert.equal(paused.code, 0, paused.stderr);
      const jobs = JSON.parse((await runCommand(root, NO_URL, ['jobs', '--json'])).stdout) as Array<{ id: string; paused: boolean; next_run_time: string | null }>;
      assert.deepEqual(jobs.map((j) => [j.id, j.paused, j.next_run_time]), [['tick', true, null]]);
      // Whatever was claimed before the pause finishes; after that the job stays quiet.
      await waitFor('no open run', async () => query(root, "SELECT 1 FROM runs WHERE status IN ('queued', 'running')").length === 0);
      const count = query(root, 'SELECT 1 FROM runs').length;
      await sleep(2500); // several poll intervals and fire times: long enough for a run to appear if it were going to
      assert.equal(query(root, 'SELECT 1 FROM runs').length, count, 'no run after the pause');
      const resumed = await runCommand(root, NO_URL, ['resume', 'tick']);
      assert.equal(resumed.code, 0, resumed.stderr);
      await waitFor('a run after the resume', async () => query(root, 'SELECT 1 FROM runs').length > count);
    } finally {
      assert.equal((await service.stop()).code, 0);
    }
  });
});

describe('two services on one SQLite file', () => {
  const root = makeProject({
    env: 'scheduler:\n  poll_interval: 0.2\n',
    config: 'tasks:\n  tick:\n    trigger: interval\n    args: { seconds: 0.5 }\n    max_instances: 5\n  tock:\n    trigger: interval\n    args: { seconds: 0.5 }\n    max_instances: 5\n',
    tasks: Object.fromEntries(['tick', 'tock'].map((name) => [name, `import { appendFileSync } from 'node:fs';
export function run(ctx) { appendFileSync('executions.log', \`${name} \${ctx.scheduledAt.toISOString()} \${ctx.attempt}\\n\`); }
`])),
  });

  it('take turns claiming: every run executes exactly once', async () => {
    const services = [new ServiceProcess(root, NO_URL), new ServiceProcess(root, NO_URL)];
    try {
      await Promise.all(services.map((s) => s.waitForLine(/scheduler started/, LOADED)));
      await waitFor('40 runs', async () => query(root, "SELECT 1 FROM runs WHERE status = 'succeeded'").length >= 40, LOADED);
    } finally {
      for (const s of services) assert.equal((await s.stop()).code, 0);
    }
    const executions = readFileSync(join(root, 'executions.log'), 'utf8').trim().split('\n');
    assert.equal(new Set(executions).size, executions.length, 'no (job, time, attempt) executed twice');
    const rows = query<Run>(root, 'SELECT * FROM runs');
    assert.deepEqual(rows.map((r) => r.status).filter((s) => s !== 'succeeded'), [], 'every run succeeded');
    assert.equal(rows.length, executions.length, 'one execution per run row');
    const instances = new Set(rows.map((r) => r.instance_id));
    assert.equal(instances.size, 2, 'both instances ran some');
  });
});

describe('a bad sqlite: URL', () => {
  const CONFIG = 'tasks:\n  tick:\n    trigger: interval\n    args: { seconds: 5 }\n';
  const tasks = { tick: 'export function run() {}\n' };

  for (const [name, url, reason] of [
    ['a directory that cannot be created', (root: string) => `sqlite:${join(root, 'plain-file', 'sub', 'x.db')}`, /cannot create the directory of .*plain-file\/sub\/x\.db: EEXIST|ENOTDIR/],
    ['a file that is not a database', (root: string) => `sqlite:${join(root, 'plain-file')}`, /cannot open .*plain-file as a SQLite database: file is not a database$/],
  ] as const) {
    it(`${name}: exit 1, one line naming scheduler.jobstore.url (or JOBSTORE_URL)`, async () => {
      const root = makeProject({ config: CONFIG, tasks });
      writeFileSync(join(root, 'plain-file'), 'not a database\n'.repeat(200));
      writeFileSync(join(root, 'env.yaml'), `scheduler:\n  jobstore:\n    url: ${url(root)}\n`);
      for (const [env, key] of [[NO_URL, 'env.yaml: scheduler.jobstore.url: '], [{ JOBSTORE_URL: url(root) }, 'environment: JOBSTORE_URL: ']] as const) {
        const result = await runCommand(root, env, ['start']);
        assert.equal(result.code, 1);
        const lines = result.stderr.split('\n').filter(Boolean);
        assert.equal(lines.length, 1, `exactly one line on stderr, got:\n${result.stderr}`);
        assert.ok(lines[0]!.startsWith(`error: ${key}`), lines[0]);
        assert.match(lines[0]!, reason);
        assert.equal(result.stdout, '', 'nothing logged before the error');
      }
      assert.equal(readFileSync(join(root, 'plain-file'), 'utf8'), 'not a database\n'.repeat(200), 'the file is left as it was');
    });
  }
});
