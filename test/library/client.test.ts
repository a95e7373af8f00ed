// createClient on MariaDB: the job API without a loop, its task catalog, options read from a URL
// or a project's files, close(); and a running embedded scheduler picking up what it adds.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { ConfigError, createClient, createScheduler, type SchedulerClient } from '../../src/index.js';
import { openStore } from '../../src/store/index.js';
import { freshDatabase, needsDb } from '../helpers/db.js';
import { makeProject, ServiceProcess } from '../helpers/service.js';
import { waitFor } from '../helpers/wait.js';

describe('createClient options', () => {
  it('refuses the memory store, which lives inside one scheduler', () => {
    assert.throws(() => createClient({ url: 'memory:' }), {
      name: 'ConfigError',
      message: "options: url: memory: lives inside one scheduler's process; a client needs a mysql:// or sqlite: store",
    });
  });

  it('checks the URL as env.yaml would', () => {
    assert.throws(() => createClient({ url: 'postgres://db/x' }), (error: Error) => error instanceof ConfigError && error.message.startsWith('options: url: unsupported scheme "postgres:"'));
  });
});

describe('createClient on MariaDB', needsDb, () => {
  const db = freshDatabase('client');
  const roots: string[] = [];
  let client: SchedulerClient;

  before(async () => {
    const store = openStore(db.url);
    await store.migrate();
    await store.close();
  });
  after(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  it('adds a job without running anything, as the library', async () => {
    client = createClient({ url: db.url, tasks: ['send-digest'] });
    const { job } = await client.addJob({ id: 'digest-42', task: 'send-digest', trigger: 'interval', args: { hours: 24 }, params: { userId: 42 } });
    assert.deepEqual([job.source, job.origin, job.timezone, job.max_instances], ['api', 'library', 'UTC', 1], 'a URL alone: the defaults');
    const rows = await db.query<{ id: string; source: string; params: string }>('SELECT id, source, params FROM jobs');
    assert.deepEqual(rows.map((r) => [r.id, r.source, JSON.parse(r.params) as unknown]), [['digest-42', 'api', { userId: 42 }]]);
    assert.deepEqual(await db.query('SELECT * FROM runs'), [], 'nothing claimed');
    assert.deepEqual(await db.query('SELECT * FROM instances'), [], 'no instance registered');
  });

  it('refuses a task its catalog does not list, writing nothing', async () => {
    await assert.rejects(client.addJob({ id: 'other', task: 'nope', trigger: 'interval', args: { hours: 1 } }), (error: Error) => {
      assert.equal(error.name, 'JobSpecError');
      assert.match(error.message, /^job other: task: no task "nope" among the deployed tasks/);
      return true;
    });
    assert.equal(await client.getJob('other'), null);
  });

  it('refuses calls once closed', async () => {
    await client.close();
    await client.close();
    await assert.rejects(client.getJobs(), { name: 'SchedulerStateError', message: 'getJobs(): the client is closed' });
  });

  it("reads a project's files as the CLI does: its timezone and job defaults apply", async () => {
    const root = mkdtempSync(join(tmpdir(), 'client-project-'));
    roots.push(root);
    mkdirSync(join(root, 'config'));
    mkdirSync(join(root, 'tasks'));
    writeFileSync(join(root, 'env.yaml'), 'scheduler:\n  timezone: Europe/Paris\n  job_defaults: { max_instances: 4 }\n');
    writeFileSync(join(root, 'config', 'dev.yaml'), 'tasks: {}\n');
    writeFileSync(join(root, 'tasks', 'report.ts'), 'export function run(): void {}\n');
    const project = createClient({ root, env: { JOBSTORE_URL: db.url } });
    try {
      const { job } = await project.addJob({ id: 'report', trigger: 'cron', args: { hour: 9 } });
      assert.deepEqual([job.timezone, job.max_instances], ['Europe/Paris', 4]);
      await assert.rejects(project.addJob({ id: 'missing', trigger: 'cron', args: { hour: 9 } }), (error: Error) => error.name === 'JobSpecError' && /^job missing: task: /.test(error.message));
    } finally {
      await project.close();
    }
  });

  it('adds a job a running scheduler runs with its params within its poll interval', async () => {
    const seen: unknown[] = [];
    const scheduler = createScheduler({
      config: { scheduler: { jobstore: { url: db.url }, poll_interval: 0.2 } },
      tasks: { 'send-digest': (ctx) => void seen.push(ctx.params) },
      logger: pino({ level: 'silent' }),
    });
    await scheduler.start();
    const other = createClient({ url: db.url, tasks: ['send-digest'] });
    try {
      await other.addJob({ id: 'soon', task: 'send-digest', trigger: 'interval', args: { seconds: 1 }, params: { userId: 7 } });
      await waitFor('the scheduler to run the client\'s job', async () => seen.some((p) => (p as { userId?: number }).userId === 7), 20_000);
    } finally {
      await other.close();
      await scheduler.stop();
    }
  });

  // Issue 11's acceptance with the library as the second process: the service runs from YAML in
  // its own process, the client (this one) adds an interval job with params, the service runs it
  // with ctx.params as given within 2 × poll_interval; restarted on a changed YAML, the service
  // keeps the job with its next run time, grid and pause.
  it('adds a job that a service running from YAML in another process runs with its params, and keeps across a restart', async () => {
    const pollS = 1;
    const config = 'tasks:\n  yearly:\n    task: record\n    trigger: cron\n    args: { year: 2099, hour: 0 }\n';
    const root = makeProject({
      env: `scheduler:\n  poll_interval: ${pollS}\n`,
      config,
      tasks: { record: "import { appendFileSync } from 'node:fs';\nexport function run(ctx) { appendFileSync('params.log', JSON.stringify({ job: ctx.jobId, params: ctx.params }) + '\\n'); }\n" },
    });
    roots.push(root);
    const env = { JOBSTORE_URL: db.url };
    let service = new ServiceProcess(root, env);
    const other = createClient({ url: db.url, tasks: ['record'] });
    try {
      await service.waitForLine(/scheduler started/);
      const params = { user: 'ada', plan: { tier: 'pro' }, tags: ['x'] };
      await other.addJob({ id: 'from-library', task: 'record', trigger: 'interval', args: { seconds: 1 }, params });
      const line = await waitFor('the service to run the library job', async () =>
        readFileSync(join(root, 'params.log'), { encoding: 'utf8', flag: 'a+' }).split('\n').find((l) => l.includes('"from-library"')));
      assert.deepEqual(JSON.parse(line), { job: 'from-library', params });
      const [first] = await db.query<{ scheduled_at: Date; started_at: Date }>("SELECT scheduled_at, started_at FROM runs WHERE job_id = 'from-library' ORDER BY id LIMIT 1");
      assert.ok(first!.started_at.getTime() - first!.scheduled_at.getTime() <= 2 * pollS * 1000, `started ${first!.started_at.toISOString()} for ${first!.scheduled_at.toISOString()}`);

      await other.pauseJob('from-library');
      await service.stop();
      const row = async () => (await db.query('SELECT next_run_time, defined_at, paused, version, source, origin, params FROM jobs WHERE id = ?', ['from-library']))[0];
      const before = await row();
      writeFileSync(join(root, 'config', 'test.yaml'), `${config.replace('hour: 0', 'hour: 6')}  extra:\n    task: record\n    trigger: interval\n    args: { hours: 2 }\n`);
      service = new ServiceProcess(root, env);
      await service.waitForLine(/scheduler started/);
      assert.equal((await db.query<{ n: number }>("SELECT COUNT(*) AS n FROM jobs WHERE id = 'extra'"))[0]?.n, 1, 'the sync ran on the changed YAML');
      assert.deepEqual(await row(), before, 'next run time, grid, pause, version as they were');
    } finally {
      await other.close();
      await service.stop();
    }
  });
});
