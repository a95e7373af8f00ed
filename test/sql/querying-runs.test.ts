// docs/querying-runs.md is executable documentation: every ```sql block is run, statement by
// statement, against a migrated database seeded with a known history, and its result is checked
// against what the recipe's text promises. A block without a check here fails the suite.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { createConnection, type RowDataPacket } from 'mysql2/promise';
import { openStore } from '../../src/store/index.js';
import { freshDatabase, needsDb } from '../helpers/db.js';
import { REPO } from '../helpers/service.js';

type Row = Record<string, unknown>;
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** The recipes: each `## heading` with the ```sql block under it. */
function recipes(markdown: string): Array<{ title: string; sql: string }> {
  const found: Array<{ title: string; sql: string }> = [];
  let title = '';
  const pattern = /^## (.+)$|^```sql\n([\s\S]*?)^```$/gm;
  for (const m of markdown.matchAll(pattern)) {
    if (m[1]) title = m[1].trim();
    else found.push({ title, sql: m[2]! });
  }
  return found;
}

/** Splits a block into statements (each ends with `;` at the end of a line). */
function statements(sql: string): string[] {
  return sql.split(/;\s*$/m).map((s) => s.trim()).filter(Boolean);
}

interface Seed { job: string; at: number; attempt?: number; status: string; late?: number; duration?: number; error?: string; instance?: string }

// Times are offsets from the database's now (ms, negative = past). `late` is ms after due_at.
const SEED: Seed[] = [
  { job: 'report', at: -3 * HOUR, status: 'succeeded', duration: 1200 },
  { job: 'report', at: -2 * HOUR, attempt: 1, status: 'failed', duration: 30, error: 'Error: timeout talking to S3\n    at upload (tasks/report.ts:9:11)' },
  { job: 'report', at: -2 * HOUR, attempt: 2, status: 'failed', duration: 35, error: 'Error: timeout talking to S3\n    at upload (tasks/report.ts:9:11)' },
  { job: 'report', at: -2 * HOUR, attempt: 3, status: 'succeeded', duration: 1100 },
  { job: 'report', at: -1 * HOUR, status: 'succeeded', duration: 1000, late: 45_000 },
  { job: 'sync', at: -2 * DAY, status: 'failed', duration: 40, error: 'Error: old failure' },
  { job: 'sync', at: -30 * MIN, status: 'succeeded', duration: 200 },
  { job: 'sync', at: -20 * MIN, status: 'failed', duration: 50, error: 'Error: connection reset\n    at sync' },
  { job: 'sync', at: -10 * MIN, status: 'missed', error: 'missed by 0:01:05 (misfire_grace_time 60s)' },
  { job: 'sync', at: -1 * MIN, status: 'running', instance: 'web-1-4242-abcdef' },
  { job: 'cleanup', at: -40 * MIN, status: 'abandoned', error: 'lease expired: the instance running it stopped renewing' },
  { job: 'cleanup', at: -5 * MIN, status: 'skipped', error: 'max_instances (1) reached' },
  { job: 'cleanup', at: -3 * MIN, status: 'interrupted', duration: 30_000, error: 'Error: aborted: shutdown' },
];

describe('docs/querying-runs.md recipes', needsDb, () => {
  const db = freshDatabase('recipes');
  const doc = readFileSync(join(REPO, 'docs', 'querying-runs.md'), 'utf8');
  const blocks = recipes(doc);
  let now: number;

  before(async () => {
    const store = openStore(db.url);
    await store.migrate();
    await store.close();
    const [{ t }] = (await db.query<{ t: Date }>('SELECT UTC_TIMESTAMP(6) AS t')) as [{ t: Date }];
    now = t.getTime();
    for (const s of SEED) {
      const scheduled = new Date(now + s.at);
      const due = new Date(scheduled.getTime() + ((s.attempt ?? 1) - 1) * MIN);
      const executed = !['missed', 'skipped'].includes(s.status);
      const started = executed ? new Date(due.getTime() + (s.late ?? 15)) : null;
      const finished = s.status === 'running' ? null : new Date((started ?? due).getTime() + (s.duration ?? 0));
      await db.query(
        'INSERT INTO runs (job_id, scheduled_at, attempt, status, due_at, created_at, started_at, finished_at, duration_ms, error, instance_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [s.job, scheduled, s.attempt ?? 1, s.status, due, scheduled, started, finished, s.duration ?? null, s.error ?? null, s.instance ?? (executed ? 'web-1-4242-abcdef' : null)],
      );
    }
    await db.query("INSERT INTO instances (id, host, pid, started_at, heartbeat_at) VALUES ('web-1-4242-abcdef', 'web-1', 4242, ?, ?)", [new Date(now - DAY), new Date(now - 2000)]);
  });

  /** Runs a recipe on its own connection (session variables stay in it); returns the last result. */
  async function run(title: string): Promise<Row[]> {
    const block = blocks.find((b) => b.title === title);
    assert.ok(block, `docs/querying-runs.md has a recipe "${title}"`);
    const conn = await createConnection({ uri: db.url, timezone: 'Z' });
    try {
      let rows: Row[] = [];
      for (const statement of statements(block.sql)) [rows] = (await conn.query<RowDataPacket[]>(statement)) as unknown as [Row[]];
      return rows;
    } finally {
      await conn.end();
    }
  }
  const ago = (row: Row, column: string) => now - (row[column] as Date).getTime();

  const CHECKS: Record<string, () => Promise<void>> = {
    'Latest runs of a job': async () => {
      const rows = await run('Latest runs of a job');
      assert.deepEqual(rows.map((r) => [ago(r, 'scheduled_at') / HOUR, r.attempt, r.status]), [
        [1, 1, 'succeeded'], [2, 3, 'succeeded'], [2, 2, 'failed'], [2, 1, 'failed'], [3, 1, 'succeeded'],
      ]);
      assert.equal(rows[2]!.error, 'Error: timeout talking to S3', 'first line of the error only');
      assert.equal(rows[0]!.duration_ms, 1000);
    },
    'Failures in the last day': async () => {
      const rows = await run('Failures in the last day');
      assert.deepEqual(rows.map((r) => [r.job_id, r.status, r.error]), [
        ['cleanup', 'interrupted', 'Error: aborted: shutdown'],
        ['sync', 'failed', 'Error: connection reset'],
        ['cleanup', 'abandoned', 'lease expired: the instance running it stopped renewing'],
        ['report', 'failed', 'Error: timeout talking to S3'],
        ['report', 'failed', 'Error: timeout talking to S3'],
      ]);
    },
    'Runs by status': async () => {
      const rows = await run('Runs by status');
      assert.deepEqual(rows.map((r) => [r.status, Number(r.runs)]), [
        ['succeeded', 4], ['failed', 3], ['abandoned', 1], ['interrupted', 1], ['missed', 1], ['running', 1], ['skipped', 1],
      ]);
    },
    'Slowest jobs': async () => {
      const rows = await run('Slowest jobs');
      assert.deepEqual(rows.map((r) => [r.job_id, Number(r.runs), Number(r.avg_ms), Number(r.max_ms)]), [
        ['report', 3, 1100, 1200],
        ['sync', 1, 200, 200],
      ]);
    },
    'Late starts': async () => {
      const rows = await run('Late starts');
      assert.deepEqual(rows.map((r) => [r.job_id, ago(r, 'scheduled_at') / HOUR, Number(r.late_ms)]), [['report', 1, 45_000]]);
    },
    "A job's retry chains": async () => {
      const rows = await run("A job's retry chains");
      assert.deepEqual(rows.map((r) => [ago(r, 'scheduled_at') / HOUR, Number(r.attempts), r.chain]), [[2, 3, 'failed -> failed -> succeeded']]);
    },
    'Per-job summary: the run_stats view': async () => {
      const rows = await run('Per-job summary: the run_stats view');
      const table: Row[] = rows.map((r) => ({ ...r, last_scheduled_at: ago(r, 'last_scheduled_at') / MIN }));
      assert.deepEqual(table.map((r) => [r.job_id, r.total, r.succeeded, r.failed, r.missed, r.skipped, r.abandoned, r.interrupted, r.last_scheduled_at, r.last_status, r.avg_duration_ms, r.max_duration_ms]), [
        ['report', 5, 3, 2, 0, 0, 0, 0, 60, 'succeeded', 673, 1200],
        ['sync', 5, 1, 2, 1, 0, 0, 0, 1, 'running', 97, 200],
        ['cleanup', 3, 0, 0, 0, 1, 1, 1, 3, 'interrupted', 30_000, 30_000],
      ]);
    },
    'What is running now, and where': async () => {
      const rows = await run('What is running now, and where');
      assert.deepEqual(rows.map((r) => [r.job_id, r.instance_id, r.host, r.pid]), [['sync', 'web-1-4242-abcdef', 'web-1', 4242]]);
      assert.equal(ago(rows[0]!, 'heartbeat_at'), 2000);
    },
  };

  it('has a check for every SQL block and a block for every check', () => {
    assert.deepEqual(blocks.map((b) => b.title).sort(), Object.keys(CHECKS).sort());
  });

  for (const [title, check] of Object.entries(CHECKS)) {
    it(`"${title}" returns what the text says`, check);
  }
});
