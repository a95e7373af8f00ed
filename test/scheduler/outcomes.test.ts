// The outcome writer on a real MariaDB: an outcome the database refuses is isolated from its
// batch (the others are recorded, it is recorded without its error text or dropped, never retried
// forever), and a write held up by a row lock is logged as a stall. The refusals come from a real
// trigger on `runs`, the lock from a second connection.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createConnection } from 'mysql2/promise';
import pino from 'pino';
import { systemClock } from '../../src/clock.js';
import { OutcomeWriter } from '../../src/scheduler/outcomes.js';
import { openStore } from '../../src/store/index.js';
import type { FinishResult, JobStore, Outcome, RunRecord } from '../../src/store/types.js';
import { freshDatabase, needsDb } from '../helpers/db.js';
import { waitFor } from '../helpers/wait.js';
import { addJobs, jobRecord } from '../store/contract.js';

interface Row { id: number; job_id: string; attempt: number; status: string; error: string | null }

describe('OutcomeWriter on MariaDB', needsDb, () => {
  const db = freshDatabase('outcomes');
  let store: JobStore;
  let lines: string[];
  let written: FinishResult[];
  let writer: OutcomeWriter;

  before(async () => {
    store = openStore(db.url, { poolSize: 4 });
    await store.migrate();
  });
  after(async () => {
    await store?.close();
  });
  beforeEach(async () => {
    await db.query('DROP TRIGGER IF EXISTS refuse_outcomes');
    for (const table of ['runs', 'jobs']) await db.query(`TRUNCATE TABLE \`${table}\``);
    lines = [];
    written = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    writer = new OutcomeWriter(store, 'A', systemClock, logger, (r) => void written.push(r), 300);
  });

  const messages = () => lines.map((l) => (JSON.parse(l) as { msg: string }).msg);

  /** Queues and starts one run of `jobId` for instance A. */
  async function start(jobId: string): Promise<RunRecord> {
    const queued = await store.runNow(jobId, new Date());
    assert.ok(queued);
    const now = new Date();
    const { started } = await store.startRuns({ now, instanceId: 'A', leaseUntil: new Date(now.getTime() + 60_000), capacity: { default: 1, process: 0 } });
    assert.deepEqual(started.map((s) => s.run.id), [queued.id]);
    return started[0]!.run;
  }

  const outcome = (run: RunRecord, status: Outcome['status'], error: string | null = null): Outcome =>
    ({ runId: run.id, status, finishedAt: new Date(), durationMs: 3, error });

  it('records every good outcome of a batch; one refused is kept without its error text, one refused outright is dropped with one line', async () => {
    await addJobs(store, jobRecord('ok', { maxInstances: 10, maxAttempts: 2 }), jobRecord('poison', { maxInstances: 10 }), jobRecord('refused', { maxInstances: 10 }));
    const runs = { ok1: await start('ok'), poison: await start('poison'), ok2: await start('ok'), refused: await start('refused'), ok3: await start('ok') };
    // Refuses any outcome of job `refused`, and any error text mentioning "pill".
    await db.query(`CREATE TRIGGER refuse_outcomes BEFORE UPDATE ON runs FOR EACH ROW BEGIN
      IF NEW.status <> 'running' AND NEW.job_id = 'refused' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'outcomes of this job are refused'; END IF;
      IF NEW.error LIKE '%pill%' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'this error text is refused'; END IF;
    END`);
    writer.push(outcome(runs.ok1, 'succeeded'), runs.ok1);
    writer.push(outcome(runs.poison, 'failed', 'Error: a poison pill'), runs.poison);
    writer.push(outcome(runs.ok2, 'failed', 'Error: boom'), runs.ok2);
    writer.push(outcome(runs.refused, 'failed', 'Error: x'), runs.refused);
    writer.push(outcome(runs.ok3, 'interrupted', 'shutdown'), runs.ok3);
    assert.equal(await writer.drain(new Date(Date.now() + 20_000)), 0, 'nothing left waiting');

    const rows = await db.query<Row>('SELECT id, job_id, attempt, status, error FROM runs ORDER BY id');
    assert.deepEqual(rows.map((r) => [r.id, r.job_id, r.attempt, r.status, r.error]), [
      [runs.ok1.id, 'ok', 1, 'succeeded', null],
      [runs.poison.id, 'poison', 1, 'failed', "the outcome's error text could not be stored: this error text is refused"],
      [runs.ok2.id, 'ok', 1, 'failed', 'Error: boom'],
      [runs.refused.id, 'refused', 1, 'running', null],
      [runs.ok3.id, 'ok', 1, 'interrupted', 'shutdown'],
      [rows[5]!.id, 'ok', 2, 'queued', null],
      [rows[6]!.id, 'ok', 2, 'queued', null],
    ]);
    assert.deepEqual(written.flatMap((r) => r.recorded).sort((a, b) => a - b), [runs.ok1.id, runs.poison.id, runs.ok2.id, runs.ok3.id]);
    assert.deepEqual(messages(), [
      `run ${runs.poison.id} of poison: recorded failed without its error text, which the store refused: this error text is refused`,
      `run ${runs.refused.id} of refused: outcome (failed) dropped, the store refused it: outcomes of this job are refused; the run stays running until this instance stops, then is abandoned`,
    ]);
  });

  it('records a full batch of outcomes whose error texts each fill the column, beyond max_allowed_packet together', async () => {
    await addJobs(store, jobRecord('loud', { maxInstances: 1000 }));
    const now = new Date();
    for (let i = 0; i < 200; i += 1) await store.runNow('loud', new Date(now.getTime() - i));
    const { started } = await store.startRuns({ now, instanceId: 'A', leaseUntil: new Date(now.getTime() + 60_000), capacity: { default: 200, process: 0 } });
    assert.equal(started.length, 200);
    // Quotes are escaped to two bytes each: 200 × 131 KB is more than MariaDB's 16 MB packet.
    const error = "'".repeat(65_535);
    for (const { run } of started) writer.push(outcome(run, 'failed', error), run);
    assert.equal(await writer.drain(new Date(Date.now() + 30_000)), 0, 'nothing left waiting');
    const [counts] = await db.query<{ n: number; whole: number }>("SELECT COUNT(*) AS n, SUM(error = ?) AS whole FROM runs WHERE status = 'failed'", [error]);
    assert.deepEqual([Number(counts!.n), Number(counts!.whole)], [200, 200]);
    // (Writes of 1 MB may pass this suite's short stall threshold.)
    assert.deepEqual(messages().filter((m) => !m.includes('stalled')), [], 'nothing refused, dropped or waiting');
  });

  it('logs one line when a write waits on a row lock past the threshold, and one when it goes through', async () => {
    await addJobs(store, jobRecord('ok', { maxInstances: 10 }));
    const run = await start('ok');
    const blocker = await createConnection({ uri: db.url });
    try {
      await blocker.query('START TRANSACTION');
      await blocker.query('SELECT id FROM runs WHERE id = ? FOR UPDATE', [run.id]);
      writer.push(outcome(run, 'succeeded'), run);
      await waitFor('the stall line', async () => messages().length > 0);
      assert.deepEqual(messages(), ['recording run outcomes stalled for 0.3s (waiting for the database: writing 1 outcome(s)); a lock or a slow query?']);
      await blocker.query('COMMIT');
    } finally {
      await blocker.end();
    }
    assert.equal(await writer.drain(new Date(Date.now() + 20_000)), 0);
    assert.match(messages()[1] ?? '', /^recording run outcomes no longer stalled: writing 1 outcome\(s\) ended after \d+(\.\d)?s$/);
    assert.equal(messages().length, 2);
    const [row] = await db.query<Row>('SELECT status FROM runs WHERE id = ?', [run.id]);
    assert.equal(row!.status, 'succeeded');
  });
});
