// Retention (issue 3): finished runs older than runs.retention_days are deleted in batches, with a
// log line; unfinished and recent runs stay. Directly on the MySQL store, then through the service.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { systemClock } from '../../src/clock.js';
import { RunRetention } from '../../src/scheduler/retention.js';
import { openStore, type JobStore } from '../../src/store/index.js';
import { freshDatabase, needsDb, type TestDatabase } from '../helpers/db.js';
import { makeProject, ServiceProcess } from '../helpers/service.js';

const DAY = 86_400_000;

function captureLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

/** `n` rows of job `job` with the given status, finished `ageDays` ago (no finish time when null). */
async function seed(db: TestDatabase, job: string, status: string, n: number, ageDays: number | null): Promise<void> {
  const rows: unknown[][] = [];
  const base = Date.now() - (ageDays ?? 0) * DAY;
  for (let i = 0; i < n; i += 1) {
    const at = new Date(base - i * 1000);
    rows.push([job, at, 1, status, at, at, ageDays === null ? null : at, ageDays === null ? null : 5]);
  }
  await db.query('INSERT INTO runs (job_id, scheduled_at, attempt, status, due_at, created_at, finished_at, duration_ms) VALUES ?', [rows]);
}

async function counts(db: TestDatabase): Promise<Record<string, number>> {
  const rows = await db.query<{ job_id: string; n: number }>('SELECT job_id, COUNT(*) AS n FROM runs GROUP BY job_id ORDER BY job_id');
  return Object.fromEntries(rows.map((r) => [r.job_id, Number(r.n)]));
}

describe('run retention on MySQL', needsDb, () => {
  const db = freshDatabase('retention');
  let store: JobStore;

  before(async () => {
    store = openStore(db.url);
    await store.migrate();
  });
  after(() => store?.close());

  it('deletes finished runs older than the retention period in batches and logs once', async () => {
    await seed(db, 'old', 'succeeded', 1203, 40);
    await seed(db, 'old-failed', 'failed', 7, 31);
    await seed(db, 'recent', 'succeeded', 5, 29);
    // Unfinished runs are never deleted, however old their scheduled time.
    await seed(db, 'stuck', 'queued', 2, null);
    await db.query("UPDATE runs SET scheduled_at = scheduled_at - INTERVAL 90 DAY, due_at = due_at - INTERVAL 90 DAY WHERE job_id = 'stuck'");
    const { logger, lines } = captureLogger();
    const deletes: number[] = [];
    const counting: JobStore = Object.create(store, {
      deleteRunsBefore: { value: async (before: Date, limit: number) => {
        const n = await store.deleteRunsBefore(before, limit);
        deletes.push(n);
        return n;
      } },
    });

    const deleted = await new RunRetention({ store: counting, clock: systemClock, logger, retentionDays: 30, batchSize: 500, pauseMs: 1 }).sweep();

    assert.equal(deleted, 1210);
    assert.deepEqual(deletes, [500, 500, 210], 'small batches until one comes back short');
    assert.deepEqual(await counts(db), { recent: 5, stuck: 2 });
    assert.equal(lines.length, 1);
    assert.match(String(lines[0]!.msg), /^retention: deleted 1210 run\(s\) finished before \S+Z \(runs\.retention_days=30\)$/);
    assert.equal(lines[0]!.deleted, 1210);
  });

  it('also drops Idempotency-Key holds older than they hold (24 h), keeping newer ones', async () => {
    const now = Date.now();
    await store.takeIdempotencyKey({ actor: 'ops', key: 'old' }, 'j', new Date(now - 25 * 3_600_000), new Date(0));
    await store.takeIdempotencyKey({ actor: 'ops', key: 'new' }, 'j', new Date(now - 23 * 3_600_000), new Date(0));
    await new RunRetention({ store, clock: systemClock, logger: captureLogger().logger, retentionDays: 30 }).sweep();
    assert.deepEqual(await db.query('SELECT idem_key FROM idempotency_keys'), [{ idem_key: 'new' }]);
  });

  it('logs nothing when there is nothing to delete', async () => {
    const { logger, lines } = captureLogger();
    assert.equal(await new RunRetention({ store, clock: systemClock, logger, retentionDays: 30 }).sweep(), 0);
    assert.equal(lines.length, 0);
  });
});

describe('the service applies retention at start', needsDb, () => {
  const db = freshDatabase('retsvc');
  let service: ServiceProcess;

  after(async () => {
    await service?.stop();
  });

  it('deletes runs older than runs.retention_days and logs it', async () => {
    const store = openStore(db.url);
    await store.migrate();
    await store.close();
    await seed(db, 'gone', 'succeeded', 3, 8);
    await seed(db, 'kept', 'succeeded', 2, 6);
    const root = makeProject({
      env: 'runs:\n  retention_days: 7\n',
      config: 'tasks:\n  kept:\n    trigger: interval\n    args: { hours: 1 }\n',
      tasks: { kept: 'export function run() {}\n' },
    });
    service = new ServiceProcess(root, { JOBSTORE_URL: db.url });
    const line = await service.waitForLine(/retention: deleted/);
    assert.match(line, /retention: deleted 3 run\(s\) finished before .* \(runs\.retention_days=7\)/);
    assert.deepEqual(await counts(db), { kept: 2 });
  });
});
