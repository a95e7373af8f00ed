// The recipes of docs/querying-runs.md, the history they are run against and what each must
// return, shared by the MySQL (querying-runs.test.ts) and SQLite (querying-runs-sqlite.test.ts)
// runs of the page. A recipe is a `## heading` with a ```sql block (MySQL) and, where SQLite's
// syntax differs, a ```sql sqlite block after it.
import assert from 'node:assert/strict';

export type Row = Record<string, unknown>;
export type Dialect = 'mysql' | 'sqlite';
export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

/** Each heading's block for `dialect`: SQLite takes the MySQL block when it has none of its own. */
export function recipes(markdown: string, dialect: Dialect): Array<{ title: string; sql: string }> {
  const found = new Map<string, { mysql?: string; sqlite?: string }>();
  let title = '';
  for (const m of markdown.matchAll(/^## (.+)$|^```sql( sqlite)?\n([\s\S]*?)^```$/gm)) {
    if (m[1]) title = m[1].trim();
    else {
      const entry = found.get(title) ?? {};
      const key = m[2] ? 'sqlite' : 'mysql';
      assert.equal(entry[key], undefined, `"${title}" has one ${key} block`);
      entry[key] = m[3]!;
      found.set(title, entry);
    }
  }
  return [...found].map(([t, blocks]) => {
    const sql = dialect === 'sqlite' ? (blocks.sqlite ?? blocks.mysql) : blocks.mysql;
    assert.ok(sql !== undefined, `"${t}" has a MySQL block`);
    return { title: t, sql };
  });
}

/** Splits a block into statements (each ends with `;` at the end of a line). */
export function statements(sql: string): string[] {
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

export const RUN_COLUMNS = ['job_id', 'scheduled_at', 'attempt', 'status', 'due_at', 'created_at', 'started_at', 'finished_at', 'duration_ms', 'error', 'instance_id'] as const;
export const INSTANCE = { id: 'web-1-4242-abcdef', host: 'web-1', pid: 4242, startedAgo: DAY, heartbeatAgo: 2000 };

/** The seeded runs as rows of RUN_COLUMNS values, times as Dates, relative to `now`. */
export function seedRows(now: number): unknown[][] {
  return SEED.map((s) => {
    const scheduled = new Date(now + s.at);
    const due = new Date(scheduled.getTime() + ((s.attempt ?? 1) - 1) * MIN);
    const executed = !['missed', 'skipped'].includes(s.status);
    const started = executed ? new Date(due.getTime() + (s.late ?? 15)) : null;
    const finished = s.status === 'running' ? null : new Date((started ?? due).getTime() + (s.duration ?? 0));
    return [s.job, scheduled, s.attempt ?? 1, s.status, due, scheduled, started, finished, s.duration ?? null, s.error ?? null, s.instance ?? (executed ? INSTANCE.id : null)];
  });
}

/**
 * What each recipe must return. `run` runs a recipe and returns its last result; `ago` is how
 * long before the seed's now a row's time column is, in ms (the drivers return times differently).
 */
export function recipeChecks(run: (title: string) => Promise<Row[]>, ago: (row: Row, column: string) => number): Record<string, () => Promise<void>> {
  return {
    'Latest runs of a job': async () => {
      const rows = await run('Latest runs of a job');
      assert.deepEqual(rows.map((r) => [ago(r, 'scheduled_at') / HOUR, r.attempt, r.status]), [
        [1, 1, 'succeeded'], [2, 3, 'succeeded'], [2, 2, 'failed'], [2, 1, 'failed'], [3, 1, 'succeeded'],
      ]);
      assert.equal(rows[2]!.error, 'Error: timeout talking to S3', 'first line of the error only');
      assert.equal(rows[0]!.error, null, 'no error, no text');
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
}
