// Acceptance (issue 3): three instances share one database for 30 s under 200 one-second jobs.
// Every scheduled time is claimed by exactly one instance and executed exactly once; no time is
// skipped; the work spreads over all three; max_instances holds across instances.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, it } from 'node:test';
import { freshDatabase, needsDb } from '../helpers/db.js';
import { makeProject, type ServiceProcess } from '../helpers/service.js';
import {
  assertContiguous, countBy, dumpLogs, groupBy, instanceId, journalPath, journalTask, readJournal, spans, startInstances, stopAll, waitFor,
} from './cluster.js';

const JOBS = 200;
const SOLO = 3; // 1-second jobs whose 2.5-second task is limited to one running instance
const LOAD_MS = 30_000;

interface Row { job_id: string; scheduled_at: Date; attempt: number; status: string; instance_id: string | null; id: number }

function config(): string {
  const lines = ['tasks:'];
  for (let i = 0; i < JOBS; i += 1) lines.push(`  j${String(i).padStart(3, '0')}:`, '    task: journal', '    trigger: interval', '    args: { seconds: 1 }');
  for (let i = 0; i < SOLO; i += 1) {
    lines.push(`  solo${i}:`, '    task: journal', '    trigger: interval', '    args: { seconds: 1 }', '    max_instances: 1', '    params: { ms: 2500 }');
  }
  return `${lines.join('\n')}\n`;
}

const ENV = `scheduler:
  poll_interval: 0.5
  batch_size: 25
  executors:
    default_threads: 60
  job_defaults:
    coalesce: false
    max_instances: 3
    misfire_grace_time: 30
`;

describe('three instances, 200 one-second jobs, 30 s', needsDb, () => {
  const db = freshDatabase('load');
  const root = makeProject({ env: ENV, config: config(), tasks: {} });
  const journal = journalPath(root);
  writeFileSync(join(root, 'tasks', 'journal.ts'), journalTask(journal));
  let services: ServiceProcess[] = [];
  let ids: string[] = [];
  let rows: Row[] = [];

  after(() => dumpLogs(services));

  it('runs under load and drains cleanly', async () => {
    services = startInstances(root, { JOBSTORE_URL: db.url }, 3);
    ids = await Promise.all(services.map((s) => instanceId(s)));
    assert.equal(new Set(ids).size, 3, 'three distinct instance ids');
    await sleep(LOAD_MS); // the load period under test, not a wait for a result
    // Pause every job (as `scheduler pause` does), then let what was claimed finish: no tail.
    await db.query('UPDATE jobs SET paused = 1, next_run_time = NULL');
    await waitFor('no queued or running runs', async () => (await db.query("SELECT 1 FROM runs WHERE status IN ('queued', 'running') LIMIT 1")).length === 0, 30_000);
    assert.deepEqual(await stopAll(services), [0, 0, 0], 'every instance exits 0 on SIGTERM');
    rows = await db.query<Row>('SELECT id, job_id, scheduled_at, attempt, status, instance_id FROM runs ORDER BY job_id, scheduled_at');
    for (const s of services) assert.deepEqual(s.json().filter((l) => Number(l.level) >= 50).map((l) => l.msg), [], 'no error-level log lines');
  });

  it('records every scheduled time of every job once, on a contiguous 1-second grid', async () => {
    const jobs = await db.query<{ id: string; defined_at: Date }>('SELECT id, defined_at FROM jobs');
    assert.equal(jobs.length, JOBS + SOLO);
    const byJob = groupBy(rows, (r) => r.job_id);
    for (const job of jobs) {
      const mine = byJob.get(job.id) ?? [];
      assert.ok(mine.length >= 20, `${job.id}: only ${mine.length} runs in 30 s`);
      const times = mine.map((r) => r.scheduled_at.getTime());
      assert.equal(Math.min(...times), job.defined_at.getTime() + 1000, `${job.id}: first run one interval after the job was stored`);
      assertContiguous(job.id, times);
      assert.ok(mine.every((r) => r.attempt === 1), `${job.id}: only first attempts`);
    }
    const plain = rows.filter((r) => r.job_id.startsWith('j'));
    assert.deepEqual(countBy(plain, (r) => r.status), { succeeded: plain.length }, 'every run of the plain jobs succeeded');
  });

  it('executes each (job, scheduled time) exactly once', () => {
    const starts = readJournal(journal).filter((e) => e.phase === 'start');
    const seen = countBy(starts, (e) => `${e.job}@${e.scheduledAt}`);
    const twice = Object.entries(seen).filter(([, n]) => n > 1);
    assert.deepEqual(twice, [], 'executions of the same (job, scheduled_at)');
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const e of starts) {
      const row = byId.get(e.runId);
      assert.ok(row && row.job_id === e.job && row.scheduled_at.toISOString() === e.scheduledAt, `execution ${e.job}@${e.scheduledAt} matches its run row`);
    }
    const executedRows = rows.filter((r) => r.status === 'succeeded');
    assert.equal(starts.length, executedRows.length, 'one execution per succeeded run');
  });

  it('spreads the work over all three instances', () => {
    const share = countBy(rows.filter((r) => r.instance_id !== null), (r) => r.instance_id!);
    assert.deepEqual(Object.keys(share).sort(), [...ids].sort(), 'runs carry the three instance ids');
    const total = Object.values(share).reduce((a, b) => a + b, 0);
    for (const id of ids) assert.ok(share[id]! >= total * 0.05, `instance ${id} ran ${share[id]} of ${total} runs`);
    const pids = new Set(readJournal(journal).map((e) => e.pid));
    assert.deepEqual([...pids].sort(), services.map((s) => s.pid).sort(), 'executions happened in all three processes');
  });

  it('enforces max_instances across instances: runs of a solo job never overlap', () => {
    const executions = readJournal(journal).filter((e) => e.job.startsWith('solo'));
    for (let i = 0; i < SOLO; i += 1) {
      const job = `solo${i}`;
      const runs = spans(executions.filter((e) => e.job === job));
      assert.ok(runs.length >= 5, `${job}: ${runs.length} executions`);
      for (let k = 1; k < runs.length; k += 1) {
        assert.ok(runs[k]!.start >= runs[k - 1]!.end, `${job}: execution at ${runs[k]!.start} started before the previous ended (${runs[k - 1]!.end})`);
      }
      assert.ok(new Set(runs.map((s) => s.pid)).size >= 2, `${job}: executed by more than one instance`);
      const skipped = rows.filter((r) => r.job_id === job && r.status === 'skipped');
      assert.ok(skipped.length > 0, `${job}: times falling while it ran are recorded skipped`);
    }
  });
});
