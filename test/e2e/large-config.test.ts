// A large configuration starts: the sync writes in chunks (one INSERT of every job would exceed
// max_allowed_packet: 5,000 jobs of 4 kB params are 20 MB) and logs one summary line.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freshDatabase, needsDb } from '../helpers/db.js';
import { makeProject, ServiceProcess } from '../helpers/service.js';

const JOBS = 5_000;

describe('a configuration with 5,000 jobs', needsDb, () => {
  const db = freshDatabase('large');

  it('is stored in full at start, with one summary log line', async () => {
    const tasks = Array.from({ length: JOBS }, (_, i) => `  job${i}: { task: noop, trigger: interval, args: { hours: 1 }, params: { note: "${'x'.repeat(4000)}" } }`);
    const root = makeProject({ config: `tasks:\n${tasks.join('\n')}\n`, tasks: { noop: 'export function run() {}\n' } });
    const service = new ServiceProcess(root, { JOBSTORE_URL: db.url });
    try {
      await service.waitForLine(/scheduler started/, 60_000);
      const [row] = await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM jobs WHERE next_run_time IS NOT NULL');
      assert.equal(Number(row!.n), JOBS);
      assert.ok(service.lines.some((l) => l.includes(`jobs synchronised: ${JOBS} added, 0 updated, 0 removed`)));
      assert.equal(service.lines.filter((l) => l.includes('job added:')).length, 0, 'no line per job');
    } finally {
      assert.equal((await service.stop()).code, 0);
    }
  });
});
