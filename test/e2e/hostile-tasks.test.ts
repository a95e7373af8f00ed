// Issue 10 §3: a task on the default (in-process) executor cannot take the service down: not by
// throwing from a timer, leaking a rejection, calling process.exit, or throwing an error object
// that cannot be formatted. Its attempt fails with a readable error, and the service goes on.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freshDatabase, needsDb } from '../helpers/db.js';
import { makeProject, ServiceProcess, type Exit } from '../helpers/service.js';
import { waitFor } from '../helpers/wait.js';

interface Row { status: string; error: string | null }

const FOREVER = 'return new Promise(() => {});';
const TASKS: Record<string, string> = {
  timer_throws: `export function run() { setTimeout(() => { throw new Error('late boom'); }, 0); ${FOREVER} }`,
  microtask_throws: `export function run() { queueMicrotask(() => { throw new Error('micro boom'); }); ${FOREVER} }`,
  leaks_rejection: `export function run() { Promise.reject(new Error('forgotten rejection')); ${FOREVER} }`,
  exits: 'export function run() { process.exit(0); }',
  exits_from_timer: `export function run() { setTimeout(() => process.exit(0), 0); ${FOREVER} }`,
  kills_itself: "export function run() { process.kill(String(process.pid), 'SIGTERM'); }",
  really_exits: 'export function run() { process.reallyExit(0); }',
  throws_after_success: "export function run() { setTimeout(() => { throw new Error('after the end'); }, 50); }",
  bad_stack: "export function run() { const e = new Error('stack getter throws'); Object.defineProperty(e, 'stack', { get() { throw new Error('no stack'); } }); throw e; }",
  bad_message: "export function run() { const e = new Error('x'); Object.defineProperty(e, 'message', { get() { throw new Error('no message'); } }); throw e; }",
  bad_object: "export function run() { throw { toJSON() { throw new Error('no json'); }, toString() { throw new Error('no string'); } }; }",
  bad_proxy: "export function run() { throw new Proxy({}, { get() { throw new Error('trap'); }, getPrototypeOf() { throw new Error('trap'); } }); }",
  logs_bad_error: "export function run(ctx) { const e = new Error('x'); Object.defineProperty(e, 'stack', { get() { throw new Error('no stack'); } }); ctx.logger.error({ err: e }, 'logged'); }",
  ok: 'export function run() {}',
};

