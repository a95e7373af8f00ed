// Issue 10 §4: a trigger with no fire time ahead is a finished job, not a configuration error —
// an impossible cron with one warning line naming it, an interval whose end_date comes before
// now + interval without a word — and the other jobs run.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freshDatabase, needsDb } from '../helpers/db.js';
import { makeProject, runCommand, ServiceProcess } from '../helpers/service.js';
import { waitFor } from '../helpers/wait.js';

describe('triggers with no fire time ahead', needsDb, () => {
  const db = freshDatabase('finished');

  it('are stored finished, the cron with a warning, and the other jobs run', async () => {
    const soon = new Date(Date.now() + 60_000).toISOString();
    const root = makeProject({
      config: `tasks:
  tick:
    trigger: interval
    args: { seconds: 1 }
  feb30:
    task: tick
    trigger: cron
    args: { month: 2, day: 30 }
  past_year:
    task: tick
    trigger: cron
    args: { year: 2020 }
  ending:
    task: tick
    trigger: interval
    args: { hours: 1, end_date: "${soon}" }
`,
      tasks: { tick: 'export function run() {}\n' },
    });
    const next = await runCommand(root, { JOBSTORE_URL: db.url }, ['next']);
    assert.equal(next.code, 0, next.stderr);

    const service = new ServiceProcess(root, { JOBSTORE_URL: db.url });
    try {
      await waitFor('tick runs', async () => (await db.query("SELECT 1 FROM runs WHERE job_id = 'tick' AND status = 'succeeded'")).length >= 1);
    } finally {
      await service.stop();
    }
    const warnings = service.json().filter((l) => l.level === 40 && typeof l.msg === 'string' && l.msg.includes('never fires'));
    assert.deepEqual(warnings.map((l) => l.jobId).sort(), ['feb30', 'past_year'], 'one warning line per impossible cron');
    const jobs = await db.query('SELECT id, next_run_time FROM jobs ORDER BY id');
    assert.deepEqual(jobs.map((j) => [j.id, j.next_run_time === null]), [['ending', true], ['feb30', true], ['past_year', true], ['tick', false]]);
  });
});
