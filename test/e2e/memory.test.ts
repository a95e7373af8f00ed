// `npm start` with JOBSTORE_URL=memory: runs the dev tasks on the in-memory store and says so in
// its first log line (the default, sqlite:data/scheduler.db, is covered by test/e2e/sqlite.test.ts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO, ServiceProcess } from '../helpers/service.js';

describe('npm start with JOBSTORE_URL=memory:', () => {
  it('runs config/dev.yaml on the in-memory store and says so first', async () => {
    // The same command line as package.json's start script, run where a user runs it.
    const start = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).scripts.start as string;
    assert.equal(start, 'node --import tsx src/main.ts start');
    const service = new ServiceProcess(REPO, { APP_ENV: '', JOBSTORE_URL: 'memory:' });
    try {
      await service.waitForLine(/run succeeded: task1/);
      const first = service.json()[0]!;
      assert.match(String(first.msg), /^job store: memory: \(in-memory\): schedules and run history are lost when the process stops/);
      for (const job of ['task1', 'task2', 'flaky']) assert.ok(service.lines.some((l) => l.includes(`job added: ${job}`)), `${job} scheduled`);
    } finally {
      const exit = await service.stop();
      assert.equal(exit.code, 0);
    }
  });
});
