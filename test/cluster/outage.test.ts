// Acceptance (issue 3): the database stops for 30 s under load and comes back. Every instance
// stays up and logs one line per backoff step (no stack traces), stops claiming, lets running
// tasks finish and records their outcomes once the database is back, does not abandon what ran
// through the outage, and catches up under each job's misfire policy.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { Backoff } from '../../src/scheduler/backoff.js';
import { needsPrivateMariaDb, PrivateMariaDb } from '../helpers/private-mariadb.js';
import { makeProject, type ServiceProcess } from '../helpers/service.js';
import { assertContiguous, dumpLogs, groupBy, instanceId, isRunning, journalPath, journalTask, readJournal, startInstances, stopAll, waitFor } from './cluster.js';

const OUTAGE_MS = 30_000;
const LOAD_JOBS = 20;

interface Row {
  id: number; job_id: string; scheduled_at: Date; attempt: number; status: string; instance_id: string | null;
  started_at: Date | null; finished_at: Date | null; error: string | null;
}

function config(): string {
  const lines = [
    'tasks:',
    '  every:               # coalesce false, generous grace: each time that fell in the outage runs',
    '    task: journal', '    trigger: interval', '    args: { seconds: 1 }', '    coalesce: false', '    misfire_grace_time: 120',
    '    max_instances: 50  # the catch-up burst is not limited by max_instances (it would record skipped runs)',
    '  strict:              # grace 1 s: the times that fell in the outage are recorded missed',
    '    task: journal', '    trigger: interval', '    args: { seconds: 1 }', '    coalesce: false', '    misfire_grace_time: 1',
    '  slow:                # 4-second runs: some finish while the database is down',
    '    task: journal', '    trigger: interval', '    args: { seconds: 1 }', '    params: { ms: 4000 }', '    misfire_grace_time: 3',
    '  long:                # started by hand just before the outage, runs through it',
    '    task: journal', '    trigger: interval', '    args: { hours: 1 }', '    params: { ms: 36000 }',
  ];
  for (let i = 0; i < LOAD_JOBS; i += 1) lines.push(`  load${i}:`, '    task: journal', '    trigger: interval', '    args: { seconds: 1 }');
  return `${lines.join('\n')}\n`;
}

/** How many failures a Backoff can report within `ms` (the first at 0). */
function stepsWithin(backoff: Backoff, ms: number): number {
  let steps = 0;
  for (let t = 0; t <= ms; t += backoff.fail()) steps += 1;
  return steps;
}

