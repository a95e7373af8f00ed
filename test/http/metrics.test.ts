// Acceptance (issue 3, /metrics): the exposition parses as Prometheus text (strict parser, see
// prometheus-text.ts) and its run counters and histograms match the rows in `runs`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freshDatabase, needsDb } from '../helpers/db.js';
import { makeProject, ServiceProcess } from '../helpers/service.js';
import { waitFor } from '../helpers/wait.js';
import { parsePrometheusText, valueOf, type Family } from './prometheus-text.js';

interface Count { job_id: string; status: string; n: number }

describe('/metrics', needsDb, () => {
  const db = freshDatabase('metrics');
  let service: ServiceProcess;
  let port: number;
  const scrape = async () => {
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    return parsePrometheusText(await res.text());
  };

  before(async () => {
    const root = makeProject({
      env: 'scheduler:\n  poll_interval: 0.3\nhttp:\n  port: 0\n',
      config: `tasks:
  ok:
    trigger: interval
    args: { seconds: 1 }
  bad:
    trigger: interval
    args: { seconds: 1 }
    max_attempts: 2
`,
      tasks: {
        ok: 'export async function run() { await new Promise((r) => setTimeout(r, 20)); }\n',
        bad: 'export function run() { throw new Error("nope"); }\n',
      },
    });
    service = new ServiceProcess(root, { JOBSTORE_URL: db.url });
    await service.waitForLine(/http: serving/);
    port = Number(service.json().find((l) => String(l.msg).startsWith('http: serving'))!.port);
  });
  after(async () => {
    await service?.stop();
    if (process.env.DEBUG_E2E) console.log(service?.lines.join('\n'));
  });

  it('exposes the scheduler families with their types', async () => {
    const families = await scrape();
    const types = Object.fromEntries([...families.values()].filter((f) => f.name.startsWith('scheduler_')).map((f) => [f.name, f.type]));
    assert.deepEqual(types, {
      scheduler_runs_total: 'counter',
      scheduler_run_duration_seconds: 'histogram',
      scheduler_run_lateness_seconds: 'histogram',
      scheduler_due_backlog: 'gauge',
      scheduler_claims_total: 'counter',
      scheduler_cycles_total: 'counter',
      scheduler_store_errors_total: 'counter',
      scheduler_last_cycle_timestamp_seconds: 'gauge',
      scheduler_runs_in_progress: 'gauge',
      scheduler_store_up: 'gauge',
    });
    for (const f of families.values()) assert.ok(f.help, `${f.name} has HELP`);
    assert.ok(families.has('process_cpu_user_seconds_total'), 'default process metrics');
  });

  it('counts runs by job and status exactly as the rows in runs', async () => {
    await waitFor('succeeded and failed runs', async () => {
      const rows = await db.query<Count>("SELECT job_id, status, COUNT(*) AS n FROM runs WHERE status IN ('succeeded', 'failed') GROUP BY job_id, status");
      return rows.filter((r) => Number(r.n) >= 4).length === 2;
    });
    // Freeze the history: no new fire times, then let what was already running finish. A retry
    // queued meanwhile stays queued (a paused job starts nothing) and is not a counted run.
    await db.query('UPDATE jobs SET paused = 1, next_run_time = NULL');
    await waitFor('no running runs', async () => (await db.query("SELECT id FROM runs WHERE status = 'running'")).length === 0);

    const expected = async () => {
      const rows = await db.query<Count>("SELECT job_id, status, COUNT(*) AS n FROM runs WHERE status <> 'queued' GROUP BY job_id, status ORDER BY job_id, status");
      return Object.fromEntries(rows.map((r) => [`${r.job_id}/${r.status}`, Number(r.n)]));
    };
    const counted = (families: Map<string, Family>) =>
      Object.fromEntries(
        families.get('scheduler_runs_total')!.samples
          .filter((s) => s.value > 0)
          .sort((a, b) => `${a.labels.job}/${a.labels.status}`.localeCompare(`${b.labels.job}/${b.labels.status}`))
          .map((s) => [`${s.labels.job}/${s.labels.status}`, s.value]),
      );
    // Claim-time records (missed, skipped) reach the counter just after their transaction commits.
    let last: unknown;
    const families = await waitFor('counters to match the rows', async () => {
      const [f, rows] = [await scrape(), await expected()];
      last = { metrics: counted(f), rows };
      return JSON.stringify(counted(f)) === JSON.stringify(rows) && f;
    }, 10_000).catch((error: Error) => assert.fail(`${error.message}\n${JSON.stringify(last, null, 2)}`));
    assert.deepEqual(counted(families), await expected());
    assert.ok(valueOf(families, 'scheduler_runs_total', 'scheduler_runs_total', { job: 'bad', status: 'failed' }) >= 4);

    // Every executed attempt has one duration observation, every started one a lateness one.
    const executed = await db.query<Count>('SELECT job_id, status, COUNT(*) AS n FROM runs WHERE duration_ms IS NOT NULL GROUP BY job_id, status');
    for (const row of executed) {
      const labels = { job: row.job_id, status: row.status };
      assert.equal(valueOf(families, 'scheduler_run_duration_seconds', 'scheduler_run_duration_seconds_count', labels), Number(row.n), `duration count ${row.job_id}/${row.status}`);
    }
    const started = await db.query<Count>('SELECT job_id, COUNT(*) AS n FROM runs WHERE started_at IS NOT NULL GROUP BY job_id');
    for (const row of started) {
      assert.equal(valueOf(families, 'scheduler_run_lateness_seconds', 'scheduler_run_lateness_seconds_count', { job: row.job_id }), Number(row.n), `lateness count ${row.job_id}`);
    }
    const [{ sum }] = (await db.query<{ sum: number }>("SELECT SUM(duration_ms) AS sum FROM runs WHERE job_id = 'ok'")) as [{ sum: number }];
    const observed = valueOf(families, 'scheduler_run_duration_seconds', 'scheduler_run_duration_seconds_sum', { job: 'ok' });
    // The histogram observes the same whole milliseconds that are stored.
    assert.ok(Math.abs(observed - Number(sum) / 1000) < 1e-6, `duration sum ${observed}s vs ${sum}ms`);

    const firstAttempts = await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM runs WHERE attempt = 1');
    assert.equal(valueOf(families, 'scheduler_claims_total', 'scheduler_claims_total'), Number(firstAttempts[0]!.n), 'one claim per fire time (claims ahead of time included)');
    assert.equal(valueOf(families, 'scheduler_store_errors_total', 'scheduler_store_errors_total'), 0);
    assert.equal(valueOf(families, 'scheduler_store_up', 'scheduler_store_up'), 1);
    assert.equal(valueOf(families, 'scheduler_runs_in_progress', 'scheduler_runs_in_progress'), 0);
    assert.ok(valueOf(families, 'scheduler_cycles_total', 'scheduler_cycles_total') > 0);
  });
});
