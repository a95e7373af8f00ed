// An embedded scheduler leaves the process to the application (README "Embedding"): real child
// processes (test/fixtures/library/host.ts) show that a task's stray exception or forgotten
// rejection fails only its attempt, while the application's own errors and signals keep Node's
// default behaviour, and no signal handler is installed.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LoggedProcess, REPO, TSX } from '../helpers/service.js';

const HOST = join(REPO, 'test', 'fixtures', 'library', 'host.ts');

function host(mode: string): LoggedProcess {
  return new LoggedProcess(process.execPath, ['--import', TSX, HOST, mode], { cwd: REPO, env: { ...process.env, NODE_ENV: 'test' } });
}

function said(p: LoggedProcess): Array<Record<string, unknown>> {
  return p.stdout.flatMap((line) => {
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}

describe('an application embedding a scheduler', () => {
  it('gets no signal handler: SIGTERM ends it as it would without the scheduler', async () => {
    const app = host('wait');
    await app.waitForLine(/"started":true/);
    assert.deepEqual(said(app)[0], { started: true, signalListenersAdded: 0 });
    app.kill('SIGTERM');
    assert.deepEqual(await app.exited, { code: null, signal: 'SIGTERM' });
  });

  it('sees a task throwing from a timer fail that attempt, and goes on', async () => {
    const app = host('timer-throws');
    const exit = await app.exited;
    assert.deepEqual(exit, { code: 0, signal: null }, app.lines.join('\n'));
    const failed = said(app).find((l) => 'runFailed' in l);
    assert.deepEqual(failed, { runFailed: 'timer-throws', error: 'uncaught exception: boom from a timer' });
    assert.ok(said(app).some((l) => l.stopped === true));
  });

  it('sees a task leaving a rejection unhandled fail that attempt, and goes on', async () => {
    const app = host('forgets-rejection');
    const exit = await app.exited;
    assert.deepEqual(exit, { code: 0, signal: null }, app.lines.join('\n'));
    const failed = said(app).find((l) => 'runFailed' in l);
    assert.deepEqual(failed, { runFailed: 'forgets-rejection', error: 'unhandled rejection: forgotten rejection' });
  });

  it("still crashes on its own uncaught exception, as Node does: the error printed, exit code 1", async () => {
    const app = host('host-throws');
    const exit = await app.exited;
    assert.deepEqual(exit, { code: 1, signal: null });
    assert.ok(app.stderr.some((l) => l.includes('Error: a bug of the application')), app.stderr.join('\n'));
    assert.ok(!said(app).some((l) => l.alive), 'the process did not go on');
  });

  it("keeps its own uncaughtException listener in charge of its errors", async () => {
    const app = host('host-listens');
    const exit = await app.exited;
    assert.deepEqual(exit, { code: 0, signal: null }, app.lines.join('\n'));
    assert.deepEqual(said(app).filter((l) => !('started' in l)), [{ hostHandled: 'a bug of the application' }, { alive: true }]);
  });
});