describe('a 30-second database outage under load', needsPrivateMariaDb, () => {
  let server: PrivateMariaDb;
  let conn: Connection | null = null;
  let services: ServiceProcess[] = [];
  let ids: string[] = [];
  let journal = '';
  let outageStart = 0;
  let outageEnd = 0;
  let runningAtOutage: Row[] = [];

  const query = async <T>(text: string, params: unknown[] = []): Promise<T[]> => {
    conn ??= await createConnection({ uri: server.url('sched'), timezone: 'Z' });
    const [rows] = await conn.query<RowDataPacket[]>(text, params);
    return rows as T[];
  };

  before(async () => {
    server = await PrivateMariaDb.create();
    await server.query('CREATE DATABASE sched');
  });
  after(async () => {
    dumpLogs(services);
    await stopAll(services);
    await conn?.end().catch(() => undefined);
    await server?.destroy();
  });

  it('survives the outage: every instance stays up', async () => {
    const root = makeProject({
      env: `scheduler:
  poll_interval: 0.5
  heartbeat_interval: 1
  lease_timeout: 5
  shutdown_timeout: 20
  executors:
    default_threads: 30
  job_defaults:
    coalesce: false
    max_instances: 5
    misfire_grace_time: 120
`,
      config: config(),
    });
    journal = journalPath(root);
    writeFileSync(join(root, 'tasks', 'journal.ts'), journalTask(journal));
    services = startInstances(root, { JOBSTORE_URL: server.url('sched') }, 3);
    ids = await Promise.all(services.map((s) => instanceId(s)));

    await query("UPDATE jobs SET next_run_time = UTC_TIMESTAMP(6) WHERE id = 'long'");
    await waitFor('the long run started', async () => (await query("SELECT 1 FROM runs WHERE job_id = 'long' AND status = 'running'")).length === 1);
    await waitFor('slow runs in progress', async () => (await query("SELECT 1 FROM runs WHERE job_id = 'slow' AND status = 'running'")).length >= 3, 30_000);
    runningAtOutage = await query<Row>("SELECT * FROM runs WHERE status = 'running'");
    await conn!.end();
    conn = null;

    outageStart = Date.now();
    await server.stop();
    await sleep(OUTAGE_MS); // the outage under test
    for (const s of services) assert.ok(isRunning(s), `instance ${s.pid} is still running during the outage`);
    await server.start();
    outageEnd = Date.now();
  });

  it('records every outcome and catches up once the database is back', async () => {
    const settled = new Date(outageEnd + 5000);
    await waitFor('everything due before recovery + 5 s settled', async () => {
      const open = await query<{ n: number }>("SELECT COUNT(*) AS n FROM runs WHERE status IN ('queued', 'running') AND scheduled_at <= ?", [settled]);
      const later = await query<{ n: number }>("SELECT COUNT(*) AS n FROM runs WHERE job_id = 'every' AND status = 'succeeded' AND scheduled_at > ?", [settled]);
      return Number(open[0]!.n) === 0 && Number(later[0]!.n) > 0;
    }, 90_000);
  });

  it('does not abandon what ran through the outage: the owners record the outcomes', async () => {
    const now = new Map((await query<Row>('SELECT * FROM runs')).map((r) => [r.id, r]));
    assert.ok(runningAtOutage.length >= 4, `${runningAtOutage.length} runs running when the database stopped`);
    assert.ok(runningAtOutage.every((r) => ids.includes(r.instance_id!)), 'running rows carry their instance ids');
    for (const before of runningAtOutage) {
      const row = now.get(before.id)!;
      assert.equal(row.status, 'succeeded', `run ${row.id} (${row.job_id}) running at the outage: ${row.status} ${row.error ?? ''}`);
      assert.equal(row.instance_id, before.instance_id, `run ${row.id} recorded by its owner`);
    }
    const abandoned = [...now.values()].filter((r) => r.status === 'abandoned');
    assert.deepEqual(abandoned.map((r) => `${r.job_id}#${r.id}`), [], 'no run abandoned: no instance died');
    // Tasks that ended while the database was down: their outcome waited and was written later.
    const endedInOutage = readJournal(journal).filter((e) => e.phase === 'end' && e.at > outageStart + 1000 && e.at < outageEnd);
    assert.ok(endedInOutage.length >= 2, `${endedInOutage.length} tasks ended during the outage`);
    for (const e of endedInOutage) {
      const row = now.get(e.runId)!;
      assert.equal(row.status, 'succeeded', `run ${e.runId} that ended during the outage`);
      assert.ok(Math.abs(row.finished_at!.getTime() - e.at) < 1000, `run ${e.runId}: finished_at is when the task ended, not when it was written`);
    }
  });

  it('catches up under each job\'s policy: coalesce:false + generous grace runs every time, grace 1 s records missed', async () => {
    const rows = await query<Row>('SELECT * FROM runs WHERE attempt = 1 AND scheduled_at <= ? ORDER BY scheduled_at', [new Date(outageEnd + 5000)]);
    const byJob = groupBy(rows, (r) => r.job_id);
    const inOutage = (r: Row) => r.scheduled_at.getTime() > outageStart + 3000 && r.scheduled_at.getTime() < outageEnd - 3000;
    for (const job of ['every', 'strict', 'slow', ...Array.from({ length: LOAD_JOBS }, (_, i) => `load${i}`)]) {
      assertContiguous(job, (byJob.get(job) ?? []).map((r) => r.scheduled_at.getTime()));
    }
    const every = byJob.get('every')!;
    assert.ok(every.filter(inOutage).length >= 20, 'every: rows for the times inside the outage');
    assert.deepEqual(every.filter((r) => r.status !== 'succeeded').map((r) => r.status), [], 'every: each time ran, none missed');
    const strict = byJob.get('strict')!;
    const strictOutage = strict.filter(inOutage);
    assert.ok(strictOutage.length >= 20, 'strict: rows for the times inside the outage');
    assert.deepEqual([...new Set(strictOutage.map((r) => r.status))], ['missed'], 'strict: times inside the outage recorded missed');
    assert.ok(strictOutage.every((r) => /beyond misfire_grace_time/.test(r.error ?? '')));
    assert.ok(strict.some((r) => r.status === 'succeeded' && r.scheduled_at.getTime() > outageEnd), 'strict: runs again after the outage');
  });

  it('logs one single-line error per backoff step, never a stack trace', () => {
    const outageMs = outageEnd - outageStart;
    const loopMax = stepsWithin(new Backoff(), outageMs + 2000);
    const writerMax = stepsWithin(new Backoff(500, 10_000), outageMs + 2000);
    for (const [i, s] of services.entries()) {
      const lines = s.json();
      const outage = lines.filter((l) => /unreachable|waiting for the store/.test(String(l.msg)));
      const loop = outage.filter((l) => /not claiming runs/.test(String(l.msg)));
      assert.ok(loop.length >= 3, `instance ${i}: ${loop.length} outage lines from the loop`);
      assert.ok(loop.length <= loopMax, `instance ${i}: ${loop.length} outage lines from the loop, at most ${loopMax} backoff steps in ${outageMs} ms`);
      const writer = outage.filter((l) => /waiting for the store/.test(String(l.msg)));
      assert.ok(writer.length <= writerMax, `instance ${i}: ${writer.length} outcome-writer lines, at most ${writerMax} backoff steps`);
      for (const l of outage) {
        assert.ok(!('err' in l) && !String(l.msg).includes('\n'), `instance ${i}: outage line is one line without a stack: ${JSON.stringify(l)}`);
      }
      assert.deepEqual(lines.filter((l) => Number(l.level) >= 50 && !/not claiming runs/.test(String(l.msg))).map((l) => l.msg), [], `instance ${i}: no other error lines`);
      assert.deepEqual(s.lines.filter((l) => /^\s+at /.test(l) || /"stack"/.test(l)), [], `instance ${i}: no stack traces`);
      assert.ok(lines.some((l) => /store reachable again/.test(String(l.msg))), `instance ${i}: says it recovered`);
    }
  });

  it('every instance exits 0 on SIGTERM afterwards', async () => {
    assert.deepEqual(await stopAll(services), [0, 0, 0]);
    const left = await query<Row>("SELECT * FROM runs WHERE status IN ('running')");
    assert.deepEqual(left.map((r) => r.id), [], 'nothing left running');
  });
});
