// Issue 10 §1: one outcome the database cannot hold as it is must not block the others. The real
// service on MariaDB runs a task whose error text is 70 KB (multibyte, over the TEXT column's
// 65,535 bytes) beside a healthy job: the healthy job keeps succeeding, its runs are recorded (not
// left `running`, nor its fire times `skipped`), and the long error is stored cut with a marker.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freshDatabase, needsDb } from '../helpers/db.js';
import { makeProject, ServiceProcess } from '../helpers/service.js';
import { waitFor } from '../helpers/wait.js';

interface Row { job_id: string; status: string; error: string | null }

describe('outcomes the database cannot hold as they are (real service)', needsDb, () => {
  const db = freshDatabase('outcomes_e2e');
  let service: ServiceProcess;

  before(() => {
    const root = makeProject({
      env: 'scheduler:\n  poll_interval: 1\n',
      config: `tasks:
  tick:
    trigger: interval
    args: { seconds: 1 }
  huge:
    trigger: interval
    args: { seconds: 1 }
`,
      tasks: {
        tick: 'export function run() {}\n',
        // 10 bytes a repeat in UTF-8: a 70,000-byte message.
        huge: 'export function run() { throw new Error("é€😀x".repeat(7000)); }\n',
      },
    });
    service = new ServiceProcess(root, { JOBSTORE_URL: db.url });
  });
  after(async () => {
    await service.stop();
    if (process.env.DEBUG_E2E) console.log(service.lines.map((l) => l.slice(0, 300)).join('\n'));
  });

  const rows = (jobId: string) => db.query<Row>('SELECT job_id, status, error FROM runs WHERE job_id = ? ORDER BY id', [jobId]);

  it('records the healthy job beside a task with a 70 KB error, and the long error cut with a marker', async () => {
    await waitFor('three failures of huge recorded', async () => (await rows('huge')).filter((r) => r.status === 'failed').length >= 3);
    // Ticks that fired while huge's outcomes were being written are recorded too.
    await waitFor('five ticks succeeded', async () => (await rows('tick')).filter((r) => r.status === 'succeeded').length >= 5);
    const exit = await service.stop();
    assert.equal(exit.code, 0, service.lines.slice(-5).join('\n'));

    const ticks = await rows('tick');
    assert.deepEqual(ticks.filter((r) => r.status !== 'succeeded' && r.status !== 'interrupted'), [], 'no tick left running, skipped or abandoned');
    const failures = (await rows('huge')).filter((r) => r.status === 'failed');
    for (const { error } of failures) {
      assert.ok(error !== null && Buffer.byteLength(error) <= 65_535, 'fits the column');
      // assert.ok, not match: a failure would print 70 KB.
      assert.ok(error.startsWith('é€😀x'.repeat(1000)), 'the head of the message is kept');
      assert.ok(/\n… \[truncated [\d,]+ bytes\] …\n/.test(error), 'the marker says what was cut');
      assert.ok(/tasks\/huge\.ts[^]*$/.test(error.slice(-2000)), 'the end of the stack is kept');
    }
    assert.deepEqual(await db.query("SELECT id FROM runs WHERE status = 'running'"), [], 'nothing left running after the stop');
    // The log quotes the error as stored, and only the start of it in the message: no 140 KB lines.
    const failedLines = service.lines.filter((l) => l.includes('"msg":"run failed: huge'));
    assert.ok(failedLines.length >= 3);
    const longest = Math.max(...failedLines.map((l) => Buffer.byteLength(l)));
    assert.ok(longest <= 65_535 + 2_000, `longest 'run failed' line: ${longest} bytes`);
  });
});