describe('hostile tasks on the default executor', needsDb, () => {
  const db = freshDatabase('hostile');
  let service: ServiceProcess;
  let exit: Exit | null = null;

  before(() => {
    const jobs = Object.keys(TASKS).map((name) => `  ${name}:\n    trigger: interval\n    args: { hours: 1 }\n`).join('');
    const root = makeProject({ env: 'scheduler:\n  poll_interval: 1\n', config: `tasks:\n${jobs}`, tasks: TASKS });
    service = new ServiceProcess(root, { JOBSTORE_URL: db.url });
    void service.exited.then((e) => (exit = e));
  });
  after(async () => {
    await service.stop();
    if (process.env.DEBUG_E2E) console.log(service.lines.join('\n'));
  });

  /** Makes an hourly job due now and returns its run once final (start-up is slow on a busy machine). */
  async function runNow(jobId: string): Promise<Row> {
    await service.waitForLine(/scheduler started/, 120_000);
    await db.query('UPDATE jobs SET next_run_time = UTC_TIMESTAMP(6) WHERE id = ?', [jobId]);
    const [row] = await waitFor(`the ${jobId} run final`, async () => {
      if (exit) return [{ status: `the service exited (code ${exit.code})`, error: service.lines.slice(-3).join('\n') }];
      const r = await db.query<Row>("SELECT status, error FROM runs WHERE job_id = ? AND status NOT IN ('queued', 'running')", [jobId]);
      return r.length === 1 && r;
    });
    return row!;
  }

  /** The service still runs jobs, and has logged `pattern` as a JSON line (no raw stack). */
  async function stillServing(pattern: RegExp): Promise<void> {
    await waitFor(`a JSON log line matching ${pattern}`, async () => service.json().some((l) => pattern.test(String(l.msg))));
    await db.query("DELETE FROM runs WHERE job_id = 'ok'");
    assert.equal((await runNow('ok')).status, 'succeeded');
  }

  it('fails the attempt of a task whose timer throws', async () => {
    const row = await runNow('timer_throws');
    assert.equal(row.status, 'failed');
    assert.match(row.error!, /^uncaught exception: late boom/);
    await stillServing(/uncaught exception in task timer_throws: late boom; its attempt fails/);
  });

  // Node reports a queueMicrotask throw after leaving the task's async context: caught apart.
  it('fails the attempt of a task whose queueMicrotask callback throws', async () => {
    const row = await runNow('microtask_throws');
    assert.equal(row.status, 'failed');
    assert.match(row.error!, /^uncaught exception: micro boom/);
    await stillServing(/uncaught exception in task microtask_throws: micro boom; its attempt fails/);
  });

  it('fails the attempt of a task that leaks a rejected promise', async () => {
    const row = await runNow('leaks_rejection');
    assert.equal(row.status, 'failed');
    assert.match(row.error!, /^unhandled rejection: forgotten rejection/);
    await stillServing(/unhandled rejection in task leaks_rejection/);
  });

  for (const [job, call] of [['exits', /process\.exit\(\)/], ['exits_from_timer', /process\.exit\(\)/], ['kills_itself', /process\.kill\(\d+\)/], ['really_exits', /process\.reallyExit\(\)/]] as const) {
    it(`fails the attempt of a task that tries to end the service (${job})`, async () => {
      const row = await runNow(job);
      assert.equal(row.status, 'failed');
      assert.match(row.error!, new RegExp(`${call.source} called by task ${job}: tasks must not exit the service`));
      await stillServing(new RegExp(`run failed: ${job}`));
    });
  }

  it('keeps a succeeded run succeeded when the task throws after it ended', async () => {
    assert.equal((await runNow('throws_after_success')).status, 'succeeded');
    await stillServing(/uncaught exception in task throws_after_success: after the end; its attempt had already ended/);
  });

  for (const [job, error] of [['bad_stack', /^stack getter throws/], ['bad_message', /could not be read/], ['bad_object', /could not be formatted/], ['bad_proxy', /could not be formatted/]] as const) {
    it(`records a readable error for an unformattable thrown value (${job})`, async () => {
      const row = await runNow(job);
      assert.equal(row.status, 'failed');
      assert.match(row.error!, error);
      await stillServing(new RegExp(`run failed: ${job}`));
    });
  }

  it('logs an error object whose stack getter throws without failing the task', async () => {
    assert.equal((await runNow('logs_bad_error')).status, 'succeeded');
    assert.ok(service.json().some((l) => l.msg === 'logged' && l.jobId === 'logs_bad_error'));
  });
});

describe('an uncaught exception outside any task', needsDb, () => {
  const db = freshDatabase('fatal');

  it('is logged as one fatal JSON line, and the service stops with a non-zero exit', async () => {
    // Thrown by a module's top-level timer: it was created at start-up, not inside an attempt.
    const root = makeProject({
      env: 'scheduler:\n  poll_interval: 1\n',
      config: 'tasks:\n  ok:\n    trigger: interval\n    args: { hours: 1 }\n',
      tasks: { ok: "setTimeout(() => { throw new Error('module-level boom'); }, 500);\nexport function run() {}\n" },
    });
    const service = new ServiceProcess(root, { JOBSTORE_URL: db.url });
    const exit = await service.exited;
    assert.notEqual(exit.code, 0, 'a supervisor must see a failure');
    const fatal = service.json().filter((l) => l.level === 60);
    assert.equal(fatal.length, 1);
    assert.match(String(fatal[0]!.msg), /^uncaught exception: module-level boom; shutting down \(exit code 1\)/);
    assert.ok(!service.lines.some((l) => /^\s+at /.test(l)), 'no raw stack trace');
  });
});
