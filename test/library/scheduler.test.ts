// createScheduler on MariaDB, in this process: options checked at once, the job API only while
// running, tasks as functions with their params, events, the loop woken by its own changes, and
// start()/stop() as a state machine that closes what it opened.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import pino from 'pino';
import { ConfigError, createScheduler, SchedulerStateError, type EmbeddedScheduler, type Job, type Run } from '../../src/index.js';
import { defineTask } from '../../src/task.js';
import { freshDatabase, needsDb } from '../helpers/db.js';
import { waitFor } from '../helpers/wait.js';

/** A pino logger whose lines the test can read. */
function capturingLogger(): { logger: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

function configError(create: () => unknown): ConfigError {
  try {
    create();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `a ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail('accepted');
}

describe('createScheduler options', () => {
  it('refuses an unknown option, naming the ones it takes', () => {
    const options = { task: {} } as Parameters<typeof createScheduler>[0];
    assert.equal(configError(() => createScheduler(options)).message, 'options: task: unknown key (expected one of: root, env, config, tasks, logger)');
  });

  it('refuses a tasks map entry that is not a function', () => {
    const options = { config: {}, tasks: { report: 'tasks/report.ts' } } as unknown as Parameters<typeof createScheduler>[0];
    assert.equal(configError(() => createScheduler(options)).message, 'options: tasks.report: expected a function, or an object with a function "run"');
  });

  it('checks the config object as the files are checked', () => {
    const error = configError(() => createScheduler({ config: { scheduler: { timezone: 'Mars/Base' } }, tasks: {} }));
    assert.equal(error.message, 'options.config: scheduler.timezone: unknown time zone "Mars/Base" (expected an IANA name such as "Europe/Paris")');
  });
});

describe('createScheduler on SQLite', () => {
  it('reads a relative sqlite: file against root, not the working directory', async () => {
    const root = mkdtempSync(join(tmpdir(), 'embed-root-'));
    try {
      const scheduler = createScheduler({ root, config: { scheduler: { jobstore: { url: 'sqlite:data/jobs.db' } } }, tasks: {}, logger: capturingLogger().logger });
      await scheduler.start();
      await scheduler.stop();
      assert.ok(existsSync(join(root, 'data', 'jobs.db')));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('createScheduler on MariaDB', needsDb, () => {
  const db = freshDatabase('embed');
  const seen: Array<{ jobId: string; params: { n: number } }> = [];
  const tasks = { echo: defineTask<{ n: number }>((ctx) => void seen.push({ jobId: ctx.jobId, params: ctx.params })) };
  // A poll interval far beyond the test's waits: only the scheduler's own wake-up can explain a prompt run.
  const config = () => ({ scheduler: { jobstore: { url: db.url }, poll_interval: 3600 } });
  let scheduler: EmbeddedScheduler;

  it('refuses the job API before start, with one line', async () => {
    scheduler = createScheduler({ config: config(), tasks, logger: capturingLogger().logger });
    assert.equal(scheduler.state, 'created');
    assert.equal(scheduler.instanceId, null);
    await assert.rejects(scheduler.getJobs(), { name: 'SchedulerStateError', message: 'getJobs(): the scheduler is created; await scheduler.start() first' });
  });

  it('runs a job added through the API with its params, and tells the events', async () => {
    const events: Array<[string, string]> = [];
    scheduler.on('jobAdded', (job: Job) => void events.push(['jobAdded', job.id]));
    scheduler.on('runQueued', (run: Run) => void events.push(['runQueued', run.job_id]));
    scheduler.on('runSucceeded', (run: Run) => void events.push(['runSucceeded', run.job_id]));
    const sigterm = process.listenerCount('SIGTERM');
    await scheduler.start();
    assert.equal(scheduler.state, 'running');
    assert.match(scheduler.instanceId ?? '', /-\d+-[0-9a-f]{6}$/);
    assert.equal(process.listenerCount('SIGTERM'), sigterm, 'no signal handler installed');

    const { job, change } = await scheduler.addJob({ id: 'every-second', task: 'echo', trigger: 'interval', args: { seconds: 1 }, params: { n: 7 } });
    assert.equal(change, 'added');
    assert.deepEqual([job.source, job.origin, job.version], ['api', 'library', 1]);
    await waitFor('the job to run', async () => seen.length > 0, 20_000);
    assert.deepEqual(seen[0], { jobId: 'every-second', params: { n: 7 } });
    await waitFor('runSucceeded', async () => events.some(([name]) => name === 'runSucceeded'));
    assert.deepEqual(events.slice(0, 1), [['jobAdded', 'every-second']]);
    assert.ok(events.some(([name, id]) => name === 'runQueued' && id === 'every-second'));
  });

  it('starts a run-now at once and tells its runQueued', async () => {
    await scheduler.removeJob('every-second');
    await scheduler.addJob({ id: 'hourly', task: 'echo', trigger: 'interval', args: { hours: 1 }, params: { n: 1 } });
    const queued = new Promise<Run>((resolve) => scheduler.once('runQueued', resolve));
    const run = await scheduler.runJob('hourly');
    assert.equal((await queued).id, run.id);
    // Its first fire time is an hour away and the poll interval longer: only the wake-up explains a run.
    await waitFor('the run-now to run', async () => seen.some((s) => s.jobId === 'hourly'), 20_000);
  });

  it('refuses a second start', async () => {
    await assert.rejects(scheduler.start(), { name: 'SchedulerStateError', message: 'start(): the scheduler is running; a scheduler starts once (create another to start again)' });
  });

  it('stops once, whoever asks, deregisters, and refuses the job API afterwards', async () => {
    const [a, b] = await Promise.all([scheduler.stop(), scheduler.stop()]);
    assert.deepEqual(a, { unrecorded: 0 });
    assert.equal(a, b);
    assert.equal(scheduler.state, 'stopped');
    assert.deepEqual(await db.query('SELECT id FROM instances'), []);
    await assert.rejects(scheduler.addJob({ id: 'late', task: 'echo', trigger: 'interval', args: { seconds: 1 } }), {
      name: 'SchedulerStateError',
      message: 'addJob(): the scheduler is stopped; use createClient() to manage jobs without a running scheduler',
    });
  });

  it('refuses, at start and before touching the store, a configured job asking a map task for the process executor', async () => {
    const tables = await db.query('SHOW TABLES');
    const bad = createScheduler({
      config: { ...config(), tasks: { echo: { trigger: 'interval', args: { seconds: 5 }, executor: 'process' } } },
      tasks,
      logger: capturingLogger().logger,
    });
    await assert.rejects(bad.start(), {
      name: 'ConfigError',
      message: 'options.config: tasks.echo.executor: task "echo" is a function in the tasks map; the process executor runs a module file, so it needs a tasks directory',
    });
    assert.equal(bad.state, 'stopped');
    assert.deepEqual(await db.query('SHOW TABLES'), tables, 'nothing written');
  });

  it('refuses an API job asking a map task for the process executor, writing nothing', async () => {
    const other = createScheduler({ config: config(), tasks, logger: capturingLogger().logger });
    await other.start();
    try {
      await assert.rejects(other.addJob({ id: 'in-a-worker', task: 'echo', trigger: 'interval', args: { seconds: 5 }, executor: 'process' }), (error: Error) => {
        assert.equal(error.name, 'JobSpecError');
        assert.match(error.message, /^job in-a-worker: executor: task "echo" is a function in the tasks map; the process executor runs a module file/);
        return true;
      });
      assert.equal(await other.getJob('in-a-worker'), null);
    } finally {
      await other.stop();
    }
  });

  it('stops a start that waits for an unreachable database; start() then rejects', async () => {
    const { logger, lines } = capturingLogger();
    const waiting = createScheduler({ config: { scheduler: { jobstore: { url: 'mysql://root@127.0.0.1:1/nothing' } } }, tasks, logger });
    const started = waiting.start();
    await waitFor('a retry line', async () => lines.some((l) => l.includes('retrying in')), 20_000);
    assert.equal(waiting.state, 'starting');
    assert.deepEqual(await waiting.stop(), { unrecorded: 0 });
    await assert.rejects(started, (error: Error) => error instanceof SchedulerStateError && /stop\(\) was called before the scheduler had started/.test(error.message));
    assert.equal(waiting.state, 'stopped');
  });
});
