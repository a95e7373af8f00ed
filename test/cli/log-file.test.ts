// `logging.file` (env.yaml): the service also writes its JSON log lines to that file (directories
// created as needed, a relative path taken from the working directory), including one line per
// run start and end, and everything up to "shutdown complete" is in the file after SIGTERM.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { makeProject, ServiceProcess } from '../helpers/service.js';
import { waitFor } from '../helpers/wait.js';

type Line = Record<string, unknown>;

function readLines(file: string): Line[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
}

describe('logging.file', () => {
  let service: ServiceProcess | undefined;
  after(async () => {
    await service?.stop();
  });

  it('writes JSON lines, one per run start and end, to the file as well as to stdout', async () => {
    const root = makeProject({
      env: 'scheduler:\n  poll_interval: 0.2\nlogging:\n  level: info\n  file: var/log/scheduler.log\n',
      config: 'tasks:\n  tick:\n    trigger: interval\n    args: { seconds: 1 }\n    max_attempts: 2\n',
      tasks: { tick: 'export function run(ctx) { if (ctx.attempt === 1) throw new Error("first attempt fails"); ctx.logger.info("from the task"); }\n' },
    });
    const file = join(root, 'var', 'log', 'scheduler.log');
    // The in-memory store: nothing but the file to look at. LOG_LEVEL unset so env.yaml's level applies.
    service = new ServiceProcess(root, { JOBSTORE_URL: 'memory:', LOG_LEVEL: undefined });
    await waitFor('a succeeded run in the log file', async () => readLines(file).some((l) => String(l.msg).startsWith('run succeeded: tick attempt 2/2')));
    const exit = await service.stop();
    assert.equal(exit.code, 0);

    const lines = readLines(file);
    const messages = lines.map((l) => String(l.msg));
    assert.ok(messages.some((m) => m.startsWith('job store: memory:')), 'start-up lines are in the file');
    assert.ok(messages.some((m) => m.startsWith('scheduler started')));
    assert.equal(messages.at(-1), 'shutdown complete', 'flushed up to the last line before exit');

    const started = lines.find((l) => String(l.msg) === 'run started: tick attempt 1/2')!;
    assert.equal(started.jobId, 'tick');
    assert.equal(typeof started.runId, 'number');
    assert.equal(typeof started.scheduledAt, 'string');
    const failed = lines.find((l) => String(l.msg).startsWith('run failed: tick attempt 1/2'))!;
    assert.equal(failed.level, 40);
    assert.equal(failed.runId, started.runId);
    assert.match(String(failed.error), /first attempt fails/);
    const succeeded = lines.find((l) => String(l.msg).startsWith('run succeeded: tick attempt 2/2'))!;
    assert.equal(typeof succeeded.durationMs, 'number');
    const fromTask = lines.find((l) => l.msg === 'from the task')!;
    assert.equal(fromTask.jobId, 'tick', "the task's ctx.logger is bound to its job");
    assert.equal(fromTask.runId, succeeded.runId);

    // stdout carries the same lines.
    const stdout = service.json().map((l) => String(l.msg));
    for (const m of ['scheduler started', 'run started: tick attempt 1/2', 'shutdown complete']) {
      assert.ok(stdout.some((s) => s.startsWith(m)), `stdout has "${m}"`);
    }
  });

  it('honours logging.level in the file', async () => {
    const root = makeProject({
      env: 'logging:\n  level: warn\n  file: scheduler.log\n',
      config: 'tasks:\n  boom:\n    trigger: interval\n    args: { seconds: 1 }\n',
      tasks: { boom: 'export function run() { throw new Error("boom"); }\n' },
    });
    service = new ServiceProcess(root, { JOBSTORE_URL: 'memory:', LOG_LEVEL: undefined });
    const file = join(root, 'scheduler.log');
    await waitFor('a failed run in the log file', async () => readLines(file).some((l) => String(l.msg).startsWith('run failed: boom')));
    await service.stop();
    const levels = new Set(readLines(file).map((l) => l.level));
    assert.ok(![...levels].some((level) => Number(level) < 40), `only warn and above, got levels ${[...levels].join(', ')}`);
  });
});
